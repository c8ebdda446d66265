package server

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/report"
)

// writeReportCSV gives the programme report for Excel as the overview is
// given (semicolons, UTF-8 with BOM, CRLF, no cell a formula), one section
// per table with an empty row between. The coverage comes first, its
// header row "målgrupp" and the focus areas (SPEC); each later section's
// first heading says what it is.
func writeReportCSV(w http.ResponseWriter, p *app.ReportPage) {
	name := "programrapport-" + strings.ReplaceAll(p.Period, "–", "-")
	if p.Query.Unit != "" {
		name += "-" + p.Query.Unit
	}
	c := excelCSV(w, name)
	t := &p.Total
	focus := func(first string) []string {
		row := []string{first}
		for _, f := range p.Focus {
			row = append(row, f.Name)
		}
		return row
	}
	c.Write(cells(focus("målgrupp")...))
	for _, r := range t.Coverage {
		row := []string{r.Audience.Name}
		for _, cell := range r.Cells {
			row = append(row, strconv.Itoa(cell.Items))
		}
		c.Write(cells(row...))
	}
	blank(c)
	c.Write([]string{"aktiviteter under perioden", "varav utan målgrupp"})
	c.Write([]string{strconv.Itoa(t.Items), strconv.Itoa(t.NoAudience)})
	blank(c)
	c.Write(cells(focus("kanaler per målgrupp")...))
	for _, r := range t.Coverage {
		row := []string{r.Audience.Name}
		for _, cell := range r.Cells {
			row = append(row, strings.Join(cell.Channels, ", "))
		}
		c.Write(cells(row...))
	}
	blank(c)
	c.Write([]string{"uppföljningar per fokusområde", "med uppföljning", "klara i tid", "klara sent", "försenade", "inte förfallna", "med resultat", "ej aktuella"})
	for _, r := range append(t.FollowUps, t.All) {
		c.Write(cells(r.Focus.Name, strconv.Itoa(r.Subjects), strconv.Itoa(r.OnTime), strconv.Itoa(r.Late), strconv.Itoa(r.Overdue), strconv.Itoa(r.Pending), strconv.Itoa(r.Noted), strconv.Itoa(r.Skipped)))
	}
	blank(c)
	c.Write([]string{"enhet", "aktiviteter", "målgrupper som nås", "uppföljningar", "klara i tid", "klara sent", "försenade", "planer", "planer med obesvarade frågor"})
	for _, u := range p.Units {
		c.Write(cells(u.Name, strconv.Itoa(u.Items), strconv.Itoa(u.Reached()), strconv.Itoa(u.All.Due()), strconv.Itoa(u.All.OnTime), strconv.Itoa(u.All.Late),
			strconv.Itoa(u.All.Overdue), strconv.Itoa(u.Plans), strconv.Itoa(len(u.Open))))
	}
	blank(c)
	c.Write([]string{"resultat", "enhet", "fokusområde", "skulle vara klar", "klar", "anteckning"})
	for _, r := range t.Results {
		c.Write(cells(r.Title, r.Unit, r.Focus, r.Due.String(), r.Done.String(), oneLine(r.Note)))
	}
	blank(c)
	c.Write([]string{"plan med obesvarade frågor", "enhet", "frågor"})
	for _, g := range t.Open {
		c.Write(cells(g.Title, g.Unit, questions(g)))
	}
	c.Flush()
}

// blank ends a section: an empty row, which Excel shows as one.
func blank(c *csv.Writer) { c.Write([]string{""}) }

func questions(g report.PlanGap) string {
	var qs []string
	for _, q := range g.Questions {
		qs = append(qs, strconv.Itoa(q.N)+". "+q.Words)
	}
	return strings.Join(qs, "; ")
}
