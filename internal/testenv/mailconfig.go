package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// UseSMTP rewrites the config in dir (see CopyExample) to send through the
// server, without TLS (a loopback relay), and returns the config's path.
func UseSMTP(t testing.TB, dir string, s *SMTPServer) string {
	t.Helper()
	p := filepath.Join(dir, "config", "arshjul.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(b)
	for old, repl := range map[string]string{
		"transport: file":       "transport: smtp",
		"host: smtp.example.se": "host: " + s.Host,
		"port: 587":             fmt.Sprintf("port: %d", s.Port),
		"tls: starttls":         "tls: none",
		"username: arshjul":     `username: ""`,
	} {
		if !strings.Contains(cfg, old) {
			t.Fatalf("config has no %q to replace", old)
		}
		cfg = strings.Replace(cfg, old, repl, 1)
	}
	if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// AddMailingUnit adds a unit "utskick" to the config in dir with n one-day
// activities on day, each with its own owner (person0001@example.se, ...)
// and a 14-day reminder: a run 14 days before day (or the weekday before)
// then sends n digests. The unit has no contacts, so there is exactly one
// digest per owner.
func AddMailingUnit(t testing.TB, dir string, n int, day string) {
	t.Helper()
	p := filepath.Join(dir, "config", "arshjul.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	unit := "\n  - id: utskick\n    name: Utskick för prov\n    calendar: ../calendars/utskick.yaml\n    manager: chef.utskick@example.se\n    public: false\n    color: \"#444444\"\n"
	if err := os.WriteFile(p, append(b, unit...), 0o644); err != nil {
		t.Fatal(err)
	}
	var cal strings.Builder
	cal.WriteString("wheel:\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&cal, "  - {id: a%05d, title: \"Aktivitet %d för Åsa och Örjan\", date: %s, owner: person%05d@example.se, focus: planering, audiences: [medarbetare], channels: [e-post], remind: [14d]}\n", i, i, day, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "calendars", "utskick.yaml"), []byte(cal.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
