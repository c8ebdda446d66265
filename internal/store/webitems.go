package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// WebItem is one item made in the web editor: its YAML, as a calendar
// file holds an item (a mapping, without the list's dash).
type WebItem struct {
	ID   string
	YAML string
	Plan bool // a communication plan, with its activities
}

const (
	sqlWebItems    = `SELECT unit_id, id, yaml, plan FROM web_items ORDER BY unit_id, created, id`
	sqlWebItem     = `SELECT yaml, plan FROM web_items WHERE unit_id = ? AND id = ?`
	sqlSaveWebItem = `INSERT INTO web_items (unit_id, id, yaml, created, modified, plan) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (unit_id, id) DO UPDATE SET yaml = excluded.yaml, modified = excluded.modified, plan = excluded.plan`
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
		if err := rows.Scan(&unit, &w.ID, &w.YAML, &w.Plan); err != nil {
			return nil, fmt.Errorf("store: web items: %w", err)
		}
		out[unit] = append(out[unit], w)
	}
	return out, rows.Err()
}

// WebItem is one web entry; ok is false when there is none.
func (s *Store) WebItem(ctx context.Context, unit, id string) (WebItem, bool, error) {
	w := WebItem{ID: id}
	err := s.db.QueryRowContext(ctx, sqlWebItem, unit, id).Scan(&w.YAML, &w.Plan)
	if isNoRows(err) {
		return w, false, nil
	}
	if err != nil {
		return w, false, fmt.Errorf("store: web item: %w", err)
	}
	return w, true, nil
}

// SaveWebItem stores a web item (new or changed) and who saved it, in
// the history, in one transaction. The caller has validated it.
func (s *Store) SaveWebItem(ctx context.Context, unit string, w WebItem, who string, now time.Time) error {
	if err := s.inTx(ctx, func(tx *sql.Tx) error { return saveWebItem(ctx, tx, unit, w, who, "webben", formatTime(now)) }); err != nil {
		return fmt.Errorf("store: save web item %s/%s: %w", unit, w.ID, err)
	}
	return nil
}

// DeleteWebItem removes a web item, recording who did it.
func (s *Store) DeleteWebItem(ctx context.Context, unit, id, who string, now time.Time) error {
	if err := s.inTx(ctx, func(tx *sql.Tx) error { return deleteWebItem(ctx, tx, unit, id, who, "webben", formatTime(now)) }); err != nil {
		return fmt.Errorf("store: delete web item %s/%s: %w", unit, id, err)
	}
	return nil
}

// saveWebItem stores w and records it, as added or changed, with its
// before and after.
func saveWebItem(ctx context.Context, tx *sql.Tx, unit string, w WebItem, who, via, stamp string) error {
	var before string
	var plan bool
	if err := tx.QueryRowContext(ctx, sqlWebItem, unit, w.ID).Scan(&before, &plan); err != nil && !isNoRows(err) {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlSaveWebItem, unit, w.ID, w.YAML, stamp, stamp, w.Plan); err != nil {
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
	if err := tx.QueryRowContext(ctx, sqlWebItem, unit, id).Scan(&before, &plan); err != nil {
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
			if err := saveWebItem(ctx, tx, unit, w, who, via, stamp); err != nil {
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
