package calendar

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
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

// icsReader reads one ICS file: the problems go to the file's context, the
// time zones are the file's own (its VTIMEZONEs) as well as IANA's.
type icsReader struct {
	*fileCtx
	vtz      map[string]*ical.Component
	zones    map[string]*time.Location
	zoneErrs map[string]error
	ownZones int // VTIMEZONEs computed so far
}

func (f *fileCtx) loadICS(data []byte, cal *wheel.Calendar) {
	data = aktivitetsplan.DecodeText(data)
	shape, ok := f.scanICS(data)
	if !ok {
		return
	}
	parsed, err := decodeICS(data)
	if err != nil {
		f.add(1, "ICS-filen går inte att läsa: %v", err)
		return
	}
	r := &icsReader{fileCtx: f, vtz: map[string]*ical.Component{}, zones: map[string]*time.Location{}, zoneErrs: map[string]error{}}
	var events []icsEvent
	// A file may hold several VCALENDARs one after the other (merged
	// exports); clients read them all.
	for _, pc := range parsed {
		for _, c := range pc.Children {
			switch c.Name {
			case ical.CompTimezone:
				if id := propText(c, ical.PropTimezoneID); id != "" && r.vtz[id] == nil {
					r.vtz[id] = c
				}
			case ical.CompEvent:
				line := 0
				if len(events) < len(shape.eventLines) {
					line = shape.eventLines[len(events)]
				}
				events = append(events, icsEvent{c, line})
			}
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
		_, seenMaster := masters[uid]
		if !seenMaster && overrides[uid] == nil {
			order = append(order, uid)
		}
		if ev.comp.Props.Get(ical.PropRecurrenceID) != nil {
			overrides[uid] = append(overrides[uid], ev)
			continue
		}
		if seenMaster {
			f.add(ev.line, "UID %q finns redan på rad %d", uid, masters[uid].line)
			continue
		}
		masters[uid] = ev
	}
	for _, uid := range order {
		if f.budget.over {
			return // said once; expanding the rest would only cost time
		}
		var it wheel.Item
		var line int
		if m, ok := masters[uid]; ok {
			it, ok = r.icsItem(uid, m, overrides[uid])
			if !ok {
				continue
			}
			line = m.line
		} else {
			// Only moved instances, no series (Google writes these for a
			// birthday, or for instances kept from a deleted series): each
			// is an occurrence of its own.
			it, ok = r.loneInstances(uid, overrides[uid])
			if !ok {
				continue
			}
			line = overrides[uid][0].line
		}
		if f.admit(&it, line) {
			cal.Items = append(cal.Items, it)
		}
	}
}

// decodeICS runs go-ical's decoder over every VCALENDAR in the file,
// turning its panics on malformed input into errors: one bad file must not
// take the daemon down.
func decodeICS(data []byte) (cals []*ical.Calendar, err error) {
	defer func() {
		if r := recover(); r != nil {
			cals, err = nil, fmt.Errorf("ogiltig ICS: %v", r)
		}
	}()
	dec := ical.NewDecoder(bytes.NewReader(data))
	for {
		cal, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return cals, nil
		}
		if err != nil {
			return nil, err
		}
		cals = append(cals, cal)
	}
}

// itemOf is the item a VEVENT describes, without its times.
func (f *icsReader) itemOf(uid string, c *ical.Component, line int) wheel.Item {
	it := wheel.Item{ID: icsID(uid), UID: uid, Source: "ics", Title: propText(c, ical.PropSummary),
		Description: propText(c, ical.PropDescription), Location: oneLine(propText(c, ical.PropLocation)), Public: f.unit.Public}
	if it.Title == "" {
		it.Title = "(utan rubrik)"
	}
	if strings.EqualFold(propText(c, ical.PropClass), "PRIVATE") || strings.EqualFold(propText(c, ical.PropClass), "CONFIDENTIAL") {
		it.Public = false
	}
	f.categories(c, &it)
	f.claimID(it.ID, line)
	return it
}

