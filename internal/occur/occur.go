// Package occur turns wheel items into dated occurrences and follow-up
// deadlines, in the programme's time zone and inside its validity. It is the
// one source of "when": feeds, the store and reminders all ask it.
package occur

import (
	"fmt"
	"sort"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Occurrence is one dated instance of an item.
type Occurrence struct {
	ID      string // UNIT/ITEM/YYYY-MM-DD, stable while item id and date are
	UnitID  string
	ItemID  string
	Title   string
	AllDay  bool
	Date    wheel.Date // first day, local
	LastDay wheel.Date // last day, local, inclusive
	Start   time.Time  // in the programme's location
	End     time.Time  // exclusive
}

// Expand lists the occurrences of item within the programme's validity, in
// start order. An occurrence counts only when it lies wholly inside
// [starts, valid_until]: nothing is scheduled before or after the programme.
func Expand(p *wheel.Programme, unitID string, it *wheel.Item) []Occurrence {
	var out []Occurrence
	add := func(o Occurrence) {
		if o.Date.Before(p.Starts) || o.LastDay.After(p.ValidUntil) {
			return
		}
		o.UnitID, o.ItemID = unitID, it.ID
		if o.Title == "" {
			o.Title = it.Title
		}
		out = append(out, o)
	}
	if it.Rule != nil {
		for _, o := range expandRule(p, it.Rule) {
			add(o)
		}
	}
	for _, s := range it.Spans {
		add(fromSpan(p.Location, s))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	assignIDs(out)
	return out
}

// assignIDs gives each occurrence its UNIT/ITEM/DATE id; two on one day (an
// imported ICS series can do that) get the start time appended to the later.
func assignIDs(occs []Occurrence) {
	seen := make(map[string]bool, len(occs))
	for i := range occs {
		o := &occs[i]
		id := o.UnitID + "/" + o.ItemID + "/" + o.Date.String()
		if seen[id] {
			id += o.Start.Format("T1504")
		}
		seen[id] = true
		o.ID = id
	}
}

func fromSpan(loc *time.Location, s wheel.Span) Occurrence {
	if s.AllDay {
		return allDay(loc, s.From, s.To, s.Title)
	}
	start, end := s.Start.In(loc), s.End.In(loc)
	last := wheel.DateOf(start)
	if end.After(start) {
		last = wheel.DateOf(end.Add(-time.Nanosecond))
	}
	return Occurrence{Title: s.Title, Date: wheel.DateOf(start), LastDay: last, Start: start, End: end}
}

func allDay(loc *time.Location, from, to wheel.Date, title string) Occurrence {
	return Occurrence{
		Title: title, AllDay: true, Date: from, LastDay: to,
		Start: from.In(loc), End: to.AddDays(1).In(loc),
	}
}

// timed places a rule's wall-clock time on day d. A time that does not exist
// on a spring-forward day moves forward by the gap, as RFC 5545 asks.
func timed(loc *time.Location, d wheel.Date, c wheel.Clock, dur time.Duration) Occurrence {
	start := time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, loc)
	end := start.Add(dur)
	return Occurrence{
		Date: d, LastDay: wheel.DateOf(end.Add(-time.Nanosecond)), Start: start, End: end,
	}
}

// String is for test failures and logs.
func (o Occurrence) String() string {
	if o.AllDay {
		return fmt.Sprintf("%s %s–%s", o.ID, o.Date, o.LastDay)
	}
	return fmt.Sprintf("%s %s–%s", o.ID, o.Start.Format(time.RFC3339), o.End.Format(time.RFC3339))
}
