package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// History kinds.
const (
	HistoryAdded        = "added"
	HistoryChanged      = "changed"
	HistoryRemoved      = "removed"
	HistoryFollowUpDone = "followup_done"
	HistoryTokenRotated = "token_rotated"
	HistorySignedIn     = "signed_in"
	HistoryWebAdded     = "web_added" // made in the web editor, by who
	HistoryWebSaved     = "web_saved"
	HistoryWebDeleted   = "web_deleted"
)

// Change is one row of the history: who did what, when, with the thing
// before and after (JSON, as stored).
type Change struct {
	At            time.Time
	Unit, Subject string
	Kind          string
	Who, Via      string
	Before, After string
}

const (
	sqlRecord = `INSERT INTO history (at, unit_id, subject, kind, who, via, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	// Newest first; a unit's whole history, or one subject's.
	sqlHistory = `SELECT at, unit_id, subject, kind, who, via, before, after FROM history
		WHERE (?1 = '' OR unit_id = ?1) AND (?2 = '' OR subject = ?2) ORDER BY id DESC LIMIT ?3`
)

// execer is a transaction or the database.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// record appends a row to the history, in the transaction of the change
// it records: the history has a row for a change exactly when the change
// is stored.
func record(ctx context.Context, x execer, at, unit, subject, kind, who, via, before, after string) error {
	_, err := x.ExecContext(ctx, sqlRecord, at, unit, subject, kind, who, via, before, after)
	return err
}

// History lists changes, newest first: of unit ("" for all), of subject
// ("" for all of the unit's), at most limit.
func (s *Store) History(ctx context.Context, unit, subject string, limit int) ([]Change, error) {
	rows, err := s.db.QueryContext(ctx, sqlHistory, unit, subject, limit)
	if err != nil {
		return nil, fmt.Errorf("store: history: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var at string
		if err := rows.Scan(&at, &c.Unit, &c.Subject, &c.Kind, &c.Who, &c.Via, &c.Before, &c.After); err != nil {
			return nil, fmt.Errorf("store: history: %w", err)
		}
		c.At, _ = parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}
