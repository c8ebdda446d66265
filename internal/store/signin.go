package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// ErrSignIn is a sign-in link that does not sign in: unknown, used, or
// expired. Which of them is not said, to the visitor or the caller.
var ErrSignIn = errors.New("store: sign-in link not valid")

// Sign-in limits. A link is good for 15 minutes and once; a session ends
// after 8 hours without a request, and after 7 days whatever happens.
const (
	LinkValidity   = 15 * time.Minute
	SessionIdle    = 8 * time.Hour
	SessionMaxAge  = 7 * 24 * time.Hour
	linksPerWindow = 5 // links one address may be sent per LinkValidity
)

const (
	sqlLinksSince = `SELECT COUNT(*) FROM login_links WHERE email = ? AND created > ?`
	sqlInsertLink = `INSERT INTO login_links (hash, email, created, expires) VALUES (?, ?, ?, ?)`
	// Using a link is one statement: two presses of its button cannot both
	// sign in.
	sqlUseLink = `UPDATE login_links SET used = ? WHERE hash = ? AND used IS NULL AND expires > ?
		RETURNING email`
	sqlInsertSession = `INSERT INTO sessions (hash, email, created, last_seen) VALUES (?, ?, ?, ?)`
	sqlSession       = `SELECT email, created, last_seen FROM sessions WHERE hash = ? AND ended IS NULL`
	sqlTouchSession  = `UPDATE sessions SET last_seen = ? WHERE hash = ? AND ended IS NULL`
	sqlEndSession    = `UPDATE sessions SET ended = ? WHERE hash = ? AND ended IS NULL`
	// Rows that can sign no one in any more are deleted as new ones are
	// made: a link once it has left the rate window (it expired then, used
	// or not; until then it counts towards the address's links), a session
	// once signed out, idle or too old. The history keeps who signed in.
	sqlDeleteOldLinks    = `DELETE FROM login_links WHERE created <= ?`
	sqlDeleteOldSessions = `DELETE FROM sessions WHERE ended IS NOT NULL OR last_seen < ? OR created < ?`
)

func tokenHash(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// NewSignInLink makes a link token for email, good for LinkValidity and
// once. email is kept as given: the caller passes one spelling per person
// (the config's), which is also what the limit counts. ok is false, and
// nothing is made, when the address was sent linksPerWindow links in the
// last LinkValidity (a mailbox is not to be flooded through the form).
func (s *Store) NewSignInLink(ctx context.Context, email string, now time.Time) (tok string, ok bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		window := formatTime(now.Add(-LinkValidity))
		if _, err := tx.ExecContext(ctx, sqlDeleteOldLinks, window); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, sqlLinksSince, email, window).Scan(&n); err != nil {
			return err
		}
		if n >= linksPerWindow {
			return nil
		}
		tok, ok = newToken(), true
		_, err := tx.ExecContext(ctx, sqlInsertLink, tokenHash(tok), email, formatTime(now), formatTime(now.Add(LinkValidity)))
		return err
	})
	if err != nil {
		return "", false, fmt.Errorf("store: sign-in link: %w", err)
	}
	return tok, ok, nil
}

// openSession inserts a session for email and records the sign-in, and
// deletes the sessions that can no longer sign in.
func openSession(ctx context.Context, tx *sql.Tx, tok, email, via string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, sqlDeleteOldSessions, formatTime(now.Add(-SessionIdle)), formatTime(now.Add(-SessionMaxAge))); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlInsertSession, tokenHash(tok), email, formatTime(now), formatTime(now)); err != nil {
		return err
	}
	return record(ctx, tx, formatTime(now), "", "", HistorySignedIn, email, via, "", "")
}

// UseSignInLink spends a link and opens a session for its address: the
// session's token (for the cookie) and the address. A link that is
// unknown, used or expired is ErrSignIn, and nothing changes.
func (s *Store) UseSignInLink(ctx context.Context, link string, now time.Time) (session, email string, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, sqlUseLink, formatTime(now), tokenHash(link), formatTime(now)).Scan(&email); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrSignIn
			}
			return err
		}
		session = newToken()
		return openSession(ctx, tx, session, email, "e-postlänk", now)
	})
	if err != nil && !errors.Is(err, ErrSignIn) {
		err = fmt.Errorf("store: sign in: %w", err)
	}
	return session, email, err
}

// Session is the address a session token is signed in as; ok is false
// for an unknown, ended, idle or too old session. A request more than a
// minute after the last one moves the session's idle clock.
func (s *Store) Session(ctx context.Context, tok string, now time.Time) (email string, ok bool, err error) {
	if tok == "" {
		return "", false, nil
	}
	var created, seen string
	err = s.db.QueryRowContext(ctx, sqlSession, tokenHash(tok)).Scan(&email, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: session: %w", err)
	}
	c, err1 := parseTime(created)
	l, err2 := parseTime(seen)
	if err1 != nil || err2 != nil || now.Sub(c) > SessionMaxAge || now.Sub(l) > SessionIdle {
		return "", false, nil
	}
	if now.Sub(l) > time.Minute {
		if _, err := s.db.ExecContext(ctx, sqlTouchSession, formatTime(now), tokenHash(tok)); err != nil {
			return "", false, fmt.Errorf("store: session: %w", err)
		}
	}
	return email, true, nil
}

// EndSession signs a session out: its token never works again.
func (s *Store) EndSession(ctx context.Context, tok string, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, sqlEndSession, formatTime(now), tokenHash(tok)); err != nil {
		return fmt.Errorf("store: sign out: %w", err)
	}
	return nil
}

// OpenSession opens a session for an address another way has proved (an
// OpenID provider's verified ID token): its token, for the cookie.
func (s *Store) OpenSession(ctx context.Context, email, via string, now time.Time) (string, error) {
	tok := newToken()
	err := s.inTx(ctx, func(tx *sql.Tx) error { return openSession(ctx, tx, tok, email, via, now) })
	if err != nil {
		return "", fmt.Errorf("store: open session: %w", err)
	}
	return tok, nil
}
