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
}

// Request is everything a feed depends on. Two equal requests give
// byte-identical feeds: nothing here reads the clock or iterates a map.
type Request struct {
	Programme    *wheel.Programme
	Name         string // NAME / X-WR-CALNAME
	Units        []Unit
	Filter       Filter
	Now          time.Time
	PastMonths   int           // omit occurrences that ended longer ago
	FutureMonths int           // omit occurrences starting later (0: no limit)
	Refresh      time.Duration // REFRESH-INTERVAL / X-PUBLISHED-TTL
	Prefix       bool          // put the unit's name before each title (feeds of several units)
}

// Result is an encoded feed.
type Result struct {
	Body         []byte
	LastModified time.Time // the latest LAST-MODIFIED in it, for HTTP
	Events       int
}

// Build makes the feed.
func Build(r Request) (Result, error) {
	b := builder{req: r, loc: r.Programme.Location, today: wheel.DateOf(r.Now.In(r.Programme.Location))}
	b.cutoff, b.horizon = r.Window()
	for i := range r.Units {
		b.unit(&r.Units[i])
	}
	sort.SliceStable(b.events, func(i, j int) bool {
		if !b.events[i].start.Equal(b.events[j].start) {
			return b.events[i].start.Before(b.events[j].start)
		}
		return b.events[i].uid < b.events[j].uid
	})
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//arshjul//"+r.Programme.Organisation+"//SV")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropName, r.Name)
	setX(cal.Component, "X-WR-CALNAME", r.Name)
	setX(cal.Component, "X-WR-CALDESC", r.Programme.Name+", "+r.Programme.Organisation)
	setX(cal.Component, "X-WR-TIMEZONE", b.loc.String())
	refresh := durationValue(r.Refresh)
	cal.Props.Set(&ical.Prop{Name: ical.PropRefreshInterval, Params: ical.Params{ical.ParamValue: {"DURATION"}}, Value: refresh})
	cal.Props.Set(&ical.Prop{Name: "X-PUBLISHED-TTL", Params: ical.Params{}, Value: refresh})
	// Always present: every TZID needs it, and it keeps an empty feed a valid
	// calendar (go-ical refuses to encode a VCALENDAR with no components).
	cal.Children = append(cal.Children, vtimezone(b.loc, r.Programme.Starts.Year-1, r.Programme.ValidUntil.Year+1))
	res := Result{Events: len(b.events)}
	for _, e := range b.events {
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

// Window is the span of time a feed shows dated occurrences in: from
// PastMonths before today to FutureMonths after it. It depends on the day,
// not the time, so that a feed is the same all day.
func (r Request) Window() (from, to time.Time) {
	loc := r.Programme.Location
	today := wheel.DateOf(r.Now.In(loc)).In(loc)
	from = today.AddDate(0, -r.PastMonths, 0)
	to = time.Date(9999, 1, 1, 0, 0, 0, 0, loc)
	if r.FutureMonths > 0 {
		to = today.AddDate(0, r.FutureMonths, 0)
	}
	return from, to
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
