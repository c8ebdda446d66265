package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

var (
	ctx          = context.Background()
	stockholm, _ = time.LoadLocation("Europe/Stockholm")
	t0           = time.Date(2026, 3, 23, 8, 0, 0, 0, stockholm)
)

func item(snap *snapshot.Snapshot, unit, id string) *snapshot.ItemRecord {
	for i := range snap.Items[unit] {
		if snap.Items[unit][i].Item.ID == id {
			return &snap.Items[unit][i]
		}
	}
	return nil
}

// TestSequenceRisesOnlyOnChange: a resync of the same files changes
// nothing; a changed item gets sequence+1 and a new LAST-MODIFIED; the rest
// keep theirs; a removed item and its occurrences are gone.
func TestSequenceRisesOnlyOnChange(t *testing.T) {
	ex := testenv.LoadExample(t, t0)
	before := ex.Snapshot(t)
	t1 := t0.Add(48 * time.Hour)
	res, err := ex.Store.Sync(ctx, &ex.Config.Programme, ex.Config.Units, ex.Calendars, t1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added+res.Changed+res.Removed != 0 {
		t.Fatalf("resync of unchanged files changed %+v", res)
	}
	if after := ex.Snapshot(t); !after.Changed.Equal(before.Changed) {
		t.Error("last change moved on a resync with no change")
	}

	hr := ex.Calendars["hr"]
	hr.Items[0].Title += " (ny rubrik)"
	removed := hr.Items[len(hr.Items)-1].ID
	hr.Items = hr.Items[:len(hr.Items)-1]
	res, err = ex.Store.Sync(ctx, &ex.Config.Programme, ex.Config.Units, ex.Calendars, t1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed != 1 || res.Removed != 1 {
		t.Fatalf("want one changed and one removed, got %+v", res)
	}
	after := ex.Snapshot(t)
	changed := item(after, "hr", hr.Items[0].ID)
	if changed.Sequence != 1 || !changed.Modified.Equal(t1.UTC().Truncate(time.Second)) || !changed.Created.Equal(t0.UTC().Truncate(time.Second)) {
		t.Errorf("changed item: seq %d modified %v created %v", changed.Sequence, changed.Modified, changed.Created)
	}
	same := item(after, "hr", hr.Items[1].ID)
	if same.Sequence != 0 || !same.Modified.Equal(t0.UTC().Truncate(time.Second)) {
		t.Errorf("unchanged item moved: seq %d modified %v", same.Sequence, same.Modified)
	}
	if item(after, "hr", removed) != nil {
		t.Error("removed item still stored")
	}
	if !after.Changed.Equal(t1.UTC().Truncate(time.Second)) {
		t.Errorf("last change %v, want %v", after.Changed, t1)
	}
}

// TestSyncIsOneTransaction: a sync that fails half way stores nothing.
func TestSyncIsOneTransaction(t *testing.T) {
	ex := testenv.LoadExample(t, t0)
	before := ex.Snapshot(t)
	cals := map[string]*wheel.Calendar{}
	for k, v := range ex.Calendars {
		c := *v
		cals[k] = &c
	}
	hr := *cals["hr"]
	hr.Items = append([]wheel.Item{}, hr.Items...)
	hr.Items[0].Title = "Ändrad"
	// The same id twice violates the primary key after the first changes
	// have been written: the whole sync must roll back.
	hr.Items = append(hr.Items, hr.Items[1])
	cals["hr"] = &hr
	if _, err := ex.Store.Sync(ctx, &ex.Config.Programme, ex.Config.Units, cals, t0.Add(time.Hour)); err == nil {
		t.Fatal("sync with a duplicate id succeeded")
	}
	after := ex.Snapshot(t)
	if got := item(after, "hr", hr.Items[0].ID); got.Item.Title == "Ändrad" || got.Sequence != 0 {
		t.Errorf("a failed sync left a change behind: %+v", got)
	}
	if len(after.Items["hr"]) != len(before.Items["hr"]) {
		t.Error("item count changed")
	}
}

// TestFollowUpStateSurvivesSync: done stays done across reloads.
func TestFollowUpStateSurvivesSync(t *testing.T) {
	ex := testenv.LoadExample(t, t0)
	id := "hr/medarbetarenkat/2026-10-05"
	if err := ex.Store.MarkFollowUpDone(ctx, id, "Svarsfrekvens 78 %", t0.Add(200*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	ex.Calendars["hr"].Items[0].Description = "ändrad"
	if _, err := ex.Store.Sync(ctx, &ex.Config.Programme, ex.Config.Units, ex.Calendars, t0.Add(201*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	fu, err := ex.Store.FollowUp(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if fu.DoneAt == nil || fu.Note != "Svarsfrekvens 78 %" {
		t.Errorf("done state lost: %+v", fu)
	}
	if err := ex.Store.MarkFollowUpDone(ctx, "hr/finns-inte/2026-01-01", "", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("want ErrNotFound, got %v", err)
	}
}

func TestRefusesNewerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	st, err := store.Open(ctx, path, testenv.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := store.Open(ctx, path, testenv.Quiet()); err == nil {
		t.Fatal("opened a database from a newer version")
	}
}

func TestTokens(t *testing.T) {
	st := testenv.OpenStore(t)
	a, err := st.Token(ctx, store.UnitScope("hr"), t0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := st.Token(ctx, store.UnitScope("hr"), t0)
	if a != b || len(a) < 22 { // 22 base64 characters carry 128 bits
		t.Fatalf("token %q / %q", a, b)
	}
	c, _ := st.RotateToken(ctx, store.UnitScope("hr"), t0)
	toks, _ := st.Tokens(ctx)
	if c == a || toks[store.UnitScope("hr")] != c {
		t.Error("rotation did not replace the token")
	}
}

// TestUnseenChangeMovesNoSequence: a change no subscriber sees (a
// reminder lead time) is stored, so that reminders use it, and moves no
// SEQUENCE, LAST-MODIFIED or the feed's Last-Modified.
func TestUnseenChangeMovesNoSequence(t *testing.T) {
	ex := testenv.LoadExample(t, t0)
	before := ex.Snapshot(t)
	hr := ex.Calendars["hr"]
	hr.Items[0].Remind = []wheel.Days{3}
	hr.Items[0].Source = "csv"
	res, err := ex.Store.Sync(ctx, &ex.Config.Programme, ex.Config.Units, ex.Calendars, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if res.Quiet != 1 || res.Changed != 0 {
		t.Fatalf("sync: %+v", res)
	}
	after := ex.Snapshot(t)
	was, is := item(before, "hr", hr.Items[0].ID), item(after, "hr", hr.Items[0].ID)
	if is.Sequence != was.Sequence || !is.Modified.Equal(was.Modified) || !after.Changed.Equal(before.Changed) {
		t.Errorf("sequence %d → %d, modified %s → %s, changed %s → %s", was.Sequence, is.Sequence, was.Modified, is.Modified, before.Changed, after.Changed)
	}
	if len(is.Item.Remind) != 1 || is.Item.Remind[0] != 3 {
		t.Errorf("the new lead time was not stored: %v", is.Item.Remind)
	}
}
