package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/links"

	"github.com/avesta-kommun/arshjul/internal/app"

	"github.com/avesta-kommun/arshjul"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/linksig"
	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

const overdueID = "ekonomi/arsredovisning/2026-04-28"

func startFollowUps(t *testing.T) (*front, *state.Holder, []byte, *clock.Manual) {
	srv, h, key, clk, _ := startWithRunner(t)
	return srv, h, key, clk
}

func startWithRunner(t *testing.T) (*front, *state.Holder, []byte, *clock.Manual, *remind.Runner) {
	t.Helper()
	t.Setenv("ARSHJUL_DATA", t.TempDir()) // the example's file transport writes its .eml files there
	st := testenv.OpenStore(t)
	clk := clock.NewManual(time.Date(2026, 9, 21, 10, 0, 0, 0, time.UTC))
	h := state.New(st, clk, testenv.Quiet(), config.Embedded(arshjul.Defaults), "config/arshjul.yaml")
	if err := h.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := &remind.Runner{State: h, Store: st, Clock: clk, Log: testenv.Quiet()}
	m := server.NewMetrics(h)
	m.RegisterReminders(r)
	core := app.New(app.Options{State: h, Store: st, Clock: clk, Log: testenv.Quiet(), Runner: r})
	s := server.New(core, testenv.Quiet(), m)
	srv := serve(t, s)
	key, err := st.LinkKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return srv, h, key, clk, r
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func isDone(t *testing.T, h *state.Holder, id string) bool {
	t.Helper()
	for _, fus := range h.Current().Snapshot.FollowUps {
		for _, f := range fus {
			if f.ID == id {
				return f.DoneAt != nil
			}
		}
	}
	t.Fatalf("no follow-up %s", id)
	return false
}

func TestFollowUpLinkShowsAndChangesNothing(t *testing.T) {
	srv, h, key, clk := startFollowUps(t)
	link := remind.DoneURL(links.New(srv.URL), key, overdueID, clk.Now())
	for i := 0; i < 3; i++ { // a scanner, a preview, the person
		res, err := http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), "Årsredovisningen publiceras") ||
			!strings.Contains(string(body), `<form method="post"`) || !strings.Contains(string(body), "Försenad") {
			t.Fatalf("GET %d:\n%s", res.StatusCode, body)
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
			if res.Header.Get(h) == "" {
				t.Errorf("no %s", h)
			}
		}
	}
	if isDone(t, h, overdueID) {
		t.Fatal("GET marked the follow-up done")
	}
}

func TestFollowUpBadSignatures(t *testing.T) {
	srv, h, key, clk := startFollowUps(t)
	good := linksig.Sign(key, overdueID, clk.Now().Add(time.Hour))
	other := linksig.Sign(key, "ekonomi/budget/2026-11-30", clk.Now().Add(time.Hour))
	expired := linksig.Sign(key, overdueID, clk.Now().Add(-time.Second))
	forged := linksig.Sign([]byte("not the key, but thirty-two byte"), overdueID, clk.Now().Add(time.Hour))
	path := srv.URL + "/followups/" + overdueID
	noFollow := &http.Client{CheckRedirect: noRedirect}
	for name, sig := range map[string]string{"other id": other, "expired": expired, "forged": forged, "none": "", "garbage": "x.y"} {
		res, err := noFollow.Get(path + "?sig=" + url.QueryEscape(sig))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		// Without a signature the page is a signed-in editor's: to sign in.
		if want := map[bool]int{true: http.StatusSeeOther, false: http.StatusForbidden}[sig == ""]; res.StatusCode != want {
			t.Errorf("GET with %s signature: %d, want %d", name, res.StatusCode, want)
		}
		res, err = http.PostForm(path, url.Values{"sig": {sig}, "note": {"klart"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST with %s signature: %d, want 403", name, res.StatusCode)
		}
	}
	// A cross-site form post is refused even with a good signature.
	req, _ := http.NewRequest(http.MethodPost, path, strings.NewReader(url.Values{"sig": {good}, "note": {"klart"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %v %v", res.StatusCode, err)
	}
	if isDone(t, h, overdueID) {
		t.Fatal("a refused request changed the follow-up")
	}
}

func TestFollowUpMarkDone(t *testing.T) {
	srv, h, key, clk := startFollowUps(t)
	sig := linksig.Sign(key, overdueID, clk.Now().Add(time.Hour))
	path := srv.URL + "/followups/" + overdueID
	client := &http.Client{CheckRedirect: noRedirect}
	res, err := client.PostForm(path, url.Values{"sig": {sig}, "note": {"   "}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity || isDone(t, h, overdueID) {
		t.Fatalf("an empty note: %d", res.StatusCode)
	}
	note := "1 200 nedladdningar, 3 artiklar i lokalpressen – bättre än 2025 <b>"
	res, err = client.PostForm(path, url.Values{"sig": {sig}, "note": {note}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST: %d", res.StatusCode)
	}
	if !isDone(t, h, overdueID) {
		t.Fatal("not done after POST (or the served state not refreshed)")
	}
	res, err = http.Get(srv.URL + res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "Klar") || strings.Contains(string(body), "<form") ||
		!strings.Contains(string(body), "bättre än 2025 &lt;b&gt;") {
		t.Errorf("after marking done:\n%s", body)
	}
	// A second result is refused, saying so; the first one stands.
	res, err = client.PostForm(path, url.Values{"sig": {sig}, "note": {"ett annat resultat"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "redan klar") {
		t.Errorf("a second note: %d\n%s", res.StatusCode, body)
	}
	for _, f := range h.Current().Snapshot.FollowUps["ekonomi"] {
		if f.ID == overdueID && f.Note != note {
			t.Errorf("the note became %q", f.Note)
		}
	}
}

// The reminder side of /healthz and /metrics, after a run with mail to send
// to nowhere (the file transport of the embedded example writes to the
// test's data folder).
func TestReminderHealthAndMetrics(t *testing.T) {
	srv, h, _, _, r := startWithRunner(t)
	if err := r.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	for path, wants := range map[string][]string{
		"/healthz?token=" + h.Tokens().Admin: {`"reminders"`, `"schedules"`, `"name": "reminders"`, `"next_run"`, `"queued"`, `"programme_ended": false`},
		"/metrics":                           {"arshjul_mail_queued 0", "arshjul_mail_sent_total ", "arshjul_schedule_next_run_timestamp_seconds", "arshjul_mail_oldest_queued_timestamp_seconds"},
	} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		for _, w := range wants {
			if !strings.Contains(string(body), w) {
				t.Errorf("%s lacks %s", path, w)
			}
		}
		if path == "/metrics" && regexp.MustCompile(`(?m)^arshjul_mail_sent_total [1-9]`).Find(body) == nil {
			t.Errorf("the run's mail is not counted as sent:\n%s", regexp.MustCompile(`(?m)^arshjul_mail.*$`).FindAll(body, -1))
		}
	}
}
