package store

import (
	"context"
	"fmt"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"
)

const sqlMarkDone = `UPDATE followups SET done_at = ?, done_note = ? WHERE id = ? AND done_at IS NULL`

const sqlFollowUpByID = `SELECT id, unit_id, item_id, COALESCE(occurrence_id, ''), title, due, owner, how, public,
	COALESCE(done_at, ''), done_note FROM followups WHERE id = ?`

// FollowUp returns one follow-up by id (active or not).
func (s *Store) FollowUp(ctx context.Context, id string) (snapshot.FollowUpRecord, error) {
	r, err := scanFollowUp(s.db.QueryRowContext(ctx, sqlFollowUpByID, id))
	if err != nil {
		if isNoRows(err) {
			return r, ErrNotFound
		}
		return r, fmt.Errorf("store: follow-up %s: %w", id, err)
	}
	return r, nil
}

// MarkFollowUpDone records a follow-up's result. Marking one that is already
// done changes nothing (the first result stands) and is not an error.
func (s *Store) MarkFollowUpDone(ctx context.Context, id, note string, now time.Time) error {
	if _, err := s.FollowUp(ctx, id); err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, sqlMarkDone, formatTime(now), note, id); err != nil {
		return fmt.Errorf("store: mark %s done: %w", id, err)
	}
	return nil
}

const sqlDoneStamp = `SELECT COUNT(*) || '|' || COALESCE(MAX(done_at), '') FROM followups WHERE done_at IS NOT NULL`

// DoneStamp changes whenever a follow-up is marked done: a running daemon
// compares it to notice marks made by `arshjul followup done` in another
// process.
func (s *Store) DoneStamp(ctx context.Context) (string, error) {
	var v string
	if err := s.db.QueryRowContext(ctx, sqlDoneStamp).Scan(&v); err != nil {
		return "", fmt.Errorf("store: follow-up stamp: %w", err)
	}
	return v, nil
}
