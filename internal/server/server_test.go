package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

var stockholm, _ = time.LoadLocation("Europe/Stockholm")

type fixture struct {
	srv    *front
	holder *state.Holder
	store  *store.Store
	clock  *clock.Manual
	logs   *testenv.LogBuffer
	given  map[string]bool // the sign-in links linkFor returned
}

// start serves the embedded example from a fresh database at now.
func start(t *testing.T, now time.Time) *fixture {
	t.Helper()
	clk := clock.NewManual(now)
	logs := &testenv.LogBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, st := testenv.ExampleState(t, clk, log)
	core := app.New(app.Options{State: h, Store: st, Clock: clk, Log: log})
	srv := serve(t, server.New(core, log, server.NewMetrics(h)))
	return &fixture{srv: srv, holder: h, store: st, clock: clk, logs: logs}
}

// front is the server as the daemon runs it (its limits and timeouts),
// on a loopback port.
type front struct{ URL string }

func serve(t testing.TB, s *server.Server) *front {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = s.HTTPServer()
	ts.Start()
	t.Cleanup(ts.Close)
	return &front{URL: ts.URL}
}

func (f *fixture) get(t *testing.T, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	return f.do(t, http.MethodGet, path, header...)
}

func (f *fixture) do(t *testing.T, method, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// The transport must not add or undo gzip by itself.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, body
}

func (f *fixture) token(t *testing.T, scope string) string {
	t.Helper()
	tok, err := f.store.Token(context.Background(), scope, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

var start2026 = time.Date(2026, 3, 23, 8, 0, 0, 0, stockholm)

func TestFeedHTTP(t *testing.T) {
	f := start(t, start2026)
	path := "/feeds/" + f.token(t, store.UnitScope("hr")) + "/hr.ics"

	resp, body := f.get(t, path, "Accept", "text/html,application/xhtml+xml")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if etag == "" || lastMod == "" || resp.Header.Get("Content-Encoding") != "" {
		t.Fatalf("etag %q last-modified %q encoding %q", etag, lastMod, resp.Header.Get("Content-Encoding"))
	}
	if resp.Header.Get("Referrer-Policy") != "no-referrer" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("security headers missing")
	}

	if _, again := f.get(t, path); !bytes.Equal(again, body) {
		t.Error("two requests for the same data differ")
	}
	if r, b := f.get(t, path, "If-None-Match", etag); r.StatusCode != 304 || len(b) != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", r.StatusCode, len(b))
	} else if got, want := headerNames(r.Header), "Cache-Control Date Etag Referrer-Policy Vary"; got != want {
		// RFC 9110 15.4.5: what a 200 would carry of the cache's headers,
		// no page headers that the 200 does not have (a 304 is no redirect).
		t.Errorf("the 304 carries %s, want %s", got, want)
	}
	if r, _ := f.get(t, path, "If-Modified-Since", lastMod); r.StatusCode != 304 {
		t.Errorf("If-Modified-Since: %d", r.StatusCode)
	}
	if r, _ := f.get(t, path, "If-None-Match", `"stale"`, "If-Modified-Since", lastMod); r.StatusCode != 200 {
		t.Errorf("a stale ETag must win over If-Modified-Since: %d", r.StatusCode)
	}
	if r, b := f.do(t, http.MethodHead, path); r.StatusCode != 200 || len(b) != 0 || r.Header.Get("Content-Length") != itoa(len(body)) || r.Header.Get("ETag") != etag {
		t.Errorf("HEAD: %d, %d bytes, length %q", r.StatusCode, len(b), r.Header.Get("Content-Length"))
	}

	r, gz := f.get(t, path, "Accept-Encoding", "gzip, deflate, br")
	if r.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("gzip not used when asked: %v", r.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, body) {
		t.Error("gzip body differs from the plain one")
	}
	if r, _ := f.get(t, path, "Accept-Encoding", "gzip;q=0"); r.Header.Get("Content-Encoding") != "" {
		t.Error("gzip used although refused with q=0")
	}
	if r2, _ := f.get(t, path, "Accept-Encoding", "gzip", "If-None-Match", etag); r2.StatusCode != 200 {
		t.Error("the plain variant's ETag must not validate the gzip variant")
	}
	if r2, _ := f.get(t, path, "Accept-Encoding", "gzip", "If-None-Match", r.Header.Get("ETag")); r2.StatusCode != 304 {
		t.Error("the gzip variant's own ETag must give 304")
	}
	from, to := icalcheck.Window(&f.holder.Current().Config.Programme)
	icalcheck.Verify(t, body, from, to, expectedUnit(t, f, "hr", feed.Filter{FollowUps: true}))
}

