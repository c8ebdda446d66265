package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// SyncResult counts what a sync did, for the log. Quiet counts entries
// stored anew whose canonical form did not change (a reminder lead time,
// say): no subscriber sees them, so no SEQUENCE moved.
type SyncResult struct {
	Added, Changed, Removed, Unchanged, Quiet int
}

const (
	sqlUpsertUnit = `INSERT INTO units (id, name, public, color) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, public = excluded.public, color = excluded.color`
	sqlItemHashes = `SELECT id, hash, content, data, file, line FROM %s WHERE unit_id = ?`
	// An id that comes back continues above its last SEQUENCE (retired).
	sqlInsertEntry = `INSERT INTO %[1]s (unit_id, id, data, hash, content, sequence, created, modified, file, line)
		VALUES (?, ?, ?, ?, ?, COALESCE((SELECT sequence + 1 FROM retired WHERE tbl = '%[1]s' AND unit_id = ?1 AND id = ?2), 0), ?, ?, ?, ?)`
	sqlUnretire = `DELETE FROM retired WHERE tbl = ? AND unit_id = ? AND id = ?`
	sqlRetire   = `INSERT INTO retired (tbl, unit_id, id, sequence) SELECT '%[1]s', unit_id, id, sequence FROM %[1]s WHERE unit_id = ? AND id = ?
		ON CONFLICT (tbl, unit_id, id) DO UPDATE SET sequence = max(sequence, excluded.sequence)`
	sqlRetireUnit = `INSERT INTO retired (tbl, unit_id, id, sequence) SELECT '%[1]s', unit_id, id, sequence FROM %[1]s WHERE unit_id = ?
		ON CONFLICT (tbl, unit_id, id) DO UPDATE SET sequence = max(sequence, excluded.sequence)`
	sqlUpdateEntry = `UPDATE %s SET data = ?, hash = ?, content = ?, sequence = sequence + 1, modified = ?, file = ?, line = ? WHERE unit_id = ? AND id = ?`
	sqlQuietUpdate = `UPDATE %s SET data = ?, hash = ?, content = ?, file = ?, line = ? WHERE unit_id = ? AND id = ?`
	sqlMoveEntry   = `UPDATE %s SET file = ?, line = ? WHERE unit_id = ? AND id = ?`
	sqlDeleteEntry = `DELETE FROM %s WHERE unit_id = ? AND id = ?`
	sqlDeleteOccs  = `DELETE FROM occurrences WHERE unit_id = ? AND item_id = ?`
	sqlInsertOcc   = `INSERT INTO occurrences (id, unit_id, item_id, title, start_at, end_at, all_day, day, last_day)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	sqlUpsertFollowUp = `INSERT INTO followups (id, unit_id, item_id, occurrence_id, title, due, owner, how, public, active)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
		ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, item_id = excluded.item_id,
			occurrence_id = excluded.occurrence_id, title = excluded.title, due = excluded.due,
			owner = excluded.owner, how = excluded.how, public = excluded.public, active = 1`
	sqlDeactivateFollowUps = `UPDATE followups SET active = 0 WHERE unit_id = ? AND active = 1`
	sqlUnitIDs             = `SELECT id FROM units`
	sqlDeleteUnit          = `DELETE FROM units WHERE id = ?`
)

// Sync makes the database hold exactly what the files say, in one
// transaction: either all of it is stored, or (on any error) nothing is. An
// item whose content changed gets sequence+1 and modified=now; unchanged
// items keep both, so that clients see no spurious updates.
func (s *Store) Sync(ctx context.Context, prog *wheel.Programme, units []wheel.Unit, cals map[string]*wheel.Calendar, now time.Time) (SyncResult, error) {
	return s.SyncHolding(ctx, prog, units, cals, nil, now)
}

// SyncHolding is Sync leaving the units in hold as they are stored: their
// web items could not be read, and their last good state keeps serving
// while every other unit is brought up to date.
func (s *Store) SyncHolding(ctx context.Context, prog *wheel.Programme, units []wheel.Unit, cals map[string]*wheel.Calendar, hold map[string]bool, now time.Time) (SyncResult, error) {
	var res SyncResult
	stamp := formatTime(now)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		refill, err := refilling(ctx, tx)
		if err != nil {
			return err
		}
		keep := map[string]bool{}
		for i := range units {
			u := &units[i]
			keep[u.ID] = true
			if _, err := tx.ExecContext(ctx, sqlUpsertUnit, u.ID, u.Name, u.Public, u.Color); err != nil {
				return fmt.Errorf("unit %s: %w", u.ID, err)
			}
			if hold[u.ID] {
				continue
			}
			cal := cals[u.ID]
			if cal == nil {
				cal = &wheel.Calendar{}
			}
			if err := syncUnit(ctx, tx, prog, u, cal, stamp, refill, &res); err != nil {
				return fmt.Errorf("unit %s: %w", u.ID, err)
			}
		}
		if err := removeUnits(ctx, tx, keep, &res); err != nil {
			return err
		}
		if refill && len(hold) == 0 { // a held unit is refilled next time
			if _, err := tx.ExecContext(ctx, sqlSetMeta, metaCanonical, canonicalVersion); err != nil {
				return err
			}
		}
		if res.Added+res.Changed+res.Removed > 0 { // a quiet change is no change to a subscriber
			_, err := tx.ExecContext(ctx, sqlSetMeta, metaLastChange, stamp)
			return err
		}
		return nil
	})
	if err != nil {
		return SyncResult{}, fmt.Errorf("store: sync: %w", err)
	}
	return res, nil
}

func syncUnit(ctx context.Context, tx *sql.Tx, prog *wheel.Programme, u *wheel.Unit, cal *wheel.Calendar, stamp string, refill bool, res *SyncResult) error {
	return syncUnitAs(ctx, tx, prog, u, cal, stamp, refill, false, nil, res)
}

// syncUnitAs is syncUnit; partial remakes only the follow-ups of what
// changed (and of the plans it is in), leaving the others as stored, and
// only (when not nil) compares the entries of those ids alone (an item,
// or a plan and its activities) and leaves the others as stored: a web
// change, which knows what it changed, then costs what it changed rather
// than the whole unit.
func syncUnitAs(ctx context.Context, tx *sql.Tx, prog *wheel.Programme, u *wheel.Unit, cal *wheel.Calendar, stamp string, refill, partial bool, only map[string]bool, res *SyncResult) error {
	unitID := u.ID
	view := cal
	if only != nil {
		view = &wheel.Calendar{}
		for _, it := range cal.Items {
			if inOnly(only, it.ID) {
				view.Items = append(view.Items, it)
			}
		}
		for _, p := range cal.Plans {
			if only[p.ID] {
				view.Plans = append(view.Plans, p)
			}
		}
	}
	items, plans := entries(prog, u.Name, view)
	changedItems, err := syncEntries(ctx, tx, "items", unitID, items, stamp, refill, only, res)
	if err != nil {
		return err
	}
	changedPlans, err := syncEntries(ctx, tx, "plans", unitID, plans, stamp, refill, only, res)
	if err != nil {
		return err
	}
	if len(changedItems) == 0 && len(changedPlans) == 0 {
		return nil
	}
	if partial && 2*(len(changedItems)+len(changedPlans)) < len(cal.Items)+len(cal.Plans) {
		return syncChangedOccurrences(ctx, tx, prog, unitID, cal, changedItems, changedPlans)
	}
	return syncOccurrences(ctx, tx, prog, unitID, cal, changedItems)
}

// syncEntries brings one table (items or plans) of one unit in line with the
// files and returns the ids whose occurrences must be made anew.
// inOnly says id (an item's, a plan's, or a plan's activity's PLAN.ACT)
// is of an entry in only; nil is every one.
func inOnly(only map[string]bool, id string) bool {
	if only == nil || only[id] {
		return true
	}
	plan, _, ok := strings.Cut(id, ".")
	return ok && only[plan]
}

const sqlEntryHashes = `SELECT id, hash, content, data, file, line FROM %s
	WHERE unit_id = ?1 AND (id = ?2 OR (id > ?2 || '.' AND id < ?2 || '/'))`

// storedOnly reads what is stored of the entries of the ids in only into old.
func storedOnly(ctx context.Context, tx *sql.Tx, table, unitID string, only map[string]bool, old map[string]storedEntry) error {
	for id := range only {
		if err := storedRows(ctx, tx, old, fmt.Sprintf(sqlEntryHashes, table), unitID, id); err != nil {
			return err
		}
	}
	return nil
}

// storedRows reads the stored entries query gives into old, by id.
func storedRows(ctx context.Context, tx *sql.Tx, old map[string]storedEntry, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var e storedEntry
		if err := rows.Scan(&id, &e.hash, &e.content, &e.data, &e.file, &e.line); err != nil {
			return err
		}
		old[id] = e
	}
	return rows.Err()
}

// syncEntries' only: see syncUnitAs.
func syncEntries(ctx context.Context, tx *sql.Tx, table, unitID string, entries []entry, stamp string, refill bool, only map[string]bool, res *SyncResult) (map[string]bool, error) {
	old := map[string]storedEntry{}
	var err error
	if only != nil {
		err = storedOnly(ctx, tx, table, unitID, only, old)
	} else {
		err = storedRows(ctx, tx, old, fmt.Sprintf(sqlItemHashes, table), unitID)
	}
	if err != nil {
		return nil, err
	}
	changed := map[string]bool{}
	for _, e := range entries {
		prev, existed := old[e.id]
		delete(old, e.id)
		switch decide(prev, existed, e, refill) {
		case added:
			_, err = tx.ExecContext(ctx, fmt.Sprintf(sqlInsertEntry, table), unitID, e.id, e.data, e.hash, e.content, stamp, stamp, e.file, e.line)
			if err == nil {
				_, err = tx.ExecContext(ctx, sqlUnretire, table, unitID, e.id)
			}
			if err == nil && e.file != wheel.WebFile { // the web's change is recorded with who made it
				err = record(ctx, tx, stamp, unitID, e.id, HistoryAdded, "", e.file, "", e.data)
			}
			res.Added++
		case seen:
			_, err = tx.ExecContext(ctx, fmt.Sprintf(sqlUpdateEntry, table), e.data, e.hash, e.content, stamp, e.file, e.line, unitID, e.id)
			if err == nil && e.file != wheel.WebFile {
				err = record(ctx, tx, stamp, unitID, e.id, HistoryChanged, "", e.file, prev.data, e.data)
			}
			res.Changed++
		case quiet:
			_, err = tx.ExecContext(ctx, fmt.Sprintf(sqlQuietUpdate, table), e.data, e.hash, e.content, e.file, e.line, unitID, e.id)
			if prev.hash != e.hash {
				res.Quiet++ // not a first fill of content alone
			} else {
				res.Unchanged++
			}
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", table, e.id, err)
			}
			continue // the canonical form holds all occurrences depend on
		default:
			res.Unchanged++
			if prev.file != e.file || prev.line != e.line { // moved, the same as it was
				if _, err := tx.ExecContext(ctx, fmt.Sprintf(sqlMoveEntry, table), e.file, e.line, unitID, e.id); err != nil {
					return nil, fmt.Errorf("%s %s: %w", table, e.id, err)
				}
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", table, e.id, err)
		}
		changed[e.id] = true
	}
	for id, prev := range old {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(sqlRetire, table), unitID, id); err != nil {
			return nil, err
		}
		if prev.file != wheel.WebFile {
			if err := record(ctx, tx, stamp, unitID, id, HistoryRemoved, "", "", prev.data, ""); err != nil {
				return nil, err
			}
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(sqlDeleteEntry, table), unitID, id); err != nil {
			return nil, err
		}
		res.Removed++
		changed[id] = true
	}
	return changed, nil
}

// syncOccurrences rewrites the occurrences of changed items and the unit's
// follow-ups (a plan's follow-up depends on all its activities).
func syncOccurrences(ctx context.Context, tx *sql.Tx, prog *wheel.Programme, unitID string, cal *wheel.Calendar, changed map[string]bool) error {
	for id := range changed {
		if _, err := tx.ExecContext(ctx, sqlDeleteOccs, unitID, id); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, sqlDeactivateFollowUps, unitID); err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, sqlInsertOcc)
	if err != nil {
		return err
	}
	defer ins.Close()
	fus, err := tx.PrepareContext(ctx, sqlUpsertFollowUp)
	if err != nil {
		return err
	}
	defer fus.Close()
	occs, followUps := occur.Calendar(prog, unitID, cal)
	for i := range cal.Items {
		it := &cal.Items[i]
		if !changed[it.ID] {
			continue
		}
		for _, o := range occs[i] {
			if _, err := ins.ExecContext(ctx, o.ID, unitID, it.ID, o.Title, formatTime(o.Start), formatTime(o.End),
				o.AllDay, o.Date.String(), o.LastDay.String()); err != nil {
				return fmt.Errorf("occurrence %s: %w", o.ID, err)
			}
		}
	}
	for _, f := range followUps {
		if err := upsertFollowUp(ctx, fus, f); err != nil {
			return err
		}
	}
	return nil
}

const sqlDeactivateItemFollowUps = `UPDATE followups SET active = 0 WHERE unit_id = ? AND item_id = ? AND active = 1`

// syncChangedOccurrences is syncOccurrences for the changed items and
// plans alone: their occurrences, and the follow-ups of them and of every
// plan one of them is in or is (a plan's follow-up depends on all its
// activities), made anew from those items and plans; an item's
// follow-ups depend on nothing else.
func syncChangedOccurrences(ctx context.Context, tx *sql.Tx, prog *wheel.Programme, unitID string, cal *wheel.Calendar, items, plans map[string]bool) error {
	touched := map[string]bool{}
	for id := range plans {
		touched[id] = true
	}
	for i := range cal.Items {
		if it := &cal.Items[i]; items[it.ID] && it.Plan != nil {
			touched[it.Plan.ID] = true
		}
	}
	sub := &wheel.Calendar{}
	for _, it := range cal.Items {
		if items[it.ID] || it.Plan != nil && touched[it.Plan.ID] {
			sub.Items = append(sub.Items, it)
		}
	}
	for _, p := range cal.Plans {
		if touched[p.ID] {
			sub.Plans = append(sub.Plans, p)
		}
	}
	gone := map[string]bool{}
	for id := range items {
		gone[id] = true
	}
	for id := range touched {
		gone[id] = true
	}
	for _, it := range sub.Items {
		gone[it.ID] = true
	}
	for id := range gone {
		if _, err := tx.ExecContext(ctx, sqlDeactivateItemFollowUps, unitID, id); err != nil {
			return err
		}
	}
	for id := range items {
		if _, err := tx.ExecContext(ctx, sqlDeleteOccs, unitID, id); err != nil {
			return err
		}
	}
	occs, followUps := occur.Calendar(prog, unitID, sub)
	for i := range sub.Items {
		it := &sub.Items[i]
		if !items[it.ID] {
			continue
		}
		for _, o := range occs[i] {
			if _, err := tx.ExecContext(ctx, sqlInsertOcc, o.ID, unitID, it.ID, o.Title, formatTime(o.Start), formatTime(o.End),
				o.AllDay, o.Date.String(), o.LastDay.String()); err != nil {
				return fmt.Errorf("occurrence %s: %w", o.ID, err)
			}
		}
	}
	fus, err := tx.PrepareContext(ctx, sqlUpsertFollowUp)
	if err != nil {
		return err
	}
	defer fus.Close()
	for _, f := range followUps {
		if err := upsertFollowUp(ctx, fus, f); err != nil {
			return err
		}
	}
	return nil
}

func upsertFollowUp(ctx context.Context, stmt *sql.Stmt, f occur.FollowUp) error {
	var occID any
	if f.OccurrenceID != "" {
		occID = f.OccurrenceID
	}
	_, err := stmt.ExecContext(ctx, f.ID, f.UnitID, f.ItemID, occID, f.Title, f.Due.String(), f.Owner, f.How, f.Public)
	if err != nil {
		return fmt.Errorf("follow-up %s: %w", f.ID, err)
	}
	return nil
}

func removeUnits(ctx context.Context, tx *sql.Tx, keep map[string]bool, res *SyncResult) error {
	rows, err := tx.QueryContext(ctx, sqlUnitIDs)
	if err != nil {
		return err
	}
	var gone []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		if !keep[id] {
			gone = append(gone, id)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, id := range gone {
		if _, err := tx.ExecContext(ctx, sqlDeactivateFollowUps, id); err != nil {
			return err
		}
		for _, table := range []string{"items", "plans"} { // a unit that comes back continues its SEQUENCEs
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(sqlRetireUnit, table), id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, sqlDeleteUnit, id); err != nil {
			return err
		}
		res.Removed++
	}
	return nil
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }
