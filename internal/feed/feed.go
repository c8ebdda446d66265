// Package feed builds the iCalendar feeds people subscribe to: a pure
// function from a unit's stored items to bytes that Outlook (classic, new
// and web), Google, Apple and Thunderbird all read the same way. The rules it
// keeps are in the comments where each is applied.
package feed

import (
	"bytes"
	"fmt"
	"sort"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"

	"github.com/emersion/go-ical"

	"github.com/avesta-kommun/arshjul/internal/links"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Unit is one unit's part of a feed.
type Unit struct {
	Unit      wheel.Unit
	Items     []snapshot.ItemRecord
	Plans     []snapshot.PlanRecord
	FollowUps []snapshot.FollowUpRecord
}

// Filter narrows a feed; empty fields match everything.
type Filter struct {
	Focus      string
	Audience   string
	Channel    string
	FollowUps  bool // include follow-up deadlines as events
	PublicOnly bool // only public items of public units
	// Person keeps what one person owns or follows up (the personal
	// feed): items they own, follow-ups that are theirs.
	Person string
}

// Request is everything a feed depends on. Two equal requests give
// byte-identical feeds: nothing here reads the clock or iterates a map.
type Request struct {
	Programme  *wheel.Programme
	Name       string // NAME / X-WR-CALNAME
	Units      []Unit
	Filter     Filter
	Now        time.Time
	PastMonths int           // omit occurrences that ended longer ago
	Refresh    time.Duration // REFRESH-INTERVAL / X-PUBLISHED-TTL
	Prefix     bool          // put the unit's name before each title (feeds of several units)
	MaxBytes   int           // past this the occurrences farthest ahead are left out (0: no limit)
	// Links builds each event's URL to its item's page (none when zero).
	Links links.Links
	// Person names an owner's address for the reader (config's people:);
	// nil writes addresses as they are.
	Person func(addr string) string
}

// Result is an encoded feed.
type Result struct {
	Body         []byte
	LastModified time.Time // the latest LAST-MODIFIED in it, for HTTP
	Events       int
	// Omitted events were left out to keep the body within MaxBytes: the
	// ones that start last, from OmittedFrom on.
	Omitted     int
	OmittedFrom time.Time
}

// Build makes the feed.
func Build(r Request) (Result, error) {
	b := builder{req: r, loc: r.Programme.Location, today: wheel.DateOf(r.Now.In(r.Programme.Location))}
	b.cutoff = r.Cutoff()
	for i := range r.Units {
		b.unit(&r.Units[i])
	}
	sort.SliceStable(b.events, func(i, j int) bool {
		if !b.events[i].start.Equal(b.events[j].start) {
			return b.events[i].start.Before(b.events[j].start)
		}
		return b.events[i].uid < b.events[j].uid
	})
	res, err := b.encode(b.events, "")
	if err != nil || r.MaxBytes <= 0 || len(res.Body) <= r.MaxBytes {
		return res, err
	}
	return b.trim(res)
}

// trim keeps the events that start first and fit in MaxBytes. The events
// are sorted by start, so the cut is a prefix; its length comes from where
// each event ends in the body already made, and one more encode (with the
// note in X-WR-CALDESC) confirms it, giving up one event at a time in the
// rare case that the note's own bytes tip it over.
func (b *builder) trim(full Result) (Result, error) {
	ends := eventEnds(full.Body)
	trailer := len("END:VCALENDAR\r\n")
	k := len(ends)
	for k > 0 && ends[k-1]+trailer+noteBudget > b.req.MaxBytes {
		k--
	}
	for ; k >= 0; k-- {
		left := b.events[k:]
		note := ""
		if len(left) > 0 {
			note = fmt.Sprintf(" – %d händelser från %s och framåt är utelämnade (gräns %d kB); prenumerera på enhetens egen kalender eller filtrera",
				len(left), wheel.DateOf(left[0].start.In(b.loc)), b.req.MaxBytes>>10)
		}
		res, err := b.encode(b.events[:k], note)
		if err != nil {
			return res, err
		}
		if len(res.Body) <= b.req.MaxBytes || k == 0 {
			res.Omitted = len(left)
			if len(left) > 0 {
				res.OmittedFrom = left[0].start
			}
			return res, nil
		}
	}
	return full, nil // unreachable: k == 0 returns above
}

// noteBudget is room kept for the X-WR-CALDESC note when cutting.
const noteBudget = 512

// eventEnds lists the offset just past each "END:VEVENT" line of an encoded
// feed, in order.
func eventEnds(body []byte) []int {
	var ends []int
	marker := []byte("\r\nEND:VEVENT\r\n")
	for off := 0; ; {
		i := bytes.Index(body[off:], marker)
		if i < 0 {
			return ends
		}
		off += i + len(marker)
		ends = append(ends, off)
	}
}

func (b *builder) encode(events []event, note string) (Result, error) {
	r := b.req
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//arshjul//"+r.Programme.Organisation+"//SV")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropName, r.Name)
	setX(cal.Component, "X-WR-CALNAME", r.Name)
	setX(cal.Component, "X-WR-CALDESC", r.Programme.Name+", "+r.Programme.Organisation+note)
	setX(cal.Component, "X-WR-TIMEZONE", b.loc.String())
	refresh := durationValue(r.Refresh)
	cal.Props.Set(&ical.Prop{Name: ical.PropRefreshInterval, Params: ical.Params{ical.ParamValue: {"DURATION"}}, Value: refresh})
	cal.Props.Set(&ical.Prop{Name: "X-PUBLISHED-TTL", Params: ical.Params{}, Value: refresh})
	// Always present: every TZID needs it, and it keeps an empty feed a valid
	// calendar (go-ical refuses to encode a VCALENDAR with no components).
	cal.Children = append(cal.Children, vtimezone(b.loc, r.Programme.Starts.Year-1, r.Programme.ValidUntil.Year+1))
	res := Result{Events: len(events)}
	for _, e := range events {
		cal.Children = append(cal.Children, e.comp)
		if e.modified.After(res.LastModified) {
			res.LastModified = e.modified
		}
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return Result{}, fmt.Errorf("feed: encode: %w", err)
	}
	res.Body = fold(buf.Bytes())
	return res, nil
}

// Cutoff is where a feed's dated occurrences begin: occurrences that ended
// before it (PastMonths before today) are left out. It depends on the day,
// not the time, so that a feed is the same all day. Nothing ahead is cut
// by date (a plan for the leap day 2028 is in Outlook as it is on the
// wheel, and a follow-up due after valid_until still shows); MaxBytes
// keeps the size.
func (r Request) Cutoff() time.Time {
	return r.cutoffOn(wheel.DateOf(r.Now.In(r.Programme.Location)))
}

// cutoffOn is the window's start on day d: occurrences that end before it
// are left out.
func (r Request) cutoffOn(d wheel.Date) time.Time {
	return d.In(r.Programme.Location).AddDate(0, -r.PastMonths, 0)
}

// durationValue writes d as an RFC 5545 duration (PT1H, PT90M, P1D).
func durationValue(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("P%dD", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("PT%dH", d/time.Hour)
	}
	return fmt.Sprintf("PT%dM", d/time.Minute)
}

// setX sets an extension property as text without the VALUE=TEXT parameter
// go-ical adds to unknown properties (clients expect the plain form).
func setX(c *ical.Component, name, text string) {
	p := ical.NewProp(name)
	p.SetText(text)
	p.Params.Del(ical.ParamValue)
	c.Props.Set(p)
}