// expectedUnit is the service's own list for a unit's feed.
func expectedUnit(t *testing.T, f *fixture, unit string, flt feed.Filter) []icalcheck.Instance {
	t.Helper()
	cur := f.holder.Current()
	req, ok := feed.NewRequest(cur.Config, cur.Snapshot, unit, flt, f.clock.Now())
	if !ok {
		t.Fatalf("no unit %s", unit)
	}
	return icalcheck.Expected(req)
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestFeedFilters(t *testing.T) {
	f := start(t, start2026)
	tok := f.token(t, store.UnitScope("kommunikation"))
	from, to := icalcheck.Window(&f.holder.Current().Config.Programme)
	for _, c := range []struct {
		query string
		flt   feed.Filter
	}{
		{"?followups=0", feed.Filter{}},
		{"?channel=intranat", feed.Filter{Channel: "intranat", FollowUps: true}},
		{"?focus=fortroende&followups=0", feed.Filter{Focus: "fortroende"}},
	} {
		t.Run(c.query, func(t *testing.T) {
			r, body := f.get(t, "/feeds/"+tok+"/kommunikation.ics"+c.query)
			if r.StatusCode != 200 {
				t.Fatalf("status %d: %s", r.StatusCode, body)
			}
			want := expectedUnit(t, f, "kommunikation", c.flt)
			if len(want) == 0 {
				t.Fatal("the filter leaves nothing to compare")
			}
			icalcheck.Verify(t, body, from, to, want)
		})
	}
	r, body := f.get(t, "/feeds/"+tok+"/kommunikation.ics?audience=invanare")
	if r.StatusCode != 400 || !strings.Contains(string(body), "medarbetare, kommuninvanare") {
		t.Errorf("unknown audience: %d %s", r.StatusCode, body)
	}
}

func TestFeedAccess(t *testing.T) {
	f := start(t, start2026)
	hr := f.token(t, store.UnitScope("hr"))
	admin := f.token(t, store.AdminScope)
	cases := []struct {
		path string
		want int
	}{
		{"/feeds/" + hr + "/hr.ics", 200},
		{"/feeds/" + hr + "/ekonomi.ics", 404},  // a unit's token opens only its own feed
		{"/feeds/" + hr + "/all.ics", 404},      // nor all
		{"/feeds/" + admin + "/all.ics", 200},   // the admin token opens all
		{"/feeds/" + admin + "/hr.ics", 200},    // and each unit
		{"/feeds/" + admin + "/okand.ics", 404}, // an unknown unit is a 404 like a bad token
		{"/feeds/" + hr + "x/hr.ics", 404},      // a wrong token
		{"/feeds/" + hr + "/hr", 404},           // no .ics
		{"/feeds/public.ics", 200},
	}
	for _, c := range cases {
		if r, _ := f.get(t, c.path); r.StatusCode != c.want {
			t.Errorf("%s: %d, want %d", strings.Replace(c.path, hr, "HR", 1), r.StatusCode, c.want)
		}
	}
	// Rotation revokes at once for the daemon's next token refresh.
	if _, err := f.store.RotateToken(context.Background(), store.UnitScope("hr"), f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := f.holder.RefreshTokens(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r, _ := f.get(t, "/feeds/"+hr+"/hr.ics"); r.StatusCode != 404 {
		t.Errorf("revoked token: %d", r.StatusCode)
	}
	if strings.Contains(f.logs.String(), hr) || strings.Contains(f.logs.String(), admin) {
		t.Error("a token reached the log")
	}
	if !strings.Contains(f.logs.String(), "route=\"GET /feeds/{token}/{file}\"") {
		t.Errorf("requests are not logged by route: %s", f.logs.String())
	}
}

// TestPublicFeed: only public units, and none of their `public: false` items.
func TestPublicFeed(t *testing.T) {
	f := start(t, start2026)
	_, body := f.get(t, "/feeds/public.ics")
	text := string(body)
	for _, secret := range []string{"HR-avdelningen:", "Kommunikationsenheten:", "Budgetdialog", "Månadsuppföljning"} {
		if strings.Contains(text, secret) {
			t.Errorf("public feed shows %q", secret)
		}
	}
	for _, open := range []string{"Ekonomiavdelningen: Årsredovisningen publiceras", "Avesta Vatten och Avfall AB: Grovsopinsamling"} {
		if !strings.Contains(strings.ReplaceAll(text, "\r\n ", ""), open) {
			t.Errorf("public feed lacks %q", open)
		}
	}
}

// TestOverdueFollowUpInFeed: after its due date a follow-up's title says it
// is late; marked done, the series' event moves on to the next one.
func TestOverdueFollowUpInFeed(t *testing.T) {
	f := start(t, time.Date(2026, 11, 2, 9, 0, 0, 0, stockholm))
	path := "/feeds/" + f.token(t, store.UnitScope("hr")) + "/hr.ics"
	_, body := f.get(t, path)
	unfold := func(b []byte) string { return strings.ReplaceAll(string(b), "\r\n ", "") }
	if !strings.Contains(unfold(body), "SUMMARY:FÖRSENAD uppföljning: Medarbetarenkät (skulle vara klar 2026-10-30)") {
		t.Fatalf("no overdue title in\n%s", unfold(body))
	}
	if err := f.store.MarkFollowUpDone(context.Background(), "hr/medarbetarenkat/2026-10-05", "78 %", f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := f.holder.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The survey is yearly: its follow-ups are one event, which moves on
	// to the next one once the first is done (its result is on the item's
	// page).
	_, body = f.get(t, path)
	if text := unfold(body); !strings.Contains(text, "SUMMARY:Uppföljning: Medarbetarenkät") || strings.Contains(text, "FÖRSENAD") ||
		!strings.Contains(text, "DTSTART;VALUE=DATE:20271105") {
		t.Error("the series' follow-up event did not move on to the next one once the first was done")
	}
}

func TestHealthAndMetrics(t *testing.T) {
	f := start(t, start2026)
	r, body := f.get(t, "/healthz")
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil || r.StatusCode != 200 || doc["status"] != "ok" {
		t.Fatalf("healthz %d %s", r.StatusCode, body)
	}
	f.get(t, "/feeds/public.ics")
	// The count is taken after the response is sent; wait for it briefly.
	var m []byte
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if _, m = f.get(t, "/metrics"); strings.Contains(string(m), `route="GET /feeds/public.ics"} 1`) {
			break
		}
	}
	for _, want := range []string{`arshjul_http_requests_total{code="200",route="GET /feeds/public.ics"} 1`, "arshjul_reload_ok 1", "process_resident_memory_bytes"} {
		if !strings.Contains(string(m), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func headerNames(h http.Header) string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, " ")
}
