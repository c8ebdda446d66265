package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Message is one composed e-mail in the outbox.
type Message struct {
	ID        int64
	MessageID string
	Recipient string
	Subject   string
	Body      []byte
	State     string // queued, sending, sent, failed
	Attempts  int
	NextAt    time.Time
	LastError string
	QueuedAt  time.Time
	SentAt    *time.Time
}

// Key identifies one reminder decision in the ledger.
type Key struct {
	Kind      string // upcoming, overdue, escalation, end_notice, alert
	Subject   string // occurrence id, follow-up id, 'programme', an alert's name
	Slot      string // lead time ("14d") or the overdue run's date
	Recipient string
}

// ErrStale means a key of a message being queued is already in the ledger:
// another pass (a second daemon, `arshjul remind`) decided it first. The
// caller plans again; nothing was written.
var ErrStale = errors.New("store: reminder already queued")

const (
	sqlInsertMessage = `INSERT INTO outbox (message_id, recipient, subject, body, state, next_at, queued_at)
		VALUES (?, ?, ?, ?, 'queued', ?, ?)`
	sqlInsertKey = `INSERT INTO ledger (kind, subject_id, slot, recipient, outbox_id) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`
	// Claiming is one statement, so two senders can never take one message.
	sqlClaim = `UPDATE outbox SET state = 'sending', attempts = attempts + 1
		WHERE id = (SELECT id FROM outbox WHERE state = 'queued' AND next_at <= ? ORDER BY next_at, id LIMIT 1)
		RETURNING id, message_id, recipient, subject, body, attempts, queued_at`
	sqlMarkSent   = `UPDATE outbox SET state = 'sent', sent_at = ?, last_error = '' WHERE id = ? AND state = 'sending'`
	sqlRequeue    = `UPDATE outbox SET state = 'queued', next_at = ?, last_error = ? WHERE id = ? AND state = 'sending'`
	sqlMarkFailed = `UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ? AND state = 'sending'`
	sqlUnclaimAll = `UPDATE outbox SET state = 'queued' WHERE state = 'sending'`
	sqlRetry      = `UPDATE outbox SET state = 'queued', next_at = ? WHERE state = 'failed' AND (? = 0 OR id = ?)`
	sqlExpire     = `UPDATE outbox SET state = 'failed', last_error = ? WHERE state IN ('queued', 'sending')`
	sqlListOutbox = `SELECT id, message_id, recipient, subject, state, attempts, next_at, last_error, queued_at, COALESCE(sent_at, '')
		FROM outbox WHERE state IN (%s) ORDER BY id`
	sqlOutboxStats = `SELECT state, COUNT(*), COALESCE(MIN(queued_at), '') FROM outbox GROUP BY state`
)

// Queue stores a composed message and its ledger keys in one transaction. If
// any key is already in the ledger nothing is stored and ErrStale returned.
func (s *Store) Queue(ctx context.Context, m Message, keys []Key, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, sqlInsertMessage, m.MessageID, m.Recipient, m.Subject, m.Body, formatTime(now), formatTime(now))
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, k := range keys {
			res, err := tx.ExecContext(ctx, sqlInsertKey, k.Kind, k.Subject, k.Slot, k.Recipient, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return ErrStale
			}
		}
		return nil
	})
	if errors.Is(err, ErrStale) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("store: queue mail to %s: %w", m.Recipient, err)
	}
	return id, nil
}

// Claim takes the next message due for sending (nil when there is none) and
// marks it as being sent.
func (s *Store) Claim(ctx context.Context, now time.Time) (*Message, error) {
	m := &Message{State: "sending"}
	var queued string
	err := s.db.QueryRowContext(ctx, sqlClaim, formatTime(now)).Scan(&m.ID, &m.MessageID, &m.Recipient, &m.Subject, &m.Body, &m.Attempts, &queued)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: claim mail: %w", err)
	}
	m.QueuedAt, _ = parseTime(queued)
	return m, nil
}

// MarkSent records a delivery.
func (s *Store) MarkSent(ctx context.Context, id int64, now time.Time) error {
	return s.exec(ctx, "mark mail sent", sqlMarkSent, formatTime(now), id)
}

