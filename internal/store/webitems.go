package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// WebItem is one entry a unit's web keeps: an item, or a plan with its
// activities, as a record of the domain's types.
type WebItem struct {
	ID    string
	Entry wheel.Entry
	Plan  bool // a communication plan, with its activities
	// Version rises with every save. In a WebChange it is the version the
	// change was based on: 0 for a new entry.
	Version int64
	// YAML is an entry kept before the web kept records, until it is
	// converted (Entry is then empty).
	YAML string
}

var (
	// ErrChanged is a save or removal based on a version that is no longer
	// the stored one: someone else changed or removed the entry meanwhile.
	ErrChanged = errors.New("store: the web item was changed since it was read")
	// ErrTaken is a new entry whose id the unit has already.
	ErrTaken = errors.New("store: the unit has a web item of that id")
)

const (
	sqlWebItems     = `SELECT unit_id, id, yaml, record, plan, version FROM web_items ORDER BY unit_id, created, id`
	sqlUnitWebItems = `SELECT unit_id, id, yaml, record, plan, version FROM web_items WHERE unit_id = ? ORDER BY created, id`
	sqlWebItem      = `SELECT yaml, record, plan, version FROM web_items WHERE unit_id = ? AND id = ?`
	sqlAddWebItem   = `INSERT INTO web_items (unit_id, id, yaml, record, created, modified, plan, version) VALUES (?, ?, '', ?, ?, ?, ?, 1)
		ON CONFLICT (unit_id, id) DO NOTHING`
	sqlChangeWebItem = `UPDATE web_items SET yaml = '', record = ?, modified = ?, plan = ?, version = version + 1
		WHERE unit_id = ? AND id = ? AND version = ?`
	sqlPutWebItem = `INSERT INTO web_items (unit_id, id, yaml, record, created, modified, plan, version) VALUES (?, ?, '', ?, ?, ?, ?, 1)
		ON CONFLICT (unit_id, id) DO UPDATE SET yaml = '', record = excluded.record, modified = excluded.modified,
			plan = excluded.plan, version = web_items.version + 1`
	sqlConvertWebItem = `UPDATE web_items SET record = ? WHERE unit_id = ? AND id = ? AND record = ''`
	sqlDeleteWebItem  = `DELETE FROM web_items WHERE unit_id = ? AND id = ?`
)

// planRecord is how a plan is kept: the plan and its activities, which
// point back at it only once read.
type planRecord struct {
	Plan       wheel.Plan   `json:"plan"`
	Activities []wheel.Item `json:"activities"`
}

