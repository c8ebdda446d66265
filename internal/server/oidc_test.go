package server_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// providerUser is a user of the test provider, in the JSON of its users
// file (zitadel's example storage).
type providerUser struct {
	ID, Username, Password, FirstName, LastName, Email string
	EmailVerified                                      bool
}

// providerOptions shape the provider's ID tokens: inIDToken puts the
// profile and e-mail claims in them as Entra ID does, claims adds more
// per user id.
type providerOptions struct {
	inIDToken bool
	claims    map[string]map[string]any
}

var provider struct {
	once sync.Once
	bin  string
	err  error
}

// providerBinary builds tools/oidcprovider, a module of its own (so that
// zitadel stays out of the daemon's go.mod), once per test binary.
func providerBinary(t *testing.T) string {
	t.Helper()
	provider.once.Do(func() {
		_, self, _, _ := runtime.Caller(0)
		dir := filepath.Join(filepath.Dir(self), "..", "..", "tools", "oidcprovider")
		out, err := os.MkdirTemp("", "oidcprovider")
		if err != nil {
			provider.err = err
			return
		}
		provider.bin = filepath.Join(out, "oidcprovider")
		cmd := exec.Command("go", "build", "-o", provider.bin, ".")
		cmd.Dir = dir
		if b, err := cmd.CombinedOutput(); err != nil {
			provider.err = fmt.Errorf("building tools/oidcprovider: %v\n%s", err, b)
		}
	})
	if provider.err != nil {
		t.Fatal(provider.err)
	}
	return provider.bin
}

// openIDProvider starts a real OpenID provider (zitadel's certified op
// package, in its example server: tools/oidcprovider) on a loopback port
// of its own with the users given, and our client registered with its
// callback under base. It returns the issuer.
func openIDProvider(t *testing.T, base string, users map[string]*providerUser, o providerOptions) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	args := []string{"-listen", "127.0.0.1:0", "-users", write("users.json", users),
		"-redirect", base + "/login/oidc/callback", "-secret", "hemlighet"}
	if o.inIDToken {
		args = append(args, "-entra")
	}
	if o.claims != nil {
		args = append(args, "-claims", write("claims.json", o.claims))
	}
	cmd := exec.Command(providerBinary(t), args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs testenv.LogBuffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("the provider's log:\n%s", logs.String())
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	issuer, ok := strings.CutPrefix(strings.TrimSpace(line), "issuer ")
	if err != nil || !ok {
		t.Fatalf("the provider did not start (%q, %v):\n%s", line, err, logs.String())
	}
	return issuer
}

// oidcSite is the service with auth.oidc set to a provider of its own.
type oidcSite struct {
	base, issuer string
	logs         *testenv.LogBuffer
	callback     string // the last callback address the provider sent a browser to
}

// startOpenID serves the example with auth.domains [example.se] and
// auth.oidc pointing at a provider with users; oidcExtra is added to the
// auth.oidc mapping (", verified_claim: xms_edov").
func startOpenID(t *testing.T, users map[string]*providerUser, o providerOptions, oidcExtra string) *oidcSite {
	t.Helper()
	ours, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	site := &oidcSite{base: "http://" + ours.Addr().String()}
	site.issuer = openIDProvider(t, site.base, users, o)
	dir := testenv.CopyExample(t)
	p := filepath.Join(dir, "config", "arshjul.yaml")
	b, _ := os.ReadFile(p)
	cfgText := strings.Replace(string(b), `base_url: "http://localhost:8080"`, `base_url: "`+site.base+`"`, 1) +
		"\nauth:\n  domains: [example.se]\n  oidc: {issuer: \"" + site.issuer + "\", client_id: arshjul, secret_env: ARSHJUL_TEST_OIDC_SECRET" + oidcExtra + "}\n"
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
	site.logs = &testenv.LogBuffer{}
	log := slog.New(slog.NewTextHandler(site.logs, nil))
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(site.logs.String())
		}
	})
	srv := server.New(app.New(app.Options{State: h, Store: st, Clock: clk, Log: log}), log, server.NewMetrics(h)).HTTPServer()
	go srv.Serve(ours)
	t.Cleanup(func() { srv.Close() })
	return site
}

