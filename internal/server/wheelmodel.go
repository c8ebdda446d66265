package server

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/holidays"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
	"github.com/avesta-kommun/arshjul/internal/wheelsvg"
)

// wheelScope is who is looking at which wheel: a public unit, all public
// units, a unit with its token, or everything with the admin token.
type wheelScope struct {
	Name       string // unit id, "all" or "public"
	Prefix     string // "/wheel/" or "/wheel/TOKEN/": links to items keep it
	Token      string
	Units      []wheel.Unit
	PublicOnly bool
	Title      string
}

// resolveWheel answers who may see what. A wrong token, an internal unit
// asked for without one and an unknown unit are all the same "no".
func (s *Server) resolveWheel(cur *state.State, token, name string) (*wheelScope, bool) {
	cfg := cur.Config
	sc := &wheelScope{Name: name, Prefix: "/wheel/"}
	switch {
	case token == "" && name == feed.ScopePublic:
		sc.PublicOnly, sc.Title = true, cfg.Programme.Organisation+" (publikt)"
		for _, u := range cfg.Units {
			if u.Public {
				sc.Units = append(sc.Units, u)
			}
		}
	case token == "":
		u := cfg.Unit(name)
		if u == nil || !u.Public {
			return nil, false
		}
		sc.PublicOnly, sc.Title, sc.Units = true, u.Name, []wheel.Unit{*u}
	case !s.authorized(cur, token, name):
		return nil, false
	case name == feed.ScopeAll:
		sc.Title, sc.Units = cfg.Programme.Organisation, cfg.Units
	default:
		u := cfg.Unit(name)
		sc.Title, sc.Units = u.Name, []wheel.Unit{*u}
	}
	if token != "" {
		sc.Token = token
		sc.Prefix = "/wheel/" + url.PathEscape(token) + "/"
	}
	return sc, true
}

// itemHref links to an item's page within the scope's way in. Items of
// the public wheel link by their unit's public address.
func (sc *wheelScope) itemHref(unitID, itemID string) string {
	return sc.Prefix + url.PathEscape(unitID) + "/item/" + url.PathEscape(itemID)
}

// wheelQuery is the wheel page's options.
type wheelQuery struct {
	Year     int
	Start    time.Month
	Rings    string // focus or plans
	Holidays bool
	Filter   feed.Filter
}

func (q wheelQuery) values() url.Values {
	v := url.Values{}
	v.Set("year", strconv.Itoa(q.Year))
	if q.Start != time.January {
		v.Set("start", strconv.Itoa(int(q.Start)))
	}
	if q.Rings == "plans" {
		v.Set("rings", "plans")
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

// listEntry is one occurrence in the list beside the wheel.
type listEntry struct {
	ID, Title, Href, When, Unit, Owner string
	Audiences, Channels                []string
	FollowUp                           string // "", or its state in words
	FollowUpState                      string // open, overdue, done
	date                               wheel.Date
}

type listMonth struct {
	Name    string
	Entries []listEntry
}

// wheelData is the picture's model and the list that says the same.
type wheelData struct {
	Wheel  wheelsvg.Wheel
	Months []listMonth
	Count  int
}

// buildWheel gathers the scope's occurrences in the wheel's year.
func buildWheel(cfg *config.Config, snap *store.Snapshot, sc *wheelScope, q wheelQuery, today wheel.Date) wheelData {
	prog := &cfg.Programme
	w := wheelsvg.Wheel{Title: sc.Title, Subtitle: prog.Name, Year: q.Year, StartMonth: q.Start, Today: &today}
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
	var entries []listEntry
	multi := len(sc.Units) > 1
	for _, u := range sc.Units {
		fus := map[string]store.FollowUpRecord{} // by occurrence id
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
			href := sc.itemHref(u.ID, it.ID)
			for _, o := range occur.Expand(prog, u.ID, it) {
				if o.LastDay.Before(from) || !o.Date.Before(to) {
					continue
				}
				when := sv.Span(o.Date, o.LastDay)
				if !o.AllDay {
					when += " " + o.Start.Format("15.04")
				}
				e := listEntry{ID: o.ID, date: o.Date, Title: o.Title, Href: href + "#" + o.Date.String(), When: when, Owner: it.Owner,
					Audiences: prog.Audiences.NamesOf(it.Audiences), Channels: prog.Channels.NamesOf(it.Channels)}
				if multi {
					e.Unit = u.Name
				}
				detail := when
				if multi {
					detail = u.Name + ", " + when
				}
				if fu, ok := fus[o.ID]; ok {
					e.FollowUpState = followUpState(fu, today)
					e.FollowUp = "uppföljning " + sv.Short(fu.Due) + ": " + stateWords[e.FollowUpState]
				}
				rg.Arcs = append(rg.Arcs, wheelsvg.Arc{ID: o.ID, Title: o.Title, Detail: detail, From: o.Date, To: o.LastDay, Color: u.Color, Href: e.Href})
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
				State: followUpState(fu, today), Href: sc.itemHref(u.ID, fu.ItemID) + "#uppfoljning"})
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
	d := wheelData{Wheel: w, Count: len(entries)}
	for m := 0; m < 12; m++ {
		start := wheel.DateOf(time.Date(from.Year, from.Month+time.Month(m), 1, 0, 0, 0, 0, time.UTC))
		lm := listMonth{Name: sv.Months[start.Month] + " " + strconv.Itoa(start.Year)}
		for _, e := range entries {
			if e.date.Year == start.Year && e.date.Month == start.Month {
				lm.Entries = append(lm.Entries, e)
			}
		}
		d.Months = append(d.Months, lm)
	}
	return d
}

var stateWords = map[string]string{"open": "inte klar än", "overdue": "försenad", "done": "klar"}

// stateLabel is a state's words as a label: "Försenad".
func stateLabel(state string) string {
	w := stateWords[state]
	return strings.ToUpper(w[:1]) + w[1:]
}

func followUpState(fu store.FollowUpRecord, today wheel.Date) string {
	switch {
	case fu.DoneAt != nil:
		return "done"
	case fu.Overdue(today):
		return "overdue"
	}
	return "open"
}