// encodeEntry is the JSON an entry is kept as, and the history shows:
// an item's, or a plan's with its activities.
func encodeEntry(e wheel.Entry) (string, error) {
	var v any = e.Item
	if e.Plan != nil {
		acts := make([]wheel.Item, len(e.Activities))
		for i, a := range e.Activities {
			a.Plan = nil
			acts[i] = a
		}
		v = planRecord{Plan: *e.Plan, Activities: acts}
	} else if e.Item == nil {
		return "", errors.New("store: an empty web entry")
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// DecodeEntry is the entry a record (as kept, and as the history shows
// it) holds; plan says it is a plan's.
func DecodeEntry(record string, plan bool) (wheel.Entry, error) {
	if plan {
		var r planRecord
		if err := json.Unmarshal([]byte(record), &r); err != nil {
			return wheel.Entry{}, err
		}
		pl := r.Plan
		pl.File = wheel.WebFile
		for i := range r.Activities {
			r.Activities[i].Plan = &pl
			r.Activities[i].File = wheel.WebFile
		}
		return wheel.Entry{Plan: &pl, Activities: r.Activities}, nil
	}
	var it wheel.Item
	if err := json.Unmarshal([]byte(record), &it); err != nil {
		return wheel.Entry{}, err
	}
	it.File = wheel.WebFile
	return wheel.Entry{Item: &it}, nil
}

func scanWebItem(r scanner, unit *string, w *WebItem) error {
	var record string
	var err error
	if unit != nil {
		err = r.Scan(unit, &w.ID, &w.YAML, &record, &w.Plan, &w.Version)
	} else {
		err = r.Scan(&w.YAML, &record, &w.Plan, &w.Version)
	}
	if err != nil || record == "" {
		return err
	}
	w.YAML = ""
	if w.Entry, err = DecodeEntry(record, w.Plan); err != nil {
		return fmt.Errorf("web item %s: %w", w.ID, err)
	}
	return nil
}

// WebItems are every unit's web entries, in the order they were made.
func (s *Store) WebItems(ctx context.Context) (map[string][]WebItem, error) {
	return s.webItems(ctx, sqlWebItems)
}

// UnitWebItems are one unit's web entries, in the order they were made.
func (s *Store) UnitWebItems(ctx context.Context, unit string) ([]WebItem, error) {
	m, err := s.webItems(ctx, sqlUnitWebItems, unit)
	return m[unit], err
}

func (s *Store) webItems(ctx context.Context, query string, args ...any) (map[string][]WebItem, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: web items: %w", err)
	}
	defer rows.Close()
	out := map[string][]WebItem{}
	for rows.Next() {
		var unit string
		var w WebItem
		if err := scanWebItem(rows, &unit, &w); err != nil {
			return nil, fmt.Errorf("store: web items: %w", err)
		}
		out[unit] = append(out[unit], w)
	}
	return out, rows.Err()
}

// WebItem is one web entry; ok is false when there is none.
func (s *Store) WebItem(ctx context.Context, unit, id string) (WebItem, bool, error) {
	w := WebItem{ID: id}
	err := scanWebItem(s.db.QueryRowContext(ctx, sqlWebItem, unit, id), nil, &w)
	if isNoRows(err) {
		return w, false, nil
	}
	if err != nil {
		return w, false, fmt.Errorf("store: web item: %w", err)
	}
	return w, true, nil
}

// ConvertWebItems keeps converted entries (ones stored as YAML, now
// checked into records) as records, in one transaction. Their YAML stays
// in its column as it was; nothing else changes, and no one's change is
// recorded: the entries are what they were.
func (s *Store) ConvertWebItems(ctx context.Context, unit string, conv []WebItem) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, w := range conv {
			rec, err := encodeEntry(w.Entry)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, sqlConvertWebItem, rec, unit, w.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: convert web items of %s: %w", unit, err)
	}
	return nil
}

// WebChange is one unit's change made in the web: entries saved and
// removed, by whom, and the unit's whole wheel after it, as it is to be
// served (its files' items from the last good load, and its web entries
// with this change).
type WebChange struct {
	Unit *wheel.Unit
	Save []WebItem // Version: what each was based on, 0 for a new one
	// Remove are entries removed, by id, with the version each was read at.
	Remove map[string]int64
	// Whole is an upload checked as a whole against what it was
	// previewed on: its entries are stored over what is there, versions
	// aside.
	Whole    bool
	Who, Via string
	Calendar *wheel.Calendar
}

// ApplyWeb stores a unit's web change in one transaction: its entries
// (each in the history with who saved it, before and after as the JSON
// of the record), and the unit's items, plans, occurrences and
// follow-ups made anew from c.Calendar, the other units untouched. A
// save based on a version no longer stored is refused (ErrChanged), as
// is a new entry whose id is taken (ErrTaken): then nothing is stored.
func (s *Store) ApplyWeb(ctx context.Context, prog *wheel.Programme, c WebChange, now time.Time) (SyncResult, error) {
	stamp := formatTime(now)
	var res SyncResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, w := range c.Save {
			if err := saveWebItem(ctx, tx, c, w, stamp); err != nil {
				return err
			}
		}
		for id, version := range c.Remove {
			if err := deleteWebItem(ctx, tx, c, id, version, stamp); err != nil {
				return err
			}
		}
		only := map[string]bool{}
		for _, w := range c.Save {
			only[w.ID] = true
		}
		for id := range c.Remove {
			only[id] = true
		}
		return s.syncOne(ctx, tx, prog, c.Unit, c.Calendar, only, stamp, &res)
	})
	if err != nil {
		return SyncResult{}, fmt.Errorf("store: web change of %s: %w", c.Unit.ID, err)
	}
	return res, nil
}

