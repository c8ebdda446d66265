package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// HistoryImported is an entry handed from a unit's files to the web.
const HistoryImported = "imported"

// ErrStarted is an import into a unit whose wheel the web keeps already.
var ErrStarted = errors.New("store: the unit's wheel is kept in the web already")

const (
	sqlWebUnits     = `SELECT unit_id FROM web_units`
	sqlAddWebUnit   = `INSERT INTO web_units (unit_id, since, who, via) VALUES (?, ?, ?, ?) ON CONFLICT (unit_id) DO NOTHING`
	sqlWebUnitCount = `SELECT count(*) FROM web_items WHERE unit_id = ?`
)

// WebUnits are the units whose wheel the web keeps although the config
// may name their files: imported, or started from starts_from.
func (s *Store) WebUnits(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, sqlWebUnits)
	if err != nil {
		return nil, fmt.Errorf("store: web units: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: web units: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// Import hands a unit's wheel from its files to the web, in one
// transaction: each entry becomes a web entry of the same id (so its
// items keep their UIDs, SEQUENCEs and LAST-MODIFIED, and its follow-ups
// what was recorded of them), recorded in the history with who imported
// it and from which file (files, by id), and the unit is marked kept in
// the web, so that its files are not read again. cal is the unit's wheel
// as the records give it, which is what the files gave. A unit marked
// already, or with web entries of an id the files use, is refused
// (ErrStarted, ErrTaken) and nothing is stored.
func (s *Store) Import(ctx context.Context, prog *wheel.Programme, u *wheel.Unit, entries []wheel.Entry, files map[string]string, cal *wheel.Calendar, who, via string, now time.Time) (SyncResult, error) {
	stamp := formatTime(now)
	var res SyncResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, sqlAddWebUnit, u.ID, stamp, who, via)
		if err := oneRow(r, err, ErrStarted); err != nil {
			return err
		}
		for _, e := range entries {
			rec, err := encodeEntry(e)
			if err != nil {
				return err
			}
			r, err := tx.ExecContext(ctx, sqlAddWebItem, u.ID, e.ID(), rec, stamp, stamp, e.IsPlan())
			if err := oneRow(r, err, ErrTaken); err != nil {
				return fmt.Errorf("%s: %w", e.ID(), err)
			}
			if err := record(ctx, tx, stamp, u.ID, e.ID(), HistoryImported, who, files[e.ID()]+" ("+via+")", "", rec); err != nil {
				return err
			}
		}
		return s.syncOne(ctx, tx, prog, u, cal, nil, stamp, &res)
	})
	if err != nil {
		return SyncResult{}, fmt.Errorf("store: import %s: %w", u.ID, err)
	}
	return res, nil
}

// WebUnitEmpty says the unit has no web entries and was never marked
// kept in the web: a unit that starts_from files may start.
func (s *Store) WebUnitEmpty(ctx context.Context, unit string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, sqlWebUnitCount, unit).Scan(&n); err != nil {
		return false, fmt.Errorf("store: web unit: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	started, err := s.WebUnits(ctx)
	return err == nil && !started[unit], err
}
