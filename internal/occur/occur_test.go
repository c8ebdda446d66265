package occur_test

import (
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

var stockholm, _ = time.LoadLocation("Europe/Stockholm")

var prog = &wheel.Programme{
	Starts: wheel.Date{Year: 2026, Month: 3, Day: 23}, ValidUntil: wheel.Date{Year: 2028, Month: 12, Day: 31},
	Location: stockholm,
}

func wd(d time.Weekday) *time.Weekday { return &d }

func days(occs []occur.Occurrence) string {
	var s []string
	for _, o := range occs {
		if o.Date == o.LastDay {
			s = append(s, o.Date.String())
		} else {
			s = append(s, o.Date.String()+".."+o.LastDay.String())
		}
	}
	return strings.Join(s, " ")
}

func TestRules(t *testing.T) {
	cases := []struct {
		name string
		rule wheel.Rule
		want string
	}{
		{"date, first year after the start", wheel.Rule{Freq: wheel.Yearly, Month: 3, Day: 20}, "2027-03-20 2028-03-20"},
		{"leap day only in leap years", wheel.Rule{Freq: wheel.Yearly, Month: 2, Day: 29}, "2028-02-29"},
		{"ISO week 53 only in 2026", wheel.Rule{Freq: wheel.Yearly, Week: 53}, "2026-12-28..2027-01-01"},
		{"ISO week 1 starts in the old year", wheel.Rule{Freq: wheel.Yearly, Week: 1}, "2027-01-04..2027-01-08 2028-01-03..2028-01-07"},
		{"range over New Year", wheel.Rule{Freq: wheel.Yearly, Month: 12, Day: 20, ToMonth: 1, ToDay: 6}, "2026-12-20..2027-01-06 2027-12-20..2028-01-06"},
		{"last Thursday of March", wheel.Rule{Freq: wheel.Yearly, Month: 3, Weekday: wd(time.Thursday), Nth: -1}, "2026-03-26 2027-03-25 2028-03-30"},
		{"fourth Monday of November", wheel.Rule{Freq: wheel.Yearly, Month: 11, Weekday: wd(time.Monday), Nth: 4}, "2026-11-23 2027-11-22 2028-11-27"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.rule
			got := days(occur.Expand(prog, "u", &wheel.Item{ID: "i", Rule: &r}))
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestMonthlyDay31FallsOnTheLastDay(t *testing.T) {
	occs := occur.Expand(prog, "u", &wheel.Item{ID: "i", Rule: &wheel.Rule{Freq: wheel.Monthly, Day: 31}})
	got := days(occs)
	for _, want := range []string{"2026-04-30", "2027-02-28", "2028-02-29", "2028-12-31"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
	if len(occs) != 34 { // 2026-03-31 … 2028-12-31
		t.Errorf("want 34 months, got %d", len(occs))
	}
}

// TestWeeklyAcrossDST: 09:00 stays 09:00 on the wall clock on both sides of
// each switch, so its UTC time moves by an hour.
func TestWeeklyAcrossDST(t *testing.T) {
	r := &wheel.Rule{Freq: wheel.Weekly, Weekday: wd(time.Sunday), Time: &wheel.Clock{Hour: 9}, Duration: time.Hour}
	occs := occur.Expand(prog, "u", &wheel.Item{ID: "i", Rule: r})
	byDay := map[string]occur.Occurrence{}
	for _, o := range occs {
		byDay[o.Date.String()] = o
	}
	for day, wantUTC := range map[string]string{
		"2026-03-29": "07:00", "2026-10-25": "08:00", "2027-03-28": "07:00",
		"2027-10-31": "08:00", "2028-03-26": "07:00", "2028-10-29": "08:00",
	} {
		o, ok := byDay[day]
		if !ok {
			t.Fatalf("no occurrence on %s", day)
		}
		if got := o.Start.UTC().Format("15:04"); got != wantUTC || o.Start.Format("15:04") != "09:00" || o.End.Sub(o.Start) != time.Hour {
			t.Errorf("%s: %s UTC (local %s), want %s UTC", day, got, o.Start.Format("15:04"), wantUTC)
		}
	}
}

func TestValidityBounds(t *testing.T) {
	occs := occur.Expand(prog, "u", &wheel.Item{ID: "i", Rule: &wheel.Rule{Freq: wheel.Monthly, Day: 1}})
	if first, last := occs[0].Date.String(), occs[len(occs)-1].Date.String(); first != "2026-04-01" || last != "2028-12-01" {
		t.Errorf("first %s last %s", first, last)
	}
	// A span that starts inside but ends after valid_until is not scheduled.
	occs = occur.Expand(prog, "u", &wheel.Item{ID: "i", Rule: &wheel.Rule{Freq: wheel.Yearly, Month: 12, Day: 30, ToMonth: 1, ToDay: 2}})
	if got := days(occs); got != "2026-12-30..2027-01-02 2027-12-30..2028-01-02" {
		t.Errorf("got %s", got)
	}
}

func TestStableIDs(t *testing.T) {
	it := &wheel.Item{ID: "enkat", Rule: &wheel.Rule{Freq: wheel.Yearly, Week: 41}}
	a := occur.Expand(prog, "hr", it)
	it.Title = "Ny rubrik"
	b := occur.Expand(prog, "hr", it)
	if a[0].ID != "hr/enkat/2026-10-05" || a[0].ID != b[0].ID {
		t.Errorf("ids %s %s", a[0].ID, b[0].ID)
	}
}

func TestFollowUps(t *testing.T) {
	it := &wheel.Item{ID: "enkat", Title: "Enkät", Owner: "a@example.se", Rule: &wheel.Rule{Freq: wheel.Yearly, Week: 41},
		FollowUp: &wheel.FollowUp{After: 21, How: "Svarsfrekvens"}}
	occs := occur.Expand(prog, "hr", it)
	fus := occur.ItemFollowUps(prog, "hr", it, occs)
	if len(fus) != 3 || fus[0].ID != "hr/enkat/2026-10-05" || fus[0].Due.String() != "2026-10-30" || fus[0].Owner != "a@example.se" {
		t.Fatalf("got %+v", fus)
	}
	// A deadline past the programme is brought back to its last day.
	late := &wheel.Item{ID: "x", Spans: []wheel.Span{{AllDay: true, From: wheel.Date{Year: 2028, Month: 12, Day: 20}, To: wheel.Date{Year: 2028, Month: 12, Day: 20}}},
		FollowUp: &wheel.FollowUp{After: 30}}
	if f := occur.ItemFollowUps(prog, "u", late, occur.Expand(prog, "u", late)); f[0].Due.String() != "2028-12-31" {
		t.Errorf("due %s", f[0].Due)
	}
}
