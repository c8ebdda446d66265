package store

import (
	"context"
	"fmt"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Upcoming is an occurrence that may need a reminder, with the ledger keys
// already recorded for it.
type Upcoming struct {
	ID, UnitID, ItemID string
	Start              time.Time
	Day                wheel.Date
	Sent               map[[2]string]bool // {slot, recipient} already in the ledger
}

// The window is found by index (start_at), and each occurrence's ledger
// rows by primary-key prefix: a pass costs what is near, not the history.
const sqlUpcoming = `SELECT o.id, o.unit_id, o.item_id, o.start_at, o.day, COALESCE(l.slot, ''), COALESCE(l.recipient, '')
	FROM occurrences o LEFT JOIN ledger l ON l.kind = 'upcoming' AND l.subject_id = o.id
	WHERE o.start_at > ? AND o.start_at < ? ORDER BY o.start_at, o.id`

// UpcomingBetween lists occurrences starting after from and before to.
func (s *Store) UpcomingBetween(ctx context.Context, from, to time.Time) ([]Upcoming, error) {
	rows, err := s.db.QueryContext(ctx, sqlUpcoming, formatTime(from), formatTime(to))
	if err != nil {
		return nil, fmt.Errorf("store: upcoming occurrences: %w", err)
	}
	defer rows.Close()
	var out []Upcoming
	for rows.Next() {
		var id, unit, item, start, day, slot, rcpt string
		if err := rows.Scan(&id, &unit, &item, &start, &day, &slot, &rcpt); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != id {
			u := Upcoming{ID: id, UnitID: unit, ItemID: item, Sent: map[[2]string]bool{}}
			if u.Start, err = parseTime(start); err != nil {
				return nil, fmt.Errorf("store: occurrence %s: %w", id, err)
			}
			if u.Day, err = wheel.ParseDate(day); err != nil {
				return nil, fmt.Errorf("store: occurrence %s: %w", id, err)
			}
			out = append(out, u)
		}
		if slot != "" {
			out[len(out)-1].Sent[[2]string{slot, rcpt}] = true
		}
	}
	return out, rows.Err()
}

// Overdue is an open follow-up past its due date, with the recipients the
// given run has already reminded.
type Overdue struct {
	snapshot.FollowUpRecord
	Sent map[string]bool // kind+" "+recipient already in the ledger for this run
}

const sqlOverdue = `SELECT f.id, f.unit_id, f.item_id, COALESCE(f.occurrence_id, ''), f.title, f.due, f.owner, f.how, f.public,
		COALESCE(f.done_at, ''), f.done_note, f.skipped, COALESCE(l.kind, ''), COALESCE(l.recipient, '')
	FROM followups f LEFT JOIN ledger l ON l.kind IN ('overdue', 'escalation') AND l.subject_id = f.id AND l.slot = ?
	WHERE f.active = 1 AND f.done_at IS NULL AND f.due < ? ORDER BY f.due, f.id`

// OverdueOn lists the follow-ups still open that were due before day, with
// what the run of that day has recorded.
func (s *Store) OverdueOn(ctx context.Context, day wheel.Date) ([]Overdue, error) {
	rows, err := s.db.QueryContext(ctx, sqlOverdue, day.String(), day.String())
	if err != nil {
		return nil, fmt.Errorf("store: overdue follow-ups: %w", err)
	}
	defer rows.Close()
	var out []Overdue
	for rows.Next() {
		var kind, rcpt string
		r, err := scanFollowUp(rows, &kind, &rcpt)
		if err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != r.ID {
			out = append(out, Overdue{FollowUpRecord: r, Sent: map[string]bool{}})
		}
		if kind != "" {
			out[len(out)-1].Sent[kind+" "+rcpt] = true
		}
	}
	return out, rows.Err()
}

const sqlKeyExists = `SELECT 1 FROM ledger WHERE kind = ? AND subject_id = ? AND slot = ? AND recipient = ?`

// Recorded reports whether k is in the ledger.
func (s *Store) Recorded(ctx context.Context, k Key) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, sqlKeyExists, k.Kind, k.Subject, k.Slot, k.Recipient).Scan(&one)
	if isNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: ledger: %w", err)
	}
	return true, nil
}

const (
	sqlRecordRun = `INSERT INTO runs (schedule, due_at, ran_at, queued) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`
	sqlRunMade   = `SELECT 1 FROM runs WHERE schedule = ? AND due_at = ?`
	sqlLastRuns  = `SELECT schedule, MAX(due_at), ran_at FROM runs GROUP BY schedule`
)

// RecordRun notes that the run of schedule due at due was made.
func (s *Store) RecordRun(ctx context.Context, schedule string, due, ran time.Time, queued int) error {
	return s.exec(ctx, "record run", sqlRecordRun, schedule, formatTime(due), formatTime(ran), queued)
}

// RunMade reports whether the run of schedule due at due was made.
func (s *Store) RunMade(ctx context.Context, schedule string, due time.Time) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, sqlRunMade, schedule, formatTime(due)).Scan(&one)
	if isNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: runs: %w", err)
	}
	return true, nil
}

// Run is the latest run made of a schedule.
type Run struct {
	Due, Ran time.Time
}

// LastRuns returns each schedule's latest run.
func (s *Store) LastRuns(ctx context.Context) (map[string]Run, error) {
	rows, err := s.db.QueryContext(ctx, sqlLastRuns)
	if err != nil {
		return nil, fmt.Errorf("store: runs: %w", err)
	}
	defer rows.Close()
	out := map[string]Run{}
	for rows.Next() {
		var name, due, ran string
		if err := rows.Scan(&name, &due, &ran); err != nil {
			return nil, err
		}
		d, _ := parseTime(due)
		r, _ := parseTime(ran)
		out[name] = Run{Due: d, Ran: r}
	}
	return out, rows.Err()
}
