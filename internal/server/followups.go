package server

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/avesta-kommun/arshjul/internal/linksig"
	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// followUps serves the mark-done links of reminder e-mails.
type followUps struct {
	store  *store.Store
	runner *remind.Runner
	once   sync.Once
	key    []byte
	keyErr error
}

// EnableFollowUps turns on the follow-up pages and the reminder part of
// /healthz.
func (s *Server) EnableFollowUps(st *store.Store, r *remind.Runner) {
	s.followUps = &followUps{store: st, runner: r}
}

func (f *followUps) linkKey(ctx context.Context) ([]byte, error) {
	f.once.Do(func() { f.key, f.keyErr = f.store.LinkKey(ctx) })
	return f.key, f.keyErr
}

type followUpPage struct {
	Forbidden                 bool
	ID, Title, Unit, Due, How string
	Owner, DoneAt, Note       string
	State, StateText          string
	Action, Sig               string
	Error, Draft              string
}

const maxNote = 4000

// handleFollowUp shows a follow-up and its form. It changes nothing: mail
// scanners and link previews open every link in a message.
func (s *Server) handleFollowUp(w http.ResponseWriter, r *http.Request) {
	s.followUpPage(w, r, r.URL.Query().Get("sig"), "", "", http.StatusOK)
}

// handleFollowUpDone records the result. The signature comes with the form
// and is checked again; being unguessable and bound to this follow-up, it
// is also what makes the form safe from cross-site posting.
func (s *Server) handleFollowUpDone(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "formuläret kunde inte läsas", http.StatusBadRequest)
		return
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		s.forbidden(w)
		return
	}
	id, sig := r.PathValue("id"), r.PostForm.Get("sig")
	if !s.signed(w, r, id, sig) {
		return
	}
	note := strings.TrimSpace(r.PostForm.Get("note"))
	switch {
	case note == "":
		s.followUpPage(w, r, sig, "Skriv resultatet innan du markerar uppföljningen som klar.", note, http.StatusUnprocessableEntity)
		return
	case utf8.RuneCountInString(note) > maxNote:
		s.followUpPage(w, r, sig, "Resultatet får vara högst 4 000 tecken.", note, http.StatusUnprocessableEntity)
		return
	}
	err := s.followUps.store.MarkFollowUpDone(r.Context(), id, note, s.clock.Now())
	if errors.Is(err, store.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.log.Error("marking a follow-up done failed", "err", err)
		http.Error(w, "det gick inte att spara; försök igen", http.StatusInternalServerError)
		return
	}
	s.log.Info("follow-up marked done", "followup", id, "via", "web")
	if err := s.state.Refresh(r.Context()); err != nil {
		s.log.Error("refresh after marking done failed", "err", err)
	}
	http.Redirect(w, r, r.URL.Path+"?sig="+url.QueryEscape(sig), http.StatusSeeOther)
}

// signed checks the signature, answering 403 when it does not hold.
func (s *Server) signed(w http.ResponseWriter, r *http.Request, id, sig string) bool {
	key, err := s.followUps.linkKey(r.Context())
	if err != nil {
		s.log.Error("link key unavailable", "err", err)
		http.Error(w, "tjänsten kan inte kontrollera länken just nu", http.StatusServiceUnavailable)
		return false
	}
	if err := linksig.Verify(key, id, sig, s.clock.Now()); err != nil {
		s.log.Info("follow-up link refused", "reason", err.Error())
		s.forbidden(w)
		return false
	}
	return true
}

func (s *Server) forbidden(w http.ResponseWriter) {
	s.render(w, http.StatusForbidden, "followup.html", followUpPage{Forbidden: true, Title: "länken fungerar inte"})
}

func (s *Server) followUpPage(w http.ResponseWriter, r *http.Request, sig, problem, draft string, code int) {
	id := r.PathValue("id")
	if !s.signed(w, r, id, sig) {
		return
	}
	fu, err := s.followUps.store.FollowUp(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.log.Error("reading a follow-up failed", "err", err)
		http.Error(w, "det gick inte att läsa uppföljningen", http.StatusInternalServerError)
		return
	}
	cur, ok := s.current(w)
	if !ok {
		return
	}
	loc := cur.Config.Programme.Location
	p := followUpPage{ID: fu.ID, Title: fu.Title, Unit: fu.UnitID, Due: sv.LongDate(fu.Due), How: fu.How,
		Owner: fu.Owner, Note: fu.Note, Action: r.URL.Path, Sig: sig, Error: problem, Draft: draft}
	if u := cur.Config.Unit(fu.UnitID); u != nil {
		p.Unit = u.Name
	}
	p.State = followUpState(fu, wheel.DateOf(s.clock.Now().In(loc)))
	p.StateText = stateLabel(p.State)
	if fu.DoneAt != nil {
		p.DoneAt = sv.Long(fu.DoneAt.In(loc))
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, code, "followup.html", p)
}

// render executes a page into memory first: a template error then gives a
// clean 500 instead of half a page, and the page leaves in a few large
// writes rather than thousands of small ones.
func (s *Server) render(w http.ResponseWriter, code int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("page failed", "page", name, "err", err)
		http.Error(w, "sidan kunde inte visas", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}
