package server_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

var eventRe = regexp.MustCompile(`(?s)BEGIN:VEVENT\r\n.*?END:VEVENT\r\n`)

// events are a feed's VEVENTs by UID, as SEQUENCE and the rest.
func events(body string) map[string]string {
	out := map[string]string{}
	for _, ev := range eventRe.FindAllString(strings.ReplaceAll(body, "\r\n ", ""), -1) {
		uid := regexp.MustCompile(`(?m)^UID:(.*)\r$`).FindStringSubmatch(ev)[1]
		out[uid] = ev
	}
	return out
}

func sequence(ev string) string {
	return regexp.MustCompile(`(?m)^SEQUENCE:(\d+)\r$`).FindStringSubmatch(ev)[1]
}

// TestRestartAndRenameReachTheClient: a restart a
// day later, and then a rename of an audience in the config, each turn a
// client's If-Modified-Since into a 200 with the new body and a later
// Last-Modified; the rename raises SEQUENCE on the events that name the
// audience, and on no other.
func TestRestartAndRenameReachTheClient(t *testing.T) {
	dir := testenv.CopyExample(t)
	files := config.Disk()
	cfgPath, _ := files.FromOS(filepath.Join(dir, "config", "arshjul.yaml"))
	st := testenv.OpenStore(t)
	clk := clock.NewManual(time.Date(2026, 12, 1, 10, 0, 0, 0, stockholm))
	start := func() (*state.Holder, string) { return serveFiles(t, st, clk, files, cfgPath) }
	get := func(url, ims string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if ims != "" {
			req.Header.Set("If-Modified-Since", ims)
		}
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	h, base := start()
	path := "/feeds/" + h.Tokens().Units["hr"] + "/hr.ics?followups=0"
	r0, b0 := get(base+path, "")
	lm0 := r0.Header.Get("Last-Modified")

	clk.Advance(51 * 24 * time.Hour) // a restart on 21 January 2027: the window has moved past the 2026 survey
	h, base = start()
	r1, b1 := get(base+path, lm0)
	if r1.StatusCode != http.StatusOK || b1 == b0 || !later(r1.Header.Get("Last-Modified"), lm0) {
		t.Fatalf("after a restart weeks later: %d, same body %t, Last-Modified %s (was %s)", r1.StatusCode, b1 == b0, r1.Header.Get("Last-Modified"), lm0)
	}
	lm1 := r1.Header.Get("Last-Modified")
	if r, _ := get(base+path, lm1); r.StatusCode != http.StatusNotModified {
		t.Fatalf("unchanged since: %d, want 304", r.StatusCode)
	}

	clk.Advance(time.Hour)
	p := filepath.Join(dir, "config", "arshjul.yaml")
	b, _ := os.ReadFile(p)
	if !strings.Contains(string(b), "bristyrken: Medarbetare inom bristyrken\n") {
		t.Fatal("the example's audience bristyrken moved")
	}
	os.WriteFile(p, []byte(strings.Replace(string(b), "bristyrken: Medarbetare inom bristyrken\n", "bristyrken: Bristyrken i vård och skola\n", 1)), 0o644)
	if err := h.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	r2, b2 := get(base+path, lm1)
	if r2.StatusCode != http.StatusOK || !later(r2.Header.Get("Last-Modified"), lm1) || !strings.Contains(b2, "Bristyrken i vård och skola") {
		t.Fatalf("after the rename: %d, Last-Modified %s (was %s)", r2.StatusCode, r2.Header.Get("Last-Modified"), lm1)
	}
	was, is := events(b1), events(b2)
	raised := 0
	for uid, ev := range is {
		names := strings.Contains(ev, "Bristyrken i vård och skola")
		if old, ok := was[uid]; ok && (sequence(ev) != sequence(old)) != names {
			t.Errorf("%s: SEQUENCE %s → %s, names the audience: %t", uid, sequence(old), sequence(ev), names)
		} else if ok && names {
			raised++
		}
	}
	if raised == 0 || raised == len(is) {
		t.Errorf("%d of %d events raised: the rename must move some, not all", raised, len(is))
	}
	t.Logf("rename: %d of %d events raised their SEQUENCE", raised, len(is))
}

// serveFiles loads the config at cfgPath into st and serves it as the
// daemon does: a restart is another call on the same store.
func serveFiles(t *testing.T, st *store.Store, clk clock.Clock, files config.Files, cfgPath string) (*state.Holder, string) {
	t.Helper()
	h, srv := filesServer(t, st, clk, files, cfgPath)
	return h, serve(t, srv).URL
}

// filesServer loads the config at cfgPath into st, as the daemon does, and
// makes the server over it.
func filesServer(tb testing.TB, st *store.Store, clk clock.Clock, files config.Files, cfgPath string) (*state.Holder, *server.Server) {
	tb.Helper()
	h := state.New(st, clk, testenv.Quiet(), files, cfgPath)
	if err := h.Reload(context.Background()); err != nil {
		tb.Fatal(err)
	}
	core := app.New(app.Options{State: h, Store: st, Clock: clk, Log: testenv.Quiet()})
	return h, server.New(core, testenv.Quiet(), server.NewMetrics(h))
}

func later(a, b string) bool {
	ta, err1 := http.ParseTime(a)
	tb, err2 := http.ParseTime(b)
	return err1 == nil && err2 == nil && ta.After(tb)
}

// TestHealthSaysWhichFeedsAreCut (issues 10 and 11): a feed that
// feeds.max_bytes cuts is named on the admin's /healthz, with how many
// events were left out from which day (the example's all.ics, 77 KB,
// under a 64 KB budget); anyone's /healthz says nothing of it.
func TestHealthSaysWhichFeedsAreCut(t *testing.T) {
	dir := testenv.CopyExample(t)
	p := filepath.Join(dir, "config", "arshjul.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "  max_bytes: 1MB ", "  max_bytes: 64KB ", 1)), 0o644)
	files := config.Disk()
	cfgPath, _ := files.FromOS(p)
	st := testenv.OpenStore(t)
	clk := clock.NewManual(time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	h, base := serveFiles(t, st, clk, files, cfgPath)
	get := func(path string) string {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return string(body)
	}
	all := get("/feeds/" + h.Tokens().Admin + "/all.ics")
	if len(all) > 64<<10 || !strings.Contains(strings.ReplaceAll(all, "\r\n ", ""), "och framåt är utelämnade") {
		t.Fatalf("all.ics is %d bytes and says nothing of a cut", len(all))
	}
	health := get("/healthz?token=" + h.Tokens().Admin)
	if !regexp.MustCompile(`"feeds_cut": \[\s*\{\s*"feed": "all",\s*"omitted": [1-9]\d*,\s*"from": "20\d\d-\d\d-\d\d"`).MatchString(health) {
		t.Errorf("the admin's /healthz does not name the cut feed:\n%s", health)
	}
	if strings.Contains(get("/healthz"), "feeds_cut") {
		t.Error("anyone's /healthz names the cut feed")
	}
}
