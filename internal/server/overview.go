package server

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

type overviewRow struct {
	ID, Title, Href, Due, State, StateText, Owner, How, Note, DoneAt string
}

type overviewUnit struct {
	ID, Name            string
	Done, Open, Overdue int
	Rows                []overviewRow
}

type overviewPage struct {
	Programme *wheel.Programme
	Today     wheel.Date
	CSVURL    string
	Units     []overviewUnit
}

// handleOverview shows every follow-up per unit for the admin token: done,
// open and overdue, for the programme's evaluation; .csv gives the same
// for Excel (semicolons, UTF-8 with BOM, CRLF: what Swedish Excel opens).
func (s *Server) handleOverview(w http.ResponseWriter, r *http.Request) {
	cur, ok := s.current(w)
	if !ok {
		return
	}
	token := r.PathValue("token")
	file := r.PathValue("file")
	if !equalToken(token, s.state.Tokens()[store.AdminScope]) || (file != "followups" && file != "followups.csv") {
		s.notFound(w)
		return
	}
	cfg := cur.Config
	loc := cfg.Programme.Location
	today := wheel.DateOf(s.clock.Now().In(loc))
	p := overviewPage{Programme: &cfg.Programme, Today: today, CSVURL: "/admin/" + url.PathEscape(token) + "/followups.csv"}
	for _, u := range cfg.Units {
		ou := overviewUnit{ID: u.ID, Name: u.Name}
		for _, fu := range cur.Snapshot.FollowUps[u.ID] {
			st := followUpState(fu, today)
			switch st {
			case "done":
				ou.Done++
			case "overdue":
				ou.Overdue++
			default:
				ou.Open++
			}
			row := overviewRow{ID: fu.ID, Title: fu.Title, Due: fu.Due.String(), State: st, StateText: stateWords[st],
				Owner: fu.Owner, How: fu.How, Note: fu.Note,
				Href: "/wheel/" + url.PathEscape(token) + "/" + url.PathEscape(u.ID) + "/item/" + url.PathEscape(fu.ItemID) + "#uppfoljning"}
			if fu.DoneAt != nil {
				row.DoneAt = fu.DoneAt.In(loc).Format(time.DateOnly)
			}
			ou.Rows = append(ou.Rows, row)
		}
		p.Units = append(p.Units, ou)
	}
	w.Header().Set("Cache-Control", "no-store")
	if file == "followups" {
		s.render(w, http.StatusOK, "overview.html", p)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="uppfoljningar-`+today.String()+`.csv"`)
	w.Write([]byte("\uFEFF"))
	c := csv.NewWriter(w)
	c.Comma, c.UseCRLF = ';', true
	c.Write([]string{"verksamhet", "id", "uppföljning", "skulle vara klar", "status", "ansvarig", "hur", "resultat", "klar"})
	for _, u := range p.Units {
		for _, row := range u.Rows {
			c.Write([]string{u.Name, row.ID, row.Title, row.Due, row.StateText, row.Owner, row.How, oneLine(row.Note), row.DoneAt})
		}
	}
	c.Flush()
}

// oneLine keeps a note on one spreadsheet row, and keeps Excel from
// taking a note that starts with = + - or @ for a formula.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		s = "'" + s
	}
	return s
}
