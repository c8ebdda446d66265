package report_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/report"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/testenv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

var stockholm, _ = time.LoadLocation("Europe/Stockholm")

// fixture loads testdata (two units made for these tests) with four
// follow-ups done (testenv.MarkReportFollowUpsDone).
func fixture(t *testing.T) (*testenv.Example, *snapshot.Snapshot, wheel.Date) {
	t.Helper()
	ex := testenv.LoadDir(t, "testdata", time.Date(2026, 3, 23, 8, 0, 0, 0, stockholm))
	testenv.MarkReportFollowUpsDone(t, ex.Store)
	return ex, ex.Snapshot(t), wheel.Date{Year: 2027, Month: time.December, Day: 1}
}

// grid is a part's coverage as "audience key: n n n n | channels per cell".
func grid(p *report.Part) map[string]string {
	out := map[string]string{}
	for _, r := range p.Coverage {
		var n, ch []string
		for _, c := range r.Cells {
			n = append(n, itoa(c.Items))
			ch = append(ch, strings.Join(c.Channels, "+"))
		}
		out[r.Audience.Key] = strings.Join(n, " ") + " | " + strings.Join(ch, ",")
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

func fuRows(p *report.Part) map[string][6]int {
	out := map[string][6]int{}
	for _, r := range append(p.FollowUps, p.All) {
		out[r.Focus.Name] = [6]int{r.Subjects, r.OnTime, r.Late, r.Overdue, r.Pending, r.Noted}
	}
	return out
}

func same[K comparable, V comparable](t *testing.T, what string, got, want map[K]V) {
	t.Helper()
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%s %v: got %v, want %v", what, k, g, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", what, len(got), len(want))
	}
}

// TestYear2027: every cell, every channel list and every
// follow-up tally of 2027 for the whole organisation, counted by hand
// from testdata. Columns: planering, varumärke, förtroende, utan.
func TestYear2027(t *testing.T) {
	ex, snap, today := fixture(t)
	r := report.Build(&ex.Config.Programme, ex.Config.Units, snap, report.Query{Year: 2027}, today)
	if r.From.String() != "2027-01-01" || r.To.String() != "2027-12-31" {
		t.Errorf("period %s – %s", r.From, r.To)
	}
	tot := &r.Total
	// a2, a3 (its 2027 occurrence), a4, the plan's invitation, b1; not a1
	// and b2 (2026) nor a5 (2028).
	if tot.Items != 5 || tot.NoAudience != 0 {
		t.Errorf("items %d (without audience %d), want 5 (0)", tot.Items, tot.NoAudience)
	}
	same(t, "2027 coverage", grid(tot), map[string]string{
		"medarbetare":    "0 1 0 0 | ,Webbplatsen+Sociala medier,,",
		"kommuninvanare": "0 0 1 0 | ,,Webbplatsen,",
		"naringsliv":     "0 1 0 0 | ,E-post,,",
		"etableringar":   "0 0 0 0 | ,,,",
		"bristyrken":     "0 0 0 0 | ,,,",
		"inflyttare":     "0 2 0 0 | ,Webbplatsen+Sociala medier,,",
		"besokare":       "0 1 0 1 | ,Sociala medier,,Press", // b1 names besökare twice: one item
		"samverkan":      "0 0 0 0 | ,,,",
	})
	if got := strings.Join(tot.Unreached(), ", "); got != "Strategiska företagsetableringar, Medarbetare inom bristyrken, Samverkansorganisationer och andra myndigheter" {
		t.Errorf("unreached: %s", got)
	}
	// subjects, on time, late, overdue, pending, with a result
	same(t, "2027 follow-ups", fuRows(tot), map[string][6]int{
		"Kommunikationsplanering": {0, 0, 0, 0, 0, 0},
		"Varumärke":               {2, 0, 1, 1, 0, 1}, // a2 late, b1 overdue
		"Förtroendeskapande kommunikation och demokrati": {1, 0, 0, 1, 0, 0}, // a3's of 2027 overdue
		report.Without: {0, 0, 0, 0, 0, 0},
		"alla":         {3, 0, 1, 2, 0, 1},
	})
	if len(tot.Results) != 1 || tot.Results[0].Note != "Räckvidd 12 000" || !tot.Results[0].Late() || tot.Results[0].Done.String() != "2027-04-01" {
		t.Errorf("results %+v", tot.Results)
	}
	if tot.Plans != 1 || len(tot.Open) != 1 || tot.Open[0].ID != "p1" || len(tot.Open[0].Questions) != 2 ||
		tot.Open[0].Questions[0].N != 2 || tot.Open[0].Questions[1].N != 7 {
		t.Errorf("plans %d, open %+v; want p1 without answers to 2 and 7", tot.Plans, tot.Open)
	}
	if len(r.Units) != 2 || r.Units[0].Items != 4 || r.Units[1].Items != 1 {
		t.Errorf("per unit: %d units, items %d and %d; want 4 and 1", len(r.Units), r.Units[0].Items, r.Units[1].Items)
	}
}

