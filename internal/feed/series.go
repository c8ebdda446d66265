package feed

import (
	"fmt"
	"time"

	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// IsSeries reports whether an item is written as one recurring event (and
// so shown whole whatever the feed's window) rather than one per occurrence.
func IsSeries(p *wheel.Programme, unitID string, it *wheel.Item) bool {
	_, ok := seriesOf(p, unitID, it, occur.Expand(p, unitID, it))
	return ok
}

// series is an item written as one VEVENT with an RRULE.
type series struct {
	rule    string
	exdates []occur.Occurrence
}

// seriesOf decides whether an item's occurrences can be one recurring event.
// Only the patterns of Microsoft's MS-OXCICAL that Outlook reads are used:
// weekly by weekday; monthly by one day (1–28) or by an nth weekday written
// BYDAY=MO;BYSETPOS=1 (never BYDAY=1MO); yearly by month and day, or by month
// and nth weekday the same way. Everything else (ISO weeks, the 29th–31st,
// 02-29, ranges whose length changes with leap years, imported events) is
// written one event per occurrence, which every client reads alike.
func seriesOf(p *wheel.Programme, unitID string, it *wheel.Item, occs []occur.Occurrence) (series, bool) {
	r := it.Rule
	if r == nil || len(it.Spans) > 0 || len(occs) < 2 || movedOutOfGap(r, occs) {
		return series{}, false
	}
	var rule string
	switch r.Freq {
	case wheel.Weekly:
		rule = "FREQ=WEEKLY;BYDAY=" + dayCode(*r.Weekday)
	case wheel.Monthly:
		switch {
		case r.Weekday != nil:
			rule = fmt.Sprintf("FREQ=MONTHLY;BYDAY=%s;BYSETPOS=%d", dayCode(*r.Weekday), r.Nth)
		case r.Day <= 28:
			rule = fmt.Sprintf("FREQ=MONTHLY;BYMONTHDAY=%d", r.Day)
		default:
			return series{}, false
		}
	case wheel.Yearly:
		switch {
		case r.Week != 0:
			return series{}, false
		case r.Weekday != nil:
			rule = fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%s;BYSETPOS=%d", int(r.Month), dayCode(*r.Weekday), r.Nth)
		case r.Month == time.February && r.Day == 29:
			return series{}, false
		case r.ToMonth != 0 && !sameLength(occs):
			return series{}, false
		default:
			rule = fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYMONTHDAY=%d", int(r.Month), r.Day)
		}
	default:
		return series{}, false
	}
	first, last := occs[0], occs[len(occs)-1]
	// UNTIL takes DTSTART's form (RFC 5545 3.3.10): a DATE for all-day
	// events, UTC for times with a TZID. It is the last start, exactly.
	if first.AllDay {
		rule += ";UNTIL=" + last.Date.In(time.UTC).Format("20060102")
	} else {
		rule += ";UNTIL=" + last.Start.UTC().Format("20060102T150405Z")
	}
	return series{rule: rule, exdates: exceptions(p, unitID, it, occs)}, true
}

// movedOutOfGap reports whether some occurrence is not at the rule's wall
// time because that time does not exist on its day (Sunday 02:30 on the
// last Sunday of March): the service puts it after the gap, as RFC 5545
// reads such a time, but the parsers do not agree on that (ical.js moves
// it back, libical forward, and a DTSTART in the gap put every instance
// of the series an hour late). Such an item is written one event per
// occurrence, each at the time the service has.
func movedOutOfGap(r *wheel.Rule, occs []occur.Occurrence) bool {
	if r.Time == nil {
		return false
	}
	for _, o := range occs {
		if o.Start.Hour() != r.Time.Hour || o.Start.Minute() != r.Time.Minute {
			return true
		}
	}
	return false
}

// exceptions are the rule's instances between the first and the last that
// the item skips (`except:`), to be written as EXDATE.
func exceptions(p *wheel.Programme, unitID string, it *wheel.Item, occs []occur.Occurrence) []occur.Occurrence {
	if len(it.Rule.Exceptions) == 0 {
		return nil
	}
	bare := *it
	rule := *it.Rule
	rule.Exceptions = nil
	bare.Rule = &rule
	kept := make(map[wheel.Date]bool, len(occs))
	for _, o := range occs {
		kept[o.Date] = true
	}
	first, last := occs[0].Start, occs[len(occs)-1].Start
	var out []occur.Occurrence
	for _, o := range occur.Expand(p, unitID, &bare) {
		if !kept[o.Date] && o.Start.After(first) && o.Start.Before(last) {
			out = append(out, o)
		}
	}
	return out
}

// sameLength reports whether every occurrence spans as many days.
func sameLength(occs []occur.Occurrence) bool {
	n := occs[0].Date.DaysUntil(occs[0].LastDay)
	for _, o := range occs[1:] {
		if o.Date.DaysUntil(o.LastDay) != n {
			return false
		}
	}
	return true
}
