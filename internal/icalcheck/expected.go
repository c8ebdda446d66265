package icalcheck

import (
	"slices"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/occur"
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
		for _, fu := range u.FollowUps {
			due := fu.Due.In(p.Location)
			if !shown[fu.ItemID] || (f.PublicOnly && !fu.Public) || (fu.DoneAt != nil && due.Before(from)) {
				continue
			}
			title := "Uppföljning: " + fu.Title
			switch {
			case fu.DoneAt != nil:
				title = "Uppföljning klar: " + fu.Title
			case today.After(fu.Due):
				title = "FÖRSENAD uppföljning: " + fu.Title + " (skulle vara klar " + fu.Due.String() + ")"
			}
			out = append(out, AllDay(prefix+title, fu.Due))
		}
	}
	return out
}
