package app

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

type ItemOccurrence struct {
	Anchor, When string
	Past         bool
}

type ItemFollowUp struct {
	ID, Due, How, Owner, Note string
	DoneURL                   string // for a signed-in editor; empty once done
	State                     snapshot.FollowUpState
	StateText                 string
}

type PlanView struct {
	Title, What, Why, Know, Feel, Do, Owner, FollowUp string
	Audiences                                         []string
	Activities                                        []PlanActivity
}

type PlanActivity struct {
	Title, Href string
	Current     bool
}

type ItemPage struct {
	Unit        wheel.Unit
	Item        *wheel.Item
	OwnerName   string // the item's owner as people: names them
	When        string
	Focus       string
	Audiences   []string
	Channels    []string
	Plan        *PlanView
	Occurrences []ItemOccurrence
	FollowUps   []ItemFollowUp
	WheelURL    string
	Public      bool // for anyone: no follow-ups, which are internal work
	// History is the item's changes, newest first; never on a public page
	// (it names people).
	History []HistoryRow
}

// Item is one item's page: what, when, the plan's seven answers, its
// occurrences and follow-ups, as who may see them. Its links keep the
// scope's way in: the token from the address, or none.
func (c *Core) Item(who Viewer, unitID, itemID string) (*ItemPage, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	sc, err := c.scope(v, who, unitID)
	if err != nil || len(sc.Units) != 1 {
		return nil, ErrNotFound
	}
	rec := sc.Snap.Item(unitID, itemID)
	if rec == nil || (sc.PublicOnly && !rec.Item.Public) {
		return nil, ErrNotFound
	}
	it := &rec.Item
	recs := sc.Snap.Items[unitID]
	prog := &v.Config.Programme
	today := v.today
	p := &ItemPage{Unit: sc.Units[0], Item: it, Focus: prog.FocusAreas.Name(it.Focus),
		Audiences: prog.Audiences.NamesOf(it.Audiences), Channels: prog.Channels.NamesOf(it.Channels),
		WheelURL: v.links.Wheel(sc.Token, unitID), Public: sc.PublicOnly, OwnerName: v.Config.Person(it.Owner)}
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
		p.Occurrences = append(p.Occurrences, ItemOccurrence{Anchor: o.Date.String(), When: when, Past: o.LastDay.Before(today)})
	}
	// Marking done is offered to whoever may do it: a signed-in person
	// who may not edit the unit would be refused.
	mayMark := true
	if who.Session != "" {
		pp, ok, err := c.Who(context.Background(), who.Session)
		mayMark = err == nil && ok && slices.ContainsFunc(pp.Units, func(u wheel.Unit) bool { return u.ID == unitID })
	}
	for _, fu := range sc.Snap.FollowUps[unitID] {
		if fu.ItemID != itemID && !(it.Plan != nil && fu.ItemID == it.Plan.ID) {
			continue
		}
		if sc.PublicOnly && !fu.Public {
			continue
		}
		st := fu.State(today)
		doneURL := ""
		if fu.DoneAt == nil && mayMark {
			doneURL = v.links.FollowUp(fu.ID, "")
		}
		p.FollowUps = append(p.FollowUps, ItemFollowUp{ID: fu.ID, Due: sv.LongDate(fu.Due), State: st, DoneURL: doneURL,
			StateText: st.Label(), How: fu.How, Owner: v.Config.Person(fu.Owner), Note: fu.Note})
	}
	if pl := it.Plan; pl != nil {
		pv := &PlanView{Title: pl.Title, What: pl.What, Why: pl.Why, Know: pl.Know, Feel: pl.Feel, Do: pl.Do, Owner: v.Config.Person(pl.Owner),
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
				pv.Activities = append(pv.Activities, PlanActivity{Title: a.Title, Href: v.links.Item(sc.Token, unitID, a.ID), Current: a.ID == it.ID})
			}
		}
		p.Plan = pv
	}
	if !sc.PublicOnly {
		rows, err := c.History(context.Background(), unitID, itemID)
		if err != nil {
			return nil, err
		}
		fus := map[string]bool{}
		for _, fu := range sc.Snap.FollowUps[unitID] {
			if fu.ItemID == itemID || (it.Plan != nil && fu.ItemID == it.Plan.ID) {
				fus[fu.ID] = true
			}
		}
		if it.Plan != nil {
			fus[it.Plan.ID] = true // its plan's history is the activity's too
		}
		// The item's follow-ups are its history too.
		if len(fus) > 0 {
			all, err := c.History(context.Background(), unitID, "")
			if err != nil {
				return nil, err
			}
			for _, r := range all {
				if fus[r.Subject] {
					rows = append(rows, r)
				}
			}
			sort.SliceStable(rows, func(i, j int) bool { return rows[i].When > rows[j].When })
		}
		p.History = rows
	}
	return p, nil
}

// followUpPages maps a follow-up's ItemID to the item whose page shows
// it: the item itself, or for a plan's follow-up the plan's first
// activity, since a plan has no page of its own.
type followUpPages struct {
	items map[string]bool
	plans map[string]string
}

func newFollowUpPages(recs []snapshot.ItemRecord) followUpPages {
	p := followUpPages{items: make(map[string]bool, len(recs)), plans: map[string]string{}}
	for i := range recs {
		it := &recs[i].Item
		p.items[it.ID] = true
		if it.Plan != nil {
			if _, ok := p.plans[it.Plan.ID]; !ok {
				p.plans[it.Plan.ID] = it.ID
			}
		}
	}
	return p
}

func (p followUpPages) item(id string) string {
	if first, ok := p.plans[id]; ok && !p.items[id] {
		return first
	}
	return id
}
