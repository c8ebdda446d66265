package server_test

import (
	"context"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// startEdited is start with the example's arshjul.yaml changed by edit.
func startEdited(t *testing.T, now time.Time, edit func(cfg string) string) *fixture {
	t.Helper()
	dir := testenv.CopyExample(t)
	p := filepath.Join(dir, "config", "arshjul.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(edit(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
	files := config.Disk()
	cfgPath, _ := files.FromOS(p)
	clk := clock.NewManual(now)
	logs := &testenv.LogBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	st := testenv.OpenStore(t)
	h := state.New(st, clk, log, files, cfgPath)
	if err := h.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := serve(t, server.New(app.New(app.Options{State: h, Store: st, Clock: clk, Log: log}), log, server.NewMetrics(h)))
	return &fixture{srv: srv, holder: h, store: st, clock: clk, logs: logs}
}

// TestSignInLookAlikes: an address matches one in the config only when
// they are the same after trimming and lower-casing A–Z; a look-alike
// (ſ, U+017F, for s; the Kelvin sign for K) is someone else, is sent
// nothing and has no bucket of its own beside the real address's five
// links. The link goes to, and the session and the history are under,
// the address as the config spells it.
func TestSignInLookAlikes(t *testing.T) {
	f := startEdited(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm), func(cfg string) string {
		return strings.Replace(cfg, "contacts: [hr@example.se]", "contacts: [HR@Example.se]", 1)
	})
	b := newBrowser(t, f.srv.URL)
	_, page := b.get("/login")
	csrf := csrfOf(t, page)
	ask := func(addr string) {
		t.Helper()
		if res, _ := b.post("/login", url.Values{"email": {addr}, "csrf": {csrf}}); res.StatusCode != 200 {
			t.Fatalf("asking for %q: %d", addr, res.StatusCode)
		}
	}
	lookAlikes := []string{"hr@example.\u017fe", "\u212Aommunikationschef@example.se", "hr@exam\u0440le.se", "hr@example.se\u200b"}
	for _, a := range lookAlikes {
		ask(a)
	}
	for _, a := range []string{" hr@example.se", "HR@EXAMPLE.SE", "hr@example.se ", "Hr@Example.Se", "hr@example.se", "hr@example.se"} {
		ask(a)
	}
	for _, a := range lookAlikes {
		ask(a)
	}
	ask("ekonomi@example.se") // asked last: once its link is here, every request before it is done
	if f.linkFor(t, "ekonomi@example.se") == "" {
		t.Fatal("no link for ekonomi@example.se")
	}
	msgs, err := f.store.Outbox(context.Background(), "queued")
	if err != nil {
		t.Fatal(err)
	}
	to := map[string]int{}
	for _, m := range msgs {
		to[m.Recipient]++
	}
	if to["HR@Example.se"] != 5 || to["ekonomi@example.se"] != 1 || len(to) != 2 {
		t.Errorf("links sent: %v, want five to HR@Example.se (its cap) and one to ekonomi@example.se", to)
	}

	link := f.linkFor(t, "HR@Example.se")
	_, button := b.get("/login/link?t=" + link)
	if res, _ := b.post("/login/link", url.Values{"t": {link}, "csrf": {csrfOf(t, button)}}); res.StatusCode != 303 {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
	if _, p := b.get("/login"); !strings.Contains(p, "Som HR@Example.se") {
		t.Errorf("signed in, the page does not name the configured address:\n%.400s", p)
	}
	hist, err := f.store.History(context.Background(), "", "", 10)
	if err != nil || len(hist) == 0 || hist[0].Who != "HR@Example.se" {
		t.Errorf("the sign-in is recorded as %+v %v", hist, err)
	}
}
