package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestLastModifiedFollowsTheBytes: when days pass and
// the feed's window moves, the body and ETag change although no item did;
// Last-Modified moves with them, so a client that sends only
// If-Modified-Since (classic Outlook) gets the new body instead of a 304.
// While the bytes stay, it stays, also across a restart.
func TestLastModifiedFollowsTheBytes(t *testing.T) {
	// Without follow-ups, whose events carry the day their state changed:
	// here only the window moves the bytes (the 2026 staff survey, week
	// 41, leaves it in January 2027), and no LAST-MODIFIED in the feed.
	f := start(t, time.Date(2026, 12, 1, 10, 0, 0, 0, stockholm))
	path := "/feeds/" + f.token(t, store.UnitScope("hr")) + "/hr.ics?followups=0"
	r1, _ := f.get(t, path)
	lm1, tag1 := r1.Header.Get("Last-Modified"), r1.Header.Get("ETag")

	f.clock.Advance(24 * time.Hour) // the same bytes the next day
	r2, _ := f.get(t, path)
	if r2.Header.Get("ETag") != tag1 {
		t.Fatal("the example's hr feed changed from 1 to 2 December; the test needs a day on which it does not")
	}
	if r2.Header.Get("Last-Modified") != lm1 {
		t.Errorf("the same bytes a day later: Last-Modified %s, was %s", r2.Header.Get("Last-Modified"), lm1)
	}

	f.clock.Advance(50 * 24 * time.Hour) // 21 January 2027: the window has passed the survey
	r3, _ := f.get(t, path, "If-Modified-Since", lm1)
	if r3.Header.Get("ETag") == tag1 {
		t.Fatal("the feed did not change by 21 January: the test shows nothing")
	}
	if r3.StatusCode != http.StatusOK {
		t.Errorf("If-Modified-Since from before the change: %d, want the new body", r3.StatusCode)
	}
	lm3 := r3.Header.Get("Last-Modified")
	t3, _ := http.ParseTime(lm3)
	if t1, _ := http.ParseTime(lm1); !t3.After(t1) {
		t.Errorf("Last-Modified %s after the change, was %s", lm3, lm1)
	}
	if r, _ := f.get(t, path, "If-Modified-Since", lm3); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since the change: %d, want 304", r.StatusCode)
	}

	// A restart (a new core and server on the same database) keeps it.
	f.clock.Advance(time.Hour)
	core := app.New(app.Options{State: f.holder, Store: f.store, Clock: f.clock, Log: testenv.Quiet()})
	again := serve(t, server.New(core, testenv.Quiet(), server.NewMetrics(f.holder)))
	req, _ := http.NewRequest(http.MethodGet, again.URL+path, nil)
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Last-Modified") != lm3 || res.Header.Get("ETag") != r3.Header.Get("ETag") {
		t.Errorf("after a restart: Last-Modified %s, ETag %s; want %s, %s", res.Header.Get("Last-Modified"), res.Header.Get("ETag"), lm3, r3.Header.Get("ETag"))
	}
}
