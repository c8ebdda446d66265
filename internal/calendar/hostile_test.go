package calendar_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/config"
)

// TestFilesThatAreNotFiles: in a unit's calendar folder, a FIFO (which
// hung the reload for ever), a link to /dev/zero (which took all memory)
// and a link out of the config's tree to /etc/passwd (whose lines showed
// on /healthz) are each refused with what is wrong, quickly, and nothing
// of the linked file's content is in any message. A link that stays in
// the tree is read.
func TestFilesThatAreNotFiles(t *testing.T) {
	dir := t.TempDir()
	cal := filepath.Join(dir, "calendars", "enhet")
	os.MkdirAll(cal, 0o755)
	os.MkdirAll(filepath.Join(dir, "delat"), 0o755)
	os.MkdirAll(filepath.Join(dir, "config"), 0o755)
	os.WriteFile(filepath.Join(dir, "config/arshjul.yaml"), []byte(testConfig), 0o644)
	if err := syscall.Mkfifo(filepath.Join(cal, "fifo.ics"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink("/dev/zero", filepath.Join(cal, "noll.yaml"))
	os.Symlink("/etc/passwd", filepath.Join(cal, "passwd.csv"))
	os.WriteFile(filepath.Join(dir, "delat", "gemensam.yaml"), []byte("wheel:\n  - {id: gemensam, title: Gemensam dag, yearly: {date: \"05-02\"}}\n"), 0o644)
	os.Symlink("../../delat/gemensam.yaml", filepath.Join(cal, "gemensam.yaml"))

	files := config.Disk()
	p, _ := files.FromOS(filepath.Join(dir, "config/arshjul.yaml"))
	cfg, err := config.Load(files, p)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := calendar.LoadAll(cfg); done <- err }()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading the calendars hangs")
	}
	if err == nil {
		t.Fatal("the hostile files were accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		"fifo.ics: är ingen vanlig fil (en FIFO)",
		"noll.yaml: är en länk till /dev/zero, utanför",
		"passwd.csv: är en länk till /etc/passwd, utanför",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("no %q in:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "root:") || strings.Contains(msg, "gemensam.yaml") {
		t.Errorf("a linked file's content, or the link inside the tree, is in the problems:\n%s", msg)
	}
}
