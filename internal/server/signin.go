package server

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// LoginPage is the sign-in page: the form, the answer to it, or who is
// signed in.
type LoginPage struct {
	CSRF   string
	OIDC   bool // the organisation's provider is offered
	Sent   bool // the form was sent: the same answer for every address
	Person *app.Person
	Link   string // the e-mailed link's token, on its button page
	Failed bool   // the link did not sign in
	Error  string
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	p := &LoginPage{CSRF: s.csrfToken(w, r), OIDC: s.core.OIDCConfigured()}
	p.Person, _ = s.who(r)
	s.loginPage(w, http.StatusOK, "login.html", p)
}

// handleLoginPost sends a link, or not, and answers the same either way.
// The answer is sent before the address is even looked at, and the link is
// made after it (the core queues the request): how long the answer takes
// tells nothing about who works here.
func (s *Server) handleLoginPost(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	if _, loaded := s.core.Edition(); !loaded {
		s.fail(w, app.ErrStarting)
		return
	}
	s.loginPage(w, http.StatusOK, "login.html", &LoginPage{CSRF: s.csrfToken(w, r), Sent: true})
	http.NewResponseController(w).Flush()
	if err := s.core.RequestSignIn(r.Context(), r.PostForm.Get("email")); err != nil {
		s.log.Error("sign-in link not asked for", "err", err)
	}
}

// handleLoginLink is the e-mailed link: a page with a button. Opening it
// changes nothing (mail scanners open every link they see).
func (s *Server) handleLoginLink(w http.ResponseWriter, r *http.Request) {
	s.loginPage(w, http.StatusOK, "loginlink.html", &LoginPage{CSRF: s.csrfToken(w, r), Link: r.URL.Query().Get("t")})
}

// handleLoginLinkPost spends the link and sets the session cookie.
func (s *Server) handleLoginLinkPost(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	session, err := s.core.SignIn(r.Context(), r.PostForm.Get("t"))
	if errors.Is(err, app.ErrSignIn) {
		s.loginPage(w, http.StatusForbidden, "loginlink.html", &LoginPage{CSRF: s.csrfToken(w, r), Failed: true})
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	s.setCookie(w, sessionCookie, session, int(store.SessionMaxAge/time.Second))
	http.Redirect(w, r, s.core.Links().Login(), http.StatusSeeOther)
}

// handleLogout ends the session on the server, not only in the browser.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	if session := s.cookie(r, sessionCookie); session != "" {
		if err := s.core.SignOut(r.Context(), session); err != nil {
			s.fail(w, err)
			return
		}
	}
	s.setCookie(w, sessionCookie, "", -1)
	http.Redirect(w, r, s.core.Links().Login(), http.StatusSeeOther)
}

func (s *Server) loginPage(w http.ResponseWriter, code int, name string, p *LoginPage) {
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, code, name, p)
}

// who is the person the request's session cookie is signed in as.
func (s *Server) who(r *http.Request) (*app.Person, bool) {
	session := s.cookie(r, sessionCookie)
	if session == "" {
		return nil, false
	}
	p, ok, err := s.core.Who(r.Context(), session)
	if err != nil {
		s.log.Error("session lookup failed", "err", err)
		return nil, false
	}
	return p, ok
}

// form reads a posted form and checks that it came from a page of the
// service (csrfHolds).
func (s *Server) form(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "formuläret kunde inte läsas", http.StatusBadRequest)
		return false
	}
	return s.csrfHolds(w, r)
}

// csrfHolds checks the parsed form's csrf field: it must be the token of
// what this browser is bound to (csrfBinding); a refusal is answered.
func (s *Server) csrfHolds(w http.ResponseWriter, r *http.Request) bool {
	b := s.csrfBinding(r)
	if b == "" || !s.formTokenHolds(r.Context(), b, r.PostForm.Get("csrf")) {
		s.refuseForm(w, r)
		return false
	}
	return true
}

func (s *Server) refuseForm(w http.ResponseWriter, r *http.Request) {
	s.loginPage(w, http.StatusForbidden, "loginlink.html", &LoginPage{CSRF: s.csrfToken(w, r), Failed: true,
		Error: "Formuläret kom inte från årshjulets egen sida, eller är för gammalt. Ladda om sidan och försök igen."})
}

