package calendar

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// maxInstances bounds one imported series inside the programme: an hourly
// RRULE over three years is a mistake, not a plan.
const maxInstances = MaxPerItem

// maxSteps bounds the instances walked to reach the programme at all.
const maxSteps = 100_000

// icsEvent is a VEVENT with the line it starts on.
type icsEvent struct {
	comp *ical.Component
	line int
}

func (f *fileCtx) loadICS(data []byte, cal *wheel.Calendar) {
	data = decodeText(data)
	shape, ok := f.scanICS(data)
	if !ok {
		return
	}
	parsed, err := decodeICS(data)
	if err != nil {
		f.add(1, "ICS-filen går inte att läsa: %v", err)
		return
	}
	var events []icsEvent
	for _, c := range parsed.Children {
		if c.Name == ical.CompEvent {
			line := 0
			if len(events) < len(shape.eventLines) {
				line = shape.eventLines[len(events)]
			}
			events = append(events, icsEvent{c, line})
		}
	}
	masters := map[string]icsEvent{}
	overrides := map[string][]icsEvent{}
	var order []string
	for _, ev := range events {
		uid := propText(ev.comp, ical.PropUID)
		if uid == "" {
			f.add(ev.line, "VEVENT saknar UID; varje händelse behöver ett UID för att kunna uppdateras")
			continue
		}
		if ev.comp.Props.Get(ical.PropRecurrenceID) != nil {
			overrides[uid] = append(overrides[uid], ev)
			continue
		}
		if first, dup := masters[uid]; dup {
			f.add(ev.line, "UID %q finns redan på rad %d", uid, first.line)
			continue
		}
		masters[uid] = ev
		order = append(order, uid)
	}
	for uid, ovs := range overrides {
		if _, ok := masters[uid]; !ok { // a lone moved instance: import it as it is
			masters[uid] = ovs[0]
			order = append(order, uid)
			overrides[uid] = ovs[1:]
		}
	}
	for _, uid := range order {
		if f.budget.over {
			return // said once; expanding the rest would only cost time
		}
		if it, ok := f.icsItem(uid, masters[uid], overrides[uid]); ok && f.admit(&it, masters[uid].line) {
			cal.Items = append(cal.Items, it)
		}
	}
}

// decodeICS runs go-ical's decoder, turning its panics on malformed input
// into errors: one bad file must not take the daemon down.
func decodeICS(data []byte) (cal *ical.Calendar, err error) {
	defer func() {
		if r := recover(); r != nil {
			cal, err = nil, fmt.Errorf("ogiltig ICS: %v", r)
		}
	}()
	return ical.NewDecoder(bytes.NewReader(data)).Decode()
}

func (f *fileCtx) icsItem(uid string, master icsEvent, ovs []icsEvent) (wheel.Item, bool) {
	before := f.probs.Len()
	c := master.comp
	if strings.EqualFold(propText(c, ical.PropStatus), "CANCELLED") {
		return wheel.Item{}, false
	}
	it := wheel.Item{ID: icsID(uid), UID: uid, Source: "ics", Title: propText(c, ical.PropSummary),
		Description: propText(c, ical.PropDescription), Location: strings.TrimSpace(propText(c, ical.PropLocation)), Public: f.unit.Public}
	if it.Title == "" {
		it.Title = "(utan rubrik)"
	}
	if strings.EqualFold(propText(c, ical.PropClass), "PRIVATE") || strings.EqualFold(propText(c, ical.PropClass), "CONFIDENTIAL") {
		it.Public = false
	}
	f.categories(c, &it)
	f.claimID(it.ID, master.line)
	start, end, allDay, ok := f.icsTimes(c, master.line)
	if !ok {
		return it, false
	}
	starts := []time.Time{start}
	if c.Props.Get(ical.PropRecurrenceRule) != nil || c.Props.Get(ical.PropRecurrenceDates) != nil {
		starts, ok = f.icsSeries(c, start, allDay, master.line)
		if !ok {
			return it, false
		}
	}
	length := end.Sub(start)
	spans := make(map[string]wheel.Span, len(starts))
	var keys []string
	for _, s := range starts {
		k := instanceKey(s, allDay)
		spans[k] = f.span(s, s.Add(length), allDay, "")
		keys = append(keys, k)
	}
	for _, ov := range ovs {
		p := ov.comp.Props.Get(ical.PropRecurrenceID)
		rid, ok := f.icsTime(p, allDay || len(p.Value) == 8, ov.line, "RECURRENCE-ID")
		if !ok {
			continue
		}
		k := instanceKey(rid, allDay)
		if _, known := spans[k]; !known {
			continue // overrides an instance outside the programme or already excluded
		}
		if strings.EqualFold(propText(ov.comp, ical.PropStatus), "CANCELLED") {
			delete(spans, k)
			continue
		}
		s, e, ad, ok := f.icsTimes(ov.comp, ov.line)
		if !ok {
			continue
		}
		title := propText(ov.comp, ical.PropSummary)
		if title == it.Title {
			title = ""
		}
		spans[k] = f.span(s, e, ad, title)
	}
	for _, k := range keys {
		if s, ok := spans[k]; ok && f.inProgramme(s) {
			it.Spans = append(it.Spans, s)
			delete(spans, k)
		}
	}
	if len(it.Spans) == 0 {
		return it, false // wholly outside the programme: clamped away
	}
	return it, f.probs.Len() == before
}

