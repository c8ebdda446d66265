package feed

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"

	"github.com/emersion/go-ical"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

type builder struct {
	req    Request
	loc    *time.Location
	today  wheel.Date
	cutoff time.Time // per-occurrence events ending before are left out
	events []event
}

type event struct {
	start    time.Time
	uid      string
	modified time.Time
	comp     *ical.Component
}

func (b *builder) unit(u *Unit) {
	f := b.req.Filter
	if f.PublicOnly && !u.Unit.Public {
		return
	}
	prog := b.req.Programme
	planActivities := map[string][]*wheel.Item{}
	for i := range u.Items {
		rec := &u.Items[i]
		it := &rec.Item
		if it.Plan != nil {
			planActivities[it.Plan.ID] = append(planActivities[it.Plan.ID], it)
		}
		if !b.match(it) || (f.Person != "" && !f.owns(it)) {
			continue
		}
		occs := occur.Expand(prog, u.Unit.ID, it)
		if len(occs) == 0 {
			continue
		}
		if s, ok := seriesOf(prog, u.Unit.ID, it, occs); ok {
			if !occs[len(occs)-1].End.Before(b.cutoff) {
				b.add(b.seriesEvent(u, rec, occs, s))
			}
			continue
		}
		// The item's first occurrence in the feed carries its whole text;
		// the rest say where it is. An occurrence only ever gains the whole
		// text (when the ones before it leave the window), never loses it.
		shown := false
		for k, o := range occs {
			if o.End.Before(b.cutoff) {
				continue
			}
			modified := rec.Modified
			if !shown && k > 0 {
				modified = latest(modified, b.leftOn(occs[:k]))
			}
			b.add(b.occurrenceEvent(u, rec, o, b.eventUID(u, it, o, len(occs)), !shown, modified))
			shown = true
		}
	}
	if !f.FollowUps || f.PublicOnly { // a follow-up is internal work: its state and result are not for the public
		return
	}
	items := map[string]*snapshot.ItemRecord{}
	for i := range u.Items {
		items[u.Items[i].Item.ID] = &u.Items[i]
	}
	plans := map[string]*snapshot.PlanRecord{}
	for i := range u.Plans {
		plans[u.Plans[i].Plan.ID] = &u.Plans[i]
	}
	// A series' follow-ups are one event: the oldest still open, saying
	// how many wait. One event per missed occurrence buried the calendar
	// (a monthly letter a year behind is twelve), and each of them asked
	// for the same thing: go to the item and catch up.
	var order []string
	groups := map[string][]*snapshot.FollowUpRecord{}
	for i := range u.FollowUps {
		fu := &u.FollowUps[i]
		if f.Person != "" && !config.SameAddress(fu.Owner, f.Person) {
			continue
		}
		if _, ok := groups[fu.ItemID]; !ok {
			order = append(order, fu.ItemID)
		}
		groups[fu.ItemID] = append(groups[fu.ItemID], fu)
	}
	for _, id := range order {
		var seq int
		var modified time.Time
		page := id // a plan's follow-up is on its first activity's page
		if rec, ok := items[id]; ok {
			if !b.match(&rec.Item) {
				continue
			}
			seq, modified = rec.Sequence, rec.Modified
		} else if rec, ok := plans[id]; ok {
			if !b.matchPlan(&rec.Plan, planActivities[id]) {
				continue
			}
			seq, modified = rec.Sequence, rec.Modified
			if acts := planActivities[id]; len(acts) > 0 {
				page = acts[0].ID
			}
		} else {
			continue
		}
		group := groups[id]
		if len(group) > 1 {
			if e, ok := b.seriesFollowUpEvent(u, group, page, seq, modified); ok {
				b.add(e)
			}
			continue
		}
		fu := group[0]
		if fu.DoneAt != nil && fu.Due.In(b.loc).Before(b.cutoff) {
			continue // an open one stays however old: it still needs doing
		}
		b.add(b.followUpEvent(u, fu, page, seq, modified))
	}
}

