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
