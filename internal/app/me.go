package app

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// MePage is "Mina aktiviteter": what one person owns or follows up, in
// every unit, and their own feed.
type MePage struct {
	Person    *Person
	Upcoming  []MeActivity // the next MeDays days, by date
	FollowUps []MeFollowUp // open ones due by MeDays from today, oldest first
	Feed      *SubscribeBox
	Days      int
}

// MeActivity is one occurrence of an item the person owns.
type MeActivity struct {
	Date, When, Title, Unit, Href string
}

// MeFollowUp is one open follow-up of the person's.
type MeFollowUp struct {
	Title, Unit, Due, Href, DoneURL string
	State                           snapshot.FollowUpState
	StateText                       string
	// Waiting is how many of the same item's follow-ups are overdue with
	// it, counted on the oldest: the rest are closed from its page.
	Waiting int
}

// MeDays is how far ahead "Mina aktiviteter" looks.
const MeDays = 60

// Me is the signed-in person's own page. Someone with no rights of their
// own sees only their own things: it is built from what they own.
func (c *Core) Me(ctx context.Context, session string) (*MePage, error) {
	p, ok, err := c.Who(ctx, session)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrSignInNeeded
	}
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	addr := config.NormalAddress(p.Email)
	page := &MePage{Person: p, Days: MeDays}
	prog := &v.Config.Programme
	until := v.today.AddDays(MeDays)
	for _, u := range v.Config.Units {
		pages := newFollowUpPages(v.Snapshot.Items[u.ID])
		for _, rec := range v.Snapshot.Items[u.ID] {
			it := &rec.Item
			if !owns(it, addr) {
				continue
			}
			for _, o := range occur.Expand(prog, u.ID, it) {
				if o.LastDay.Before(v.today) || o.Date.After(until) {
					continue
				}
				page.Upcoming = append(page.Upcoming, MeActivity{Date: o.Date.String(), When: occurrenceWhen(o, prog),
					Title: o.Title, Unit: u.Name, Href: v.links.Item("", u.ID, it.ID)})
			}
		}
		waiting := map[string]int{}
		seen := map[string]bool{}
		for _, fu := range v.Snapshot.FollowUps[u.ID] {
			if fu.DoneAt == nil && config.SameAddress(fu.Owner, addr) && fu.State(v.today) == snapshot.Overdue {
				waiting[fu.ItemID]++
			}
		}
		for _, fu := range v.Snapshot.FollowUps[u.ID] {
			if fu.DoneAt != nil || !config.SameAddress(fu.Owner, addr) || fu.Due.After(until) || seen[fu.ItemID] {
				continue
			}
			// The oldest open one of an item stands for the rest: its page
			// closes any of them at once.
			seen[fu.ItemID] = true
			st := fu.State(v.today)
			page.FollowUps = append(page.FollowUps, MeFollowUp{Title: fu.Title, Unit: u.Name, Due: sv.LongDate(fu.Due),
				Href: v.links.Item("", u.ID, pages.item(fu.ItemID)), DoneURL: v.links.FollowUp(fu.ID, ""),
				State: st, StateText: st.Label(), Waiting: waiting[fu.ItemID]})
		}
	}
	sort.SliceStable(page.Upcoming, func(i, j int) bool { return page.Upcoming[i].Date < page.Upcoming[j].Date })
	sort.SliceStable(page.FollowUps, func(i, j int) bool {
		return page.FollowUps[i].State == snapshot.Overdue && page.FollowUps[j].State != snapshot.Overdue
	})
	tok, err := c.store.PersonalToken(ctx, addr)
	if err != nil {
		return nil, err
	}
	if tok != "" {
		u := v.links.Abs(v.links.Feed(tok, "me"))
		page.Feed = newBox("me", u, "Mina aktiviteter")
	}
	return page, nil
}

// owns says whether addr owns the item (or its plan, where the item
// names no owner of its own).
func owns(it *wheel.Item, addr string) bool {
	owner := it.Owner
	if owner == "" && it.Plan != nil {
		owner = it.Plan.Owner
	}
	return config.SameAddress(owner, addr)
}

func occurrenceWhen(o occur.Occurrence, prog *wheel.Programme) string {
	s := sv.LongDate(o.Date)
	if o.LastDay != o.Date {
		s += " – " + sv.LongDate(o.LastDay)
	}
	if !o.AllDay {
		s += ", " + o.Start.In(prog.Location).Format("15.04")
	}
	return s
}

// MakePersonalFeed gives the signed-in person a feed of their own, with a
// new token: one made before stops working.
func (c *Core) MakePersonalFeed(ctx context.Context, session string) error {
	return c.personalFeed(ctx, session, true)
}

// RevokePersonalFeed ends the signed-in person's feed: its address
// answers 404.
func (c *Core) RevokePersonalFeed(ctx context.Context, session string) error {
	return c.personalFeed(ctx, session, false)
}

func (c *Core) personalFeed(ctx context.Context, session string, create bool) error {
	p, ok, err := c.Who(ctx, session)
	if err != nil {
		return err
	}
	if !ok {
		return ErrSignInNeeded
	}
	addr := config.NormalAddress(p.Email)
	if create {
		_, err = c.store.NewPersonalToken(ctx, addr, c.clock.Now())
	} else {
		err = c.store.RevokePersonalToken(ctx, addr)
	}
	if err != nil {
		return fmt.Errorf("app: personal feed: %w", err)
	}
	c.log.Info("personal feed changed", "made", create)
	return c.state.RefreshTokens(ctx)
}

// personalScope is the feed scope a personal token opens, comparing it in
// constant time with every personal token; ok is false for none, and for
// a person the config no longer knows (their feed ends with them).
func (c *Core) personalScope(v *view, token string) (string, bool) {
	found := ""
	for scope, tok := range c.state.Tokens().ByScope {
		addr, ok := strings.CutPrefix(scope, store.PersonalScope(""))
		if ok && equalToken(token, tok) {
			found = addr
		}
	}
	if found == "" || (!v.Config.Knows(found) && !v.Config.InOrganisation(found)) {
		return "", false
	}
	return feed.Personal(found), true
}
