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
	Rings    string // focus or plans
	Holidays bool
	Filter   feed.Filter
	Units    []string // ?unit=hr,ekonomi on a combined wheel: only these
}

func (q WheelQuery) values() url.Values {
	v := url.Values{}
	v.Set("year", strconv.Itoa(q.Year))
	if q.Start != time.January {
		v.Set("start", strconv.Itoa(int(q.Start)))
	}
	if q.Rings == "plans" {
		v.Set("rings", "plans")
	}
	if len(q.Units) > 0 {
		v.Set("unit", strings.Join(q.Units, ","))
	}
	if q.Holidays {
		v.Set("holidays", "1")
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

// buildWheel gathers the scope's occurrences in the wheel's year.
func buildWheel(cfg *config.Config, snap *snapshot.Snapshot, ln links.Links, sc *Scope, q WheelQuery, today wheel.Date) WheelData {
	prog := &cfg.Programme
	w := wheelsvg.Wheel{Title: sc.Title, Subtitle: prog.Name, Year: q.Year, StartMonth: q.Start, Today: &today, Public: sc.PublicOnly}
	from, to := w.Span()
	f := q.Filter
	f.PublicOnly = sc.PublicOnly
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
	if q.Rings != "plans" { // every focus area has its ring, even an empty one
		for _, k := range prog.FocusAreas.Keys {
			ring(k, prog.FocusAreas.Name(k))
		}
	}
	var entries []ListEntry
	multi := len(sc.Units) > 1
	for _, u := range sc.Units {
		if len(q.Units) > 0 && !slices.Contains(q.Units, u.ID) {
			continue
		}
		colour := wheelsvg.Contrasting(u.Color)
		if multi {
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
			var rg *wheelsvg.Ring
			switch {
			case q.Rings == "plans" && it.Plan != nil:
				rg = ring("plan:"+u.ID+"/"+it.Plan.ID, it.Plan.Title)
			case q.Rings == "plans":
				rg = ring("plan:", "Årshjulet (utan plan)")
			case it.Focus != "":
				rg = ring(it.Focus, prog.FocusAreas.Name(it.Focus))
			default:
				rg = ring("", "Utan fokusområde")
			}
			href := ln.Item(sc.Token, u.ID, it.ID)
			series := seriesWords(it.Rule)
			for _, o := range occur.Expand(prog, u.ID, it) {
				if o.LastDay.Before(from) || !o.Date.Before(to) {
					continue
				}
				when := sv.Span(o.Date, o.LastDay)
				if !o.AllDay {
					when += " " + o.Start.Format("15.04")
				}
				e := ListEntry{ID: o.ID, date: o.Date, Title: o.Title, Href: href + "#" + o.Date.String(), When: when, Owner: it.Owner,
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
				rg.Arcs = append(rg.Arcs, wheelsvg.Arc{ID: o.ID, Item: u.ID + "/" + it.ID, Series: series, Title: o.Title, Detail: detail,
					From: o.Date, To: o.LastDay, Color: colour, Href: e.Href, DayOff: e.DayOff})
				entries = append(entries, e)
			}
		}
		items := map[string]*wheel.Item{}
		for i := range snap.Items[u.ID] {
			items[snap.Items[u.ID][i].Item.ID] = &snap.Items[u.ID][i].Item
		}
		for _, fu := range snap.FollowUps[u.ID] {
			if (sc.PublicOnly && !fu.Public) || fu.Due.Before(from) || !fu.Due.Before(to) {
				continue
			}
			if it := items[fu.ItemID]; it != nil && !f.Match(it) {
				continue
			}
			w.Deadlines = append(w.Deadlines, wheelsvg.Deadline{ID: fu.ID, Title: fu.Title, Due: fu.Due,
				State: string(fu.State(today)), StateWords: fu.State(today).Words(), Href: ln.Item(sc.Token, u.ID, fu.ItemID) + "#uppfoljning"})
		}
	}
	for _, k := range order {
		w.Rings = append(w.Rings, *rings[k])
	}
	if q.Holidays {
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
	for m := 0; m < 12; m++ {
		start := wheel.DateOf(time.Date(from.Year, from.Month+time.Month(m), 1, 0, 0, 0, 0, time.UTC))
		lm := ListMonth{Name: sv.Months[start.Month] + " " + strconv.Itoa(start.Year)}
		for _, e := range entries {
			if e.date.Year == start.Year && e.date.Month == start.Month {
				lm.Entries = append(lm.Entries, e)
			}
		}
		d.Months = append(d.Months, lm)
	}
	return d
}
