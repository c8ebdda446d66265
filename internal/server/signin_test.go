package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/linksig"
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
	return res.StatusCode, readAll(res)
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	return res, readAll(res)
}

func readAll(res *http.Response) string {
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
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

// linkFor is the newest sign-in link queued to addr that linkFor has not
// returned before, waiting for it a while: the form is answered before the
// link is made. "" when none comes.
func (f *fixture) linkFor(t *testing.T, addr string) string {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if link := f.newLink(t, addr); link != "" || time.Now().After(deadline) {
			return link
		}
	}
}

func (f *fixture) newLink(t *testing.T, addr string) string {
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
		if m == nil || f.given[m[1]] {
			continue
		}
		if f.given == nil {
			f.given = map[string]bool{}
		}
		f.given[m[1]] = true
		return m[1]
	}
	return ""
}

// TestSignInByEmailLink: a unit's contact asks for a
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
	_, unknown := b.post("/login", url.Values{"email": {"nobody@example.se"}, "csrf": {csrf}})
	_, known := b.post("/login", url.Values{"email": {"HR@example.se"}, "csrf": {csrf}})
	strip := func(s string) string { return csrfRe.ReplaceAllString(s, "") }
	if !strings.Contains(known, "Om adressen finns hos oss") || strip(known) != strip(unknown) {
		t.Error("the answer tells a known address from an unknown one")
	}
	link := f.linkFor(t, "hr@example.se")
	if link == "" {
		t.Fatal("no sign-in link was queued for hr@example.se")
	}
	// The links are made one at a time in the order asked for: with hr's
	// link here, nobody's turn is over.
	if f.newLink(t, "nobody@example.se") != "" {
		t.Error("a link was sent to an address the config does not know")
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
	if !strings.Contains(signedIn, "Du är inloggad") || !strings.Contains(signedIn, `href="/edit/hr"`) {
		t.Errorf("signed in, the page does not say so or offer the unit's editor:\n%.600s", signedIn)
	}
	if m := regexp.MustCompile(`href="(/wheel/[^"]+/hr)"`).FindStringSubmatch(signedIn); m == nil {
		t.Error("no link to the unit's own wheel")
	} else if code, _ := b.get(m[1]); code != 200 {
		t.Errorf("the unit's wheel from the signed-in page: %d", code)
	}
	// Another unit's token is not handed to HR's contact (it goes to a
	// unit's own people only).
	if tok := f.token(t, "unit:kommunledning"); strings.Contains(signedIn, tok) {
		t.Error("the signed-in page hands out another unit's token")
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

// signInAs signs a browser in by e-mail link as addr.
func (f *fixture) signInAs(t *testing.T, addr string) *browser {
	t.Helper()
	b := newBrowser(t, f.srv.URL)
	_, page := b.get("/login")
	b.post("/login", url.Values{"email": {addr}, "csrf": {csrfOf(t, page)}})
	link := f.linkFor(t, addr)
	_, button := b.get("/login/link?t=" + link)
	if res, _ := b.post("/login/link", url.Values{"t": {link}, "csrf": {csrfOf(t, button)}}); res.StatusCode != 303 {
		t.Fatalf("sign in as %s: %d", addr, res.StatusCode)
	}
	return b
}

// TestHistory: /history/UNIT shows who changed what
// and when to someone signed in who may edit the unit; without a session
// it sends to sign-in, to someone else it is a 403, and its CSV is the
// admins'. The item page has the item's history, the follow-up marked
// done through its e-mailed link included; the sign-in is in it too.
func TestHistory(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	if code, _ := newBrowser(t, f.srv.URL).get("/history/hr"); code != 303 {
		t.Errorf("no session: %d, want 303 to sign in", code)
	}
	hr := f.signInAs(t, "hr@example.se")
	code, page := hr.get("/history/hr")
	if code != 200 || !strings.Contains(page, "Medarbetarenkät") || !strings.Contains(page, "calendars/hr.yaml") || !strings.Contains(page, "filerna") {
		t.Errorf("hr's history: %d\n%.600s", code, page)
	}
	if strings.Contains(page, ".csv") {
		t.Error("a unit's contact is offered the admins' CSV")
	}
	if code, _ := hr.get("/history/kommunikation"); code != 403 {
		t.Errorf("another unit's history: %d, want 403", code)
	}
	if code, _ := hr.get("/history/hr.csv"); code != 403 {
		t.Errorf("the CSV for a contact: %d, want 403", code)
	}
	admin := f.signInAs(t, "kommunikationschef@example.se")
	code, csv := admin.get("/history/hr.csv")
	if code != 200 || !strings.HasPrefix(csv, "\uFEFFnär;vad;vad hände;vem;före;efter\r\n") {
		t.Errorf("the admins' CSV: %d %.200q", code, csv)
	}
	if code, all := admin.get("/history/kommunikation"); code != 200 || !strings.Contains(all, "loggade in (e-postlänk)") && !strings.Contains(all, "Historik") {
		t.Errorf("an admin, another unit: %d", code)
	}

	// A follow-up marked done through its signed link is in the item's
	// history, with how.
	fu := "hr/medarbetarenkat/2026-10-05"
	sig := f.sign(t, fu)
	f.clock.Set(time.Date(2026, 10, 20, 9, 0, 0, 0, stockholm))
	res, err := http.PostForm(f.srv.URL+"/followups/"+fu+"?sig="+url.QueryEscape(sig), url.Values{"sig": {sig}, "note": {"Svarsfrekvens 78 %"}})
	if err != nil || (res.StatusCode != 303 && res.StatusCode != 200) {
		t.Fatalf("mark done: %v %v", err, res)
	}
	tok := f.token(t, "unit:hr")
	_, item := f.get(t, "/wheel/"+tok+"/hr/item/medarbetarenkat")
	if !strings.Contains(string(item), "Historik") || !strings.Contains(string(item), "uppföljningen markerades klar (e-postlänk till hr@example.se): Svarsfrekvens 78 %") ||
		!strings.Contains(string(item), "hämtades in i webben från (inbyggd) calendars/hr.yaml (starts_from:)") {
		t.Errorf("the item's history:\n%s", item[strings.Index(string(item), "<main"):])
	}
	if _, pub := f.get(t, "/wheel/hr/item/medarbetarenkat"); strings.Contains(string(pub), "Historik") {
		t.Error("a public page shows the history")
	}
}

// sign is a valid mark-done signature for follow-up id, for a week.
func (f *fixture) sign(t *testing.T, id string) string {
	t.Helper()
	key, err := f.store.LinkKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return linksig.Sign(key, id, f.clock.Now().Add(30*24*time.Hour))
}

// TestMarkDoneSignedIn: a signed-in editor of the
// unit marks a follow-up done from its item page, without an e-mailed
// link; the history says it was them. Someone of another unit gets a 403,
// no one signed in is sent to sign in.
func TestMarkDoneSignedIn(t *testing.T) {
	f := start(t, time.Date(2026, 10, 20, 9, 0, 0, 0, stockholm))
	id := "hr/medarbetarenkat/2026-10-05"
	hr := f.signInAs(t, "hr@example.se")
	tok := f.token(t, "unit:hr")
	_, item := hr.get("/wheel/" + tok + "/hr/item/medarbetarenkat")
	if !strings.Contains(item, `href="/followups/`+id+`">Markera klar eller ej aktuell (inloggad)`) {
		t.Fatal("the item page offers no way to mark it done")
	}
	if code, _ := newBrowser(t, f.srv.URL).get("/followups/" + id); code != 303 {
		t.Errorf("no session: %d, want 303", code)
	}
	eko := f.signInAs(t, "ekonomi@example.se")
	if code, _ := eko.get("/followups/" + id); code != 403 {
		t.Errorf("another unit's editor: %d, want 403", code)
	}
	_, form := hr.get("/followups/" + id)
	if res, _ := hr.post("/followups/"+id, url.Values{"csrf": {csrfOf(t, form)}, "note": {"Svarsfrekvens 81 %"}}); res.StatusCode != 303 {
		t.Fatalf("mark done: %d", res.StatusCode)
	}
	_, hist := hr.get("/history/hr")
	if !strings.Contains(hist, "uppföljningen markerades klar (webben): Svarsfrekvens 81 %") || !strings.Contains(hist, "<td>hr@example.se</td>") {
		t.Errorf("the history does not say who marked it done:\n%.1000s", hist[strings.Index(hist, "<tbody>"):])
	}
}
