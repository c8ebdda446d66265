package mail

import "fmt"

// FollowUpGroup is one item's overdue follow-ups in a digest: a monthly
// newsletter eight months behind is one row that says so, not eight rows
// that say the same thing.
type FollowUpGroup struct {
	Oldest FollowUp   // the one overdue longest; its title, unit and how stand for all
	All    []FollowUp // oldest first
}

// Count is how many follow-ups the row stands for.
func (g FollowUpGroup) Count() int { return len(g.All) }

// Summary is the row's line for a group of several: "8 uppföljningar
// väntar, den äldsta sedan måndag 13 april 2026 (230 dagar)".
func (g FollowUpGroup) Summary() string {
	return fmt.Sprintf("%d uppföljningar väntar, den äldsta sedan %s (%d dagar)", len(g.All), g.Oldest.Due, g.Oldest.DaysOverdue)
}

// OverdueGroups are the recipient's overdue follow-ups, one row per item.
func (d *Digest) OverdueGroups() []FollowUpGroup { return groupFollowUps(d.Overdue) }

// EscalatedGroups are the escalated follow-ups, one row per item.
func (d *Digest) EscalatedGroups() []FollowUpGroup { return groupFollowUps(d.Escalated) }

// groupFollowUps keeps the list's order (oldest first, as the store gives
// them) and puts each follow-up with the others of its item.
func groupFollowUps(list []FollowUp) []FollowUpGroup {
	var out []FollowUpGroup
	at := map[string]int{}
	for _, f := range list {
		key := f.Item
		if key == "" {
			key = f.ID // nothing to group by: a row of its own
		}
		if i, ok := at[key]; ok {
			out[i].All = append(out[i].All, f)
			continue
		}
		at[key] = len(out)
		out = append(out, FollowUpGroup{Oldest: f, All: []FollowUp{f}})
	}
	return out
}