// syncOne brings one unit's stored wheel in line with cal, in tx: the
// entries of the ids in only (all when nil), and the follow-ups of what
// changed.
func (s *Store) syncOne(ctx context.Context, tx *sql.Tx, prog *wheel.Programme, u *wheel.Unit, cal *wheel.Calendar, only map[string]bool, stamp string, res *SyncResult) error {
	if _, err := tx.ExecContext(ctx, sqlUpsertUnit, u.ID, u.Name, u.Public, u.Color); err != nil {
		return err
	}
	if err := syncUnitAs(ctx, tx, prog, u, cal, stamp, false, true, only, res); err != nil {
		return err
	}
	if res.Added+res.Changed+res.Removed > 0 {
		_, err := tx.ExecContext(ctx, sqlSetMeta, metaLastChange, stamp)
		return err
	}
	return nil
}

func saveWebItem(ctx context.Context, tx *sql.Tx, c WebChange, w WebItem, stamp string) error {
	rec, err := encodeEntry(w.Entry)
	if err != nil {
		return err
	}
	var before WebItem
	err = scanWebItem(tx.QueryRowContext(ctx, sqlWebItem, c.Unit.ID, w.ID), nil, &before)
	existed := err == nil
	beforeText := before.YAML
	if existed && before.YAML == "" {
		if beforeText, err = encodeEntry(before.Entry); err != nil {
			return err
		}
	}
	switch {
	case err != nil && !isNoRows(err):
		return err
	case c.Whole:
		if _, err := tx.ExecContext(ctx, sqlPutWebItem, c.Unit.ID, w.ID, rec, stamp, stamp, w.Plan); err != nil {
			return err
		}
	case w.Version == 0 && existed:
		return ErrTaken
	case w.Version == 0:
		res, err := tx.ExecContext(ctx, sqlAddWebItem, c.Unit.ID, w.ID, rec, stamp, stamp, w.Plan)
		if err := oneRow(res, err, ErrTaken); err != nil {
			return err
		}
	case !existed:
		return ErrChanged // removed meanwhile
	default:
		res, err := tx.ExecContext(ctx, sqlChangeWebItem, rec, stamp, w.Plan, c.Unit.ID, w.ID, w.Version)
		if err := oneRow(res, err, ErrChanged); err != nil {
			return err
		}
	}
	kind := HistoryWebSaved
	if !existed {
		kind = HistoryWebAdded
	}
	return record(ctx, tx, stamp, c.Unit.ID, w.ID, kind, c.Who, c.Via, beforeText, rec)
}

// oneRow is err, or none unless exactly one row was written.
func oneRow(res sql.Result, err error, none error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return none
	}
	return nil
}

// deleteWebItem removes a web entry and records what it was, if its
// stored version is still version (or the change is a whole upload).
func deleteWebItem(ctx context.Context, tx *sql.Tx, c WebChange, id string, version int64, stamp string) error {
	var before WebItem
	err := scanWebItem(tx.QueryRowContext(ctx, sqlWebItem, c.Unit.ID, id), nil, &before)
	switch {
	case isNoRows(err):
		return ErrChanged
	case err != nil:
		return err
	case !c.Whole && before.Version != version:
		return ErrChanged
	}
	text := before.YAML
	if text == "" {
		if text, err = encodeEntry(before.Entry); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, sqlDeleteWebItem, c.Unit.ID, id); err != nil {
		return err
	}
	return record(ctx, tx, stamp, c.Unit.ID, id, HistoryWebDeleted, c.Who, c.Via, text, "")
}
