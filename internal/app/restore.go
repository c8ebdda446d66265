package app

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// RestoreItem stores a web item or plan again as it was before one of its
// changes (a save or a removal, identified by subject and the change's
// time): the undo of a removal, or of a save that should not have been.
// It is checked as a save is, and recorded as one, by the person who
// restores it. Returns the restored entry's id.
func (c *Core) RestoreItem(ctx context.Context, session, unit, subject, at string) (string, error) {
	v, _, p, err := c.editor(ctx, session, unit)
	if err != nil {
		return "", err
	}
	changes, err := c.store.History(ctx, unit, subject, historyLimit)
	if err != nil {
		return "", err
	}
	var doc string
	for _, ch := range changes {
		if ch.At.UTC().Format(time.RFC3339Nano) == at && (ch.Kind == store.HistoryWebSaved || ch.Kind == store.HistoryWebDeleted) {
			doc = ch.Before
			break
		}
	}
	if doc == "" {
		return "", ErrNotFound
	}
	if fileEntry(v, unit, subject) {
		return "", &Invalid{Msg: "Id:t används nu av en aktivitet i filerna; den kan inte tas tillbaka här."}
	}
	cur, exists, err := c.store.WebItem(ctx, unit, subject)
	if err != nil {
		return "", err
	}
	entry, plan, probs, err := restoredEntry(v, unit, subject, doc)
	if err != nil {
		return "", &Invalid{Msg: "Den versionen går inte att läsa och kan inte tas tillbaka."}
	}
	if len(probs) > 0 {
		var msgs []string
		for _, p := range probs {
			msgs = append(msgs, plain(p.Msg))
		}
		sort.Strings(msgs)
		return "", &Invalid{Msg: "Den kan inte tas tillbaka som den var: " + strings.Join(msgs, " ")}
	}
	w := store.WebItem{ID: subject, Entry: entry, Plan: plan}
	if exists {
		w.Version = cur.Version
	}
	err = c.state.Change(ctx, state.WebChange{Unit: unit, Who: p.Email, Via: wheel.WebFile, Save: []store.WebItem{w}})
	if errors.Is(err, store.ErrChanged) || errors.Is(err, store.ErrTaken) {
		return "", &Invalid{Msg: "Någon annan ändrade den just nu. Ladda om sidan och försök igen."}
	}
	if err != nil {
		return "", err
	}
	c.log.Info("web item restored", "unit", unit, "item", subject)
	return subject, nil
}

// restoredEntry is a version the history keeps ("before" of a change)
// as the entry it would be stored as now, checked against today's config
// by the rules every entry is: the record's JSON (how the web keeps its
// entries), or the YAML the web kept before it kept records.
func restoredEntry(v *view, unit, id, doc string) (wheel.Entry, bool, []diag.Problem, error) {
	u := v.Config.Unit(unit)
	ids := unitIDs(v.Snapshot, unit, id)
	m := decodeDoc(doc)
	if m == nil {
		return wheel.Entry{}, false, nil, errors.New("app: an unreadable version")
	}
	_, plan := m["activities"]
	if _, ok := m["what"]; ok {
		plan = true
	}
	var probs []diag.Problem
	var e wheel.Entry
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(doc), &obj) == nil {
		_, plan = obj["plan"]
		stored, err := store.DecodeEntry(doc, plan)
		if err != nil {
			return e, plan, nil, err
		}
		e, probs = calendar.Recheck(&v.Config.Programme, u, ids, stored)
	} else {
		e, probs = calendar.CheckRecordYAML(&v.Config.Programme, u, ids, id, doc, plan)
	}
	return e, plan, probs, nil
}
