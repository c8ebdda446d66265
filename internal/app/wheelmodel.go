package app

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/holidays"
	"github.com/avesta-kommun/arshjul/internal/links"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
	"github.com/avesta-kommun/arshjul/internal/wheelsvg"
)

// WheelQuery is the wheel page's options.
type WheelQuery struct {
	Year     int
	Start    time.Month
	Rings    string // focus, plans, channel, audience or owner (years: View)
	Holidays bool
	Filter   feed.Filter
	Units    []string // ?unit=hr,ekonomi on a combined wheel: only these
	Months   int      // ?from=2027-04&months=3: a zoom on fewer than 12 months
	View     string   // "programme": the programme's years as rings
	Slide    bool     // ?bild=1: the 16:9 slide
	// file is a picture to download (.svg, .png, .pdf), not the page: a
	// slide file is passed on, so its links carry no token.
	file bool
}

// FromValue is a zoom's first month as ?from= writes it ("2027-04").
func (q WheelQuery) FromValue() string { return fmt.Sprintf("%d-%02d", q.Year, int(q.Start)) }

func (q WheelQuery) values() url.Values {
	v := url.Values{}
	v.Set("year", strconv.Itoa(q.Year))
	if q.Start != time.January {
		v.Set("start", strconv.Itoa(int(q.Start)))
	}
	if q.Rings != "focus" && q.Rings != "" && q.View != "programme" {
		v.Set("rings", q.Rings)
	}
	if len(q.Units) > 0 {
		v.Set("unit", strings.Join(q.Units, ","))
	}
	if q.Months > 0 && q.Months < 12 {
		v.Del("year")
		v.Del("start")
		v.Set("from", fmt.Sprintf("%d-%02d", q.Year, int(q.Start)))
		v.Set("months", strconv.Itoa(q.Months))
	}
	if q.View == "programme" {
		v.Set("view", "programme")
	}
	if q.Holidays {
		v.Set("holidays", "1")
	}
	if q.Slide {
		v.Set("bild", "1")
	}
	for k, val := range map[string]string{"focus": q.Filter.Focus, "audience": q.Filter.Audience, "channel": q.Filter.Channel} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}

// ListEntry is one occurrence in the list beside the wheel.
type ListEntry struct {
	ID, Title, Href, When, Unit, Owner string
	Audiences, Channels                []string
	FollowUp                           string // "", or its state in words
	FollowUpState                      snapshot.FollowUpState
	DayOff                             string // the holiday or eve it starts on, if any
	date                               wheel.Date
}

type ListMonth struct {
	Name    string
	Entries []ListEntry
}

// WheelData is the picture's model and the list that says the same.
type WheelData struct {
	Wheel  wheelsvg.Wheel
	Months []ListMonth
	Count  int
	// DaysOff counts the occurrences that start on a holiday or an eve
	// nobody works: the legend explains the mark only when there is one.
	DaysOff int
}

// seriesWords says how a weekly or monthly item recurs, as its band on
// the wheel is labelled ("tisdagar 09.00", "första måndagen varje
// månad"); "" for other items, which are drawn occurrence by occurrence.
func seriesWords(r *wheel.Rule) string {
	if r == nil || (r.Freq != wheel.Weekly && r.Freq != wheel.Monthly) {
		return ""
	}
	s := feed.DescribeRule(r)
	if r.Freq == wheel.Weekly && r.Weekday != nil {
		s = strings.Replace(s, "varje "+sv.Weekdays[*r.Weekday], sv.Weekdays[*r.Weekday]+"ar", 1)
	}
	if r.Time != nil {
		s = strings.Replace(s, fmt.Sprintf("%02d:%02d", r.Time.Hour, r.Time.Minute), fmt.Sprintf("%02d.%02d", r.Time.Hour, r.Time.Minute), 1)
	}
	return s
}

// yearOf is the wheel year a date falls in, for a year that starts in
// month start.
func yearOf(d wheel.Date, start time.Month) int {
	if d.Month < start {
		return d.Year - 1
	}
	return d.Year
}

// inYear moves d from wheel year y to wheel year base, the same day (the
// leap day to the 28th of February).
func inYear(d wheel.Date, y, base int) wheel.Date {
	out := wheel.Date{Year: d.Year - (y - base), Month: d.Month, Day: d.Day}
	if out.Month == time.February && out.Day == 29 && wheel.DateOf(time.Date(out.Year, 2, 29, 0, 0, 0, 0, time.UTC)) != out {
		out.Day = 28
	}
	return out
}

