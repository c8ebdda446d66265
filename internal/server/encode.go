package server

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/app"
)

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// writeOverviewCSV gives the overview for Excel: semicolons, UTF-8 with
// BOM, CRLF, what Swedish Excel opens as it is.
func writeOverviewCSV(w http.ResponseWriter, p *app.OverviewPage) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="uppfoljningar-`+p.Today.String()+`.csv"`)
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
