package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/avesta-kommun/arshjul/internal/sv"
)

// instance is one occurrence of a series before overrides: an RDATE with
// VALUE=PERIOD has an end of its own, the others last as long as the
// series' first.
type instance struct {
	start, end time.Time
}

// icsSeries expands a VEVENT's recurrence within the programme as RFC 5545
// 3.8.5 defines it: DTSTART is always the first instance, then the union of
// every RRULE and RDATE, less every EXDATE. rrule.Set does the union and
// the exclusions but takes one rule, so each further RRULE is a set of its
// own with the same EXDATEs, and the sets' instances are merged here. rrule-go panics on some rules a file can
// contain; that becomes a problem too.
func (f *icsReader) icsSeries(c *ical.Component, start, end time.Time, allDay bool, line int) (out []instance, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			f.add(line, "RRULE går inte att räkna ut (%v)", r)
			out, ok = nil, false
		}
	}()
	length := end.Sub(start)
	base := func() *rrule.Set {
		set := &rrule.Set{}
		set.DTStart(start)
		set.RDate(start)
		return set
	}
	sets := []*rrule.Set{base()}
	for i, p := range c.Props.Values(ical.PropRecurrenceRule) {
		opt, err := rrule.StrToROptionInLocation(p.Value, start.Location())
		if err != nil {
			f.add(line, "RRULE %q går inte att läsa: %v", p.Value, err)
			return nil, false
		}
		if opt.Freq == rrule.SECONDLY || opt.Freq == rrule.MINUTELY {
			f.add(line, "RRULE %q upprepas varje sekund eller minut; ett årshjul tar som tätast timvisa upprepningar", p.Value)
			return nil, false
		}
		opt.Dtstart = start
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			f.add(line, "RRULE %q: %v", p.Value, err)
			return nil, false
		}
		if i > 0 {
			sets = append(sets, base())
		}
		sets[len(sets)-1].RRule(r)
	}
	periods := map[time.Time]time.Time{} // RDATE;VALUE=PERIOD: start → its own end
	for _, p := range c.Props.Values(ical.PropRecurrenceDates) {
		for _, v := range strings.Split(p.Value, ",") {
			t, e, ok := f.rdate(p, strings.TrimSpace(v), allDay, line)
			if !ok {
				return nil, false
			}
			if !e.IsZero() {
				periods[t] = e
			}
			sets[0].RDate(t)
		}
	}
	for _, p := range c.Props.Values(ical.PropExceptionDates) {
		for _, v := range strings.Split(p.Value, ",") {
			q := p
			q.Value = strings.TrimSpace(v)
			t, ok := f.icsTime(&q, allDay || len(q.Value) == 8, line, ical.PropExceptionDates)
			if !ok {
				return nil, false
			}
			for _, set := range sets {
				set.ExDate(t)
			}
		}
	}
	from := f.prog.Begins().AddDate(0, 0, -1)
	to := f.prog.Ends().AddDate(0, 0, 1)
	seen := map[time.Time]bool{}
	var starts []time.Time
	steps := 0
	for _, set := range sets {
		next := set.Iterator()
		for t, ok := next(); ok && !t.After(to); t, ok = next() {
			// A dense series that starts decades before the programme would
			// iterate for minutes before reaching it: stop and say so.
			if steps++; steps > maxSteps {
				f.add(line, "RRULE ger över %d tillfällen före programmets slut; låt serien börja närmare %s", maxSteps, f.prog.Starts)
				return nil, false
			}
			if t.Before(from) || seen[t.UTC()] {
				continue
			}
			seen[t.UTC()] = true
			if len(starts) == maxInstances {
				f.add(line, "RRULE ger fler än %s tillfällen inom programmet, gränsen för en aktivitet (varje dag i tre år är 1 096); dela upp serien eller gör den glesare", sv.Number(maxInstances))
				return nil, false
			}
			starts = append(starts, t)
		}
	}
	slices.SortFunc(starts, time.Time.Compare)
	for _, t := range starts {
		e, ok := periods[t]
		if !ok {
			e = t.Add(length)
		}
		out = append(out, instance{t, e})
	}
	return out, true
}

// rdate reads one RDATE value: a date, a date-time, or with VALUE=PERIOD a
// start and an end ("…/…") or a start and a duration ("…/PT2H").
func (f *icsReader) rdate(p ical.Prop, v string, allDay bool, line int) (start, end time.Time, ok bool) {
	s, rest, period := strings.Cut(v, "/")
	q := p
	q.Value = s
	start, ok = f.icsTime(&q, allDay || len(s) == 8, line, ical.PropRecurrenceDates)
	if !ok || !period {
		return start, time.Time{}, ok
	}
	if strings.Contains(rest, "P") {
		q.Value = rest
		q.Name, q.Params = ical.PropDuration, ical.Params{} // read as a DURATION; go-ical checks the value type
		d, err := q.Duration()
		if err != nil || d < 0 {
			f.add(line, "RDATE: perioden %q har ingen giltig längd (t.ex. PT2H)", v)
			return start, end, false
		}
		return start, start.Add(d), true
	}
	q.Value = rest
	end, ok = f.icsTime(&q, false, line, ical.PropRecurrenceDates)
	if ok && end.Before(start) {
		f.add(line, "RDATE: perioden %q slutar innan den börjar", v)
		return start, end, false
	}
	return start, end, ok
}

// maxOwnZones bounds the VTIMEZONEs computed for one file (a few
// milliseconds each): a real export uses one to three, a file made to
// use thousands would cost minutes.
const maxOwnZones = 50

// zone resolves a TZID: an IANA name (in any case, behind any vendor
// prefix), else the file's own VTIMEZONE of that TZID, else a Windows name
// by CLDR's table. The answer is kept for the file's other properties.
func (f *icsReader) zone(tzid string) (*time.Location, bool) {
	if loc, ok := f.zones[tzid]; ok {
		return loc, loc != nil
	}
	loc, ok := ianaLocation(tzid)
	if c := f.vtz[tzid]; !ok && c != nil {
		if f.ownZones++; f.ownZones > maxOwnZones {
			f.zoneErrs[tzid] = fmt.Errorf("filen använder fler än %d egna tidszoner", maxOwnZones)
		} else if l, err := vtimezoneLocation(tzid, c); err != nil {
			f.zoneErrs[tzid] = err
		} else {
			loc, ok = l, true
		}
	}
	if !ok {
		if loc, ok = windowsLocation(tzid); ok {
			delete(f.zoneErrs, tzid)
		}
	}
	f.zones[tzid] = loc
	return loc, ok
}
