package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// handleHistory: /history/UNIT for a signed-in person who may edit the
// unit, /history/UNIT.csv for the admins. Without a session: to sign in.
func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	unit, csv := strings.CutSuffix(r.PathValue("file"), ".csv")
	session := s.session(r)
	p, err := s.core.UnitHistory(r.Context(), session, unit)
	if errors.Is(err, app.ErrSignInNeeded) {
		http.Redirect(w, r, s.core.Links().Login(), http.StatusSeeOther)
		return
	}
	if err == nil && csv && p.CSVURL == "" {
		err = app.ErrForbidden // the spreadsheet is the admins'
	}
	if err != nil || !csv {
		var page *historyPage
		if p != nil {
			page = &historyPage{HistoryPage: p, CSRF: s.csrfToken(w, r), Bar: s.personOf(w, r)}
		}
		s.page(w, "history.html", page, err)
		return
	}
	c := excelCSV(w, "historik-"+unit)
	c.Write([]string{"när", "vad", "vad hände", "vem", "före", "efter"})
	for _, row := range p.Rows {
		c.Write(cells(row.When, row.Subject, oneLine(row.What), row.Who, row.Before, row.After))
	}
	c.Flush()
}

// historyPage is a unit's history with the csrf token its restore forms
// carry and the person's bar.
type historyPage struct {
	*app.HistoryPage
	CSRF string
	Bar  *personBar
}

// handleRestore stores a web item again as it was before one of its
// changes, and opens it.
func (s *Server) handleRestore(w http.ResponseWriter, r *http.Request) {
	if !s.form(w, r) {
		return
	}
	unit := r.PathValue("unit")
	id, err := s.core.RestoreItem(r.Context(), s.session(r), unit, r.PostForm.Get("subject"), r.PostForm.Get("at"))
	if err != nil {
		s.editFail(w, r, err)
		return
	}
	http.Redirect(w, r, s.core.Links().EditItem(unit, id)+"?aterstalld=1", http.StatusSeeOther)
}
