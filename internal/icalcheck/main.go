package icalcheck

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Main runs a package's tests only when the calendar parsers they check
// every feed with are installed, and otherwise fails at once with one
// line that says what to do: a test that cannot check a feed must not
// pass, nor skip silently.
func Main(m *testing.M) {
	if err := parsersInstalled(); err != nil {
		fmt.Fprintf(os.Stderr, "arshjul: %v: run scripts/test.sh, which installs them (and then runs every test)\n", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func parsersInstalled() error {
	_, self, _, _ := runtime.Caller(0)
	tools := filepath.Join(filepath.Dir(self), "..", "..", "tools", "icalcheck")
	if _, err := os.Stat(filepath.Join(tools, "node_modules", "ical.js")); err != nil {
		return fmt.Errorf("the calendar parser ical.js is not installed in %s", tools)
	}
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node, which runs ical.js, is not on PATH")
	}
	check := exec.Command("/usr/bin/python3", "-c", `import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib`)
	if err := check.Run(); err != nil {
		return fmt.Errorf("libical's Python bindings (gir1.2-ical-3.0, python3-gi) are missing")
	}
	return nil
}