// TestWholeProgramme: the same over 2026–2028, the leap day's
// meeting (no audience) counted apart, and one unit alone.
func TestWholeProgramme(t *testing.T) {
	ex, snap, today := fixture(t)
	r := report.Build(&ex.Config.Programme, ex.Config.Units, snap, report.Query{}, today)
	if r.From.String() != "2026-03-23" || r.To.String() != "2028-12-31" {
		t.Errorf("period %s – %s", r.From, r.To)
	}
	tot := &r.Total
	if tot.Items != 8 || tot.NoAudience != 1 {
		t.Errorf("items %d (without audience %d), want 8 (1)", tot.Items, tot.NoAudience)
	}
	same(t, "whole coverage", grid(tot), map[string]string{
		"medarbetare":    "1 1 1 0 | Intranätet Visentnet,Webbplatsen+Sociala medier,Webbplatsen+Möten,",
		"kommuninvanare": "0 0 2 0 | ,,Webbplatsen+Möten,",
		"naringsliv":     "0 1 0 0 | ,E-post,,",
		"etableringar":   "0 0 0 0 | ,,,",
		"bristyrken":     "0 0 0 0 | ,,,",
		"inflyttare":     "0 2 0 0 | ,Webbplatsen+Sociala medier,,",
		"besokare":       "0 1 0 1 | ,Sociala medier,,Press",
		"samverkan":      "0 0 0 0 | ,,,",
	})
	same(t, "whole follow-ups", fuRows(tot), map[string][6]int{
		"Kommunikationsplanering": {1, 1, 0, 0, 0, 1},
		"Varumärke":               {2, 0, 1, 1, 0, 1},
		"Förtroendeskapande kommunikation och demokrati": {2, 2, 0, 1, 1, 1}, // a3: 2026 on time, 2027 overdue, 2028 to come; b2 on its day
		report.Without: {0, 0, 0, 0, 0, 0},
		"alla":         {5, 3, 1, 2, 1, 3},
	})
	var notes []string
	for _, res := range tot.Results {
		notes = append(notes, res.Due.String()+" "+res.Note)
	}
	if got := strings.Join(notes, " / "); got != "2026-05-17 Läst av 80 % av cheferna / 2026-11-16 =SUMMA(A1) besökare; mötet var fullt / 2027-03-15 Räckvidd 12 000" {
		t.Errorf("results: %s", got)
	}

	one := report.Build(&ex.Config.Programme, ex.Config.Units, snap, report.Query{Unit: "kultur"}, today)
	if len(one.Units) != 1 || one.Total.Items != 2 || one.Total.Plans != 0 {
		t.Fatalf("kultur alone: %d units, %d items, %d plans", len(one.Units), one.Total.Items, one.Total.Plans)
	}
	same(t, "kultur follow-ups", fuRows(&one.Total), map[string][6]int{
		"Kommunikationsplanering": {0, 0, 0, 0, 0, 0},
		"Varumärke":               {1, 0, 0, 1, 0, 0},
		"Förtroendeskapande kommunikation och demokrati": {1, 1, 0, 0, 0, 1},
		report.Without: {0, 0, 0, 0, 0, 0},
		"alla":         {2, 1, 0, 1, 0, 1},
	})
}

// TestPeriod: a year is cut to the programme; a year outside it is not one.
func TestPeriod(t *testing.T) {
	ex, _, _ := fixture(t)
	p := &ex.Config.Programme
	for year, want := range map[int]string{2026: "2026-03-23 2026-12-31", 2028: "2028-01-01 2028-12-31", 0: "2026-03-23 2028-12-31"} {
		from, to, ok := report.Period(p, year)
		if got := from.String() + " " + to.String(); !ok || got != want {
			t.Errorf("%d: %s %t, want %s", year, got, ok, want)
		}
	}
	for _, y := range []int{2025, 2029} {
		if _, _, ok := report.Period(p, y); ok {
			t.Errorf("%d is a year of the programme", y)
		}
	}
}
