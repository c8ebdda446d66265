package icalcheck

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// RequireEnv, when set, makes a missing parser fail the test rather than
// skip its check: scripts/test.sh sets it, so CI never passes a feed that
// no parser read, while `go test ./...` on a machine with only Go runs
// every test that needs nothing else.
const RequireEnv = "ARSHJUL_REQUIRE_PARSERS"

var (
	installedOnce sync.Once
	installedErr  error
)

// requireParsers skips the calling test (or fails it, under RequireEnv)
// when a parser is missing; it asks the machine once per test binary.
func requireParsers(t testing.TB) {
	t.Helper()
	installedOnce.Do(func() { installedErr = parsersInstalled() })
	if installedErr == nil {
		return
	}
	if os.Getenv(RequireEnv) != "" {
		t.Fatalf("%v: run scripts/test.sh, which installs them", installedErr)
	}
	t.Skipf("feed not checked by the calendar parsers: %v (scripts/test.sh installs them and requires them)", installedErr)
}

func parsersInstalled() error {
	_, self, _, _ := runtime.Caller(0)
	tools := filepath.Join(filepath.Dir(self), "..", "..", "tools", "icalcheck")
	if _, err := os.Stat(filepath.Join(tools, "node_modules", "ical.js")); err != nil {
		return fmt.Errorf("ical.js is not installed in %s", tools)
	}
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node, which runs ical.js, is not on PATH")
	}
	check := exec.Command("/usr/bin/python3", "-c", `import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib; import icalendar, recurring_ical_events`)
	if err := check.Run(); err != nil {
		return fmt.Errorf("libical's or icalendar's Python packages (gir1.2-ical-3.0, python3-gi, python3-icalendar, python3-recurring-ical-events) are missing")
	}
	return nil
}
