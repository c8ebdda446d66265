package store_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/testenv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// TestPreviewIsWhatSyncLeaves: on a database that holds last week's
// files, Preview of this week's shows exactly the snapshot that Sync then
// stores (sequences, times, follow-ups with their results), and writes
// nothing: the database file is byte for byte as it was.
func TestPreviewIsWhatSyncLeaves(t *testing.T) {
	ex := testenv.LoadExample(t, t0)
	if err := ex.Store.MarkFollowUpDone(ctx, firstFollowUp(t, ex.Snapshot(t)), "Klart: 81 % svarade", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	hr := ex.Calendars["hr"]
	hr.Items[0].Title += " (ny rubrik)"              // seen: SEQUENCE+1
	hr.Items[1].Remind = []wheel.Days{5}             // quiet
	hr.Items = append(hr.Items[:2], hr.Items[3:]...) // one removed
	delete(ex.Calendars, "ekonomi")                  // a unit emptied
	t1 := t0.Add(72 * time.Hour)

	path := ex.Store.Path()
	files := func() string {
		db, _ := os.ReadFile(path)
		wal, _ := os.ReadFile(path + "-wal")
		return string(db) + string(wal)
	}
	before := files()
	preview, err := ex.Store.Preview(ctx, &ex.Config.Programme, ex.Config.Units, ex.Calendars, t1)
	if err != nil {
		t.Fatal(err)
	}
	if files() != before {
		t.Fatal("Preview wrote to the database")
	}
	if _, err := ex.Store.Sync(ctx, &ex.Config.Programme, ex.Config.Units, ex.Calendars, t1); err != nil {
		t.Fatal(err)
	}
	synced := ex.Snapshot(t)
	// Compared as JSON: equal instants in equal offsets, whichever
	// *time.Location each was decoded with.
	for unit := range synced.Items {
		for what, pair := range map[string][2]any{
			"items": {preview.Items[unit], synced.Items[unit]}, "plans": {preview.Plans[unit], synced.Plans[unit]},
			"follow-ups": {preview.FollowUps[unit], synced.FollowUps[unit]},
		} {
			p, _ := json.Marshal(pair[0])
			s, _ := json.Marshal(pair[1])
			if string(p) != string(s) {
				t.Errorf("%s %s differ:\npreview %s\nsynced  %s", unit, what, p, s)
			}
		}
	}
	if len(preview.Items) != len(synced.Items) || !preview.Changed.Equal(synced.Changed) {
		t.Errorf("units %d and %d, changed %s and %s", len(preview.Items), len(synced.Items), preview.Changed, synced.Changed)
	}
}

func firstFollowUp(t *testing.T, snap *snapshot.Snapshot) string {
	t.Helper()
	for _, fus := range snap.FollowUps {
		if len(fus) > 0 {
			return fus[0].ID
		}
	}
	t.Fatal("the example has no follow-ups")
	return ""
}
