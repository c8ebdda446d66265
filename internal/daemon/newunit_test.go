package daemon_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNewUnitRecovers: a unit added with a new
// folder whose first load fails (a broken file; then, for a second unit,
// an empty folder, which the config itself refuses) was never watched:
// after the fix `check` said ok and the daemon stayed degraded until
// SIGHUP. Now the fix alone brings it back.
func TestNewUnitRecovers(t *testing.T) {
	r := run(t, 20*time.Millisecond)
	ny := filepath.Join(r.dir, "calendars", "ny")
	os.MkdirAll(ny, 0o755)
	os.WriteFile(filepath.Join(ny, "a.yaml"), []byte("wheel:\n  - id: a\n    title: A\n    yearly: {week: 41\n"), 0o644)
	unit := "\n  - id: ny\n    name: Nya enheten\n    calendar: ../calendars/ny/\n    contacts: [ny@example.se]\n    public: true\n"
	r.edit(t, "config/arshjul.yaml", "\n  - id: ekonomi\n", unit+"\n  - id: ekonomi\n")
	eventually(t, "the broken file is reported", func() bool {
		h := r.health(t)
		return strings.Contains(h, `"status": "degraded"`) && strings.Contains(h, "ny/a.yaml:")
	})
	os.WriteFile(filepath.Join(ny, "a.yaml"), []byte("wheel:\n  - id: a\n    title: Nya enhetens dag\n    yearly: {week: 41}\n"), 0o644)
	eventually(t, "the fix is taken without SIGHUP", func() bool { return strings.Contains(r.health(t), `"status": "ok"`) })
	if _, body := r.get(t, "/feeds/public/ny.ics"); !strings.Contains(body, "Nya enhetens dag") {
		t.Error("the new unit's feed lacks its item")
	}

	tom := filepath.Join(r.dir, "calendars", "tom")
	os.MkdirAll(tom, 0o755)
	r.edit(t, "config/arshjul.yaml", "\n  - id: ekonomi\n", "\n  - id: tom\n    name: Tomma enheten\n    calendar: ../calendars/tom/\n    contacts: [tom@example.se]\n\n  - id: ekonomi\n")
	eventually(t, "the empty folder is reported", func() bool {
		h := r.health(t)
		return strings.Contains(h, `"status": "degraded"`) && strings.Contains(h, "har inga .yaml-")
	})
	os.WriteFile(filepath.Join(tom, "b.yaml"), []byte("wheel:\n  - id: b\n    title: B\n    yearly: {week: 42}\n"), 0o644)
	eventually(t, "a first file in it is taken without SIGHUP", func() bool { return strings.Contains(r.health(t), `"status": "ok"`) })
}
