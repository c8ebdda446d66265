package server

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// The cookies. The session's is HttpOnly and SameSite=Lax (a link from a
// mail or another site opens pages signed in; a form posted from another
// site is not); both are Secure when the base URL is https.
const (
	sessionCookie = "arshjul_session"
	csrfCookie    = "arshjul_csrf"
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
func (s *Server) handleLoginPost(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	if err := s.core.RequestSignIn(r.Context(), r.PostForm.Get("email")); err != nil {
		s.fail(w, err)
		return
	}
	s.loginPage(w, http.StatusOK, "login.html", &LoginPage{CSRF: s.csrfToken(w, r), Sent: true})
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
	l := s.core.Links()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: session, Path: l.Prefix(), HttpOnly: true, Secure: l.Secure(),
		SameSite: http.SameSiteLaxMode, MaxAge: int(store.SessionMaxAge / time.Second)})
	http.Redirect(w, r, l.Login(), http.StatusSeeOther)
}

// handleLogout ends the session on the server, not only in the browser.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.core.SignOut(r.Context(), c.Value); err != nil {
			s.fail(w, err)
			return
		}
	}
	l := s.core.Links()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: l.Prefix(), HttpOnly: true, Secure: l.Secure(), SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, l.Login(), http.StatusSeeOther)
}

func (s *Server) loginPage(w http.ResponseWriter, code int, name string, p *LoginPage) {
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, code, name, p)
}

// who is the person the request's session cookie is signed in as.
func (s *Server) who(r *http.Request) (*app.Person, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, false
	}
	p, ok, err := s.core.Who(r.Context(), c.Value)
	if err != nil {
		s.log.Error("session lookup failed", "err", err)
		return nil, false
	}
	return p, ok
}

// form reads a posted form and checks that it came from a page of the
// service: its csrf field must equal the csrf cookie that page set (a
// site elsewhere can make a browser post, but cannot read or set the
// cookie), and the browser must not say it came from another site.
func (s *Server) form(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "formuläret kunde inte läsas", http.StatusBadRequest)
		return false
	}
	return s.csrfHolds(w, r)
}

// csrfHolds checks the parsed form's csrf field against the cookie, and
// that a browser says it came from this site; a refusal is answered.
func (s *Server) csrfHolds(w http.ResponseWriter, r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	given := r.PostForm.Get("csrf")
	site := r.Header.Get("Sec-Fetch-Site")
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(given)) != 1 ||
		(site != "" && site != "same-origin" && site != "none") {
		s.loginPage(w, http.StatusForbidden, "loginlink.html", &LoginPage{CSRF: s.csrfToken(w, r), Failed: true,
			Error: "Formuläret kom inte från årshjulets egen sida, eller är för gammalt. Ladda om sidan och försök igen."})
		return false
	}
	return true
}

// csrfToken is the request's csrf cookie, set now if it has none.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	b := make([]byte, 24)
	rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	l := s.core.Links()
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: l.Prefix(), HttpOnly: true, Secure: l.Secure(), SameSite: http.SameSiteLaxMode})
	return tok
}

// oidcCookie holds the OpenID flow's state, nonce and PKCE verifier,
// sealed, between the redirect to the provider and its callback.
const oidcCookie = "arshjul_oidc"

// handleOIDC sends the browser to the OpenID provider.
func (s *Server) handleOIDC(w http.ResponseWriter, r *http.Request) {
	to, sealed, err := s.core.OIDCStart(r.Context())
	if errors.Is(err, app.ErrNoOIDC) {
		s.notFound(w)
		return
	}
	if err != nil {
		s.log.Error("OpenID sign-in could not start", "err", err)
		s.loginPage(w, http.StatusServiceUnavailable, "loginlink.html", &LoginPage{CSRF: s.csrfToken(w, r), Failed: true,
			Error: "Inloggningstjänsten svarar inte just nu. Försök igen om en stund, eller logga in med en länk via e-post."})
		return
	}
	l := s.core.Links()
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: sealed, Path: l.Prefix(), HttpOnly: true, Secure: l.Secure(),
		SameSite: http.SameSiteLaxMode, MaxAge: 600})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, to, http.StatusFound)
}

// handleOIDCCallback is where the provider sends the browser back.
func (s *Server) handleOIDCCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	c, err := r.Cookie(oidcCookie)
	if err != nil || q.Get("code") == "" {
		s.loginPage(w, http.StatusForbidden, "loginlink.html", &LoginPage{CSRF: s.csrfToken(w, r), Failed: true,
			Error: "Inloggningen avbröts eller tog för lång tid. Försök igen."})
		return
	}
	session, err := s.core.OIDCFinish(r.Context(), q.Get("code"), q.Get("state"), c.Value)
	l := s.core.Links()
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: l.Prefix(), HttpOnly: true, Secure: l.Secure(), SameSite: http.SameSiteLaxMode, MaxAge: -1})
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
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: session, Path: l.Prefix(), HttpOnly: true, Secure: l.Secure(),
		SameSite: http.SameSiteLaxMode, MaxAge: int(store.SessionMaxAge / time.Second)})
	http.Redirect(w, r, l.Login(), http.StatusSeeOther)
}
