package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const (
	sqlGetFeedVersion = `SELECT etag, changed FROM feed_versions WHERE variant = ?`
	sqlSetFeedVersion = `INSERT INTO feed_versions (variant, etag, changed) VALUES (?, ?, ?)
		ON CONFLICT (variant) DO UPDATE SET etag = excluded.etag, changed = excluded.changed`
)

// FeedChanged is when the variant's bytes last changed: the time stored
// with etag if it is the one stored, else now (whole seconds), which is
// then stored. A variant never seen before changed now: its clients can
// hold nothing newer.
func (s *Store) FeedChanged(ctx context.Context, variant, etag string, now time.Time) (time.Time, error) {
	var stored, changed string
	err := s.db.QueryRowContext(ctx, sqlGetFeedVersion, variant).Scan(&stored, &changed)
	switch {
	case err == nil && stored == etag:
		return parseTime(changed)
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return time.Time{}, fmt.Errorf("store: feed version: %w", err)
	}
	now = now.UTC().Truncate(time.Second)
	if _, err := s.db.ExecContext(ctx, sqlSetFeedVersion, variant, etag, formatTime(now)); err != nil {
		return time.Time{}, fmt.Errorf("store: feed version: %w", err)
	}
	return now, nil
}
