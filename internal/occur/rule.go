package occur

import (
	"slices"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// expandRule lists a rule's instances over the years the programme touches;
// Expand then keeps those inside the validity.
func expandRule(p *wheel.Programme, r *wheel.Rule) []Occurrence {
	var days []span
	first, last := p.Starts.Year-1, p.ValidUntil.Year+1
	switch r.Freq {
	case wheel.Yearly:
		for y := first; y <= last; y++ {
			if s, ok := yearlySpan(r, y); ok {
				days = append(days, s)
			}
		}
	case wheel.Monthly:
		for y := first; y <= last; y++ {
			for m := time.January; m <= time.December; m++ {
				if d, ok := monthlyDay(r, y, m); ok {
					days = append(days, span{d, d})
				}
			}
		}
	case wheel.Weekly:
		d := p.Starts
		for d.Weekday() != *r.Weekday {
			d = d.AddDays(1)
		}
		for ; !d.After(p.ValidUntil); d = d.AddDays(7) {
			days = append(days, span{d, d})
		}
	}
	out := make([]Occurrence, 0, len(days))
	for _, s := range days {
		if slices.Contains(r.Exceptions, s.from) || (r.First != nil && s.from.Before(*r.First)) || (r.Last != nil && s.from.After(*r.Last)) {
			continue
		}
		if r.Time != nil {
			out = append(out, timed(p.Location, s.from, *r.Time, r.Duration))
		} else {
			out = append(out, allDay(p.Location, s.from, s.to, ""))
		}
	}
	return out
}

type span struct{ from, to wheel.Date }

func yearlySpan(r *wheel.Rule, y int) (span, bool) {
	switch {
	case r.Week > 0:
		mon, ok := ISOWeekMonday(y, r.Week)
		return span{mon, mon.AddDays(4)}, ok
	case r.Weekday != nil:
		d, ok := NthWeekday(y, r.Month, *r.Weekday, r.Nth)
		return span{d, d}, ok
	case r.ToMonth != 0:
		from, ok1 := exact(y, r.Month, r.Day)
		toYear := y
		if r.ToMonth < r.Month || (r.ToMonth == r.Month && r.ToDay < r.Day) {
			toYear++ // a range over New Year
		}
		to, ok2 := exact(toYear, r.ToMonth, r.ToDay)
		return span{from, to}, ok1 && ok2
	}
	d, ok := exact(y, r.Month, r.Day)
	return span{d, d}, ok
}

func monthlyDay(r *wheel.Rule, y int, m time.Month) (wheel.Date, bool) {
	if r.Weekday != nil {
		return NthWeekday(y, m, *r.Weekday, r.Nth)
	}
	// Day 29–31 in a shorter month falls on its last day, as Outlook and
	// people reading "the 31st of every month" expect.
	return wheel.Date{Year: y, Month: m, Day: min(r.Day, DaysIn(y, m))}, true
}

// exact is the date y-m-d if it exists (02-29 exists only in leap years).
func exact(y int, m time.Month, d int) (wheel.Date, bool) {
	return wheel.Date{Year: y, Month: m, Day: d}, d <= DaysIn(y, m)
}

// DaysIn is the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// NthWeekday is the nth (1–4, or -1 for the last) weekday wd of month m.
func NthWeekday(y int, m time.Month, wd time.Weekday, nth int) (wheel.Date, bool) {
	if nth < 0 {
		last := wheel.Date{Year: y, Month: m, Day: DaysIn(y, m)}
		for last.Weekday() != wd {
			last = last.AddDays(-1)
		}
		return last, true
	}
	d := wheel.Date{Year: y, Month: m, Day: 1}
	for d.Weekday() != wd {
		d = d.AddDays(1)
	}
	d = d.AddDays(7 * (nth - 1))
	return d, d.Month == m
}

// ISOWeekMonday is the Monday of ISO week w of ISO year y; false when the
// year has no such week (week 53 exists only in some years, 2026 among them).
func ISOWeekMonday(y, w int) (wheel.Date, bool) {
	jan4 := wheel.Date{Year: y, Month: time.January, Day: 4}
	week1 := jan4.AddDays(-((int(jan4.Weekday()) + 6) % 7))
	mon := week1.AddDays(7 * (w - 1))
	iy, iw := mon.In(time.UTC).ISOWeek()
	return mon, iy == y && iw == w
}
