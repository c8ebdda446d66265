package app

import (
	"net/url"
	"strconv"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/report"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// ReportPage is the programme report for the admins (SPEC: Programme
// report): the report, the choices of period and unit, and where the same
// is as CSV.
type ReportPage struct {
	*report.Report
	CSVURL      string
	YearOptions []Option // the whole programme, then each of its years
	UnitOptions []Option // every unit, then each one
	Period      string   // "2027", "2026–2028"
	Subject     string   // the organisation, or the one unit
}

// ProgrammeReport is the report of q over the current state, for those
// already trusted (the command line). An unknown unit or a year outside
// the programme is Invalid, naming what is valid.
func (c *Core) ProgrammeReport(q report.Query) (*report.Report, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	if err := checkReportQuery(&v.Config.Programme, v.Config.Units, q); err != nil {
		return nil, err
	}
	return report.Build(&v.Config.Programme, v.Config.Units, v.Snapshot, q, v.today), nil
}

// Report is the programme report for the admin token, with year= and
// unit= from the query; parameters it does not know are ignored (a link
// through a mail wrapper still works).
func (c *Core) Report(token string, query url.Values) (*ReportPage, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	if !c.isAdmin(token) {
		return nil, ErrNotFound
	}
	cfg := v.Config
	prog := &cfg.Programme
	var q report.Query
	if s := query.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil {
			return nil, invalid("year %q: skriv ett av programmets år, %d–%d, eller inget för hela programmet", s, prog.Starts.Year, prog.ValidUntil.Year)
		}
		q.Year = y
	}
	q.Unit = query.Get("unit")
	if err := checkReportQuery(prog, cfg.Units, q); err != nil {
		return nil, err
	}
	r := report.Build(prog, cfg.Units, v.Snapshot, q, v.today)
	p := &ReportPage{Report: r, CSVURL: v.links.Report(token, true, q.Year, q.Unit),
		Period: strconv.Itoa(q.Year), Subject: prog.Organisation}
	if q.Year == 0 {
		p.Period = strconv.Itoa(prog.Starts.Year) + "–" + strconv.Itoa(prog.ValidUntil.Year)
	}
	p.YearOptions = append(p.YearOptions, Option{Value: "", Label: "Hela programmet (" + strconv.Itoa(prog.Starts.Year) + "–" + strconv.Itoa(prog.ValidUntil.Year) + ")", Selected: q.Year == 0})
	for y := prog.Starts.Year; y <= prog.ValidUntil.Year; y++ {
		p.YearOptions = append(p.YearOptions, Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: q.Year == y})
	}
	p.UnitOptions = append(p.UnitOptions, Option{Value: "", Label: "Alla enheter", Selected: q.Unit == ""})
	for _, u := range cfg.Units {
		p.UnitOptions = append(p.UnitOptions, Option{Value: u.ID, Label: u.Name, Selected: q.Unit == u.ID})
		if q.Unit == u.ID {
			p.Subject = u.Name
		}
	}
	return p, nil
}

func checkReportQuery(p *wheel.Programme, units []wheel.Unit, q report.Query) error {
	if _, _, ok := report.Period(p, q.Year); !ok {
		return invalid("year %d: programmet gäller %d–%d; skriv ett av de åren, eller inget för hela programmet", q.Year, p.Starts.Year, p.ValidUntil.Year)
	}
	if q.Unit == "" {
		return nil
	}
	var ids []string
	for _, u := range units {
		if u.ID == q.Unit {
			return nil
		}
		ids = append(ids, u.ID)
	}
	return invalid("okänd enhet %q; giltiga är %s", q.Unit, diag.OneOf(ids))
}
