package daemon_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFOInCalendarFolder: a FIFO dropped into a unit's calendar folder
// used to hang the reload for ever (later edits never applied, SIGTERM
// ignored). Now the reload refuses it at once, /healthz says degraded, the
// feeds keep their bytes, a later fix is applied, and the daemon stops
// when told.
func TestFIFOInCalendarFolder(t *testing.T) {
	r := run(t, 20*time.Millisecond)
	feed := r.klFeed(t)
	_, before := r.get(t, feed)
	fifo := filepath.Join(r.dir, "calendars", "kommunledning", "utkast.ics")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the FIFO is reported", func() bool {
		body := r.health(t)
		return strings.Contains(body, `"status": "degraded"`) && strings.Contains(body, "utkast.ics: är ingen vanlig fil (en FIFO)")
	})
	if _, after := r.get(t, feed); after != before {
		t.Error("the feed changed while the calendars were refused")
	}
	os.Remove(fifo)
	r.edit(t, "calendars/kommunledning/arshjul.yaml", "title: Medborgardialog om översiktsplanen\n", "title: Medborgardialog (efter FIFO)\n")
	eventually(t, "a later edit is applied", func() bool {
		_, body := r.get(t, feed)
		return strings.Contains(body, "Medborgardialog (efter FIFO)")
	})
	stopped := make(chan error, 1)
	go func() { stopped <- r.stop() }()
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("stop: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the daemon did not stop within 5 s")
	}
}
