package server

import (
	"errors"
	"net/http"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// handleFollowUp shows a follow-up and its form. It changes nothing: mail
// scanners and link previews open every link in a message.
func (s *Server) handleFollowUp(w http.ResponseWriter, r *http.Request) {
	sig := r.URL.Query().Get("sig")
	if sig == "" { // a signed-in editor, from the item page
		p, err := s.core.FollowUpSignedIn(r.Context(), r.PathValue("id"), s.session(r))
		if err != nil {
			s.editFail(w, r, err)
			return
		}
		p.CSRF = s.csrfToken(w, r)
		s.page(w, "followup.html", p, nil)
		return
	}
	p, err := s.core.FollowUp(r.Context(), r.PathValue("id"), sig)
	s.page(w, "followup.html", p, err)
}

// handleFollowUpDoneSignedIn records a result from a signed-in editor's
// form, which carries a csrf token instead of a signature.
func (s *Server) handleFollowUpDoneSignedIn(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	id, cl := r.PathValue("id"), closing(r)
	err := s.core.CloseFollowUpsSignedIn(r.Context(), id, s.session(r), cl)
	var inv *app.Invalid
	if errors.As(err, &inv) {
		p, perr := s.core.FollowUpSignedIn(r.Context(), id, s.session(r))
		if perr != nil {
			s.editFail(w, r, perr)
			return
		}
		p.Error, p.Draft, p.Skip, p.CSRF = inv.Msg, cl.Note, cl.Skip, s.csrfToken(w, r)
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, http.StatusUnprocessableEntity, "followup.html", p)
		return
	}
	if err != nil {
		s.editFail(w, r, err)
		return
	}
	http.Redirect(w, r, s.core.Links().FollowUp(id, ""), http.StatusSeeOther)
}

// handleFollowUpDone records the result. The signature comes with the form
// and is checked again; being unguessable and bound to this follow-up, it
// is also what makes the form safe from cross-site posting, together with
// the browser's own word on where the form came from.
func (s *Server) handleFollowUpDone(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "formuläret kunde inte läsas", http.StatusBadRequest)
		return
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		s.fail(w, app.ErrForbidden)
		return
	}
	id, sig, cl := r.PathValue("id"), r.PostForm.Get("sig"), closing(r)
	if sig == "" && r.PostForm.Get("csrf") != "" {
		s.handleFollowUpDoneSignedIn(w, r)
		return
	}
	err := s.core.CloseFollowUps(r.Context(), id, sig, cl)
	var inv *app.Invalid
	if errors.As(err, &inv) {
		// The form again, with what to correct and what was written.
		p, perr := s.core.FollowUp(r.Context(), id, sig)
		if perr != nil {
			s.fail(w, perr)
			return
		}
		p.Error, p.Draft, p.Skip = inv.Msg, cl.Note, cl.Skip
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, http.StatusUnprocessableEntity, "followup.html", p)
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	http.Redirect(w, r, s.core.Links().FollowUp(id, sig), http.StatusSeeOther)
}

// closing reads a follow-up form: the note, the item's other follow-ups
// ticked (also) and which button was pressed (action: done or skip).
func closing(r *http.Request) app.Closing {
	return app.Closing{Note: r.PostForm.Get("note"), Also: r.PostForm["also"], Skip: r.PostForm.Get("action") == "skip"}
}