// Requeue puts a message back to be tried again at next, with the reason.
func (s *Store) Requeue(ctx context.Context, id int64, next time.Time, reason string) error {
	return s.exec(ctx, "requeue mail", sqlRequeue, formatTime(next), reason, id)
}

// MarkFailed gives up on a message until someone runs `outbox retry`.
func (s *Store) MarkFailed(ctx context.Context, id int64, reason string) error {
	return s.exec(ctx, "mark mail failed", sqlMarkFailed, reason, id)
}

// Unclaim returns every message marked as being sent to the queue. Only
// the one sender may call it (see SenderLock): the claims it finds were
// left by a sender that died, and their messages may or may not have gone.
func (s *Store) Unclaim(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, sqlUnclaimAll)
	if err != nil {
		return 0, fmt.Errorf("store: unclaim mail: %w", err)
	}
	return res.RowsAffected()
}

// Retry queues failed messages again: one by id, or all when id is 0.
func (s *Store) Retry(ctx context.Context, id int64, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, sqlRetry, formatTime(now), id, id)
	if err != nil {
		return 0, fmt.Errorf("store: retry mail: %w", err)
	}
	return res.RowsAffected()
}

// Expire fails everything unsent, with reason: after the programme has
// ended nothing may be sent.
func (s *Store) Expire(ctx context.Context, reason string) (int64, error) {
	res, err := s.db.ExecContext(ctx, sqlExpire, reason)
	if err != nil {
		return 0, fmt.Errorf("store: expire mail: %w", err)
	}
	return res.RowsAffected()
}

// Outbox lists messages in the given states (without their bodies).
func (s *Store) Outbox(ctx context.Context, states ...string) ([]Message, error) {
	if len(states) == 0 {
		return nil, nil
	}
	args := make([]any, len(states))
	marks := ""
	for i, st := range states {
		args[i] = st
		if i > 0 {
			marks += ", "
		}
		marks += "?"
	}
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf(sqlListOutbox, marks), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list outbox: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var next, queued, sent string
		if err := rows.Scan(&m.ID, &m.MessageID, &m.Recipient, &m.Subject, &m.State, &m.Attempts, &next, &m.LastError, &queued, &sent); err != nil {
			return nil, err
		}
		m.NextAt, _ = parseTime(next)
		m.QueuedAt, _ = parseTime(queued)
		if sent != "" {
			t, _ := parseTime(sent)
			m.SentAt = &t
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// OutboxStats counts messages by state, with the time the oldest of each
// state was queued.
type OutboxStats struct {
	Count  map[string]int
	Oldest map[string]time.Time
}

// OutboxStats reads the counts.
func (s *Store) OutboxStats(ctx context.Context) (OutboxStats, error) {
	st := OutboxStats{Count: map[string]int{}, Oldest: map[string]time.Time{}}
	rows, err := s.db.QueryContext(ctx, sqlOutboxStats)
	if err != nil {
		return st, fmt.Errorf("store: outbox stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state, oldest string
		var n int
		if err := rows.Scan(&state, &n, &oldest); err != nil {
			return st, err
		}
		st.Count[state] = n
		if t, err := parseTime(oldest); err == nil {
			st.Oldest[state] = t
		}
	}
	return st, rows.Err()
}

func (s *Store) exec(ctx context.Context, what, query string, args ...any) error {
	if _, err := s.db.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	return nil
}

const sqlOutboxMessage = `SELECT id, message_id, recipient, subject, body, state FROM outbox WHERE id = ?`

// OutboxMessage is one message of the outbox with its body.
func (s *Store) OutboxMessage(ctx context.Context, id int64) (Message, error) {
	var m Message
	err := s.db.QueryRowContext(ctx, sqlOutboxMessage, id).Scan(&m.ID, &m.MessageID, &m.Recipient, &m.Subject, &m.Body, &m.State)
	if err != nil {
		return m, fmt.Errorf("store: outbox message %d: %w", id, err)
	}
	return m, nil
}
