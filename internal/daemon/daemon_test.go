package daemon_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/daemon"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

type running struct {
	dir  string
	base string
	logs *testenv.LogBuffer
	stop func() error
}

// run copies the example files to a temporary folder and serves them.
func run(t *testing.T, watchEvery time.Duration) *running {
	t.Helper()
	dir := testenv.CopyExample(t)
	files := config.Disk()
	p, _ := files.FromOS(filepath.Join(dir, "config", "arshjul.yaml"))
	cfg, err := config.Load(files, p)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &testenv.LogBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- daemon.Run(ctx, daemon.Options{
			Config: cfg, Files: files, Path: p, Listener: ln, WatchEvery: watchEvery,
			Clock: clock.StartingAt(time.Date(2026, 3, 23, 8, 0, 0, 0, cfg.Programme.Location)),
			Log:   slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		})
	}()
	r := &running{dir: dir, base: "http://" + ln.Addr().String(), logs: logs}
	var once sync.Once
	var stopErr error
	r.stop = func() error {
		once.Do(func() { cancel(); stopErr = <-done })
		return stopErr
	}
	t.Cleanup(func() { r.stop() })
	eventually(t, "the daemon answers", func() bool { code, _ := r.get(t, "/healthz"); return code == 200 })
	return r
}

func (r *running) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(r.base + path)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// klFeed is the feed of kommunledning, the example's unit its files
// keep: the unit a file's edit reaches.
func (r *running) klFeed(t *testing.T) string {
	t.Helper()
	return "/feeds/" + r.token(t, store.UnitScope("kommunledning")) + "/kommunledning.ics"
}

// health is /healthz as the admin sees it: with problems and reminders.
func (r *running) health(t *testing.T) string {
	t.Helper()
	_, body := r.get(t, "/healthz?token="+r.token(t, store.AdminScope))
	return body
}

func (r *running) token(t *testing.T, scope string) string {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(r.dir, "data", "arshjul.db"), testenv.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tok, err := st.Token(context.Background(), scope, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (r *running) edit(t *testing.T, name, from, to string) {
	t.Helper()
	p := filepath.Join(r.dir, name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), from) {
		t.Fatalf("%s lacks %q", name, from)
	}
	// Write a new file and rename it over the old, as editors do.
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.Replace(string(b), from, to, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

// eventually polls cond for up to five seconds: the daemon reloads on its
// own schedule, and a test must not guess how long that takes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second) // a loaded CI machine runs other packages' tests beside these
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestReloadOnFileChange: an edit shows in the feed without a restart; a
// broken edit keeps the last good feed byte for byte and is reported on
// /healthz with FILE:LINE; the fix brings it back.
func TestReloadOnFileChange(t *testing.T) {
	r := run(t, 20*time.Millisecond)
	feed := r.klFeed(t)
	_, before := r.get(t, feed)
	r.edit(t, "calendars/kommunledning/arshjul.yaml", "title: Medborgardialog om översiktsplanen\n", "title: Medborgardialog 2.0\n")
	eventually(t, "the edit shows", func() bool { _, b := r.get(t, feed); return strings.Contains(b, "SUMMARY:Medborgardialog 2.0") })
	_, good := r.get(t, feed)
	if good == before {
		t.Fatal("feed unchanged")
	}

	r.edit(t, "calendars/kommunledning/arshjul.yaml", "yearly: {week: 37}", "yearly: {week: 37")
	eventually(t, "the problem is reported", func() bool {
		h := r.health(t)
		return strings.Contains(h, `"status": "degraded"`) && strings.Contains(h, "calendars/kommunledning/arshjul.yaml:")
	})
	if _, now := r.get(t, feed); now != good {
		t.Error("a broken file changed the feed")
	}
	var doc struct {
		LastReload struct{ Problems []string } `json:"last_reload"`
	}
	h := r.health(t)
	json.Unmarshal([]byte(h), &doc)
	if len(doc.LastReload.Problems) == 0 {
		t.Errorf("no problems listed: %s", h)
	}

	r.edit(t, "calendars/kommunledning/arshjul.yaml", "yearly: {week: 37", "yearly: {week: 37}")
	eventually(t, "the fix is taken", func() bool { _, h := r.get(t, "/healthz"); return strings.Contains(h, `"status": "ok"`) })
	if strings.Contains(r.logs.String(), strings.Split(feed, "/")[2]) {
		t.Error("the token reached the log")
	}
	if err := r.stop(); err != nil {
		t.Errorf("graceful shutdown: %v", err)
	}
}

// TestReloadOnSIGHUP: with no polling to speak of, SIGHUP makes the reload.
func TestReloadOnSIGHUP(t *testing.T) {
	r := run(t, time.Hour)
	feed := r.klFeed(t)
	r.edit(t, "calendars/kommunledning/arshjul.yaml", "title: Sommarkampanj för besökare\n", "title: Sommarkampanj för besökare 2027\n")
	// Sent again until it shows: the daemon's signal handler may not be
	// installed yet the instant its HTTP server first answers.
	last := time.Time{}
	eventually(t, "SIGHUP reloads", func() bool {
		if time.Since(last) > 500*time.Millisecond {
			if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
				t.Fatal(err)
			}
			last = time.Now()
		}
		_, b := r.get(t, feed)
		return strings.Contains(strings.ReplaceAll(b, "\r\n ", ""), "Sommarkampanj för besökare 2027")
	})
}

// A follow-up marked done by another process (`arshjul followup done`) shows
// as done in the running daemon's feed within a watch interval.
func TestFollowUpDoneElsewhere(t *testing.T) {
	r := run(t, 50*time.Millisecond)
	feed := "/feeds/" + r.token(t, store.UnitScope("hr")) + "/hr.ics"
	st, err := store.Open(context.Background(), filepath.Join(r.dir, "data", "arshjul.db"), testenv.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snap, err := st.Snapshot(context.Background())
	if err != nil || len(snap.FollowUps["hr"]) == 0 {
		t.Fatalf("no HR follow-up: %v", err)
	}
	fu := snap.FollowUps["hr"][0]
	// An item's follow-ups are one event, the oldest open one's: marked
	// done, fu leaves it (the event moves on to the next, or goes).
	_, body := r.get(t, feed)
	event := followUpEvent(body, "hr/"+fu.ItemID)
	if !strings.Contains(event, fu.Title) {
		t.Fatalf("no open follow-up event for %s in the feed:\n%s", fu.ID, event)
	}
	if err := st.MarkFollowUpDone(context.Background(), fu.ID, "Klart", time.Now()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the feed's follow-up event of "+fu.ItemID+" moves on", func() bool {
		_, body := r.get(t, feed)
		return followUpEvent(body, "hr/"+fu.ItemID) != event
	})
}

// followUpEvent is the feed's follow-up event of an item (UNIT/ITEM),
// unfolded, or "" when there is none.
func followUpEvent(feed, item string) string {
	for _, ev := range strings.Split(strings.ReplaceAll(feed, "\r\n ", ""), "BEGIN:VEVENT") {
		if strings.Contains(ev, "UID:uppfoljning/"+item+"@") || strings.Contains(ev, "UID:uppfoljning/"+item+"\r\n") {
			return ev
		}
	}
	return ""
}
