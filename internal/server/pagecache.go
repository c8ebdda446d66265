package server

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/httpcache"
)

// rendered is what a page handler makes on a miss.
type rendered struct {
	body        []byte
	ctype       string
	disposition string // "" for none
}

// viewer is who asks for a page, as far as the page may differ: scope
// keys the cache ("public", a signed-in person's rights; "" for a page
// never kept), person is the signed-in person, for the part of the page
// that is theirs alone and never kept.
type viewer struct {
	scope   string
	person  *app.Person
	app     app.Viewer // what the core is given: no one, a URL's token or a session
	private bool       // not for shared caches or the browser's history
}

// anyone is a viewer without a session or token.
var anyone = viewer{scope: "public", app: app.Anyone}

// signedIn is the viewer of a request with a live session, or anyone
// (an ended session sees what anyone sees).
func (s *Server) signedIn(r *http.Request) viewer {
	session := s.session(r)
	if session == "" {
		return anyone
	}
	p, ok, err := s.core.Who(r.Context(), session)
	if err != nil {
		s.log.Warn("session not read; the page is shown as to anyone", "err", err)
	}
	if err != nil || !ok {
		return anyone
	}
	return viewer{scope: "session " + p.Rights(), person: p, app: app.SessionViewer(session), private: true}
}

// servePage answers a page from the cache, rendering it on a miss, under
// the limit on renders at once. The key is everything the page is made
// from: the data's edition (its version and the day), who may see what,
// the path and the canonical query, which the page is made from instead
// of the request's. Refusals (a 404, a bad query, busy) are not kept.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, v viewer, query string, render func() (rendered, error)) {
	ed, ok := s.core.Edition()
	if !ok {
		s.fail(w, app.ErrStarting)
		return
	}
	build := func() (*httpcache.Entry, error) {
		release, err := s.renders.Acquire(r.Context())
		if err != nil {
			return nil, err
		}
		defer release()
		s.renderCount.Inc()
		out, err := render()
		if err != nil {
			return nil, err
		}
		return httpcache.NewEntry(out.body, out.ctype, out.disposition), nil
	}
	var e *httpcache.Entry
	var err error
	if v.scope == "" {
		e, err = build()
	} else {
		e, err = s.cache.Do(fmt.Sprintf("page|%d|%s|%s|%s?%s", ed.Version, ed.Day, v.scope, r.URL.Path, query), build)
	}
	if errors.Is(err, httpcache.ErrBusy) {
		s.busyCount.Inc()
		w.Header().Set("Retry-After", "2")
		http.Error(w, "tjänsten har många förfrågningar just nu; försök igen om en stund", http.StatusServiceUnavailable)
		return
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	h := w.Header()
	h["Vary"] = varyCookie // the same address shows a signed-in person more
	if v.private {
		s.writePersonal(w, r, v.person, e)
		return
	}
	h["Etag"] = e.ETag
	h["Cache-Control"] = publicPage
	if inm := r.Header.Get("If-None-Match"); inm != "" && notModified(inm, "", e.ETag[0], e.LastModified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Type"] = e.Type
	h["Content-Length"] = e.Length
	if e.Disposition != nil {
		h["Content-Disposition"] = e.Disposition
	}
	w.Write(e.Body)
}

// writePersonal sends a kept page to one viewer: the person's own part
// (their name, the sign-out form with their csrf token) is made now for
// them and put where the page holds personSlot, so that a page kept for
// everyone with the same rights never carries one person's name or token
// to another.
func (s *Server) writePersonal(w http.ResponseWriter, r *http.Request, p *app.Person, e *httpcache.Entry) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h["Content-Type"] = e.Type
	if e.Disposition != nil {
		h["Content-Disposition"] = e.Disposition
	}
	before, after, found := bytes.Cut(e.Body, []byte(personSlot))
	if !found || p == nil {
		h["Content-Length"] = e.Length
		w.Write(e.Body)
		return
	}
	var bar bytes.Buffer
	if err := s.pages.ExecuteTemplate(&bar, "personbar", s.personBar(w, r, p)); err != nil {
		s.log.Error("page failed", "page", "personbar", "err", err)
		http.Error(w, "sidan kunde inte visas", http.StatusInternalServerError)
		return
	}
	h.Set("Content-Length", fmt.Sprint(len(before)+bar.Len()+len(after)))
	w.Write(before)
	w.Write(bar.Bytes())
	w.Write(after)
}

// personSlot marks where a page kept in the cache takes the signed-in
// person's own part. Text from the data never holds it: the templates
// escape every '<' they are given.
const personSlot = "<!--arshjul:person-->"

// personBar is the signed-in person's own part of a kept page: who they
// are, sign-out, and on a page of a unit they may edit the ways to change
// it (the item, or the unit's list) and its history.
type personBar struct {
	Name, CSRF     string
	Edit, EditWhat string
	History, Unit  string
	Report         string // for an admin
}

func (s *Server) personBar(w http.ResponseWriter, r *http.Request, p *app.Person) personBar {
	b := personBar{Name: p.Name, CSRF: s.csrfToken(w, r), Report: p.Report}
	unit := r.PathValue("unit")
	if unit == "" {
		unit = r.PathValue("name")
	}
	for _, u := range p.Units {
		if u.ID != unit {
			continue
		}
		b.Unit = u.Name
		b.Edit, b.EditWhat = s.links().Edit(u.ID), "Ändra årshjulet"
		if item := r.PathValue("item"); item != "" {
			b.Edit, b.EditWhat = s.links().EditItem(u.ID, item), "Ändra aktiviteten"
		}
		b.History = s.links().History(u.ID, false)
	}
	return b
}

// slot is what a page's template writes where the person's part goes;
// a page for anyone leaves it an HTML comment.
func slot() template.HTML { return personSlot }

// publicPage lets browsers and caches keep a public page but ask each
// time whether it changed, which a 304 answers.
var (
	publicPage = []string{"public, no-cache"}
	varyCookie = []string{"Cookie"}
)

// execute renders a page template into memory.
func (s *Server) execute(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
