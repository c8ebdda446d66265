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
	c := excelCSV(w, "uppfoljningar-"+p.Today.String())
	c.Write([]string{"verksamhet", "id", "uppföljning", "skulle vara klar", "status", "ansvarig", "hur", "resultat", "klar"})
	for _, u := range p.Units {
		for _, row := range u.Rows {
			c.Write(cells(u.Name, row.ID, row.Title, row.Due, row.StateText, row.Owner, row.How, oneLine(row.Note), row.DoneAt))
		}
	}
	c.Flush()
}

// excelCSV starts a CSV download named name.csv as Swedish Excel opens
// it: UTF-8 with BOM, semicolons, CRLF; never cached (tokens and notes).
func excelCSV(w http.ResponseWriter, name string) *csv.Writer {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	w.Write([]byte("\uFEFF"))
	c := csv.NewWriter(w)
	c.Comma, c.UseCRLF = ';', true
	return c
}

// oneLine keeps a note on one spreadsheet row.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cells keeps Excel (and LibreOffice) from taking any cell for a formula:
// every cell that starts with = + - @, a tab or a carriage return (a
// title "=HYPERLINK(…)", a method "@SUM(…)", a unit's name, a note) gets
// an apostrophe before it, which the spreadsheet shows as text.
func cells(v ...string) []string {
	for i, s := range v {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			v[i] = "'" + s
		}
	}
	return v
}
