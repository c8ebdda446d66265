package store_test

import (
	"database/sql"
	"github.com/avesta-kommun/arshjul/internal/testenv"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// TestRenamesRaiseSequence: renaming a focus area in
// the config changes every event that names it, so SEQUENCE and
// LAST-MODIFIED move on those items and on no other; renaming a unit moves
// the unit's items (all.ics prints the name before each title) and no
// other unit's. Preview agrees with Sync.
func TestRenamesRaiseSequence(t *testing.T) {
	ex := testenv.LoadExample(t, t0)
	before := ex.Snapshot(t)
	prog := ex.Config.Programme
	prog.FocusAreas.Names = maps.Clone(prog.FocusAreas.Names)
	prog.FocusAreas.Names["varumarke"] = "Varumärket Avesta"
	t1 := t0.Add(24 * time.Hour)
	preview, err := ex.Store.Preview(ctx, &prog, ex.Config.Units, ex.Calendars, t1)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ex.Store.Sync(ctx, &prog, ex.Config.Units, ex.Calendars, t1)
	if err != nil {
		t.Fatal(err)
	}
	after := ex.Snapshot(t)
	moved, named := 0, 0
	for unit, recs := range before.Items {
		for _, was := range recs {
			is := item(after, unit, was.Item.ID)
			names := was.Item.Focus == "varumarke" || (was.Item.Plan != nil && was.Item.Plan.Focus == "varumarke")
			if names {
				named++
			}
			if rose := is.Sequence == was.Sequence+1 && is.Modified.Equal(t1.UTC().Truncate(time.Second)); rose != names {
				t.Errorf("%s/%s (focus %q): sequence %d → %d, modified %s", unit, was.Item.ID, was.Item.Focus, was.Sequence, is.Sequence, is.Modified)
			} else if rose {
				moved++
			}
			if p := item(preview, unit, was.Item.ID); p.Sequence != is.Sequence {
				t.Errorf("%s/%s: preview says sequence %d, sync %d", unit, was.Item.ID, p.Sequence, is.Sequence)
			}
		}
	}
	if named == 0 || res.Changed < named {
		t.Fatalf("%d items name the focus area, %d changed", named, res.Changed)
	}
	t.Logf("focus area renamed: %d of the items that name it moved, no other", moved)

	units := slices.Clone(ex.Config.Units)
	for i := range units {
		if units[i].ID == "hr" {
			units[i].Name = "Personalavdelningen"
		}
	}
	t2 := t1.Add(24 * time.Hour)
	if _, err := ex.Store.Sync(ctx, &prog, units, ex.Calendars, t2); err != nil {
		t.Fatal(err)
	}
	again := ex.Snapshot(t)
	for unit, recs := range after.Items {
		for _, was := range recs {
			is := item(again, unit, was.Item.ID)
			if rose := is.Sequence == was.Sequence+1; rose != (unit == "hr") {
				t.Errorf("unit renamed: %s/%s sequence %d → %d", unit, was.Item.ID, was.Sequence, is.Sequence)
			}
		}
	}
}

// TestSequenceNeverFalls: an item removed and another
// added under its id (so under its UID) continues above the old SEQUENCE,
// which a client would otherwise ignore as older; so does a unit removed
// from the config and added back.
func TestSequenceNeverFalls(t *testing.T) {
	ex := testenv.LoadExample(t, t0)
	hr := ex.Calendars["hr"]
	orig := hr.Items[0]
	step := t0
	sync := func(units []wheel.Unit) {
		t.Helper()
		step = step.Add(time.Hour)
		if _, err := ex.Store.Sync(ctx, &ex.Config.Programme, units, ex.Calendars, step); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ { // three edits: sequence 3
		hr.Items[0].Title += "!"
		sync(ex.Config.Units)
	}
	if s := item(ex.Snapshot(t), "hr", orig.ID).Sequence; s != 3 {
		t.Fatalf("after three edits: sequence %d", s)
	}
	hr.Items = hr.Items[1:]
	sync(ex.Config.Units)
	other := orig
	other.Title, other.Description = "Något helt annat", "Ett annat evenemang med samma id"
	hr.Items = append(hr.Items, other)
	preview, err := ex.Store.Preview(ctx, &ex.Config.Programme, ex.Config.Units, ex.Calendars, step.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	sync(ex.Config.Units)
	if s := item(ex.Snapshot(t), "hr", orig.ID).Sequence; s != 4 || item(preview, "hr", orig.ID).Sequence != 4 {
		t.Errorf("back under the same id: sequence %d (preview %d), want 4", s, item(preview, "hr", orig.ID).Sequence)
	}

	var without []wheel.Unit
	for _, u := range ex.Config.Units {
		if u.ID != "hr" {
			without = append(without, u)
		}
	}
	sync(without)
	sync(ex.Config.Units)
	if s := item(ex.Snapshot(t), "hr", orig.ID).Sequence; s != 5 {
		t.Errorf("the unit back in the config: sequence %d, want 5", s)
	}
}

// TestNewCanonicalFormMovesNothing: a database whose content hashes were
// made before names were part of the canonical form (no
// canonical_version) is filled in quietly by its first sync, without a
// SEQUENCE moving on any of the example's events; a rename after that
// moves them.
func TestNewCanonicalFormMovesNothing(t *testing.T) {
	ex := testenv.LoadExample(t, t0)
	before := ex.Snapshot(t)
	db, err := sql.Open("sqlite", ex.Store.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE items SET content = 'v1-' || content`, `UPDATE plans SET content = 'v1-' || content`, `DELETE FROM meta WHERE key = 'canonical_version'`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	res, err := ex.Store.Sync(ctx, &ex.Config.Programme, ex.Config.Units, ex.Calendars, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed != 0 || res.Added != 0 {
		t.Fatalf("the new form's first fill: %+v", res)
	}
	after := ex.Snapshot(t)
	for unit, recs := range before.Items {
		for _, was := range recs {
			if is := item(after, unit, was.Item.ID); is.Sequence != was.Sequence || !is.Modified.Equal(was.Modified) {
				t.Errorf("%s/%s moved", unit, was.Item.ID)
			}
		}
	}
	units := slices.Clone(ex.Config.Units)
	units[0].Name += " (nytt namn)"
	if res, err = ex.Store.Sync(ctx, &ex.Config.Programme, units, ex.Calendars, t0.Add(2*time.Hour)); err != nil || res.Changed == 0 {
		t.Errorf("a rename after the fill moved nothing: %+v %v", res, err)
	}
}
