package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestDateHeader(t *testing.T) {
	var d dateHeader
	t0 := time.Date(2027, 3, 28, 0, 59, 59, 999_000_000, time.FixedZone("CET", 3600))
	a := d.at(t0)
	if a[0] != "Sat, 27 Mar 2027 23:59:59 GMT" {
		t.Errorf("Date %q", a[0])
	}
	if b := d.at(t0.Add(-500 * time.Millisecond)); &b[0] != &a[0] {
		t.Error("made again within the second")
	}
	if c := d.at(t0.Add(time.Millisecond)); c[0] != "Sun, 28 Mar 2027 00:00:00 GMT" {
		t.Errorf("next second: %q", c[0])
	}
}

// Every answer, the middleware's own too (a 404, a panic's 500), has one
// Date, the present second: net/http does not add a second one.
func TestDateOnEveryAnswer(t *testing.T) {
	s := New(nil, slog.New(slog.DiscardHandler), NewMetrics(nil))
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = s.HTTPServer()
	ts.Start()
	defer ts.Close()
	for _, path := range []string{"/static/site.css", "/finns-inte", "/feeds/q3JxW0Xc5pI2p8Cj9dYrTq0bC4vN-eL_/hr.ics"} {
		before := time.Now().Truncate(time.Second)
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		after := time.Now()
		dates := res.Header.Values("Date")
		if len(dates) != 1 {
			t.Fatalf("%s (%d): Date %q", path, res.StatusCode, dates)
		}
		if at, err := http.ParseTime(dates[0]); err != nil || at.Before(before) || at.After(after) {
			t.Errorf("%s: Date %q, not between %s and %s", path, dates[0], before, after)
		}
	}
}

// An answer with a Last-Modified keeps net/http's own Date, read when the
// header is written: the second of arrival could be before a feed made
// during the request.
func TestDateLeftToNetHTTPBesideLastModified(t *testing.T) {
	s := New(nil, slog.New(slog.DiscardHandler), NewMetrics(nil))
	arrived := time.Date(2027, 3, 28, 1, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		lastModified string
		wantDate     bool
	}{{"", true}, {"Sun, 28 Mar 2027 01:00:01 GMT", false}} {
		req := httptest.NewRequest(http.MethodGet, "/feeds/x/hr.ics", nil)
		req.Pattern = "GET /feeds/{token}/{file}"
		w := httptest.NewRecorder()
		rec := &recorder{ResponseWriter: w, req: req, s: s, start: arrived}
		if c.lastModified != "" {
			rec.Header().Set("Last-Modified", c.lastModified)
		}
		rec.WriteHeader(http.StatusOK)
		if got := w.Header()["Date"]; (got != nil) != c.wantDate || (got != nil && got[0] != "Sun, 28 Mar 2027 01:00:00 GMT") {
			t.Errorf("Last-Modified %q: Date %q", c.lastModified, got)
		}
	}
}