// icsTimes reads DTSTART and DTEND (or DURATION) of one VEVENT.
func (f *fileCtx) icsTimes(c *ical.Component, line int) (start, end time.Time, allDay, ok bool) {
	sp := c.Props.Get(ical.PropDateTimeStart)
	if sp == nil {
		f.add(line, "VEVENT saknar DTSTART")
		return
	}
	allDay = sp.ValueType() == ical.ValueDate || len(sp.Value) == 8
	start, ok = f.icsTime(sp, allDay, line, "DTSTART")
	if !ok {
		return
	}
	switch {
	case c.Props.Get(ical.PropDateTimeEnd) != nil:
		end, ok = f.icsTime(c.Props.Get(ical.PropDateTimeEnd), allDay, line, "DTEND")
		if !ok {
			return
		}
	case c.Props.Get(ical.PropDuration) != nil:
		d, err := c.Props.Get(ical.PropDuration).Duration()
		if err != nil {
			f.add(line, "DURATION %q går inte att läsa", c.Props.Get(ical.PropDuration).Value)
			return start, end, allDay, false
		}
		end = start.Add(d)
	case allDay:
		end = start.AddDate(0, 0, 1)
	default:
		end = start
	}
	if end.Before(start) || (allDay && !end.After(start)) {
		f.add(line, "DTEND (%s) ligger före DTSTART (%s)", end.Format("2006-01-02 15:04"), start.Format("2006-01-02 15:04"))
		return start, end, allDay, false
	}
	return start, end, allDay, true
}

// icsTime reads a DATE (as UTC midnight, a civil date) or DATE-TIME (UTC,
// with TZID, or floating, which means the programme's zone).
func (f *fileCtx) icsTime(p *ical.Prop, allDay bool, line int, what string) (time.Time, bool) {
	v := p.Value
	if allDay {
		t, err := time.Parse("20060102", v[:min(8, len(v))])
		if err != nil {
			f.add(line, "%s %q är inget datum (ÅÅÅÅMMDD)", what, v)
			return t, false
		}
		return t, f.plausibleYear(t, line, what)
	}
	loc := f.prog.Location
	if tz := p.Params.Get(ical.ParamTimezoneID); tz != "" {
		var ok bool
		if loc, ok = location(tz); !ok {
			f.add(line, "%s: okänd tidszon %q; använd ett IANA-namn som Europe/Stockholm", what, tz)
			return time.Time{}, false
		}
	}
	if strings.HasSuffix(v, "Z") {
		loc = time.UTC
		v = strings.TrimSuffix(v, "Z")
	}
	t, err := time.ParseInLocation("20060102T150405", v, loc)
	if err != nil {
		f.add(line, "%s %q är ingen tidpunkt (ÅÅÅÅMMDDTTTMMSS)", what, p.Value)
		return t, false
	}
	return t, f.plausibleYear(t, line, what)
}

// plausibleYear refuses years no real calendar uses (year 0 crashes the
// recurrence library; a typo like 20226 would iterate for ever).
func (f *fileCtx) plausibleYear(t time.Time, line int, what string) bool {
	if t.Year() < 1900 || t.Year() > 2200 {
		f.add(line, "%s: året %d är inte rimligt", what, t.Year())
		return false
	}
	return true
}

