package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// FollowUpLine is one follow-up in `arshjul followups`.
type FollowUpLine struct {
	snapshot.FollowUpRecord
	State snapshot.FollowUpState
}

// FollowUps lists the follow-ups of one unit (or, unit empty, every unit)
// in the config's order of units and by due date; overdueOnly keeps the
// overdue ones.
func (c *Core) FollowUps(unit string, overdueOnly bool) ([]FollowUpLine, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	if unit != "" && v.Config.Unit(unit) == nil {
		return nil, invalid("okänd enhet %q; giltiga är %s", unit, strings.Join(v.Config.UnitIDs(), ", "))
	}
	var out []FollowUpLine
	for _, u := range v.Config.Units {
		if unit != "" && u.ID != unit {
			continue
		}
		for _, f := range v.Snapshot.FollowUps[u.ID] {
			st := f.State(v.today)
			if overdueOnly && st != snapshot.Overdue {
				continue
			}
			out = append(out, FollowUpLine{FollowUpRecord: f, State: st})
		}
	}
	return out, nil
}

// ErrAlreadyDone is MarkDoneByID's answer for a follow-up done before;
// the record it returns says when and with what result.
var ErrAlreadyDone = errors.New("app: follow-up already done")

// openFollowUp is the follow-up id names for the command line: an error
// that says how to find the ids when there is none, ErrAlreadyDone (with
// the record) when it was closed before.
func (c *Core) openFollowUp(ctx context.Context, id string) (snapshot.FollowUpRecord, error) {
	f, err := c.store.FollowUp(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return f, invalid("uppföljningen %q finns inte; `arshjul followups` listar dem", id)
	}
	if err != nil {
		return f, fmt.Errorf("app: follow-up %s: %w", id, err)
	}
	if f.DoneAt != nil {
		return f, ErrAlreadyDone
	}
	return f, nil
}

// MarkDoneByID records a follow-up's result from the command line, where
// the administrator needs no signed link.
func (c *Core) MarkDoneByID(ctx context.Context, id, note string) (snapshot.FollowUpRecord, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return snapshot.FollowUpRecord{}, invalid("skriv resultatet med --note \"...\"; en uppföljning markeras inte klar utan det")
	}
	f, err := c.openFollowUp(ctx, id)
	if err != nil {
		return f, err
	}
	return f, c.markDone(ctx, id, note, "cli")
}
