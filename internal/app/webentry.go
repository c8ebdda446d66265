package app

import (
	"context"
	"fmt"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// A web entry between the store's records and the web's: the form and
// the workbook read and write webdoc's records as YAML.

// webYAML is a stored web entry as the YAML of its webdoc record, which
// the form and the workbook read.
func webYAML(w store.WebItem) string {
	if w.YAML != "" || (w.Entry.Item == nil && w.Entry.Plan == nil) {
		return w.YAML
	}
	var doc any
	if w.Entry.Plan != nil {
		d := webdoc.FromPlan(*w.Entry.Plan, w.Entry.Activities)
		doc = &d
	} else {
		d := webdoc.FromItem(*w.Entry.Item)
		doc = &d
	}
	text, err := webdoc.Encode(doc)
	if err != nil {
		return ""
	}
	return text
}

// recordOf is the YAML the form (or a workbook's row) makes as its
// record.
func recordOf(text string, plan bool) (any, error) {
	if plan {
		d, err := webdoc.DecodePlan(text)
		return &d, err
	}
	d, err := webdoc.DecodeItem(text)
	return &d, err
}

// unitIDs are the ids the unit's items and plans use as served, but
// except: what a new or changed entry's id must not take.
func unitIDs(snap *snapshot.Snapshot, unit, except string) map[string]string {
	out := map[string]string{}
	for _, r := range snap.Items[unit] {
		if r.Item.Plan == nil && r.Item.ID != except {
			out[r.Item.ID] = where(r.Item.File, r.Item.Line)
		}
	}
	for _, r := range snap.Plans[unit] {
		if r.Plan.ID != except {
			out[r.Plan.ID] = where(r.Plan.File, r.Plan.Line)
		}
	}
	return out
}

// applyUpload stores a checked upload as its unit's change: its rows'
// records become entries by the rules the files are read by, and the
// whole is one transaction (state.Change).
func (c *Core) applyUpload(ctx context.Context, v *view, u *wheel.Unit, plan *plannedUpload, who, via string) error {
	change := state.WebChange{Unit: u.ID, Whole: true, Who: who, Via: via, Remove: map[string]int64{}}
	for _, w := range plan.save {
		rec, err := recordOf(w.YAML, w.Plan)
		if err != nil {
			return err
		}
		entry, probs := calendar.CheckRecord(&v.Config.Programme, u, nil, rec)
		if len(probs) > 0 {
			return fmt.Errorf("app: upload row %s: %v", w.ID, probs)
		}
		change.Save = append(change.Save, store.WebItem{ID: w.ID, Entry: entry, Plan: w.Plan})
	}
	for _, id := range plan.remove {
		change.Remove[id] = 0
	}
	return c.state.Change(ctx, change)
}