// icsSeries expands RRULE, RDATE and EXDATE within the programme. rrule-go
// panics on some rules a file can contain; that becomes a problem too.
func (f *fileCtx) icsSeries(c *ical.Component, start time.Time, allDay bool, line int) (out []time.Time, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			f.add(line, "RRULE går inte att räkna ut (%v)", r)
			out, ok = nil, false
		}
	}()
	set := rrule.Set{}
	if p := c.Props.Get(ical.PropRecurrenceRule); p != nil {
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
		set.RRule(r)
	}
	set.DTStart(start)
	for _, name := range []string{ical.PropExceptionDates, ical.PropRecurrenceDates} {
		for _, p := range c.Props.Values(name) {
			for _, v := range strings.Split(p.Value, ",") {
				q := p
				q.Value = strings.TrimSpace(v)
				t, ok := f.icsTime(&q, allDay || len(q.Value) == 8, line, name)
				if !ok {
					return nil, false
				}
				if name == ical.PropExceptionDates {
					set.ExDate(t)
				} else {
					set.RDate(t)
				}
			}
		}
	}
	from := f.prog.Begins().AddDate(0, 0, -1)
	to := f.prog.Ends().AddDate(0, 0, 1)
	next := set.Iterator()
	steps := 0
	for t, ok := next(); ok && !t.After(to); t, ok = next() {
		// A dense series that starts decades before the programme would
		// iterate for minutes before reaching it: stop and say so.
		if steps++; steps > maxSteps {
			f.add(line, "RRULE ger över %d tillfällen före programmets slut; låt serien börja närmare %s", maxSteps, f.prog.Starts)
			return nil, false
		}
		if t.Before(from) {
			continue
		}
		if len(out) == maxInstances {
			f.add(line, "RRULE ger fler än %s tillfällen inom programmet, gränsen för en aktivitet (varje dag i tre år är 1 096); dela upp serien eller gör den glesare", sv.Number(maxInstances))
			return nil, false
		}
		out = append(out, t)
	}
	return out, true
}

func (f *fileCtx) span(s, e time.Time, allDay bool, title string) wheel.Span {
	if allDay {
		return wheel.Span{AllDay: true, From: wheel.DateOf(s), To: wheel.DateOf(e.AddDate(0, 0, -1)), Title: title}
	}
	return wheel.Span{Start: s.In(f.prog.Location), End: e.In(f.prog.Location), Title: title}
}

// inProgramme: imported events are clamped to the validity, not refused.
func (f *fileCtx) inProgramme(s wheel.Span) bool {
	if s.AllDay {
		return !s.From.Before(f.prog.Starts) && !s.To.After(f.prog.ValidUntil)
	}
	return !s.Start.Before(f.prog.Begins()) && !s.End.After(f.prog.Ends())
}

// categories maps CATEGORIES that name a focus area, audience or channel;
// others (Outlook's colour categories) are ignored.
func (f *fileCtx) categories(c *ical.Component, it *wheel.Item) {
	for _, p := range c.Props.Values(ical.PropCategories) {
		list, _ := p.TextList()
		for _, s := range list {
			if k, ok := f.prog.FocusAreas.Lookup(s); ok && it.Focus == "" {
				it.Focus = k
			} else if k, ok := f.prog.Audiences.Lookup(s); ok {
				it.Audiences = append(it.Audiences, k)
			} else if k, ok := f.prog.Channels.Lookup(s); ok {
				it.Channels = append(it.Channels, k)
			}
		}
	}
}

// icsID makes an item id from a UID: the UID itself when it is a valid id,
// else a hash (Outlook's UIDs are 112 hex digits).
func icsID(uid string) string {
	if l := strings.ToLower(uid); wheel.ValidID(l) == nil && len(l) <= 40 {
		return l
	}
	sum := sha256.Sum256([]byte(uid))
	return "ics-" + hex.EncodeToString(sum[:6])
}

func instanceKey(t time.Time, allDay bool) string {
	if allDay {
		return t.Format("20060102")
	}
	return t.UTC().Format("20060102T150405Z")
}

func propText(c *ical.Component, name string) string {
	p := c.Props.Get(name)
	if p == nil {
		return ""
	}
	s, err := p.Text()
	if err != nil {
		return p.Value
	}
	return strings.TrimSpace(s)
}
