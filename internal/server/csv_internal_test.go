package server

import (
	"encoding/csv"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// TestOverviewCSVHasNoFormula: whatever a calendar or a note says, no cell
// of the follow-up CSV starts with a character a spreadsheet would take
// for a formula.
func TestOverviewCSVHasNoFormula(t *testing.T) {
	hostile := []string{`=HYPERLINK("http://x","klicka")`, "@SUM(A1:A9)", "-2+3", "+1+1", "\t=1+1", "\r=1"}
	p := &app.OverviewPage{}
	for _, h := range hostile {
		p.Units = append(p.Units, app.OverviewUnit{Name: h, Rows: []app.OverviewRow{{ID: h, Title: h, Due: "2026-10-30", StateText: h, Owner: h, How: h, Note: h, DoneAt: h}}})
	}
	rec := httptest.NewRecorder()
	writeOverviewCSV(rec, p)
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\uFEFF")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(hostile)+1 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, row := range rows[1:] {
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("column %d starts a formula: %q", i, cell)
			}
		}
	}
}
