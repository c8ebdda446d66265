package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

type itemOccurrence struct {
	Anchor, When string
	Past         bool
}

type itemFollowUp struct {
	ID, Due, State, StateText, How, Owner, Note string
}

type planView struct {
	Title, What, Why, Know, Feel, Do, Owner, FollowUp string
	Audiences                                         []string
	Activities                                        []planActivity
}

type planActivity struct {
	Title, Href string
	Current     bool
}

type itemPage struct {
	Unit        wheel.Unit
	Item        *wheel.Item
	When        string
	Focus       string
	Audiences   []string
	Channels    []string
	Plan        *planView
	Occurrences []itemOccurrence
	FollowUps   []itemFollowUp
	WheelURL    string
}

func (s *Server) handleItemPublic(w http.ResponseWriter, r *http.Request) {
	s.serveItem(w, r, "", r.PathValue("unit"), r.PathValue("item"))
}

func (s *Server) handleItemToken(w http.ResponseWriter, r *http.Request) {
	s.serveItem(w, r, r.PathValue("token"), r.PathValue("unit"), r.PathValue("item"))
}

// serveItem shows one item: what, when, the plan's seven answers, its
// occurrences and its follow-ups.
func (s *Server) serveItem(w http.ResponseWriter, r *http.Request, token, unitID, itemID string) {
	cur, ok := s.current(w)
	if !ok {
		return
	}
	sc, ok := s.resolveWheel(cur, token, unitID)
	if !ok {
		s.notFound(w)
		return
	}
	var it *wheel.Item
	recs := cur.Snapshot.Items[unitID]
	for i := range recs {
		if recs[i].Item.ID == itemID {
			it = &recs[i].Item
		}
	}
	if it == nil || (sc.PublicOnly && !it.Public) {
		s.notFound(w)
		return
	}
	cfg := cur.Config
	prog := &cfg.Programme
	today := wheel.DateOf(s.clock.Now().In(prog.Location))
	p := itemPage{Unit: sc.Units[0], Item: it, Focus: prog.FocusAreas.Name(it.Focus),
		Audiences: prog.Audiences.NamesOf(it.Audiences), Channels: prog.Channels.NamesOf(it.Channels),
		WheelURL: sc.Prefix + url.PathEscape(unitID)}
	if it.Rule != nil {
		p.When = feed.DescribeRule(it.Rule)
	}
	for _, o := range occur.Expand(prog, unitID, it) {
		when := sv.LongDate(o.Date)
		if o.LastDay != o.Date {
			when += " – " + sv.LongDate(o.LastDay)
		}
		if !o.AllDay {
			when += ", " + o.Start.Format("15.04") + "–" + o.End.In(prog.Location).Format("15.04")
		}
		p.Occurrences = append(p.Occurrences, itemOccurrence{Anchor: o.Date.String(), When: when, Past: o.LastDay.Before(today)})
	}
	for _, fu := range cur.Snapshot.FollowUps[unitID] {
		if fu.ItemID != itemID && !(it.Plan != nil && fu.ItemID == it.Plan.ID) {
			continue
		}
		if sc.PublicOnly && !fu.Public {
			continue
		}
		st := followUpState(fu, today)
		p.FollowUps = append(p.FollowUps, itemFollowUp{ID: fu.ID, Due: sv.LongDate(fu.Due), State: st,
			StateText: stateLabel(st), How: fu.How, Owner: fu.Owner, Note: fu.Note})
	}
	if pl := it.Plan; pl != nil {
		pv := &planView{Title: pl.Title, What: pl.What, Why: pl.Why, Know: pl.Know, Feel: pl.Feel, Do: pl.Do, Owner: pl.Owner,
			Audiences: prog.Audiences.NamesOf(pl.Audiences)}
		if pl.FollowUp != nil {
			pv.FollowUp = pl.FollowUp.How
			if pl.FollowUp.Date != nil {
				pv.FollowUp = strings.TrimPrefix(pv.FollowUp+", senast "+sv.LongDate(*pl.FollowUp.Date), ", ")
			}
		}
		for i := range recs {
			a := &recs[i].Item
			if a.Plan != nil && a.Plan.ID == pl.ID && (!sc.PublicOnly || a.Public) {
				pv.Activities = append(pv.Activities, planActivity{Title: a.Title, Href: sc.itemHref(unitID, a.ID), Current: a.ID == it.ID})
			}
		}
		p.Plan = pv
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, http.StatusOK, "item.html", p)
}
