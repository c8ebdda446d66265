package app

import (
	"slices"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// What a save from the form keeps of the stored entry: what the form
// does not show, so that a save changes only what the person changed.

// keepStored keeps in entry (an item saved from the form) what the form
// does not hold of the stored item: an imported event's UID and source,
// and dates the form cannot show (several spans, a span's own title),
// when the form left them as it showed them.
func keepStored(entry wheel.Entry, stored wheel.Entry, rec any) {
	it, was := entry.Item, stored.Item
	if it == nil || was == nil {
		return
	}
	it.UID, it.Source = was.UID, was.Source
	if d, ok := rec.(*webdoc.Item); ok && !webdoc.HoldsDates(*was) && webdoc.SameDates(*d, webdoc.FromItem(*was)) {
		it.Rule, it.Spans = was.Rule, was.Spans
	}
}

// keptWhen puts into rec (an item saved from the form) the stored item's
// whole when, rule and exceptions included, when the form cannot show it
// (a yearly rule by week or weekday, days skipped, several dates: see
// webdoc.HoldsDates) and the person left the when as the form showed it;
// it reports whether it did. A file's item handed to the web then saves
// from the form with its other fields changed and its dates as they were.
func keptWhen(stored *wheel.Entry, fields map[string]string, rec any) bool {
	d, ok := rec.(*webdoc.Item)
	if stored == nil || stored.Item == nil || !ok || webdoc.HoldsDates(*stored.Item) {
		return false
	}
	was := webdoc.FromItem(*stored.Item)
	shown := map[string]string{}
	getWhen(was, shown, "")
	for _, k := range whenKeys {
		if strings.TrimSpace(fields[k]) != shown[k] {
			// Moved: the days the series skips (the form has no field
			// for them) stay skipped, as long as it is still a series.
			if len(d.Except) == 0 && (d.Weekly != nil || d.Monthly != nil || d.Yearly != nil) {
				d.Except = was.Except
			}
			return false
		}
	}
	d.Yearly, d.Monthly, d.Weekly = was.Yearly, was.Monthly, was.Weekly
	d.Date, d.From, d.To, d.Start, d.End, d.Duration, d.Except = was.Date, was.From, was.To, was.Start, was.End, was.Duration, was.Except
	return true
}

// keepActivityFields keeps in a plan saved from the form what its rows
// do not hold of each stored activity of the same id (a file's plan
// handed to the web has activities with their own description, owner,
// audiences, reminders, links and follow-up): a row changes what it
// shows, and nothing else of its activity is lost.
func keepActivityFields(stored *wheel.Entry, rec any) {
	d, ok := rec.(*webdoc.Plan)
	if stored == nil || stored.Plan == nil || !ok {
		return
	}
	was := map[string]webdoc.Item{}
	for _, a := range webdoc.FromPlan(*stored.Plan, stored.Activities).Activities {
		was[a.ID] = a
	}
	for i := range d.Activities {
		a := &d.Activities[i]
		w, ok := was[a.ID]
		if !ok {
			continue
		}
		a.Description, a.Location, a.Owner, a.Focus, a.Audiences = w.Description, w.Location, w.Owner, w.Focus, w.Audiences
		a.Remind, a.FollowUp, a.Links, a.Public = w.Remind, w.FollowUp, w.Links, w.Public
		if len(w.Except) > 0 && webdoc.SameDates(webdoc.Item{Yearly: a.Yearly, Monthly: a.Monthly, Weekly: a.Weekly, Date: a.Date, From: a.From,
			To: a.To, Start: a.Start, End: a.End, Duration: a.Duration, Except: w.Except}, w) {
			a.Except = w.Except
		}
	}
}

// keepUnshown keeps of a stored item or plan what its form does not show
// when the form left the rest so: a follow-up due on a date (the form
// says days after), and the order of the audiences and channels when
// the same ones are ticked (the form lists them in the catalogue's order;
// a file may not), the follow-up's owner, and in an internal unit (whose
// form has no box for it) whether an item would be public, so that a save
// changes only what was changed.
func keepUnshown(stored *wheel.Entry, rec any, unitPublic bool) {
	if stored == nil {
		return
	}
	keep := func(fu **webdoc.FollowUp, was *webdoc.FollowUp, lists [][2]*[]string) {
		if was != nil && was.Date != "" && (*fu == nil || (*fu).After == "" && (*fu).Date == "") {
			kept := *was
			if *fu != nil && (*fu).How != "" {
				kept.How = (*fu).How
			}
			*fu = &kept
		}
		if was != nil && *fu != nil && (*fu).Owner == "" {
			(*fu).Owner = was.Owner
		}
		for _, l := range lists {
			if sameSet(*l[0], *l[1]) {
				*l[0] = *l[1]
			}
		}
	}
	switch d := rec.(type) {
	case *webdoc.Item:
		if stored.Item != nil {
			w := webdoc.FromItem(*stored.Item)
			keep(&d.FollowUp, w.FollowUp, [][2]*[]string{{&d.Audiences, &w.Audiences}, {&d.Channels, &w.Channels}})
			if !unitPublic {
				d.Public = w.Public
			}
		}
	case *webdoc.Plan:
		if stored.Plan != nil {
			w := webdoc.FromPlan(*stored.Plan, stored.Activities)
			keep(&d.FollowUp, w.FollowUp, [][2]*[]string{{&d.Audiences, &w.Audiences}})
			if !unitPublic {
				d.Public = w.Public
			}
			acts := map[string]*webdoc.Item{}
			for i := range w.Activities {
				acts[w.Activities[i].ID] = &w.Activities[i]
			}
			for i := range d.Activities {
				if a := acts[d.Activities[i].ID]; a != nil && sameSet(d.Activities[i].Channels, a.Channels) {
					d.Activities[i].Channels = a.Channels
				}
			}
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
