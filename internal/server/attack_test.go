package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestForgedLinksAreCountedNotLogged: a flood of forged mark-done posts
// writes one log line at first and one a minute after with the count
// (it wrote a line each), and the metrics count every one.
func TestForgedLinksAreCountedNotLogged(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	forge := func(n int) {
		for i := 0; i < n; i++ {
			res, err := http.PostForm(f.srv.URL+"/followups/"+overdueID, url.Values{"sig": {"AAAA.forged"}, "note": {"x"}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("a forged link: %d", res.StatusCode)
			}
		}
	}
	refusedLines := func() int { return strings.Count(f.logs.String(), "follow-up link") }
	forge(500)
	if n := refusedLines(); n != 1 {
		t.Errorf("500 forged posts in a minute: %d log lines, want 1", n)
	}
	f.clock.Advance(61 * time.Second)
	forge(1)
	if n := refusedLines(); n != 2 || !strings.Contains(f.logs.String(), "count=500") {
		t.Errorf("a minute on: want a second line with count=500:\n%s", f.logs.String())
	}
	_, m := f.get(t, "/metrics")
	if !strings.Contains(string(m), "arshjul_followup_links_refused_total 501") {
		t.Error("the metrics do not count the 501 refusals")
	}
}

// TestPublicPagesAreCached: a public page (and its SVG) is rendered once
// per edition: the same ETag, a 304 for a client that has it, and a new
// page when the day moves; a page behind a token is never kept.
func TestPublicPagesAreCached(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	for _, p := range []string{"/", "/wheel/public", "/wheel/public.svg", "/wheel/ekonomi?year=2027", "/wheel/ekonomi/item/arsredovisning"} {
		r1, b1 := f.get(t, p)
		r2, b2 := f.get(t, p)
		tag := r1.Header.Get("ETag")
		if r1.StatusCode != 200 || tag == "" || r2.Header.Get("ETag") != tag || string(b1) != string(b2) {
			t.Errorf("%s: %d, ETag %q then %q", p, r1.StatusCode, tag, r2.Header.Get("ETag"))
			continue
		}
		if r1.Header.Get("Content-Security-Policy") == "" || r1.Header.Get("Cache-Control") != "public, no-cache" {
			t.Errorf("%s: headers %v", p, r1.Header)
		}
		r3, b3 := f.get(t, p, "If-None-Match", tag)
		if r3.StatusCode != http.StatusNotModified || len(b3) != 0 || r3.Header.Get("ETag") != tag {
			t.Errorf("%s with its ETag: %d (%d bytes)", p, r3.StatusCode, len(b3))
		}
	}
	r1, _ := f.get(t, "/wheel/public")
	f.clock.Advance(24 * time.Hour) // "today" moves on the wheel
	r2, _ := f.get(t, "/wheel/public")
	if r1.Header.Get("ETag") == r2.Header.Get("ETag") {
		t.Error("the next day's wheel has the same ETag")
	}
	tok := f.token(t, "unit:ekonomi")
	r, _ := f.get(t, "/wheel/"+tok+"/ekonomi")
	if r.Header.Get("ETag") != "" || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("a token's page: ETag %q, Cache-Control %q", r.Header.Get("ETag"), r.Header.Get("Cache-Control"))
	}
	if r, _ := f.get(t, "/wheel/public?year=1800"); r.StatusCode == 200 {
		t.Error("a year outside the programme answered 200")
	}
}

// TestRedirectsHaveSecurityHeaders: every redirect the service answers
// (the mux's own for a folder without its slash, and the 303 after a
// result is recorded) carries the browser security headers; they lacked
// them.
func TestRedirectsHaveSecurityHeaders(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	r, _ := f.get(t, "/static")
	if r.StatusCode/100 != 3 {
		t.Fatalf("/static: %d, want a redirect", r.StatusCode)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if r.Header.Get(h) == "" {
			t.Errorf("the redirect from /static lacks %s", h)
		}
	}
}
