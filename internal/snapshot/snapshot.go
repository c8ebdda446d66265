// Package snapshot is the wheel as it is served: every unit's items and
// plans with the change tracking subscribers see (SEQUENCE, LAST-MODIFIED),
// and their follow-ups with their state. The store fills a Snapshot, in
// one transaction; feeds, pages, mail and the command line read it, and
// none of them needs the store for its types. It has no I/O.
package snapshot

import (
	"slices"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Snapshot is everything served, read at one moment so that a feed never
// mixes two syncs. It is never modified after it is made.
type Snapshot struct {
	Items     map[string][]ItemRecord     // by unit, in id order
	Plans     map[string][]PlanRecord     // by unit, in id order
	FollowUps map[string][]FollowUpRecord // by unit, active ones, by due date
	Changed   time.Time                   // when a sync last changed anything
	public    bool                        // made by Public: already what anyone may see
}

// ItemRecord is an item with its change tracking.
type ItemRecord struct {
	Item     wheel.Item
	Sequence int
	Created  time.Time
	Modified time.Time
}

// PlanRecord is a plan with its change tracking.
type PlanRecord struct {
	Plan     wheel.Plan
	Sequence int
	Created  time.Time
	Modified time.Time
}

// FollowUpRecord is a follow-up with what has been recorded of it.
type FollowUpRecord struct {
	occur.FollowUp
	DoneAt *time.Time // when it was closed: done, or marked "ej aktuell"
	Note   string     // the result, or why it is not relevant
	// Skipped is a follow-up closed as "ej aktuell" rather than done.
	Skipped bool
}

// Item returns the unit's item with that id, or nil.
func (s *Snapshot) Item(unitID, itemID string) *ItemRecord {
	recs := s.Items[unitID]
	for i := range recs {
		if recs[i].Item.ID == itemID {
			return &recs[i]
		}
	}
	return nil
}

// ItemCount is the number of items over all units.
func (s *Snapshot) ItemCount() int {
	n := 0
	for _, items := range s.Items {
		n += len(items)
	}
	return n
}

// WithUnit is s with one unit's items, plans and follow-ups taken from
// u (a snapshot of that unit alone, read after a change of it), and the
// time of the last change u's: the other units are shared with s, as
// they were served.
func (s *Snapshot) WithUnit(unit string, u *Snapshot) *Snapshot {
	out := &Snapshot{
		Items:     make(map[string][]ItemRecord, len(s.Items)+1),
		Plans:     make(map[string][]PlanRecord, len(s.Plans)+1),
		FollowUps: make(map[string][]FollowUpRecord, len(s.FollowUps)+1),
		Changed:   u.Changed,
	}
	for k, v := range s.Items {
		out.Items[k] = v
	}
	for k, v := range s.Plans {
		out.Plans[k] = v
	}
	for k, v := range s.FollowUps {
		out.FollowUps[k] = v
	}
	delete(out.Items, unit)
	delete(out.Plans, unit)
	delete(out.FollowUps, unit)
	if v := u.Items[unit]; len(v) > 0 {
		out.Items[unit] = v
	}
	if v := u.Plans[unit]; len(v) > 0 {
		out.Plans[unit] = v
	}
	if v := u.FollowUps[unit]; len(v) > 0 {
		out.FollowUps[unit] = v
	}
	return out
}

// WithEntries is s with the entries of ids of one unit (an item, or a
// plan and its activities) and their follow-ups taken from part, as they
// are stored now (gone when part has none), and the time of the last
// change part's: the rest is shared with s, as it was served.
func (s *Snapshot) WithEntries(unit string, ids []string, part *Snapshot) *Snapshot {
	of := map[string]bool{}
	for _, id := range ids {
		of[id] = true
	}
	in := func(id string) bool {
		plan, _, _ := strings.Cut(id, ".")
		return of[id] || of[plan]
	}
	items := slices.DeleteFunc(slices.Clone(s.Items[unit]), func(r ItemRecord) bool { return in(r.Item.ID) })
	items = append(items, part.Items[unit]...)
	slices.SortFunc(items, func(a, b ItemRecord) int { return strings.Compare(a.Item.ID, b.Item.ID) })
	plans := slices.DeleteFunc(slices.Clone(s.Plans[unit]), func(r PlanRecord) bool { return of[r.Plan.ID] })
	plans = append(plans, part.Plans[unit]...)
	slices.SortFunc(plans, func(a, b PlanRecord) int { return strings.Compare(a.Plan.ID, b.Plan.ID) })
	fus := slices.DeleteFunc(slices.Clone(s.FollowUps[unit]), func(r FollowUpRecord) bool { return in(r.ItemID) })
	fus = append(fus, part.FollowUps[unit]...)
	slices.SortFunc(fus, func(a, b FollowUpRecord) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	one := &Snapshot{Items: map[string][]ItemRecord{unit: items}, Plans: map[string][]PlanRecord{unit: plans},
		FollowUps: map[string][]FollowUpRecord{unit: fus}, Changed: part.Changed}
	return s.WithUnit(unit, one)
}
