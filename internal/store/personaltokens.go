package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// PersonalScope is the token scope of one person's own feed (me.ics),
// by their address in the config's normal form.
func PersonalScope(addr string) string { return "me:" + addr }

const sqlDeleteToken = `DELETE FROM tokens WHERE scope = ?`

// PersonalToken is the person's feed token, or "" when they have none: a
// personal feed exists only once its person asked for it.
func (s *Store) PersonalToken(ctx context.Context, addr string) (string, error) {
	var tok string
	err := s.db.QueryRowContext(ctx, sqlTokenByScope, PersonalScope(addr)).Scan(&tok)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: personal token: %w", err)
	}
	return tok, nil
}

// NewPersonalToken makes the person's feed token, replacing any before
// it (whose address then stops working), and records who did it.
func (s *Store) NewPersonalToken(ctx context.Context, addr string, now time.Time) (string, error) {
	tok := newToken()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, sqlReplaceToken, PersonalScope(addr), tok, formatTime(now))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: personal token: %w", err)
	}
	return tok, nil
}

// RevokePersonalToken deletes the person's feed token: its address
// answers 404 from then on.
func (s *Store) RevokePersonalToken(ctx context.Context, addr string) error {
	if _, err := s.db.ExecContext(ctx, sqlDeleteToken, PersonalScope(addr)); err != nil {
		return fmt.Errorf("store: revoke personal token: %w", err)
	}
	return nil
}
