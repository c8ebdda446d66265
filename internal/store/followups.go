package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"
)

// HistoryFollowUpSkipped is a follow-up marked "ej aktuell", with the reason.
const HistoryFollowUpSkipped = "followup_skipped"

const sqlMarkDone = `UPDATE followups SET done_at = ?, done_note = ?, skipped = ? WHERE id = ? AND done_at IS NULL`

const sqlFollowUpByID = `SELECT id, unit_id, item_id, COALESCE(occurrence_id, ''), title, due, owner, how, public,
	COALESCE(done_at, ''), done_note, skipped FROM followups WHERE id = ?`

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
	return s.MarkFollowUpDoneBy(ctx, id, note, "", "", now)
}

// MarkFollowUpDoneBy is MarkFollowUpDone with who marked it and how, for
// the history (who: a signed-in person's address, or ""; via: "e-postlänk
// till …", "kommandoraden").
func (s *Store) MarkFollowUpDoneBy(ctx context.Context, id, note, who, via string, now time.Time) error {
	return s.closeFollowUp(ctx, id, note, false, who, via, now)
}

// SkipFollowUp marks a follow-up "ej aktuell" with the reason why: closed
// like a done one (nothing reminds of it any more) but not done, and so
// counted apart. Like marking done, the first close stands.
func (s *Store) SkipFollowUp(ctx context.Context, id, reason, who, via string, now time.Time) error {
	return s.closeFollowUp(ctx, id, reason, true, who, via, now)
}

func (s *Store) closeFollowUp(ctx context.Context, id, note string, skipped bool, who, via string, now time.Time) error {
	f, err := s.FollowUp(ctx, id)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, sqlMarkDone, formatTime(now), note, skipped, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // done before: the first result stands, and so does its history
		}
		kind := HistoryFollowUpDone
		if skipped {
			kind = HistoryFollowUpSkipped
		}
		after, _ := json.Marshal(map[string]string{"note": note})
		return record(ctx, tx, formatTime(now), f.UnitID, id, kind, who, via, "", string(after))
	})
	if err != nil {
		return fmt.Errorf("store: close follow-up %s: %w", id, err)
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
