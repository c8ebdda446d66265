package server_test

import (
	"context"
	"log/slog"
	"net/http"
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

// TestFormsBoundToTheSession: a form's csrf token is bound to the
// session (before sign-in to the browser's pre-session cookie) with the
// service's key: a cookie and field of the same value, a cookie planted
// with a token of its own, another browser's token, and a post a browser
// says came from another site are all refused, /logout included. A
// client that sends no Origin (curl) passes with its own token.
func TestFormsBoundToTheSession(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	post := func(path string, form url.Values, header ...string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Add(header[i], header[i+1])
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		readAll(res)
		return res.StatusCode
	}
	planted := strings.Repeat("a", 32)
	if code := post("/login", url.Values{"email": {"hr@example.se"}, "csrf": {"a"}}, "Cookie", "arshjul_csrf=a"); code != 403 {
		t.Errorf("cookie a and field a: %d, want 403", code)
	}
	if code := post("/login", url.Values{"email": {"hr@example.se"}, "csrf": {planted}}, "Cookie", "arshjul_csrf="+planted); code != 403 {
		t.Errorf("a planted cookie and the same field: %d, want 403", code)
	}

	hr := f.signInAs(t, "hr@example.se")
	session := f.sessionCookie(t, hr)
	var all []string // every cookie hr's browser holds
	u, _ := url.Parse(f.srv.URL)
	for _, c := range hr.c.Jar.Cookies(u) {
		all = append(all, c.Name+"="+c.Value)
	}
	cookies := strings.Join(all, "; ")
	_, page := hr.get("/login")
	tok := csrfOf(t, page)
	other := newBrowser(t, f.srv.URL)
	_, otherPage := other.get("/login")
	otherTok := csrfOf(t, otherPage)
	for name, c := range map[string]struct {
		tok    string
		header []string
	}{
		"cookie a and field a":        {"a", []string{"Cookie", "arshjul_session=" + session + "; arshjul_csrf=a"}},
		"another browser's token":     {otherTok, []string{"Cookie", "arshjul_session=" + session}},
		"posted from another site":    {tok, []string{"Cookie", cookies, "Sec-Fetch-Site", "cross-site"}},
		"an Origin of another site":   {tok, []string{"Cookie", cookies, "Origin", "https://angripare.example"}},
		"the token of the pre-cookie": {csrfOf(t, page), []string{"Cookie", "arshjul_csrf=" + planted}},
	} {
		if code := post("/logout", url.Values{"csrf": {c.tok}}, c.header...); code != 403 {
			t.Errorf("/logout, %s: %d, want 403", name, code)
		}
	}
	if _, p := hr.get("/login"); !strings.Contains(p, "Du är inloggad") {
		t.Fatal("a refused /logout signed out")
	}
	if code := post("/logout", url.Values{"csrf": {tok}}, "Cookie", cookies); code != 303 {
		t.Errorf("/logout with the session's own token and no Origin (as curl): %d, want 303", code)
	}
	if _, p := hr.get("/login"); strings.Contains(p, "Du är inloggad") {
		t.Error("still signed in after /logout")
	}
}

// TestHostCookiesOnHTTPS: with an https base_url every cookie is named
// with the __Host- prefix, Secure, for Path=/ and no Domain, and only
// that name is read: a session cookie without the prefix (planted by a
// neighbour under the same domain) signs no one in.
func TestHostCookiesOnHTTPS(t *testing.T) {
	f := startEdited(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm), func(cfg string) string {
		return strings.Replace(cfg, `base_url: "http://localhost:8080"`, `base_url: "https://arshjul.example.se/arshjul"`, 1)
	})
	jar := map[string]string{}
	do := func(method, path string, form url.Values) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range jar {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Cookies() {
			if !strings.HasPrefix(c.Name, "__Host-") || !c.Secure || c.Path != "/" || c.Domain != "" || !c.HttpOnly {
				t.Errorf("%s %s sets %q", method, path, c.String())
			}
			jar[c.Name] = c.Value
		}
		return res
	}
	page := readAll(do("GET", "/login", nil))
	if jar["__Host-arshjul_csrf"] == "" {
		t.Fatalf("no __Host-arshjul_csrf cookie: %v", jar)
	}
	do("POST", "/login", url.Values{"email": {"hr@example.se"}, "csrf": {csrfOf(t, page)}}).Body.Close()
	link := f.linkFor(t, "hr@example.se")
	button := readAll(do("GET", "/login/link?t="+link, nil))
	if res := do("POST", "/login/link", url.Values{"t": {link}, "csrf": {csrfOf(t, button)}}); res.StatusCode != 303 {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
	session := jar["__Host-arshjul_session"]
	if session == "" {
		t.Fatalf("no __Host-arshjul_session cookie: %v", jar)
	}
	if p := readAll(do("GET", "/login", nil)); !strings.Contains(p, "Du är inloggad") {
		t.Error("the __Host- session cookie does not sign in")
	}
	jar = map[string]string{"arshjul_session": session}
	if p := readAll(do("GET", "/login", nil)); strings.Contains(p, "Du är inloggad") {
		t.Error("on https a session cookie without __Host- signs in")
	}
}
