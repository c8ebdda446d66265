package server

import (
	"net/http"
)

// The cookies, all HttpOnly and SameSite=Lax (a link from a mail or
// another site opens pages signed in; a form posted from another site is
// not). Over https each is Secure and named with the __Host- prefix: a
// browser then takes it only from this host, over https, for the whole
// site, so a neighbour under the same domain cannot plant one of them.
const (
	sessionCookie = "arshjul_session"
	csrfCookie    = "arshjul_csrf" // before sign-in, what the forms' csrf token is bound to
	oidcCookie    = "arshjul_oidc" // the OpenID flow's secrets, sealed, between redirect and callback
)

// cookieName is name as this service's browsers hold it.
func (s *Server) cookieName(name string) string {
	if s.core.Links().Secure() {
		return "__Host-" + name
	}
	return name
}

// cookie is the value of the request's cookie name ("" if none); over
// https only the __Host- one counts.
func (s *Server) cookie(r *http.Request, name string) string {
	c, err := r.Cookie(s.cookieName(name))
	if err != nil {
		return ""
	}
	return c.Value
}

// setCookie sets cookie name; maxAge 0 keeps it for the browser's
// session, a negative one deletes it.
func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	l := s.core.Links()
	c := &http.Cookie{Name: s.cookieName(name), Value: value, Path: l.Prefix(), HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: maxAge}
	if l.Secure() {
		c.Path, c.Secure = "/", true // what __Host- requires
	}
	http.SetCookie(w, c)
}