// oneLine folds a multi-line address (Apple and Google write a LOCATION as
// street, postcode and town on lines of their own) into one line.
func oneLine(s string) string {
	var parts []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l), ",")); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, ", ")
}

func cancelled(c *ical.Component) bool {
	return strings.EqualFold(propText(c, ical.PropStatus), "CANCELLED")
}

// loneInstances makes one item of the overrides of a series the file does
// not hold: each is an occurrence at its own DTSTART.
func (f *icsReader) loneInstances(uid string, ovs []icsEvent) (wheel.Item, bool) {
	before := f.probs.Len()
	it := f.itemOf(uid, ovs[0].comp, ovs[0].line)
	for _, ov := range ovs {
		if cancelled(ov.comp) {
			continue
		}
		s, e, allDay, ok := f.icsTimes(ov.comp, ov.line)
		if !ok {
			continue
		}
		title := propText(ov.comp, ical.PropSummary)
		if title == it.Title {
			title = ""
		}
		if sp := f.span(s, e, allDay, title); f.inProgramme(sp) {
			it.Spans = append(it.Spans, sp)
		}
	}
	sortSpans(it.Spans)
	return it, len(it.Spans) > 0 && f.probs.Len() == before
}

func sortSpans(spans []wheel.Span) {
	first := func(s wheel.Span) time.Time {
		if s.AllDay {
			return time.Date(s.From.Year, s.From.Month, s.From.Day, 0, 0, 0, 0, time.UTC)
		}
		return s.Start
	}
	slices.SortStableFunc(spans, func(a, b wheel.Span) int { return first(a).Compare(first(b)) })
}

