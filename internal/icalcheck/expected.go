package icalcheck

import (
	"fmt"
	"slices"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Expected is what the service itself says a feed holds: every occurrence
// of every item the filter keeps (inside the window, unless the item is one
// recurring series), and the follow-ups, under the titles the feed gives
// them. It is written from the occurrence model and the stored follow-ups,
// not from the feed builder, so that the parsers check the builder.
func Expected(req feed.Request) []Instance {
	var out []Instance
	p := req.Programme
	today := wheel.DateOf(req.Now.In(p.Location))
	from := req.Cutoff()
	f := req.Filter
	for _, u := range req.Units {
		if f.PublicOnly && !u.Unit.Public {
			continue
		}
		prefix := ""
		if req.Prefix {
			prefix = u.Unit.Name + ": "
		}
		shown := map[string]bool{} // items, and plans with an item shown
		for _, rec := range u.Items {
			it := rec.Item
			if (f.PublicOnly && !it.Public) || (f.Focus != "" && it.Focus != f.Focus) ||
				(f.Audience != "" && !slices.Contains(it.Audiences, f.Audience)) ||
				(f.Channel != "" && !slices.Contains(it.Channels, f.Channel)) {
				continue
			}
			shown[it.ID] = true
			if it.Plan != nil {
				shown[it.Plan.ID] = true
			}
			if f.Person != "" && !ownedBy(&it, f.Person) {
				continue
			}
			occs := occur.Expand(p, u.Unit.ID, &it)
			// A series is shown whole, unless all of it lies before the window.
			series := feed.IsSeries(p, u.Unit.ID, &it)
			whole := series && !occs[len(occs)-1].End.Before(from)
			for _, o := range occs {
				if whole || (!series && !o.End.Before(from)) {
					out = append(out, FromOccurrence(prefix+o.Title, o))
				}
			}
		}
		if !f.FollowUps || f.PublicOnly {
			continue
		}
		// An item's several follow-ups are one event: the oldest open one,
		// with the number overdue when more than one is.
		byItem := map[string][]snapshot.FollowUpRecord{}
		var items []string
		for _, fu := range u.FollowUps {
			if !shown[fu.ItemID] || (f.Person != "" && !config.SameAddress(fu.Owner, f.Person)) {
				continue
			}
			if byItem[fu.ItemID] == nil {
				items = append(items, fu.ItemID)
			}
			byItem[fu.ItemID] = append(byItem[fu.ItemID], fu)
		}
		for _, id := range items {
			group := byItem[id]
			if len(group) == 1 {
				fu := group[0]
				if fu.DoneAt != nil && fu.Due.In(p.Location).Before(from) {
					continue
				}
				title := "Uppföljning: " + fu.Title
				switch {
				case fu.DoneAt != nil && fu.Skipped:
					title = "Uppföljning ej aktuell: " + fu.Title
				case fu.DoneAt != nil:
					title = "Uppföljning klar: " + fu.Title
				case today.After(fu.Due):
					title = "FÖRSENAD uppföljning: " + fu.Title + " (skulle vara klar " + fu.Due.String() + ")"
				}
				out = append(out, AllDay(prefix+title, fu.Due))
				continue
			}
			var open []snapshot.FollowUpRecord
			late := 0
			for _, fu := range group {
				if fu.DoneAt == nil {
					open = append(open, fu)
					if today.After(fu.Due) {
						late++
					}
				}
			}
			if len(open) == 0 {
				continue
			}
			fu := open[0]
			title := "Uppföljning: " + fu.Title
			switch {
			case late > 1:
				title = fmt.Sprintf("FÖRSENAD uppföljning (%d väntar): %s (skulle vara klar %s)", late, fu.Title, fu.Due)
			case late == 1:
				title = "FÖRSENAD uppföljning: " + fu.Title + " (skulle vara klar " + fu.Due.String() + ")"
			}
			out = append(out, AllDay(prefix+title, fu.Due))
		}
	}
	return out
}

// ownedBy says whether person owns the item, or its plan where it names
// no owner of its own.
func ownedBy(it *wheel.Item, person string) bool {
	owner := it.Owner
	if owner == "" && it.Plan != nil {
		owner = it.Plan.Owner
	}
	return config.SameAddress(owner, person)
}
