// Package snapshot is the wheel as it is served: every unit's items and
// plans with the change tracking subscribers see (SEQUENCE, LAST-MODIFIED),
// and their follow-ups with their state. The store fills a Snapshot, in
// one transaction; feeds, pages, mail and the command line read it, and
// none of them needs the store for its types. It has no I/O.
package snapshot

import (
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
