package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// openIDProvider starts a real OpenID provider (zitadel's certified op
// package, in its example server) on loopback with the users given, and
// our client registered with its callback under base. It returns the
// issuer.
func openIDProvider(t *testing.T, base string, users map[string]*storage.User) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String() + "/"
	storage.RegisterClients(storage.WebClient("arshjul", "hemlighet", base+"/login/oidc/callback"))
	b, _ := json.Marshal(users)
	file := filepath.Join(t.TempDir(), "users.json")
	os.WriteFile(file, b, 0o600)
	us, err := storage.StoreFromFile(file)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: exampleop.SetupServer(issuer, storage.NewStorage(us), testenv.Quiet(), false)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return issuer
}

// TestSignInWithOpenID (issue 13, point 1): with auth.oidc in the config,
// the sign-in page offers the organisation's provider; the authorization
// code flow with PKCE, state and nonce runs against a real provider, the
// ID token is verified with its keys, and the person is signed in: an
// admin the config names, or anyone with an address in auth.domains (who
// reads the wheels). An address of neither, a replayed callback and a
// callback without the flow's cookie sign no one in.
func TestSignInWithOpenID(t *testing.T) {
	ours, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ours.Addr().String()
	issuer := openIDProvider(t, base, map[string]*storage.User{
		"u1": {ID: "u1", Username: "chefen", Password: "rätt lösen", FirstName: "Kim", LastName: "Chef", Email: "kommunikationschef@example.se", EmailVerified: true},
		"u2": {ID: "u2", Username: "kollegan", Password: "rätt lösen", FirstName: "Alex", LastName: "Kollega", Email: "alex@example.se", EmailVerified: true},
		"u3": {ID: "u3", Username: "utomstaende", Password: "rätt lösen", FirstName: "Uno", LastName: "Utom", Email: "uno@annanstans.se", EmailVerified: true},
	})
	dir := testenv.CopyExample(t)
	p := filepath.Join(dir, "config", "arshjul.yaml")
	b, _ := os.ReadFile(p)
	cfgText := strings.Replace(string(b), `base_url: "http://localhost:8080"`, `base_url: "`+base+`"`, 1) +
		"\nauth:\n  domains: [example.se]\n  oidc: {issuer: \"" + issuer + "\", client_id: arshjul, secret_env: ARSHJUL_TEST_OIDC_SECRET}\n"
	os.WriteFile(p, []byte(cfgText), 0o644)
	t.Setenv("ARSHJUL_TEST_OIDC_SECRET", "hemlighet")
	files := config.Disk()
	cfgPath, _ := files.FromOS(p)
	st := testenv.OpenStore(t)
	clk := clock.NewManual(time.Now()) // the provider's tokens carry the real time
	h := state.New(st, clk, testenv.Quiet(), files, cfgPath)
	if err := h.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	logs := &testenv.LogBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(logs.String())
		}
	})
	srv := server.New(app.New(app.Options{State: h, Store: st, Clock: clk, Log: log}), log, server.NewMetrics(h)).HTTPServer()
	go srv.Serve(ours)
	t.Cleanup(func() { srv.Close() })

	var callback string // the last callback address the provider sent a browser to
	signIn := func(user string) (*http.Client, string, int) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
			if r.URL.Path == "/login/oidc/callback" {
				callback = r.URL.String()
			}
			return nil
		}}
		res, err := c.Get(base + "/login/oidc")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		m := regexp.MustCompile(`name="id" value="([^"]+)"`).FindSubmatch(page)
		if m == nil {
			t.Fatalf("no login form at the provider (%s):\n%.500s", res.Request.URL, page)
		}
		res, err = c.PostForm(issuer+"login/username", url.Values{"username": {user}, "password": {"rätt lösen"}, "id": {string(m[1])}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return c, string(body), res.StatusCode
	}

	c, page, code := signIn("chefen")
	if code != 200 || !strings.Contains(page, "Du är inloggad") || !strings.Contains(page, "administratör") {
		t.Fatalf("the admin through the provider: %d\n%.800s", code, page)
	}
	if !strings.Contains(page, "HR-avdelningen") {
		t.Error("signed in, the admin is not offered every unit")
	}
	// The same callback again (the code spent, the flow's cookie gone).
	res, err := c.Get(callback)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("a replayed callback: %d", res.StatusCode)
	}

	// Of the organisation's domain but named nowhere: signed in, to read.
	_, page, code = signIn("kollegan")
	if code != 200 || !strings.Contains(page, "Du är inloggad") || strings.Contains(page, "Dina enheter") {
		t.Errorf("a colleague of the domain: %d\n%.600s", code, page)
	}
	// Neither: refused.
	_, page, code = signIn("utomstaende")
	if code != 403 || strings.Contains(page, "Du är inloggad") {
		t.Errorf("an address of another domain: %d\n%.400s", code, page)
	}

	// A callback without the flow's cookie; one whose state is not the
	// flow's (a link planted by someone else).
	res, err = http.Get(base + "/login/oidc/callback?code=x&state=y")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("a callback without the flow: %d", res.StatusCode)
	}
	jar, _ := cookiejar.New(nil)
	noFollow := &http.Client{Jar: jar, CheckRedirect: noRedirect}
	if res, err = noFollow.Get(base + "/login/oidc"); err != nil || res.StatusCode != 302 || !strings.Contains(res.Header.Get("Location"), "code_challenge_method=S256") ||
		!strings.Contains(res.Header.Get("Location"), "nonce=") {
		t.Fatalf("the redirect to the provider: %v %v", err, res.Header.Get("Location"))
	}
	res.Body.Close()
	if res, err = noFollow.Get(base + "/login/oidc/callback?code=x&state=forged"); err != nil || res.StatusCode != 403 {
		t.Errorf("a forged state: %v %d", err, res.StatusCode)
	}
	if strings.Contains(logs.String(), "hemlighet") {
		t.Error("the client secret is in the log")
	}
}

