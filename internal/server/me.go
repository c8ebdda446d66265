package server

import (
	"net/http"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// mePage is "Mina aktiviteter" with the forms' csrf token.
type mePage struct {
	*app.MePage
	CSRF string
}

// handleMe shows the signed-in person's own page; it changes nothing.
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	p, err := s.core.Me(r.Context(), s.session(r))
	if err != nil {
		s.editFail(w, r, err)
		return
	}
	s.page(w, "me.html", &mePage{MePage: p, CSRF: s.csrfToken(w, r)}, nil)
}

// handleMeFeed makes the person's own feed (action=make, a new token) or
// ends it (action=revoke), then shows the page again.
func (s *Server) handleMeFeed(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	var err error
	switch r.PostForm.Get("action") {
	case "make":
		err = s.core.MakePersonalFeed(r.Context(), s.session(r))
	case "revoke":
		err = s.core.RevokePersonalFeed(r.Context(), s.session(r))
	default:
		http.Error(w, "okänt val", http.StatusBadRequest)
		return
	}
	if err != nil {
		s.editFail(w, r, err)
		return
	}
	http.Redirect(w, r, s.core.Links().Me(), http.StatusSeeOther)
}
