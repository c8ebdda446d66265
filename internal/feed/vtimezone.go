package feed

import (
	"fmt"
	"sync"
	"time"

	"github.com/emersion/go-ical"
)

// transition is one change of UTC offset in a year.
type transition struct {
	wall     time.Time // local wall time just before it, as DTSTART wants
	from, to int       // offsets in seconds
	name     string    // abbreviation after the change (CET, CEST)
	daylight bool
	month    time.Month
	weekday  time.Weekday
	nth      int // 1–4, or -1 for the last such weekday of the month
}

// vtimezone describes loc for the years from..to, which is what every
// client needs to place TZID times (go-ical writes none of its own). When
// every year follows the same "nth weekday of month" pattern, as European
// zones have since 1996, it is written with yearly RRULEs, the form Outlook
// reads best; otherwise each transition is listed on its own.
func vtimezone(loc *time.Location, from, to int) *ical.Component {
	// Every feed and every e-mailed .ics needs the same few: scanning a
	// zone's transitions costs more than encoding a small feed.
	key := fmt.Sprintf("%s %d %d", loc, from, to)
	if c, ok := vtimezones.Load(key); ok {
		return c.(*ical.Component)
	}
	c, _ := vtimezones.LoadOrStore(key, makeVTimezone(loc, from, to))
	return c.(*ical.Component)
}

// vtimezones caches built VTIMEZONEs; they are never modified once built.
var vtimezones sync.Map

func makeVTimezone(loc *time.Location, from, to int) *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, loc.String())
	pattern := transitionsIn(loc, from)
	regular := len(pattern) > 0
	var all []transition
	for y := from; y <= to; y++ {
		ts := transitionsIn(loc, y)
		all = append(all, ts...)
		if !samePattern(pattern, ts) {
			regular = false
		}
	}
	switch {
	case len(all) == 0:
		t := time.Date(from, 1, 1, 0, 0, 0, 0, loc)
		name, off := t.Zone()
		tz.Children = append(tz.Children, observance(ical.CompTimezoneStandard, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), off, off, name, ""))
	case regular:
		for _, t := range pattern {
			start := firstMatch(1970, t)
			rule := fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", int(t.month), t.nth, dayCode(t.weekday))
			tz.Children = append(tz.Children, observance(kind(t), start, t.from, t.to, t.name, rule))
		}
	default:
		for _, t := range all {
			tz.Children = append(tz.Children, observance(kind(t), t.wall, t.from, t.to, t.name, ""))
		}
	}
	return tz
}

func kind(t transition) string {
	if t.daylight {
		return ical.CompTimezoneDaylight
	}
	return ical.CompTimezoneStandard
}

func observance(name string, start time.Time, from, to int, abbr, rule string) *ical.Component {
	c := ical.NewComponent(name)
	c.Props.Set(&ical.Prop{Name: ical.PropDateTimeStart, Params: ical.Params{}, Value: start.Format("20060102T150405")})
	c.Props.Set(&ical.Prop{Name: ical.PropTimezoneOffsetFrom, Params: ical.Params{}, Value: offset(from)})
	c.Props.Set(&ical.Prop{Name: ical.PropTimezoneOffsetTo, Params: ical.Params{}, Value: offset(to)})
	if abbr != "" && abbr[0] != '+' && abbr[0] != '-' {
		c.Props.SetText(ical.PropTimezoneName, abbr)
	}
	if rule != "" {
		c.Props.Set(&ical.Prop{Name: ical.PropRecurrenceRule, Params: ical.Params{}, Value: rule})
	}
	return c
}

func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec/60%60)
}

// transitionsIn lists the offset changes of loc during year y. It looks
// for a change of offset from day to day and then bisects to the second,
// rather than trusting time.ZoneBounds, which past 2037 (where zones follow
// a rule rather than a table) reports boundaries where nothing changes.
func transitionsIn(loc *time.Location, y int) []transition {
	var out []transition
	day := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	_, prev := day.In(loc).Zone()
	end := day.AddDate(1, 0, 0) // Jan 1 next year: a change on Dec 31 shows there
	for d := day.AddDate(0, 0, 1); !d.After(end); d = d.AddDate(0, 0, 1) {
		_, off := d.In(loc).Zone()
		if off == prev {
			continue
		}
		lo, hi := d.AddDate(0, 0, -1), d // the change is in (lo, hi]
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2)
			if _, o := mid.In(loc).Zone(); o == prev {
				lo = mid
			} else {
				hi = mid
			}
		}
		if hi.Year() == y {
			out = append(out, makeTransition(hi, loc, prev, off))
		}
		prev = off
	}
	return out
}

func makeTransition(at time.Time, loc *time.Location, fromOff, toOff int) transition {
	w := at.In(time.FixedZone("", fromOff)) // the instant on the old clock
	wall := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, time.UTC)
	name, _ := at.In(loc).Zone()
	return transition{
		wall: wall, from: fromOff, to: toOff, name: name, daylight: at.In(loc).IsDST(),
		month: wall.Month(), weekday: wall.Weekday(), nth: nthOf(wall),
	}
}

// nthOf is the weekday's position in its month, -1 when it is the last.
func nthOf(t time.Time) int {
	if t.AddDate(0, 0, 7).Month() != t.Month() {
		return -1
	}
	return (t.Day()-1)/7 + 1
}

func samePattern(a, b []transition) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.from != y.from || x.to != y.to || x.month != y.month || x.weekday != y.weekday || x.nth != y.nth ||
			x.wall.Hour() != y.wall.Hour() || x.wall.Minute() != y.wall.Minute() {
			return false
		}
	}
	return true
}

// firstMatch is the pattern's date in year y, at the transition's wall time.
func firstMatch(y int, t transition) time.Time {
	d := time.Date(y, t.month, 1, t.wall.Hour(), t.wall.Minute(), t.wall.Second(), 0, time.UTC)
	if t.nth < 0 {
		d = time.Date(y, t.month+1, 0, d.Hour(), d.Minute(), d.Second(), 0, time.UTC)
		for d.Weekday() != t.weekday {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	for d.Weekday() != t.weekday {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(t.nth-1))
}

var dayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

func dayCode(wd time.Weekday) string { return dayCodes[wd] }
