package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

const (
	sqlPreviewEntries = `SELECT unit_id, id, hash, content, sequence, created, modified FROM %s`
	sqlPreviewDone    = `SELECT id, done_at, done_note, skipped FROM followups WHERE done_at IS NOT NULL`
)

// Preview is the snapshot that Sync of these files at now would leave,
// worked out without writing anything: what the commands that only read
// (`feed`, `followups`) show when the files changed since the daemon last
// synced them. It applies the same rule as Sync (decide) to the same
// stored rows.
func (s *Store) Preview(ctx context.Context, prog *wheel.Programme, units []wheel.Unit, cals map[string]*wheel.Calendar, now time.Time) (*snapshot.Snapshot, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: preview: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	items, err := previewRows(ctx, tx, "items")
	if err != nil {
		return nil, fmt.Errorf("store: preview items: %w", err)
	}
	plans, err := previewRows(ctx, tx, "plans")
	if err != nil {
		return nil, fmt.Errorf("store: preview plans: %w", err)
	}
	done, err := previewDone(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("store: preview follow-ups: %w", err)
	}
	snap := &snapshot.Snapshot{Items: map[string][]snapshot.ItemRecord{}, Plans: map[string][]snapshot.PlanRecord{}, FollowUps: map[string][]snapshot.FollowUpRecord{}}
	refill, err := refilling(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("store: preview: %w", err)
	}
	retired, err := previewRetired(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("store: preview: %w", err)
	}
	moved, stamp := false, now.UTC().Truncate(time.Second) // as Sync stores it
	track := func(old map[string]storedRow, e entry, key string) (seq int, created, modified time.Time) {
		prev, existed := old[e.id]
		delete(old, e.id)
		switch decide(prev.storedEntry, existed, e, refill) {
		case added:
			moved = true
			if s, ok := retired[key]; ok {
				return s + 1, stamp, stamp
			}
			return 0, stamp, stamp
		case seen:
			moved = true
			return prev.seq + 1, prev.created, stamp
		}
		return prev.seq, prev.created, prev.modified
	}
	for i := range units {
		u := &units[i]
		cal := cals[u.ID]
		if cal == nil {
			cal = &wheel.Calendar{}
		}
		itemEntries, planEntries := entries(prog, u.Name, cal)
		oldItems, oldPlans := items[u.ID], plans[u.ID]
		if oldItems == nil {
			oldItems = map[string]storedRow{}
		}
		if oldPlans == nil {
			oldPlans = map[string]storedRow{}
		}
		for j := range cal.Items {
			seq, c, m := track(oldItems, itemEntries[j], "items/"+u.ID+"/"+cal.Items[j].ID)
			snap.Items[u.ID] = append(snap.Items[u.ID], snapshot.ItemRecord{Item: cal.Items[j], Sequence: seq, Created: c, Modified: m})
		}
		for j := range cal.Plans {
			seq, c, m := track(oldPlans, planEntries[j], "plans/"+u.ID+"/"+cal.Plans[j].ID)
			snap.Plans[u.ID] = append(snap.Plans[u.ID], snapshot.PlanRecord{Plan: cal.Plans[j], Sequence: seq, Created: c, Modified: m})
		}
		_, fus := occur.Calendar(prog, u.ID, cal)
		for _, f := range fus {
			snap.FollowUps[u.ID] = append(snap.FollowUps[u.ID], withDone(f, done))
		}
		if len(oldItems)+len(oldPlans) > 0 {
			moved = true // removed
		}
		delete(items, u.ID)
		delete(plans, u.ID)
		sortRecords(snap, u.ID)
	}
	if len(items)+len(plans) > 0 {
		moved = true // units removed from the config, with their items
	}
	if moved {
		snap.Changed = stamp
	} else if snap.Changed, err = lastChange(ctx, tx); err != nil {
		return nil, fmt.Errorf("store: preview: %w", err)
	}
	return snap, nil
}

type storedRow struct {
	storedEntry
	seq               int
	created, modified time.Time
}

func previewRows(ctx context.Context, tx *sql.Tx, table string) (map[string]map[string]storedRow, error) {
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(sqlPreviewEntries, table))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]storedRow{}
	for rows.Next() {
		var unit, id, created, modified string
		var r storedRow
		if err := rows.Scan(&unit, &id, &r.hash, &r.content, &r.seq, &created, &modified); err != nil {
			return nil, err
		}
		if r.created, err = parseTime(created); err != nil {
			return nil, err
		}
		if r.modified, err = parseTime(modified); err != nil {
			return nil, err
		}
		if out[unit] == nil {
			out[unit] = map[string]storedRow{}
		}
		out[unit][id] = r
	}
	return out, rows.Err()
}

type doneRecord struct {
	at      time.Time
	note    string
	skipped bool
}

func previewDone(ctx context.Context, tx *sql.Tx) (map[string]doneRecord, error) {
	rows, err := tx.QueryContext(ctx, sqlPreviewDone)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]doneRecord{}
	for rows.Next() {
		var id, at, note string
		var skipped bool
		if err := rows.Scan(&id, &at, &note, &skipped); err != nil {
			return nil, err
		}
		t, err := parseTime(at)
		if err != nil {
			return nil, err
		}
		out[id] = doneRecord{at: t, note: note, skipped: skipped}
	}
	return out, rows.Err()
}

func withDone(f occur.FollowUp, done map[string]doneRecord) snapshot.FollowUpRecord {
	r := snapshot.FollowUpRecord{FollowUp: f}
	if d, ok := done[f.ID]; ok {
		at := d.at
		r.DoneAt, r.Note, r.Skipped = &at, d.note, d.skipped
	}
	return r
}

// sortRecords puts a unit's records in the order Snapshot reads them.
func sortRecords(snap *snapshot.Snapshot, unit string) {
	items, plans, fus := snap.Items[unit], snap.Plans[unit], snap.FollowUps[unit]
	sort.SliceStable(items, func(i, j int) bool { return items[i].Item.ID < items[j].Item.ID })
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].Plan.ID < plans[j].Plan.ID })
	sort.SliceStable(fus, func(i, j int) bool {
		if c := fus[i].Due.Compare(fus[j].Due); c != 0 {
			return c < 0
		}
		return fus[i].ID < fus[j].ID
	})
}

// previewRetired is the retired SEQUENCEs by "table/unit/id".
func previewRetired(ctx context.Context, tx *sql.Tx) (map[string]int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT tbl, unit_id, id, sequence FROM retired`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var tbl, unit, id string
		var seq int
		if err := rows.Scan(&tbl, &unit, &id, &seq); err != nil {
			return nil, err
		}
		out[tbl+"/"+unit+"/"+id] = seq
	}
	return out, rows.Err()
}
