package app

import (
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// OverviewRow is one follow-up in the admins' overview.
type OverviewRow struct {
	ID, Title, Href, Due, Owner, How, Note, DoneAt string
	State                                          snapshot.FollowUpState
	StateText                                      string
}

// OverviewUnit is one unit's follow-ups and their tally.
type OverviewUnit struct {
	ID, Name            string
	Done, Open, Overdue int
	Rows                []OverviewRow
}

// OverviewPage is every follow-up per unit.
type OverviewPage struct {
	Programme *wheel.Programme
	Today     wheel.Date
	CSVURL    string
	Units     []OverviewUnit
}

// Overview is every follow-up per unit for the admin token: done, open
// and overdue, for the programme's evaluation.
func (c *Core) Overview(token string) (*OverviewPage, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	if !c.isAdmin(token) {
		return nil, ErrNotFound
	}
	cfg := v.Config
	loc := cfg.Programme.Location
	p := &OverviewPage{Programme: &cfg.Programme, Today: v.today, CSVURL: v.links.Overview(token, true)}
	for _, u := range cfg.Units {
		ou := OverviewUnit{ID: u.ID, Name: u.Name}
		pages := newFollowUpPages(v.Snapshot.Items[u.ID])
		for _, fu := range v.Snapshot.FollowUps[u.ID] {
			st := fu.State(v.today)
			switch st {
			case snapshot.Done, snapshot.Skipped:
				ou.Done++
			case snapshot.Overdue:
				ou.Overdue++
			default:
				ou.Open++
			}
			row := OverviewRow{ID: fu.ID, Title: fu.Title, Due: fu.Due.String(), State: st, StateText: st.Words(),
				Owner: fu.Owner, How: fu.How, Note: fu.Note,
				Href: v.links.Item(token, u.ID, pages.item(fu.ItemID)) + "#uppfoljning"}
			if fu.DoneAt != nil {
				row.DoneAt = fu.DoneAt.In(loc).Format(time.DateOnly)
			}
			ou.Rows = append(ou.Rows, row)
		}
		p.Units = append(p.Units, ou)
	}
	return p, nil
}