// buildWheel gathers the scope's occurrences in the wheel's year.
func buildWheel(cfg *config.Config, snap *snapshot.Snapshot, ln links.Links, sc *Scope, q WheelQuery, today wheel.Date) WheelData {
	prog := &cfg.Programme
	w := wheelsvg.Wheel{Title: sc.Title, Subtitle: prog.Name, Year: q.Year, StartMonth: q.Start, Months: q.Months, Today: &today, Public: sc.PublicOnly, RingsAre: q.RingsAre()}
	from, to := w.Span()
	// The programme view: every (wheel) year the programme touches, a ring
	// each (the last outermost), the same months from the top, each
	// occurrence at its date in its year; the list beside it runs from the
	// programme's first month to its last, not the years' empty ends.
	var years []int
	listFrom, listTo := from, to
	if q.View == "programme" {
		for y := yearOf(prog.Starts, q.Start); y <= yearOf(prog.ValidUntil, q.Start); y++ {
			years = append(years, y)
		}
		w.Years, w.Year, w.Today = years, years[0], nil
		from, _ = w.Span()
		to = wheel.DateOf(time.Date(years[len(years)-1]+1, q.Start, 1, 0, 0, 0, 0, time.UTC))
		listFrom = wheel.Date{Year: prog.Starts.Year, Month: prog.Starts.Month, Day: 1}
		listTo = wheel.DateOf(time.Date(prog.ValidUntil.Year, prog.ValidUntil.Month+1, 1, 0, 0, 0, 0, time.UTC))
	}
	f := q.Filter
	f.PublicOnly = sc.PublicOnly
	token := sc.Token
	if q.Slide && q.file { // shown in a room and passed on as a file: no token in its links
		token = ""
	}
	rings := map[string]*wheelsvg.Ring{}
	var order []string
	ring := func(key, label string) *wheelsvg.Ring {
		if r, ok := rings[key]; ok {
			return r
		}
		rings[key] = &wheelsvg.Ring{Label: label}
		order = append(order, key)
		return rings[key]
	}
	yearRing := func(y int) *wheelsvg.Ring {
		if q.Start != time.January { // a school or budget year: 2026/27
			return ring(strconv.Itoa(y), fmt.Sprintf("%d/%02d", y, (y+1)%100))
		}
		return ring(strconv.Itoa(y), strconv.Itoa(y))
	}
	if len(years) > 0 {
		for i := len(years) - 1; i >= 0; i-- {
			yearRing(years[i])
		}
	} else {
		switch q.Rings {
		case "focus": // every focus area has its ring, even an empty one
			for _, k := range prog.FocusAreas.Keys {
				ring(k, prog.FocusAreas.Name(k))
			}
		case "channel", "audience": // in the catalogue's order
			cat := prog.Channels
			if q.Rings == "audience" {
				cat = prog.Audiences
			}
			for _, k := range cat.Keys {
				ring(q.Rings+":"+k, cat.Name(k))
			}
		}
	}
	var entries []ListEntry
	multi := len(sc.Units) > 1
	for _, u := range sc.Units {
		if len(q.Units) > 0 && !slices.Contains(q.Units, u.ID) {
			continue
		}
		colour := "" // one unit's wheel colours by ring, a combined one by unit
		if multi {
			colour = wheelsvg.Contrasting(u.Color)
			w.Units = append(w.Units, wheelsvg.UnitKey{Name: u.Name, Color: colour})
		}
		fus := map[string]snapshot.FollowUpRecord{} // by occurrence id
		for _, fu := range snap.FollowUps[u.ID] {
			if fu.OccurrenceID != "" {
				fus[fu.OccurrenceID] = fu
			}
		}
		for i := range snap.Items[u.ID] {
			it := &snap.Items[u.ID][i].Item
			if !f.Match(it) {
				continue
			}
			var in []*wheelsvg.Ring
			if len(years) == 0 { // else chosen per occurrence, by its year
				for _, k := range itemRings(q.Rings, prog, u.ID, it) {
					in = append(in, ring(k.key, k.label))
				}
			}
			href := ln.Item(token, u.ID, it.ID)
			series := seriesWords(it.Rule)
			for _, o := range occur.Expand(prog, u.ID, it) {
				if o.LastDay.Before(from) || !o.Date.Before(to) {
					continue
				}
				when := sv.Span(o.Date, o.LastDay)
				if !o.AllDay {
					when += " " + o.Start.Format("15.04")
				}
				e := ListEntry{ID: o.ID, date: o.Date, Title: o.Title, Href: href + "#" + o.Date.String(), When: when, Owner: cfg.Person(it.Owner),
					Audiences: prog.Audiences.NamesOf(it.Audiences), Channels: prog.Channels.NamesOf(it.Channels)}
				if multi {
					e.Unit = u.Name
				}
				e.DayOff, _ = holidays.Named(o.Date)
				detail := when
				if multi {
					detail = u.Name + ", " + when
				}
				if fu, ok := fus[o.ID]; ok {
					e.FollowUpState = fu.State(today)
					e.FollowUp = "uppföljning " + sv.Short(fu.Due) + ": " + e.FollowUpState.Words()
				}
				arc := wheelsvg.Arc{ID: o.ID, Item: u.ID + "/" + it.ID, Series: series, Title: o.Title, Detail: detail,
					From: o.Date, To: o.LastDay, Color: colour, Href: e.Href, DayOff: e.DayOff}
				if len(years) > 0 {
					y := yearOf(o.Date, q.Start)
					in = []*wheelsvg.Ring{yearRing(y)}
					arc.From, arc.To = inYear(o.Date, y, years[0]), inYear(o.LastDay, y, years[0])
				}
				for _, rg := range in {
					rg.Arcs = append(rg.Arcs, arc)
				}
				entries = append(entries, e)
			}
		}
		items := map[string]*wheel.Item{}
		for i := range snap.Items[u.ID] {
			items[snap.Items[u.ID][i].Item.ID] = &snap.Items[u.ID][i].Item
		}
		pages := newFollowUpPages(snap.Items[u.ID])
		for _, fu := range snap.FollowUps[u.ID] {
			if len(years) > 0 || q.Slide || (sc.PublicOnly && !fu.Public) || fu.Due.Before(from) || !fu.Due.Before(to) { // the programme view is the plan, not its state
				continue
			}
			if it := items[fu.ItemID]; it != nil && !f.Match(it) {
				continue
			}
			w.Deadlines = append(w.Deadlines, wheelsvg.Deadline{ID: fu.ID, Title: fu.Title, Due: fu.Due,
				State: string(fu.State(today)), StateWords: fu.State(today).Words(), Href: ln.Item(token, u.ID, pages.item(fu.ItemID)) + "#uppfoljning"})
		}
	}
	kind := ringsShown(q)
	for i, k := range ringOrder(kind, order, func(k string) bool { return len(rings[k].Arcs) == 0 }) {
		rg := *rings[k]
		rg.Color = wheelsvg.RingColour(i)
		if c, ok := prog.FocusColors[k]; ok && q.Rings == "focus" && len(years) == 0 {
			rg.Color = wheelsvg.Contrasting(c)
		}
		w.Rings = append(w.Rings, rg)
	}
	if q.Holidays && len(years) == 0 {
		for y := from.Year; y <= to.Year; y++ {
			for _, h := range holidays.Sweden(y) {
				w.Holidays = append(w.Holidays, wheelsvg.Holiday{Date: h.Date, Name: h.Name})
			}
		}
	}
	sort.Slice(entries, func(i, j int) bool {
		if c := entries[i].date.Compare(entries[j].date); c != 0 {
			return c < 0
		}
		return entries[i].ID < entries[j].ID
	})
	d := WheelData{Wheel: w, Count: len(entries)}
	for _, e := range entries {
		d.DaysOff += min(len(e.DayOff), 1)
	}
	byMonth := map[[2]int][]ListEntry{}
	for _, e := range entries {
		k := [2]int{e.date.Year, int(e.date.Month)}
		byMonth[k] = append(byMonth[k], e)
	}
	n := (listTo.Year-listFrom.Year)*12 + int(listTo.Month) - int(listFrom.Month)
	for m := 0; m < n; m++ {
		start := wheel.DateOf(time.Date(listFrom.Year, listFrom.Month+time.Month(m), 1, 0, 0, 0, 0, time.UTC))
		d.Months = append(d.Months, ListMonth{Name: sv.Months[start.Month] + " " + strconv.Itoa(start.Year),
			Entries: byMonth[[2]int{start.Year, int(start.Month)}]})
	}
	return d
}
