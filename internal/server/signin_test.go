package server_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// browser is a client with cookies that does not follow redirects.
type browser struct {
	t    *testing.T
	c    *http.Client
	base string
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: noRedirect}}
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	res, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return res.StatusCode, sb.String()
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return res, sb.String()
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no csrf field in:\n%.400s", page)
	}
	return m[1]
}

// linkFor is the sign-in link in the last message queued to addr.
func (f *fixture) linkFor(t *testing.T, addr string) string {
	t.Helper()
	msgs, err := f.store.Outbox(context.Background(), "queued")
	if err != nil {
		t.Fatal(err)
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Recipient != addr {
			continue
		}
		full, err := f.store.OutboxMessage(context.Background(), msgs[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`/login/link\?t=([A-Za-z0-9_-]+)`).FindStringSubmatch(testenv.Text(t, full.Body))
		if m != nil {
			return m[1]
		}
	}
	return ""
}

// TestSignInByEmailLink (issue 13, point 1): a unit's contact asks for a
// link, gets it by mail, opens it (nothing happens until the button), is
// signed in by an HttpOnly, SameSite=Lax cookie, sees every internal wheel,
// and signs out on the server. An unknown address gets the same answer and
// no mail; a used, expired or forged link, a form without its csrf token
// and the cookie after sign-out are refused.
func TestSignInByEmailLink(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	b := newBrowser(t, f.srv.URL)
	_, page := b.get("/login")
	csrf := csrfOf(t, page)

	if res, _ := b.post("/login", url.Values{"email": {"hr@example.se"}}); res.StatusCode != 403 {
		t.Errorf("a form without its csrf token: %d, want 403", res.StatusCode)
	}
	_, known := b.post("/login", url.Values{"email": {"HR@example.se"}, "csrf": {csrf}})
	_, unknown := b.post("/login", url.Values{"email": {"nobody@example.se"}, "csrf": {csrf}})
	strip := func(s string) string { return csrfRe.ReplaceAllString(s, "") }
	if !strings.Contains(known, "Om adressen finns hos oss") || strip(known) != strip(unknown) {
		t.Error("the answer tells a known address from an unknown one")
	}
	if f.linkFor(t, "nobody@example.se") != "" {
		t.Error("a link was sent to an address the config does not know")
	}
	link := f.linkFor(t, "hr@example.se")
	if link == "" {
		t.Fatal("no sign-in link was queued for hr@example.se")
	}

	// Opening the link changes nothing: the button does.
	_, button := b.get("/login/link?t=" + link)
	if code, p := b.get("/login"); code != 200 || strings.Contains(p, "Du är inloggad") {
		t.Fatal("opening the link signed in")
	}
	res, _ := b.post("/login/link", url.Values{"t": {link}, "csrf": {csrfOf(t, button)}})
	if res.StatusCode != 303 {
		t.Fatalf("the button: %d, want 303", res.StatusCode)
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "arshjul_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || len(cookie.Value) < 32 {
		t.Fatalf("session cookie %+v", cookie)
	}
	_, signedIn := b.get("/login")
	if !strings.Contains(signedIn, "Du är inloggad") || !strings.Contains(signedIn, "HR-avdelningen") || !strings.Contains(signedIn, "Kommunledningskontoret") {
		t.Errorf("signed in, the page does not say so or list the organisation's wheels:\n%.600s", signedIn)
	}
	if code, _ := b.get(regexp.MustCompile(`href="(/wheel/[^"]+/kommunledning)"`).FindStringSubmatch(signedIn)[1]); code != 200 {
		t.Errorf("an internal wheel from the signed-in page: %d", code)
	}

	// The link again, in another browser: used.
	other := newBrowser(t, f.srv.URL)
	_, ob := other.get("/login/link?t=" + link)
	if res, p := other.post("/login/link", url.Values{"t": {link}, "csrf": {csrfOf(t, ob)}}); res.StatusCode != 403 || !strings.Contains(p, "Länken fungerar inte") {
		t.Errorf("a used link: %d", res.StatusCode)
	}
	for _, forged := range []string{link[:len(link)-1] + "x", "", strings.Repeat("A", 32)} {
		if res, _ := other.post("/login/link", url.Values{"t": {forged}, "csrf": {csrfOf(t, ob)}}); res.StatusCode != 403 {
			t.Errorf("a forged link %q: %d", forged, res.StatusCode)
		}
	}
	// A link left 16 minutes.
	other.post("/login", url.Values{"email": {"hr@example.se"}, "csrf": {csrfOf(t, ob)}})
	late := f.linkFor(t, "hr@example.se")
	f.clock.Advance(16 * time.Minute)
	if res, _ := other.post("/login/link", url.Values{"t": {late}, "csrf": {csrfOf(t, ob)}}); res.StatusCode != 403 {
		t.Errorf("an expired link: %d", res.StatusCode)
	}

	// Signing out ends the session on the server: the old cookie, sent
	// again, signs no one in.
	if res, _ := b.post("/logout", url.Values{"csrf": {csrfOf(t, signedIn)}}); res.StatusCode != 303 {
		t.Errorf("sign out: %d", res.StatusCode)
	}
	replay := newBrowser(t, f.srv.URL)
	u, _ := url.Parse(f.srv.URL)
	replay.c.Jar.SetCookies(u, []*http.Cookie{cookie})
	if _, p := replay.get("/login"); strings.Contains(p, "Du är inloggad") {
		t.Error("the cookie still signs in after sign-out")
	}
	if logs := f.logs.String(); strings.Contains(logs, link) || strings.Contains(logs, cookie.Value) {
		t.Error("a link or session token is in the log")
	}
}