// owns reports whether the filter's person owns the item (or, for a plan's
// activity without an owner of its own, the plan).
func (f Filter) owns(it *wheel.Item) bool {
	owner := it.Owner
	if owner == "" && it.Plan != nil {
		owner = it.Plan.Owner
	}
	return config.SameAddress(owner, f.Person)
}

func (b *builder) add(e event) { b.events = append(b.events, e) }

func (b *builder) match(it *wheel.Item) bool { return b.req.Filter.Match(it) }

// Match reports whether an item passes the filter (visibility, focus area,
// audience, channel).
func (f Filter) Match(it *wheel.Item) bool {
	return (!f.PublicOnly || it.Public) &&
		(f.Focus == "" || it.Focus == f.Focus) &&
		(f.Audience == "" || slices.Contains(it.Audiences, f.Audience)) &&
		(f.Channel == "" || slices.Contains(it.Channels, f.Channel))
}

// matchPlan: a plan has no channels of its own; it matches a channel filter
// when one of its activities does.
func (b *builder) matchPlan(p *wheel.Plan, activities []*wheel.Item) bool {
	f := b.req.Filter
	if (f.PublicOnly && !p.Public) || (f.Focus != "" && p.Focus != f.Focus) ||
		(f.Audience != "" && !slices.Contains(p.Audiences, f.Audience)) {
		return false
	}
	if f.Channel == "" {
		return true
	}
	for _, a := range activities {
		if slices.Contains(a.Channels, f.Channel) {
			return true
		}
	}
	return false
}

func (b *builder) uid(id string) string {
	return id + "@" + wheel.Slug(b.req.Programme.Organisation) + ".arshjul"
}

// eventUID is the UID of one occurrence written as its own event. A
// one-off item's is the item's, so that moving its date (06-10 to 06-17)
// is an update in the subscriber's calendar, not a delete and an add; an
// event imported from Outlook keeps the UID it had there (with the date
// after it where the import recurs, one event per occurrence); the
// occurrences of other items are told apart by their date.
func (b *builder) eventUID(u *Unit, it *wheel.Item, o occur.Occurrence, n int) string {
	switch {
	case it.UID != "" && n == 1:
		return it.UID
	case it.UID != "":
		return it.UID + "/" + o.Date.String()
	case n == 1 && it.Rule == nil:
		return b.uid(u.Unit.ID + "/" + it.ID)
	}
	return b.uid(o.ID)
}

// base fills what every event has. DTSTAMP is the item's LAST-MODIFIED, not
// the time of the request: in a published feed (no METHOD) RFC 5545 lets it
// be the object's revision time, and a clock in it would make every fetch
// a different file (no 304, no byte-identical output).
func (b *builder) base(uid, summary string, seq int, modified time.Time) *ical.Component {
	c := ical.NewComponent(ical.CompEvent)
	c.Props.SetText(ical.PropUID, uid)
	c.Props.SetDateTime(ical.PropDateTimeStamp, modified.UTC())
	c.Props.SetDateTime(ical.PropLastModified, modified.UTC())
	c.Props.Set(&ical.Prop{Name: ical.PropSequence, Params: ical.Params{}, Value: strconv.Itoa(seq)})
	c.Props.SetText(ical.PropSummary, summary)
	// A wheel is a plan, not a meeting: its items must not mark anyone busy
	// (Outlook maps TRANSPARENT to "free", MS-OXCICAL 2.1.3.1.1.20.28).
	c.Props.SetText(ical.PropTransparency, "TRANSPARENT")
	return c
}

func (b *builder) summary(u *Unit, title string) string {
	if b.req.Prefix {
		return u.Unit.Name + ": " + title
	}
	return title
}

// setTimes writes an all-day occurrence as DATE values with an exclusive
// DTEND, and a timed one with the programme's TZID (never floating, which
// each client would place in its own zone).
func (b *builder) setTimes(c *ical.Component, o occur.Occurrence) {
	if o.AllDay {
		c.Props.SetDate(ical.PropDateTimeStart, o.Date.In(time.UTC))
		c.Props.SetDate(ical.PropDateTimeEnd, o.LastDay.AddDays(1).In(time.UTC))
		return
	}
	c.Props.SetDateTime(ical.PropDateTimeStart, o.Start.In(b.loc))
	c.Props.SetDateTime(ical.PropDateTimeEnd, o.End.In(b.loc))
}