// TestSignedInReadsInternalWheels (issue 13, point 2): a signed-in person
// of the organisation reads every internal wheel at its token-free
// address, with no token on the page; the same address stays a 404 for
// anyone else, the public page is not handed from its cache to the
// signed-in, nor the signed-in page to anyone; a session cannot be passed
// in an address.
func TestSignedInReadsInternalWheels(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	anon := newBrowser(t, f.srv.URL)
	if code, _ := anon.get("/wheel/hr"); code != 404 {
		t.Fatalf("an internal wheel without a session: %d", code)
	}
	_, before := anon.get("/wheel/ekonomi?year=2026")
	b := f.signInAs(t, "kommunledning@example.se")
	code, page := b.get("/wheel/hr?year=2026")
	if code != 200 || !strings.Contains(page, "Medarbetarenkät") {
		t.Fatalf("an internal wheel signed in: %d", code)
	}
	for _, scope := range []string{"unit:hr", "unit:kommunledning", "admin"} {
		if tok := f.token(t, scope); strings.Contains(page, tok) {
			t.Errorf("the signed-in page carries the %s token", scope)
		}
	}
	if code, all := b.get("/wheel/all?year=2026"); code != 200 || !strings.Contains(all, "HR-avdelningen") {
		t.Errorf("the whole organisation's wheel signed in: %d", code)
	}
	code, item := b.get("/wheel/hr/item/medarbetarenkat")
	if code != 200 || !strings.Contains(item, "Uppföljningar") {
		t.Errorf("an internal item signed in: %d", code)
	}
	_, signedEko := b.get("/wheel/ekonomi?year=2026")
	if signedEko == before || !strings.Contains(signedEko, "deadline") {
		t.Error("signed in, the public unit's page is the public one (from the cache), without its follow-ups")
	}
	if _, after := anon.get("/wheel/ekonomi?year=2026"); after != before {
		t.Error("the public page changed for others after a signed-in visit")
	}
	c := f.sessionCookie(t, b)
	if code, _ := anon.get("/wheel/" + url.PathEscape("\x00session:"+c) + "/hr"); code != 404 {
		t.Errorf("a session in an address: %d, want 404", code)
	}
}

// sessionCookie is the session cookie b holds.
func (f *fixture) sessionCookie(t *testing.T, b *browser) string {
	u, _ := url.Parse(f.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "arshjul_session" {
			return c.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}
