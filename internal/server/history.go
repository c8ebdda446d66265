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
		s.page(w, "history.html", p, err)
		return
	}
	c := excelCSV(w, "historik-"+unit)
	c.Write([]string{"när", "vad", "vad hände", "vem", "före", "efter"})
	for _, row := range p.Rows {
		c.Write(cells(row.When, row.Subject, oneLine(row.What), row.Who, row.Before, row.After))
	}
	c.Flush()
}