// csrfBinding is what the request's forms are bound to: its session once
// signed in, before that its pre-session cookie; "" when it has neither.
func (s *Server) csrfBinding(r *http.Request) string {
	if v := s.cookie(r, sessionCookie); v != "" {
		return "session\x00" + v
	}
	if v := s.cookie(r, csrfCookie); len(v) >= 32 {
		return "browser\x00" + v
	}
	return ""
}

// csrfToken is the csrf field of the forms on the page answering r; a
// browser with neither session nor pre-session cookie is given the
// latter now.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	b := s.csrfBinding(r)
	if b == "" {
		v := make([]byte, 24)
		rand.Read(v)
		pre := base64.RawURLEncoding.EncodeToString(v)
		s.setCookie(w, csrfCookie, pre, 0)
		b = "browser\x00" + pre
	}
	tok, err := s.formToken(r.Context(), b)
	if err != nil {
		s.log.Error("csrf token not made; the page's forms will be refused", "err", err)
	}
	return tok
}

// sameOrigin refuses a state-changing request a browser says came from
// another site (http.CrossOriginProtection: Sec-Fetch-Site, else Origin
// against Host), or whose Origin is the base URL's even when a proxy
// changed Host. Clients that send neither header, as curl, pass: the csrf
// token still binds their forms.
func (s *Server) sameOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := cop.Check(r); err != nil && r.Header.Get("Origin") != s.core.Links().Abs("") {
			s.refuseForm(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// handleOIDC sends the browser to the OpenID provider.
func (s *Server) handleOIDC(w http.ResponseWriter, r *http.Request) {
	to, flow, err := s.core.OIDCStart(r.Context())
	if errors.Is(err, app.ErrNoOIDC) {
		s.notFound(w)
		return
	}
	var sealed string
	if err == nil {
		sealed, err = s.sealFlow(r.Context(), flow)
	}
	if err != nil {
		s.log.Error("OpenID sign-in could not start", "err", err)
		s.loginPage(w, http.StatusServiceUnavailable, "loginlink.html", &LoginPage{CSRF: s.csrfToken(w, r), Failed: true,
			Error: "Inloggningstjänsten svarar inte just nu. Försök igen om en stund, eller logga in med en länk via e-post."})
		return
	}
	s.setCookie(w, oidcCookie, sealed, 600)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, to, http.StatusFound)
}

// handleOIDCCallback is where the provider sends the browser back.
func (s *Server) handleOIDCCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	flow, ok := s.unsealFlow(r.Context(), s.cookie(r, oidcCookie))
	if !ok || q.Get("code") == "" {
		s.loginPage(w, http.StatusForbidden, "loginlink.html", &LoginPage{CSRF: s.csrfToken(w, r), Failed: true,
			Error: "Inloggningen avbröts eller tog för lång tid. Försök igen."})
		return
	}
	session, err := s.core.OIDCFinish(r.Context(), q.Get("code"), q.Get("state"), flow)
	s.setCookie(w, oidcCookie, "", -1)
	if errors.Is(err, app.ErrUnverified) {
		s.loginPage(w, http.StatusForbidden, "loginlink.html", &LoginPage{CSRF: s.csrfToken(w, r), Failed: true,
			Error: "Inloggningen godtogs inte: inloggningstjänsten har inte bekräftat att e-postadressen är din. Be din IT-avdelning att bekräfta adressen i kontot, eller logga in med en länk via e-post."})
		return
	}
	if errors.Is(err, app.ErrSignIn) {
		s.loginPage(w, http.StatusForbidden, "loginlink.html", &LoginPage{CSRF: s.csrfToken(w, r), Failed: true,
			Error: "Inloggningen godtogs inte: kontot hör inte till organisationen eller saknas i årshjulets inställningar. Hör av dig till din kommunikatör."})
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	s.setCookie(w, sessionCookie, session, int(store.SessionMaxAge/time.Second))
	http.Redirect(w, r, s.core.Links().Login(), http.StatusSeeOther)
}
