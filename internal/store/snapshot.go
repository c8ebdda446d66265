package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

const (
	sqlSnapshotItems = `SELECT unit_id, data, sequence, created, modified, file, line FROM items WHERE (?1 = '' OR unit_id = ?1) ORDER BY unit_id, id`
	sqlSnapshotPlans = `SELECT unit_id, data, sequence, created, modified, file, line FROM plans WHERE (?1 = '' OR unit_id = ?1) ORDER BY unit_id, id`
	// One entry's: an item, or a plan and its activities (PLAN.ACT).
	sqlEntryItems = `SELECT unit_id, data, sequence, created, modified, file, line FROM items
		WHERE unit_id = ?1 AND (id = ?2 OR (id > ?2 || '.' AND id < ?2 || '/')) ORDER BY id`
	sqlEntryPlans     = `SELECT unit_id, data, sequence, created, modified, file, line FROM plans WHERE unit_id = ?1 AND id = ?2`
	sqlEntryFollowUps = `SELECT id, unit_id, item_id, COALESCE(occurrence_id, ''), title, due, owner, how, public,
		COALESCE(done_at, ''), done_note, skipped FROM followups
		WHERE active = 1 AND unit_id = ?1 AND (item_id = ?2 OR (item_id > ?2 || '.' AND item_id < ?2 || '/')) ORDER BY due, id`
	sqlSnapshotFollowUps = `SELECT id, unit_id, item_id, COALESCE(occurrence_id, ''), title, due, owner, how, public,
		COALESCE(done_at, ''), done_note, skipped FROM followups WHERE active = 1 AND (?1 = '' OR unit_id = ?1) ORDER BY due, id`
)

// Snapshot reads the current state.
func (s *Store) Snapshot(ctx context.Context) (*snapshot.Snapshot, error) {
	return s.snapshot(ctx, "")
}

// UnitSnapshot reads one unit's current state (and when anything last
// changed): what a web change publishes, beside the other units as they
// are served.
func (s *Store) UnitSnapshot(ctx context.Context, unit string) (*snapshot.Snapshot, error) {
	return s.snapshot(ctx, unit)
}

// EntriesSnapshot reads what the entries of ids (an item, or a plan
// and its activities) of unit are stored as now, with their follow-ups:
// what a web change of those entries publishes (snapshot.WithEntries),
// reading no other entry.
func (s *Store) EntriesSnapshot(ctx context.Context, unit string, ids []string) (*snapshot.Snapshot, error) {
	snap := &snapshot.Snapshot{Items: map[string][]snapshot.ItemRecord{}, Plans: map[string][]snapshot.PlanRecord{}, FollowUps: map[string][]snapshot.FollowUpRecord{}}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: snapshot: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	for _, id := range ids {
		if err := scanEntries(ctx, tx, sqlEntryItems, unit, snapItem(snap), id); err != nil {
			return nil, fmt.Errorf("store: snapshot items: %w", err)
		}
		if err := scanEntries(ctx, tx, sqlEntryPlans, unit, snapPlan(snap), id); err != nil {
			return nil, fmt.Errorf("store: snapshot plans: %w", err)
		}
	}
	if snap.Changed, err = lastChange(ctx, tx); err != nil {
		return nil, fmt.Errorf("store: snapshot: %w", err)
	}
	for _, id := range ids {
		if err := scanFollowUps(ctx, tx, snap, sqlEntryFollowUps, unit, id); err != nil {
			return nil, err
		}
	}
	return snap, nil
}

func snapItem(snap *snapshot.Snapshot) func(unit string, data []byte, seq int, created, modified time.Time, file string, line int) error {
	return func(unit string, data []byte, seq int, created, modified time.Time, file string, line int) error {
		var it wheel.Item
		if err := json.Unmarshal(data, &it); err != nil {
			return err
		}
		it.File, it.Line = file, line
		snap.Items[unit] = append(snap.Items[unit], snapshot.ItemRecord{Item: it, Sequence: seq, Created: created, Modified: modified})
		return nil
	}
}