// occurrenceEvent is one occurrence as its own event; whole says whether
// it carries the item's whole text (see eventSequence).
func (b *builder) occurrenceEvent(u *Unit, rec *snapshot.ItemRecord, o occur.Occurrence, uid string, whole bool, modified time.Time) event {
	c := b.base(uid, b.summary(u, o.Title), eventSequence(rec.Sequence, whole), modified)
	b.setTimes(c, o)
	b.describe(c, u, &rec.Item, &o, whole)
	return event{start: o.Start, uid: o.ID, modified: modified, comp: c}
}

// eventSequence is an item event's SEQUENCE: twice the item's (counted
// from the wording's revision), plus one when the event carries the
// item's whole text. An occurrence that gains the whole text as the window
// moves on (the item itself unchanged) so rises, and nothing falls: an
// edit to the item adds two.
func eventSequence(item int, whole bool) int {
	n := 2 * (item + wording)
	if whole {
		n++
	}
	return n
}

// wording is the revision of how events are worded. A release that
// rewords every event (1: later occurrences made lean, "Senast" gone from
// follow-ups; 2: every event ends with its page's address, owners by
// name, a series' follow-ups one event) raises it, so that every SEQUENCE rises with the
// text: a subscriber's calendar never keeps an old text under the same
// SEQUENCE.
const wording = 2

// leftOn is the day the last of the occurrences before left the feed's
// window: from then on the next one is the first, with the whole text.
func (b *builder) leftOn(before []occur.Occurrence) time.Time {
	end := before[0].End
	for _, o := range before[1:] {
		end = latest(end, o.End)
	}
	d := wheel.DateOf(end.In(b.loc).AddDate(0, b.req.PastMonths, -3))
	for !end.Before(b.req.cutoffOn(d)) && d.Before(b.today) {
		d = d.AddDays(1)
	}
	return d.In(b.loc)
}

func (b *builder) seriesEvent(u *Unit, rec *snapshot.ItemRecord, occs []occur.Occurrence, s series) event {
	id := u.Unit.ID + "/" + rec.Item.ID
	c := b.base(b.uid(id), b.summary(u, rec.Item.Title), eventSequence(rec.Sequence, true), rec.Modified)
	b.setTimes(c, occs[0])
	c.Props.Set(&ical.Prop{Name: ical.PropRecurrenceRule, Params: ical.Params{}, Value: s.rule})
	for _, ex := range s.exdates {
		p := ical.NewProp(ical.PropExceptionDates)
		if ex.AllDay {
			p.SetDate(ex.Date.In(time.UTC))
		} else {
			p.SetDateTime(ex.Start.In(b.loc))
		}
		c.Props.Add(p)
	}
	b.describe(c, u, &rec.Item, nil, true)
	return event{start: occs[0].Start, uid: id, modified: rec.Modified, comp: c}
}

