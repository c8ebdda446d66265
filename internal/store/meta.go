package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

const (
	sqlGetMeta = `SELECT value FROM meta WHERE key = ?`
	sqlSetMeta = `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`
)

// lastChange is when a sync last changed anything (zero before any).
func lastChange(ctx context.Context, tx *sql.Tx) (time.Time, error) {
	var changed string
	switch err := tx.QueryRowContext(ctx, sqlGetMeta, metaLastChange).Scan(&changed); {
	case errors.Is(err, sql.ErrNoRows):
		return time.Time{}, nil
	case err != nil:
		return time.Time{}, err
	}
	return parseTime(changed)
}

// metaCanonical is the canonical form the stored content hashes were made
// under (canonicalVersion).
const metaCanonical = "canonical_version"

// refilling says whether the stored content hashes are of another
// canonical form than this one, so that this sync fills them in quietly.
func refilling(ctx context.Context, tx *sql.Tx) (bool, error) {
	var v string
	switch err := tx.QueryRowContext(ctx, sqlGetMeta, metaCanonical).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		return true, nil
	case err != nil:
		return false, err
	}
	return v != canonicalVersion, nil
}

// metaLastChange is when a sync last changed anything: a feed's Last-Modified
// must move when an item disappears, which no remaining item records.
const metaLastChange = "last_change"
