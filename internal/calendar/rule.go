package calendar

import (
	"fmt"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// rule reads yearly:, monthly: or weekly: into a rule, or reports why not.
func (f *fileCtx) rule(freq wheel.Frequency, r *rawRule) *wheel.Rule {
	before := f.probs.Len()
	out := &wheel.Rule{Freq: freq}
	at := func(key string) int { return lineOr(r.Lines[key], r.Line) }
	switch freq {
	case wheel.Yearly:
		f.yearly(r, out, at)
	case wheel.Monthly:
		f.monthly(r, out, at)
	case wheel.Weekly:
		if r.Weekday == "" {
			f.add(r.Line, "weekly: ange weekday (mon–sun), t.ex. {weekday: tue, time: \"09:00\", duration: 1h}")
		}
		if r.Date != "" || r.From != "" || r.Week != 0 || r.Day != 0 || r.Month != 0 || r.Nth != 0 {
			f.add(r.Line, "weekly: tar bara weekday, time, duration, first och last")
		}
	}
	if r.Weekday != "" {
		wd, err := wheel.ParseWeekday(r.Weekday)
		if err != nil {
			f.add(at("weekday"), "%v", err)
		}
		out.Weekday = &wd
	}
	multiDay := r.Week != 0 || r.From != ""
	switch {
	case r.Time != "" && multiDay:
		f.add(at("time"), "time går inte ihop med en flerdagarsperiod (week, from/to); de är heldag")
	case r.Time != "":
		c, err := wheel.ParseClock(r.Time)
		if err != nil {
			f.add(at("time"), "%v", err)
		}
		out.Time = &c
		out.Duration = time.Hour
		if r.Duration != "" {
			d, err := wheel.ParseDuration(r.Duration)
			if err != nil {
				f.add(at("duration"), "%v", err)
			}
			out.Duration = d
		}
	case r.Duration != "":
		f.add(at("duration"), "duration kräver time (t.ex. time: \"09:00\")")
	}
	f.bounds(r, out, at)
	if f.probs.Len() != before {
		return nil
	}
	return out
}

// bounds reads the series' first and last day.
func (f *fileCtx) bounds(r *rawRule, out *wheel.Rule, at func(string) int) {
	for _, b := range []struct {
		s    string
		key  string
		name string
		to   **wheel.Date
	}{{r.First, "first", "första gången", &out.First}, {r.Last, "last", "sista gången", &out.Last}} {
		if b.s == "" {
			continue
		}
		d, err := wheel.ParseDate(strings.TrimSpace(b.s))
		if err != nil {
			f.add(at(b.key), "%s: %v", b.name, err)
			continue
		}
		*b.to = &d
	}
	if out.First != nil && out.Last != nil && out.Last.Before(*out.First) {
		f.add(at("last"), "sista gången (%s) ligger före första gången (%s)", out.Last, out.First)
	}
}

func (f *fileCtx) yearly(r *rawRule, out *wheel.Rule, at func(string) int) {
	shapes := 0
	for _, set := range []bool{r.Date != "", r.From != "" || r.To != "", r.Week != 0, r.Weekday != "" || r.Nth != 0} {
		if set {
			shapes++
		}
	}
	if shapes != 1 || r.Day != 0 {
		f.add(r.Line, "yearly: ange precis ett av date: \"MM-DD\", from/to: \"MM-DD\", week: 1–53 eller month + weekday + nth")
		return
	}
	switch {
	case r.Date != "":
		out.Month, out.Day = f.monthDay(r.Date, at("date"), "date")
	case r.Week != 0:
		if r.Week < 1 || r.Week > 53 {
			f.add(at("week"), "week %d finns inte; ISO-veckor är 1–53 (vecka 53 finns bara vissa år, t.ex. 2026)", r.Week)
		}
		out.Week = r.Week
	case r.From != "":
		if r.To == "" {
			f.add(at("from"), "yearly: from kräver to (\"MM-DD\", sista dagen)")
			return
		}
		out.Month, out.Day = f.monthDay(r.From, at("from"), "from")
		out.ToMonth, out.ToDay = f.monthDay(r.To, at("to"), "to")
		if (out.Month == 2 && out.Day == 29) || (out.ToMonth == 2 && out.ToDay == 29) {
			f.add(at("from"), "yearly: en period kan inte börja eller sluta 02-29, som bara finns vart fjärde år")
		}
	default:
		if r.Month < 1 || r.Month > 12 {
			f.add(lineOr(at("month"), r.Line), "yearly: month ska vara 1–12 när weekday och nth anges")
		}
		out.Month = time.Month(r.Month)
		out.Nth = f.nth(r.Nth, at("nth"))
	}
}

func (f *fileCtx) monthly(r *rawRule, out *wheel.Rule, at func(string) int) {
	switch {
	case r.Day != 0 && r.Weekday == "" && r.Nth == 0:
		if r.Day < 1 || r.Day > 31 {
			f.add(at("day"), "monthly: dagen i månaden ska vara 1–31 (29–31 blir månadens sista dag i kortare månader)")
		}
		out.Day = r.Day
	case r.Day == 0 && r.Weekday != "":
		out.Nth = f.nth(r.Nth, at("nth"))
	default:
		f.add(r.Line, "monthly: ange antingen day: 1–31 eller weekday + nth, t.ex. {weekday: mon, nth: 1}")
	}
	if r.Date != "" || r.From != "" || r.Week != 0 || r.Month != 0 {
		f.add(r.Line, "monthly: tar bara day, eller weekday och nth, och time/duration och first/last")
	}
}

func (f *fileCtx) nth(n, line int) int {
	if n == -1 || (n >= 1 && n <= 4) {
		return n
	}
	f.add(line, "nth %d: ange 1–4 (första–fjärde) eller -1 (sista)", n)
	return 0
}

// monthDay reads "MM-DD" and checks the day exists in some year.
func (f *fileCtx) monthDay(s string, line int, what string) (time.Month, int) {
	var m, d int
	if _, err := fmt.Sscanf(s, "%2d-%2d", &m, &d); err != nil || len(s) != 5 || m < 1 || m > 12 || d < 1 || d > daysInMonthLeap[m-1] {
		f.add(line, "%s %q är ingen dag på året; skriv \"MM-DD\" inom citattecken, t.ex. \"10-05\"", what, s)
		return 0, 0
	}
	return time.Month(m), d
}

var daysInMonthLeap = [12]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
