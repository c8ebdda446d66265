// Package schedule answers the calendar questions reminders ask of a cron
// expression in the programme's time zone: when is the next run, which run
// was the last, and on which run does a reminder due on a given day go out.
// The daemon's own timing loop asks it too, so that what a pass considers
// due and when passes happen can never disagree.
package schedule

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// lookBack bounds the search for a previous run: a yearly expression
// ("0 7 1 1 *") has one a year.
const lookBack = 400 * 24 * time.Hour

// Schedule is one named cron expression in a time zone.
type Schedule struct {
	Name string
	Expr string
	loc  *time.Location
	cron cron.Schedule
	// working, when set, says which days runs happen on: a run that falls
	// on another day is made on the next working day at its time.
	working func(wheel.Date) bool
}

// OnWorkingDays is s with its runs on working days only: one that falls
// on another day is made on the next working day, at its time.
func (s *Schedule) OnWorkingDays(working func(wheel.Date) bool) *Schedule {
	c := *s
	c.working = working
	return &c
}

// Parse reads a five-field cron expression.
func Parse(name, expr string, loc *time.Location) (*Schedule, error) {
	c, err := parser.Parse(expr)
	if err != nil {
		return nil, fmt.Errorf("schedule %s %q: %w", name, expr, err)
	}
	return &Schedule{Name: name, Expr: expr, loc: loc, cron: c}, nil
}

// Next is the first run strictly after t.
func (s *Schedule) Next(t time.Time) time.Time {
	if s.working == nil {
		return s.cron.Next(t.In(s.loc))
	}
	// A run moved from a holiday may come from before t, but only from the
	// days nobody works just before t's day (or around it): start there,
	// and stop once the expression's own runs pass the best found (a run is
	// never moved earlier).
	d := wheel.DateOf(t.In(s.loc))
	for n := 0; n < 30 && !s.working(d.AddDays(-1)); n++ {
		d = d.AddDays(-1)
	}
	from := d.In(s.loc).Add(-time.Nanosecond)
	if from.After(t) {
		from = t
	}
	var best time.Time
	for r := s.cron.Next(from); !r.IsZero(); r = s.cron.Next(r) {
		if !best.IsZero() && r.After(best) {
			break
		}
		if e := s.moved(r); e.After(t) && (best.IsZero() || e.Before(best)) {
			best = e
		}
	}
	return best
}

// moved is run r on the first working day from its own, at its time.
func (s *Schedule) moved(r time.Time) time.Time {
	d := wheel.DateOf(r)
	if s.working(d) {
		return r
	}
	for n := 0; n < 30 && !s.working(d); n++ {
		d = d.AddDays(1)
	}
	return time.Date(d.Year, d.Month, d.Day, r.Hour(), r.Minute(), r.Second(), 0, s.loc)
}

// Prev is the last run at or before t; ok is false when there is none in
// the 400 days before.
func (s *Schedule) Prev(t time.Time) (time.Time, bool) {
	for span := 24 * time.Hour; ; span *= 2 {
		if span > lookBack {
			span = lookBack
		}
		var last time.Time
		for r := s.Next(t.Add(-span)); !r.IsZero() && !r.After(t); r = s.Next(r) {
			last = r
		}
		if !last.IsZero() {
			return last, true
		}
		if span == lookBack {
			return time.Time{}, false
		}
	}
}

// SendRun is the run that carries a reminder falling due on day, for an
// occurrence starting at start: the day's first run, or when the day has
// none (a weekend for a weekday schedule) or it would come too late, the
// last run before. A reminder never goes out once its occurrence has
// started, so runs at or after start do not count. ok is false when no run
// qualifies.
func (s *Schedule) SendRun(day wheel.Date, start time.Time) (time.Time, bool) {
	dayStart := day.In(s.loc)
	if r := s.Next(dayStart.Add(-time.Nanosecond)); !r.IsZero() && r.Before(day.AddDays(1).In(s.loc)) && r.Before(start) {
		return r, true
	}
	limit := dayStart
	if start.Before(limit) {
		limit = start
	}
	r, ok := s.Prev(limit.Add(-time.Nanosecond))
	return r, ok
}

// MaxGap is the longest wait between two runs in the year after t: how far
// before its due day a reminder may have to go out.
func (s *Schedule) MaxGap(t time.Time) time.Duration {
	var gap time.Duration
	prev := s.Next(t)
	end := t.AddDate(1, 0, 0)
	for n := 0; prev.Before(end) && n < 20000; n++ {
		r := s.Next(prev)
		if r.IsZero() {
			break
		}
		if d := r.Sub(prev); d > gap {
			gap = d
		}
		prev = r
	}
	if gap == 0 {
		gap = lookBack
	}
	return gap
}
