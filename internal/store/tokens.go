package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
)

// AdminScope is the token scope of the all-units feed.
const AdminScope = "admin"

// UnitScope is the token scope of one unit's feed.
func UnitScope(unitID string) string { return "unit:" + unitID }

const (
	sqlTokenByScope = `SELECT token FROM tokens WHERE scope = ?`
	sqlInsertToken  = `INSERT INTO tokens (scope, token, created) VALUES (?, ?, ?)
		ON CONFLICT (scope) DO NOTHING`
	sqlReplaceToken = `INSERT INTO tokens (scope, token, created) VALUES (?, ?, ?)
		ON CONFLICT (scope) DO UPDATE SET token = excluded.token, created = excluded.created`
	sqlAllTokens = `SELECT scope, token FROM tokens`
)

// newToken makes 192 random bits, URL-safe: unguessable, and short enough
// for a subscription dialog.
func newToken() string {
	b := make([]byte, 24)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Token returns the scope's token, making one on first use.
func (s *Store) Token(ctx context.Context, scope string, now time.Time) (string, error) {
	var tok string
	err := s.db.QueryRowContext(ctx, sqlTokenByScope, scope).Scan(&tok)
	if err == nil {
		return tok, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: token: %w", err)
	}
	// Two processes may race here; ON CONFLICT DO NOTHING keeps the first.
	if _, err := s.db.ExecContext(ctx, sqlInsertToken, scope, newToken(), formatTime(now)); err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, sqlTokenByScope, scope).Scan(&tok); err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	return tok, nil
}

// RotateToken replaces the scope's token; the old one stops working at once.
func (s *Store) RotateToken(ctx context.Context, scope string, now time.Time) (string, error) {
	tok := newToken()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, sqlReplaceToken, scope, tok, formatTime(now)); err != nil {
			return err
		}
		return record(ctx, tx, formatTime(now), strings.TrimPrefix(scope, "unit:"), "", HistoryTokenRotated, "", "kommandoraden", "", "")
	})
	if err != nil {
		return "", fmt.Errorf("store: rotate token: %w", err)
	}
	return tok, nil
}

// Tokens returns every scope's token, for the server's lookup table.
func (s *Store) Tokens(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, sqlAllTokens)
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var scope, tok string
		if err := rows.Scan(&scope, &tok); err != nil {
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		out[scope] = tok
	}
	return out, rows.Err()
}