func (f *icsReader) icsItem(uid string, master icsEvent, ovs []icsEvent) (wheel.Item, bool) {
	before := f.probs.Len()
	c := master.comp
	if cancelled(c) {
		return wheel.Item{}, false
	}
	it := f.itemOf(uid, c, master.line)
	start, end, allDay, ok := f.icsTimes(c, master.line)
	if !ok {
		return it, false
	}
	insts := []instance{{start, end}}
	if c.Props.Get(ical.PropRecurrenceRule) != nil || c.Props.Get(ical.PropRecurrenceDates) != nil {
		insts, ok = f.icsSeries(c, start, end, allDay, master.line)
		if !ok {
			return it, false
		}
	}
	spans := make(map[string]wheel.Span, len(insts))
	for _, in := range insts {
		spans[instanceKey(in.start, allDay)] = f.span(in.start, in.end, allDay, "")
	}
	f.applyOverrides(&it, insts, spans, allDay, ovs)
	for _, in := range insts {
		k := instanceKey(in.start, allDay)
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

// applyOverrides puts each RECURRENCE-ID instance in place of the one it
// replaces, in the order of their RECURRENCE-IDs, so that an override with
// RANGE=THISANDFUTURE changes its instance and every later one (moved by
// as much, lasting as long, under its title) and a later single override
// still wins over it.
func (f *icsReader) applyOverrides(it *wheel.Item, insts []instance, spans map[string]wheel.Span, allDay bool, ovs []icsEvent) {
	type override struct {
		icsEvent
		rid    time.Time
		future bool
	}
	var list []override
	for _, ov := range ovs {
		p := ov.comp.Props.Get(ical.PropRecurrenceID)
		rid, ok := f.icsTime(p, allDay || len(p.Value) == 8, ov.line, "RECURRENCE-ID")
		if !ok {
			continue
		}
		list = append(list, override{ov, rid, strings.EqualFold(p.Params.Get("RANGE"), "THISANDFUTURE")})
	}
	slices.SortStableFunc(list, func(a, b override) int { return a.rid.Compare(b.rid) })
	for _, ov := range list {
		k := instanceKey(ov.rid, allDay)
		if _, known := spans[k]; !known && !ov.future {
			continue // overrides an instance outside the programme or already excluded
		}
		var s, e time.Time
		var ad bool
		if !cancelled(ov.comp) {
			var ok bool
			if s, e, ad, ok = f.icsTimes(ov.comp, ov.line); !ok {
				continue
			}
		}
		title := propText(ov.comp, ical.PropSummary)
		if title == it.Title {
			title = ""
		}
		if !ov.future {
			if cancelled(ov.comp) {
				delete(spans, k)
			} else {
				spans[k] = f.span(s, e, ad, title)
			}
			continue
		}
		// This and every later instance: as ical.js does, the shift is
		// the override's wall clock time less its RECURRENCE-ID's, added
		// to each instance's wall clock time in the override's zone.
		shift := wall(s).Sub(wall(ov.rid))
		for _, in := range insts {
			ki := instanceKey(in.start, allDay)
			if in.start.Before(ov.rid) {
				continue
			}
			if _, still := spans[ki]; !still {
				continue
			}
			if cancelled(ov.comp) {
				delete(spans, ki)
				continue
			}
			w := wall(in.start).Add(shift)
			ns := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, s.Location())
			spans[ki] = f.span(ns, ns.Add(e.Sub(s)), ad, title)
		}
	}
}

// wall is t's wall clock time, as if in UTC.
func wall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// icsTimes reads DTSTART and DTEND (or DURATION) of one VEVENT.
func (f *icsReader) icsTimes(c *ical.Component, line int) (start, end time.Time, allDay, ok bool) {
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
	if allDay && end.Equal(start) {
		end = start.AddDate(0, 0, 1) // as clients read it: the one day
	}
	if end.Before(start) {
		f.add(line, "DTEND (%s) ligger före DTSTART (%s)", end.Format("2006-01-02 15:04"), start.Format("2006-01-02 15:04"))
		return start, end, allDay, false
	}
	return start, end, allDay, true
}

// icsTime reads a DATE (as UTC midnight, a civil date) or DATE-TIME (UTC,
// with TZID, or floating, which means the programme's zone).
func (f *icsReader) icsTime(p *ical.Prop, allDay bool, line int, what string) (time.Time, bool) {
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
		if loc, ok = f.zone(tz); !ok {
			if err := f.zoneErrs[tz]; err != nil {
				f.add(line, "%s: tidszonen %q går inte att räkna ut ur filens VTIMEZONE (%v); använd ett IANA-namn som Europe/Stockholm", what, tz, err)
			} else {
				f.add(line, "%s: okänd tidszon %q, och filen har ingen VTIMEZONE med det TZID:t; använd ett IANA-namn som Europe/Stockholm", what, tz)
			}
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
func (f *icsReader) plausibleYear(t time.Time, line int, what string) bool {
	if t.Year() < 1900 || t.Year() > 2200 {
		f.add(line, "%s: året %d är inte rimligt", what, t.Year())
		return false
	}
	return true
}

func (f *icsReader) span(s, e time.Time, allDay bool, title string) wheel.Span {
	if allDay {
		return wheel.Span{AllDay: true, From: wheel.DateOf(s), To: wheel.DateOf(e.AddDate(0, 0, -1)), Title: title}
	}
	return wheel.Span{Start: s.In(f.prog.Location), End: e.In(f.prog.Location), Title: title}
}

// inProgramme: imported events are clamped to the validity, not refused.
func (f *icsReader) inProgramme(s wheel.Span) bool {
	if s.AllDay {
		return !s.From.Before(f.prog.Starts) && !s.To.After(f.prog.ValidUntil)
	}
	return !s.Start.Before(f.prog.Begins()) && !s.End.After(f.prog.Ends())
}

// categories maps CATEGORIES that name a focus area, audience or channel;
// others (Outlook's colour categories) are ignored.
func (f *icsReader) categories(c *ical.Component, it *wheel.Item) {
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
