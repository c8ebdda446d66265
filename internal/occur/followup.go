package occur

import (
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// FollowUp is one promised check of an occurrence's or a plan's effect.
type FollowUp struct {
	ID           string // UNIT/ITEM/DATE (occurrence date) or UNIT/PLAN/DUE
	UnitID       string
	ItemID       string // the item, or the plan for a plan's own follow-up
	OccurrenceID string // empty for a plan's or item's dated follow-up
	Title        string
	Due          wheel.Date
	Owner        string
	How          string
	Public       bool
}

// ItemFollowUps lists the follow-ups an item promises over its occurrences:
// one per occurrence for `after: Nd`, one in all for a fixed date. A deadline
// past valid_until is brought back to it: the programme's own evaluation
// needs the answer before it ends.
func ItemFollowUps(p *wheel.Programme, unitID string, it *wheel.Item, occs []Occurrence) []FollowUp {
	f := it.FollowUp
	if f == nil {
		return nil
	}
	owner := firstNonEmpty(f.Owner, it.Owner)
	if it.Plan != nil {
		owner = firstNonEmpty(owner, it.Plan.Owner)
	}
	if f.Date != nil {
		return []FollowUp{{
			ID: unitID + "/" + it.ID + "/" + f.Date.String(), UnitID: unitID, ItemID: it.ID,
			Title: it.Title, Due: clampDue(p, *f.Date), Owner: owner, How: f.How, Public: it.Public,
		}}
	}
	out := make([]FollowUp, 0, len(occs))
	for _, o := range occs {
		out = append(out, FollowUp{
			ID: o.ID, UnitID: unitID, ItemID: it.ID, OccurrenceID: o.ID, Title: o.Title,
			Due: clampDue(p, o.LastDay.AddDays(int(f.After))), Owner: owner, How: f.How, Public: it.Public,
		})
	}
	return out
}

// PlanFollowUp is a plan's own follow-up: on its date, or `after` days past
// the end of its last activity. ok is false when the plan promises none or
// has nothing to measure from.
func PlanFollowUp(p *wheel.Programme, unitID string, pl *wheel.Plan, activities []Occurrence) (FollowUp, bool) {
	f := pl.FollowUp
	if f == nil {
		return FollowUp{}, false
	}
	var due wheel.Date
	switch {
	case f.Date != nil:
		due = *f.Date
	case len(activities) > 0:
		last := activities[0].LastDay
		for _, o := range activities[1:] {
			if o.LastDay.After(last) {
				last = o.LastDay
			}
		}
		due = last.AddDays(int(f.After))
	default:
		return FollowUp{}, false
	}
	due = clampDue(p, due)
	return FollowUp{
		ID: unitID + "/" + pl.ID + "/" + due.String(), UnitID: unitID, ItemID: pl.ID,
		Title: pl.Title, Due: due, Owner: firstNonEmpty(f.Owner, pl.Owner), How: f.How, Public: pl.Public,
	}, true
}

func clampDue(p *wheel.Programme, d wheel.Date) wheel.Date {
	if d.After(p.ValidUntil) {
		return p.ValidUntil
	}
	return d
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// Calendar expands a unit's whole calendar: each item's occurrences (in
// the calendar's order of items) and every follow-up it promises, the
// items' and then the plans' own. The store's sync and its preview both
// work from this one expansion.
func Calendar(p *wheel.Programme, unitID string, cal *wheel.Calendar) (occs [][]Occurrence, fus []FollowUp) {
	occs = make([][]Occurrence, len(cal.Items))
	byPlan := map[string][]Occurrence{}
	for i := range cal.Items {
		it := &cal.Items[i]
		occs[i] = Expand(p, unitID, it)
		if it.Plan != nil {
			byPlan[it.Plan.ID] = append(byPlan[it.Plan.ID], occs[i]...)
		}
		fus = append(fus, ItemFollowUps(p, unitID, it, occs[i])...)
	}
	for i := range cal.Plans {
		if f, ok := PlanFollowUp(p, unitID, &cal.Plans[i], byPlan[cal.Plans[i].ID]); ok {
			fus = append(fus, f)
		}
	}
	return occs, fus
}
