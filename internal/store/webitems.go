package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// WebItem is one item made in the web editor: its YAML, as a calendar
// file holds an item (a mapping, without the list's dash).
type WebItem struct {
	ID   string
	YAML string
	Plan bool // a communication plan, with its activities
	// Version rises with every save. Given to SaveWebItem, it is the
	// version the change was based on: 0 for a new entry.
	Version int64
}

var (
	// ErrChanged is a save or removal based on a version that is no longer
	// the stored one: someone else changed or removed the entry meanwhile.
	ErrChanged = errors.New("store: the web item was changed since it was read")
	// ErrTaken is a new entry whose id the unit has already.
	ErrTaken = errors.New("store: the unit has a web item of that id")
)

const (
	sqlWebItems   = `SELECT unit_id, id, yaml, plan, version FROM web_items ORDER BY unit_id, created, id`
	sqlWebItem    = `SELECT yaml, plan, version FROM web_items WHERE unit_id = ? AND id = ?`
	sqlAddWebItem = `INSERT INTO web_items (unit_id, id, yaml, created, modified, plan, version) VALUES (?, ?, ?, ?, ?, ?, 1)
		ON CONFLICT (unit_id, id) DO NOTHING`
	sqlChangeWebItem = `UPDATE web_items SET yaml = ?, modified = ?, plan = ?, version = version + 1
		WHERE unit_id = ? AND id = ? AND version = ?`
	sqlPutWebItem = `INSERT INTO web_items (unit_id, id, yaml, created, modified, plan, version) VALUES (?, ?, ?, ?, ?, ?, 1)
		ON CONFLICT (unit_id, id) DO UPDATE SET yaml = excluded.yaml, modified = excluded.modified, plan = excluded.plan,
			version = web_items.version + 1`
	sqlWebVersion    = `SELECT version FROM web_items WHERE unit_id = ? AND id = ?`
	sqlDeleteWebItem = `DELETE FROM web_items WHERE unit_id = ? AND id = ?`
)

// WebItems are every unit's web items, in the order they were made.
func (s *Store) WebItems(ctx context.Context) (map[string][]WebItem, error) {
	rows, err := s.db.QueryContext(ctx, sqlWebItems)
	if err != nil {
		return nil, fmt.Errorf("store: web items: %w", err)
	}
	defer rows.Close()
	out := map[string][]WebItem{}
	for rows.Next() {
		var unit string
		var w WebItem
		if err := rows.Scan(&unit, &w.ID, &w.YAML, &w.Plan, &w.Version); err != nil {
			return nil, fmt.Errorf("store: web items: %w", err)
		}
		out[unit] = append(out[unit], w)
	}
	return out, rows.Err()
}

// WebItem is one web entry; ok is false when there is none.
func (s *Store) WebItem(ctx context.Context, unit, id string) (WebItem, bool, error) {
	w := WebItem{ID: id}
	err := s.db.QueryRowContext(ctx, sqlWebItem, unit, id).Scan(&w.YAML, &w.Plan, &w.Version)
	if isNoRows(err) {
		return w, false, nil
	}
	if err != nil {
		return w, false, fmt.Errorf("store: web item: %w", err)
	}
	return w, true, nil
}

// SaveWebItem stores a web item and who saved it, in the history, in one
// transaction. The caller has validated it. w.Version is the version the
// change was based on: a new entry (0) never replaces one of the same id
// (ErrTaken), and a change is refused unless the stored version is still
// that one (ErrChanged); nothing is overwritten unseen.
func (s *Store) SaveWebItem(ctx context.Context, unit string, w WebItem, who string, now time.Time) error {
	stamp := formatTime(now)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var before WebItem
		err := tx.QueryRowContext(ctx, sqlWebItem, unit, w.ID).Scan(&before.YAML, &before.Plan, &before.Version)
		switch {
		case err != nil && !isNoRows(err):
			return err
		case w.Version == 0 && err == nil:
			return ErrTaken
		case w.Version == 0:
			res, err := tx.ExecContext(ctx, sqlAddWebItem, unit, w.ID, w.YAML, stamp, stamp, w.Plan)
			if err := oneRow(res, err, ErrTaken); err != nil {
				return err
			}
			return record(ctx, tx, stamp, unit, w.ID, HistoryWebAdded, who, "webben", "", w.YAML)
		case err != nil:
			return ErrChanged // removed meanwhile
		}
		res, err := tx.ExecContext(ctx, sqlChangeWebItem, w.YAML, stamp, w.Plan, unit, w.ID, w.Version)
		if err := oneRow(res, err, ErrChanged); err != nil {
			return err
		}
		return record(ctx, tx, stamp, unit, w.ID, HistoryWebSaved, who, "webben", before.YAML, w.YAML)
	})
	if err != nil {
		return fmt.Errorf("store: save web item %s/%s: %w", unit, w.ID, err)
	}
	return nil
}

// oneRow is err, or none unless exactly one row was written.
func oneRow(res sql.Result, err error, none error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return none
	}
	return nil
}

// DeleteWebItem removes a web item, recording who did it, if its stored
// version is still version (else ErrChanged).
func (s *Store) DeleteWebItem(ctx context.Context, unit, id string, version int64, who string, now time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var v int64
		err := tx.QueryRowContext(ctx, sqlWebVersion, unit, id).Scan(&v)
		if err != nil && !isNoRows(err) {
			return err
		}
		if err != nil || v != version {
			return ErrChanged
		}
		return deleteWebItem(ctx, tx, unit, id, who, "webben", formatTime(now))
	})
	if err != nil {
		return fmt.Errorf("store: delete web item %s/%s: %w", unit, id, err)
	}
	return nil
}

// putWebItem stores w, new or over what is stored (an upload, checked as
// a whole against what it was previewed on), and records it as added or
// changed with its before and after.
func putWebItem(ctx context.Context, tx *sql.Tx, unit string, w WebItem, who, via, stamp string) error {
	var before string
	var plan bool
	var version int64
	if err := tx.QueryRowContext(ctx, sqlWebItem, unit, w.ID).Scan(&before, &plan, &version); err != nil && !isNoRows(err) {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlPutWebItem, unit, w.ID, w.YAML, stamp, stamp, w.Plan); err != nil {
		return err
	}
	kind := HistoryWebSaved
	if before == "" {
		kind = HistoryWebAdded
	}
	return record(ctx, tx, stamp, unit, w.ID, kind, who, via, before, w.YAML)
}

// deleteWebItem removes a web item and records what it was.
func deleteWebItem(ctx context.Context, tx *sql.Tx, unit, id, who, via, stamp string) error {
	var before string
	var plan bool
	var version int64
	if err := tx.QueryRowContext(ctx, sqlWebItem, unit, id).Scan(&before, &plan, &version); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlDeleteWebItem, unit, id); err != nil {
		return err
	}
	return record(ctx, tx, stamp, unit, id, HistoryWebDeleted, who, via, before, "")
}

// ApplyWebItems stores an upload's changes to a unit's web items (new or
// changed ones saved, removed ones deleted) in one transaction, each in
// the history with who and via (the uploaded file): all of it or none.
func (s *Store) ApplyWebItems(ctx context.Context, unit string, save []WebItem, remove []string, who, via string, now time.Time) error {
	stamp := formatTime(now)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, w := range save {
			if err := putWebItem(ctx, tx, unit, w, who, via, stamp); err != nil {
				return err
			}
		}
		for _, id := range remove {
			if err := deleteWebItem(ctx, tx, unit, id, who, via, stamp); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: apply upload to %s: %w", unit, err)
	}
	return nil
}