// followUpEvent shows a follow-up deadline as an all-day event whose title
// says its state. SEQUENCE = 4 × (the item's + wording) + the state's rank
// (open, overdue, done, ej aktuell), so that it rises on every change a
// client must see, and LAST-MODIFIED is when that state began.
func (b *builder) followUpEvent(u *Unit, fu *snapshot.FollowUpRecord, page string, seq int, modified time.Time) event {
	var title string
	rank := 0
	changed := modified
	switch fu.State(b.today) {
	case snapshot.Skipped:
		title, rank = "Uppföljning ej aktuell: "+fu.Title, 3
		changed = latest(changed, *fu.DoneAt)
	case snapshot.Done:
		title, rank = "Uppföljning klar: "+fu.Title, 2
		changed = latest(changed, *fu.DoneAt)
	case snapshot.Overdue:
		title, rank = "FÖRSENAD uppföljning: "+fu.Title+" (skulle vara klar "+fu.Due.String()+")", 1
		changed = latest(changed, fu.Due.AddDays(1).In(b.loc))
	default:
		title = "Uppföljning: " + fu.Title
	}
	c := b.base(b.uid("uppfoljning/"+fu.ID), b.summary(u, title), 4*(seq+wording)+rank, changed)
	c.Props.SetDate(ical.PropDateTimeStart, fu.Due.In(time.UTC))
	c.Props.SetDate(ical.PropDateTimeEnd, fu.Due.AddDays(1).In(time.UTC))
	var d strings.Builder
	line(&d, "Uppföljning av", fu.Title)
	line(&d, "Hur", fu.How)
	line(&d, "Ansvarig", b.person(fu.Owner))
	// No "Senast": the event is on the day it is due, and the title of an
	// overdue one says the date.
	switch {
	case fu.Skipped:
		line(&d, "Ej aktuell", fu.DoneAt.In(b.loc).Format("2006-01-02"))
		line(&d, "Varför", fu.Note)
	case fu.DoneAt != nil:
		line(&d, "Klar", fu.DoneAt.In(b.loc).Format("2006-01-02"))
		line(&d, "Resultat", fu.Note)
	}
	if b.req.Prefix {
		line(&d, "Enhet", u.Unit.Name)
	}
	b.link(c, &d, u, page)
	setTextList(c, ical.PropCategories, []string{"Uppföljning"})
	return event{start: fu.Due.In(b.loc), uid: "uppfoljning/" + fu.ID, modified: changed, comp: c}
}

// seriesFollowUpEvent is the one event of an item's several follow-ups:
// the oldest still open, on its due day, saying how many are overdue. It
// is left out once none is open. Its UID is the item's, so that it moves
// to the next one when the oldest is marked done rather than being
// removed and added. SEQUENCE is 1000 × (the item's + wording) + 2 × the
// closed + the overdue: marking an overdue one done adds one (two closed,
// one fewer overdue), a day that makes one more overdue adds one, and an
// edit to the item outweighs both.
func (b *builder) seriesFollowUpEvent(u *Unit, group []*snapshot.FollowUpRecord, page string, seq int, modified time.Time) (event, bool) {
	var first *snapshot.FollowUpRecord
	closed, overdue := 0, 0
	changed := modified
	for _, fu := range group {
		switch fu.State(b.today) {
		case snapshot.Done, snapshot.Skipped:
			closed++
			changed = latest(changed, *fu.DoneAt)
			continue
		case snapshot.Overdue:
			overdue++
			changed = latest(changed, fu.Due.AddDays(1).In(b.loc))
		}
		if first == nil {
			first = fu
		}
	}
	if first == nil {
		return event{}, false
	}
	title := "Uppföljning: " + first.Title
	if overdue > 0 {
		// The count first: Outlook cuts a long title short.
		waiting := ""
		if overdue > 1 {
			waiting = " (" + strconv.Itoa(overdue) + " väntar)"
		}
		title = "FÖRSENAD uppföljning" + waiting + ": " + first.Title + " (skulle vara klar " + first.Due.String() + ")"
	}
	id := "uppfoljning/" + u.Unit.ID + "/" + first.ItemID
	c := b.base(b.uid(id), b.summary(u, title), 1000*(seq+wording)+2*closed+overdue, changed)
	c.Props.SetDate(ical.PropDateTimeStart, first.Due.In(time.UTC))
	c.Props.SetDate(ical.PropDateTimeEnd, first.Due.AddDays(1).In(time.UTC))
	var d strings.Builder
	line(&d, "Uppföljning av", first.Title)
	line(&d, "Hur", first.How)
	line(&d, "Ansvarig", b.person(first.Owner))
	if overdue > 1 {
		line(&d, "Väntar", strconv.Itoa(overdue)+" försenade uppföljningar, den äldsta skulle vara klar "+first.Due.String()+". Markera flera klara på en gång på aktivitetens sida.")
	}
	if b.req.Prefix {
		line(&d, "Enhet", u.Unit.Name)
	}
	b.link(c, &d, u, page)
	setTextList(c, ical.PropCategories, []string{"Uppföljning"})
	return event{start: first.Due.In(b.loc), uid: id, modified: changed, comp: c}, true
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