func snapPlan(snap *snapshot.Snapshot) func(unit string, data []byte, seq int, created, modified time.Time, file string, line int) error {
	return func(unit string, data []byte, seq int, created, modified time.Time, file string, line int) error {
		var p wheel.Plan
		if err := json.Unmarshal(data, &p); err != nil {
			return err
		}
		p.File, p.Line = file, line
		snap.Plans[unit] = append(snap.Plans[unit], snapshot.PlanRecord{Plan: p, Sequence: seq, Created: created, Modified: modified})
		return nil
	}
}

func (s *Store) snapshot(ctx context.Context, unit string) (*snapshot.Snapshot, error) {
	snap := &snapshot.Snapshot{Items: map[string][]snapshot.ItemRecord{}, Plans: map[string][]snapshot.PlanRecord{}, FollowUps: map[string][]snapshot.FollowUpRecord{}}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: snapshot: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	err = scanEntries(ctx, tx, sqlSnapshotItems, unit, snapItem(snap))
	if err != nil {
		return nil, fmt.Errorf("store: snapshot items: %w", err)
	}
	err = scanEntries(ctx, tx, sqlSnapshotPlans, unit, snapPlan(snap))
	if err != nil {
		return nil, fmt.Errorf("store: snapshot plans: %w", err)
	}
	if err := followUpsOf(ctx, tx, snap, unit); err != nil {
		return nil, err
	}
	return snap, nil
}

// followUpsOf reads the active follow-ups (of unit; "" for all) and when
// anything last changed into snap.
func followUpsOf(ctx context.Context, tx *sql.Tx, snap *snapshot.Snapshot, unit string) error {
	var err error
	if snap.Changed, err = lastChange(ctx, tx); err != nil {
		return fmt.Errorf("store: snapshot: %w", err)
	}
	return scanFollowUps(ctx, tx, snap, sqlSnapshotFollowUps, unit)
}

func scanFollowUps(ctx context.Context, tx *sql.Tx, snap *snapshot.Snapshot, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: snapshot follow-ups: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanFollowUp(rows)
		if err != nil {
			return fmt.Errorf("store: snapshot follow-ups: %w", err)
		}
		snap.FollowUps[r.UnitID] = append(snap.FollowUps[r.UnitID], r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: snapshot follow-ups: %w", err)
	}
	return nil
}

func scanEntries(ctx context.Context, tx *sql.Tx, query, only string, fn func(unit string, data []byte, seq int, created, modified time.Time, file string, line int) error, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, append([]any{only}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var unit, data, created, modified, file string
		var seq, line int
		if err := rows.Scan(&unit, &data, &seq, &created, &modified, &file, &line); err != nil {
			return err
		}
		c, err1 := parseTime(created)
		m, err2 := parseTime(modified)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("bad timestamp in %s", unit)
		}
		if err := fn(unit, []byte(data), seq, c, m, file, line); err != nil {
			return err
		}
	}
	return rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

// scanFollowUp reads the follow-up columns, then any extra ones into extra.
func scanFollowUp(row scanner, extra ...any) (snapshot.FollowUpRecord, error) {
	var r snapshot.FollowUpRecord
	var due, doneAt string
	dest := append([]any{&r.ID, &r.UnitID, &r.ItemID, &r.OccurrenceID, &r.Title, &due, &r.Owner, &r.How, &r.Public, &doneAt, &r.Note, &r.Skipped}, extra...)
	if err := row.Scan(dest...); err != nil {
		return r, err
	}
	d, err := wheel.ParseDate(due)
	if err != nil {
		return r, err
	}
	r.Due = d
	if doneAt != "" {
		t, err := parseTime(doneAt)
		if err != nil {
			return r, err
		}
		r.DoneAt = &t
	}
	return r, nil
}
