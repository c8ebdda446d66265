package cli_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/cli"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestReadOnlyCommandsWriteNothing: after a calendar file changed under
// them, the commands that only read show the change (as the daemon will
// serve it) and leave the database byte for byte as it was: the file, and
// its write-ahead log empty.
func TestReadOnlyCommandsWriteNothing(t *testing.T) {
	dir := testenv.CopyExample(t)
	t.Chdir(dir)
	t.Setenv("ARSHJUL_DATA", filepath.Join(dir, "data"))
	if code, _, stderr := run(t, "remind", "--now", "2026-10-05T08:00"); code != 0 {
		t.Fatalf("remind: %d %s", code, stderr)
	}
	kl := filepath.Join(dir, "calendars", "kommunledning", "arshjul.yaml") // the example's unit its files keep
	b, _ := os.ReadFile(kl)
	os.WriteFile(kl, bytes.Replace(b, []byte("title: Medborgardialog om översiktsplanen\n"), []byte("title: Medborgardialog 2.0\n"), 1), 0o644)

	files := func() map[string]string {
		out := map[string]string{}
		entries, _ := os.ReadDir(filepath.Join(dir, "data"))
		for _, e := range entries {
			if !e.IsDir() {
				b, _ := os.ReadFile(filepath.Join(dir, "data", e.Name()))
				out[e.Name()] = string(b)
			}
		}
		return out
	}
	before := files()
	if _, ok := before["arshjul.db"]; !ok {
		t.Fatalf("no database after remind: %v", before)
	}
	for _, args := range [][]string{
		{"feeds"}, {"feed", "kommunledning"}, {"feed", "all"}, {"feed", "public"},
		{"followups"}, {"followups", "--overdue", "--unit", "hr"}, {"outbox"},
		{"--now", "2027-01-11", "followups"}, {"report"}, {"report", "--year", "2027", "--unit", "hr"},
	} {
		code, out, stderr := run(t, args...)
		if code != 0 {
			t.Errorf("%v: %d %s", args, code, stderr)
		}
		if args[0] == "feed" && args[1] == "kommunledning" && (!strings.Contains(out, "SUMMARY:Medborgardialog 2.0") || !strings.Contains(out, "SEQUENCE:5")) { // 2 × (1 + the wording's 1) + 1
			t.Errorf("feed kommunledning does not show the changed file:\n%s", out)
		}
		after := files()
		for name, was := range before {
			if after[name] != was {
				t.Errorf("%v changed %s", args, name)
			}
		}
		for name, now := range after {
			if _, ok := before[name]; ok {
				continue
			}
			// SQLite's reader of a WAL database opens its index (-shm) and
			// an empty log; neither holds any of the database's content.
			if name != "arshjul.db-shm" && !(name == "arshjul.db-wal" && now == "") {
				t.Errorf("%v made %s (%d bytes)", args, name, len(now))
			}
		}
	}
	// health asks the daemon, which is not running: it fails, and writes
	// nothing either.
	if code, _, _ := run(t, "health"); code != 1 {
		t.Errorf("health with no daemon: %d", code)
	}
}

// TestNoConfigExits2: outside a folder with config/, every command but
// serve stops with exit code 2 and says how to point at a config; so does
// any command whose --config or ARSHJUL_CONFIG names a missing file.
func TestNoConfigExits2(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("ARSHJUL_CONFIG", "")
	t.Setenv("ARSHJUL_LISTEN", "") // health would ask that address without a config
	for _, args := range [][]string{{"check"}, {"feeds"}, {"feed", "hr"}, {"followups"}, {"outbox"}, {"remind"}, {"health"}, {"backup", "x.db"}} {
		code, _, stderr := run(t, args...)
		if code != 2 || !strings.Contains(stderr, "ingen konfiguration hittades") || !strings.Contains(stderr, "--config") {
			t.Errorf("%v: %d %s", args, code, stderr)
		}
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("left files behind: %v", entries)
	}
	missing := filepath.Join(t.TempDir(), "arshjul.yaml")
	if code, _, stderr := run(t, "--config", missing, "serve"); code != 2 || !strings.Contains(stderr, "filen finns inte") {
		t.Errorf("serve --config MISSING: %d %s", code, stderr)
	}
	t.Setenv("ARSHJUL_CONFIG", missing)
	if code, _, stderr := run(t, "check"); code != 2 || !strings.Contains(stderr, "ARSHJUL_CONFIG") {
		t.Errorf("ARSHJUL_CONFIG=MISSING check: %d %s", code, stderr)
	}
}

// TestServeOnExampleWarns: serve with no config at all runs the example,
// says so loudly in its log, and /healthz (to the admin) says "example":
// true.
func TestServeOnExampleWarns(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("ARSHJUL_CONFIG", "")
	t.Setenv("ARSHJUL_LISTEN", "127.0.0.1:0")
	t.Setenv("ARSHJUL_DATA", filepath.Join(dir, "data"))
	ctx, cancel := context.WithCancel(context.Background())
	logs := &testenv.LogBuffer{}
	done := make(chan int, 1)
	go func() { done <- cli.Run(ctx, []string{"serve"}, &bytes.Buffer{}, logs) }()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d:\n%s", code, logs.String())
		}
	}()
	addr := regexp.MustCompile(`msg=serving addr=(127\.0\.0\.1:\d+)`)
	var m []string
	for deadline := time.Now().Add(20 * time.Second); m == nil && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		m = addr.FindStringSubmatch(logs.String())
	}
	if m == nil {
		t.Fatalf("the daemon did not start:\n%s", logs.String())
	}
	if !regexp.MustCompile(`level=WARN msg="NO CONFIG FOUND: serving the EXAMPLE`).MatchString(logs.String()) {
		t.Errorf("no warning:\n%s", logs.String())
	}
	st, err := store.Open(ctx, filepath.Join(dir, "data", "arshjul.db"), testenv.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	admin, err := st.Token(ctx, store.AdminScope, time.Now())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get("http://" + m[1] + "/healthz?token=" + admin)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	body.ReadFrom(res.Body)
	res.Body.Close()
	if !strings.Contains(body.String(), `"example": true`) {
		t.Errorf("/healthz: %s", body.String())
	}
}