// signIn goes through the provider's login form as user, following every
// redirect back to us: the client, the last page and its status.
func (site *oidcSite) signIn(t *testing.T, user string) (*http.Client, string, int) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if r.URL.Path == "/login/oidc/callback" {
			site.callback = r.URL.String()
		}
		return nil
	}}
	res, err := c.Get(site.base + "/login/oidc")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="id" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no login form at the provider (%s):\n%.500s", res.Request.URL, page)
	}
	res, err = c.PostForm(site.issuer+"login/username", url.Values{"username": {user}, "password": {"rätt lösen"}, "id": {string(m[1])}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return c, string(body), res.StatusCode
}

// TestSignInWithOpenID: with auth.oidc in the config,
// the sign-in page offers the organisation's provider; the authorization
// code flow with PKCE, state and nonce runs against a real provider, the
// ID token is verified with its keys, and the person is signed in: an
// admin the config names, or anyone with an address in auth.domains (who
// reads the wheels). An address of neither, a replayed callback and a
// callback without the flow's cookie sign no one in.
func TestSignInWithOpenID(t *testing.T) {
	site := startOpenID(t, map[string]*providerUser{
		"u1": {ID: "u1", Username: "chefen", Password: "rätt lösen", FirstName: "Kim", LastName: "Chef", Email: "kommunikationschef@example.se", EmailVerified: true},
		"u2": {ID: "u2", Username: "kollegan", Password: "rätt lösen", FirstName: "Alex", LastName: "Kollega", Email: "alex@example.se", EmailVerified: true},
		"u3": {ID: "u3", Username: "utomstaende", Password: "rätt lösen", FirstName: "Uno", LastName: "Utom", Email: "uno@annanstans.se", EmailVerified: true},
	}, providerOptions{}, "")
	base, logs, signIn := site.base, site.logs, func(user string) (*http.Client, string, int) { return site.signIn(t, user) }

	c, page, code := signIn("chefen")
	if code != 200 || !strings.Contains(page, "Du är inloggad") || !strings.Contains(page, "administratör") {
		t.Fatalf("the admin through the provider: %d\n%.800s", code, page)
	}
	if !strings.Contains(page, "HR-avdelningen") {
		t.Error("signed in, the admin is not offered every unit")
	}
	// The same callback again (the code spent, the flow's cookie gone).
	res, err := c.Get(site.callback)
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

// TestSignedInReadsInternalWheels: a signed-in person
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

// TestOpenIDTrustsOnlyVouchedAddresses: with the claims in the ID token as
// Entra ID puts them (email_verified left out unless true,
// preferred_username set), an address counts only when the provider
// vouches for it: email_verified: true, the claim auth.oidc.verified_claim
// names, or the upn of a token from auth.oidc.tenant_id. The unverified
// address of the admin and the username of a unit's manager sign no one
// in, and the page says why in Swedish.
func TestOpenIDTrustsOnlyVouchedAddresses(t *testing.T) {
	const tenant = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
	user := func(id, username, email string, verified bool) *providerUser {
		return &providerUser{ID: id, Username: username, Password: "rätt lösen", FirstName: "F", LastName: "E", Email: email, EmailVerified: verified}
	}
	users := map[string]*providerUser{
		"u1": user("u1", "falsk", "kommunikationschef@example.se", false),
		"u2": user("u2", "hr.chef@example.se", "", false),
		"u3": user("u3", "bekraftad", "hr@example.se", true),
		"u4": user("u4", "edov", "ekonomi@example.se", false),
		"u5": user("u5", "upn", "", false),
		"u6": user("u6", "annan-katalog", "", false),
		"u7": user("u7", "edov-nej", "kommunikationschef@example.se", false),
	}
	o := providerOptions{inIDToken: true, claims: map[string]map[string]any{
		"u2": {"tid": "00000000-0000-0000-0000-000000000000"},
		"u4": {"xms_edov": true, "tid": tenant},
		"u5": {"upn": "ekonomichef@example.se", "tid": tenant},
		"u6": {"upn": "kommunikationschef@example.se", "tid": "00000000-0000-0000-0000-000000000000"},
		"u7": {"xms_edov": false, "tid": tenant},
	}}
	refused := func(site *oidcSite, name string) {
		t.Helper()
		_, page, code := site.signIn(t, name)
		if code != 403 || strings.Contains(page, "Du är inloggad") || !strings.Contains(page, "har inte bekräftat") {
			t.Errorf("%s: %d, want 403 saying the provider has not verified the address\n%.600s", name, code, page)
		}
	}
	signedIn := func(site *oidcSite, name, as string) {
		t.Helper()
		_, page, code := site.signIn(t, name)
		if code != 200 || !strings.Contains(page, "Du är inloggad") || !strings.Contains(page, as) {
			t.Errorf("%s: %d, want signed in as %s\n%.600s", name, code, as, page)
		}
	}
	// Only email_verified: true counts when the config names nothing else.
	plain := startOpenID(t, users, o, "")
	refused(plain, "falsk")              // the admin's address, unverified
	refused(plain, "hr.chef@example.se") // no address; the manager's as username
	refused(plain, "edov")
	refused(plain, "upn")
	signedIn(plain, "bekraftad", "hr@example.se")

	// With Entra ID's claim and tenant named.
	entra := startOpenID(t, users, o, ", verified_claim: xms_edov, tenant_id: "+tenant)
	refused(entra, "falsk")
	refused(entra, "hr.chef@example.se")
	refused(entra, "annan-katalog") // a upn from another tenant
	refused(entra, "edov-nej")      // the verified claim false
	signedIn(entra, "edov", "ekonomi@example.se")
	signedIn(entra, "upn", "ekonomichef@example.se")
}

// TestOpenIDFlowCookieSealed: the cookie that carries the flow between
// the redirect to the provider and the callback shows neither the nonce
// nor the PKCE verifier to whoever reads it.
func TestOpenIDFlowCookieSealed(t *testing.T) {
	site := startOpenID(t, map[string]*providerUser{}, providerOptions{}, "")
	res, err := (&http.Client{CheckRedirect: noRedirect}).Get(site.base + "/login/oidc")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	to, _ := url.Parse(res.Header.Get("Location"))
	nonce, challenge := to.Query().Get("nonce"), to.Query().Get("code_challenge")
	var flow string
	for _, c := range res.Cookies() {
		if c.Name == "arshjul_oidc" {
			flow = c.Value
		}
	}
	if flow == "" || nonce == "" || challenge == "" {
		t.Fatalf("flow cookie %q, nonce %q, challenge %q", flow, nonce, challenge)
	}
	// Every reading of the cookie: as it is, and each base64 piece decoded.
	readings := []string{flow}
	for _, piece := range regexp.MustCompile(`[A-Za-z0-9_-]+`).FindAllString(flow, -1) {
		if b, err := base64.RawURLEncoding.DecodeString(piece); err == nil {
			readings = append(readings, string(b))
		}
	}
	for _, r := range readings {
		if strings.Contains(r, nonce) {
			t.Error("the flow cookie shows the nonce")
		}
		// A verifier is 43 characters whose SHA-256 is the challenge.
		for i := 0; i+43 <= len(r); i++ {
			sum := sha256.Sum256([]byte(r[i : i+43]))
			if base64.RawURLEncoding.EncodeToString(sum[:]) == challenge {
				t.Fatal("the flow cookie shows the PKCE verifier")
			}
		}
	}
}
