package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// TestCanonicalFormNamesEveryField: every field of the wheel's types is
// either in the canonical form or said here to be one no subscriber sees.
// A field added to wheel.Item fails this test until it is one or the
// other: the decision whether it moves SEQUENCE is made on purpose.
func TestCanonicalFormNamesEveryField(t *testing.T) {
	for _, c := range []struct {
		typ    reflect.Type
		seen   []string
		unseen []string
	}{
		{reflect.TypeFor[wheel.Item](),
			[]string{"ID", "Title", "Description", "Location", "UID", "Owner", "Focus", "Audiences", "Channels", "FollowUp", "Public", "Plan", "Rule", "Spans", "Status", "Links"},
			[]string{"Source", "Remind", "NoRemind", "File", "Line"}}, // where it was read from; reminders only
		{reflect.TypeFor[wheel.Plan](),
			[]string{"ID", "Title", "What", "Why", "Audiences", "Know", "Feel", "Do", "Focus", "Owner", "FollowUp", "Public"}, []string{"File", "Line"}},
		{reflect.TypeFor[wheel.FollowUp](), []string{"After", "Date", "Owner", "How"}, nil},
		{reflect.TypeFor[wheel.Rule](),
			[]string{"Freq", "Month", "Day", "ToMonth", "ToDay", "Week", "Weekday", "Nth", "Time", "Duration", "Exceptions", "First", "Last"}, nil},
		{reflect.TypeFor[wheel.Span](), []string{"AllDay", "From", "To", "Start", "End", "Title"}, nil},
	} {
		known := map[string]bool{}
		for _, f := range append(c.seen, c.unseen...) {
			known[f] = true
		}
		for i := range c.typ.NumField() {
			if f := c.typ.Field(i); !known[f.Name] {
				t.Errorf("%s.%s is new: add it to the canonical form (store/canonical.go) if subscribers see it, else to the unseen fields here", c.typ, f.Name)
			}
		}
	}
}

// TestNewFieldMovesNoHash: an item type grown by a field hashes, as a
// whole, differently (the old change detection, json of the item, would
// have raised every event's SEQUENCE), and canonically the same.
func TestNewFieldMovesNoHash(t *testing.T) {
	wd := time.Tuesday
	it := wheel.Item{ID: "redaktion", Title: "Redaktionsmöte", Audiences: []string{"medarbetare"},
		Rule: &wheel.Rule{Freq: wheel.Weekly, Weekday: &wd, Time: &wheel.Clock{Hour: 9}}}
	type grown struct {
		wheel.Item
		Room string `json:"room"`
	}
	before := newEntry(it.ID, &it, itemContent(&it, namer{}))
	g := grown{Item: it, Room: ""}
	after := newEntry(it.ID, &g, itemContent(&g.Item, namer{}))
	if before.hash == after.hash {
		t.Fatal("the grown type's json is the same: the test shows nothing")
	}
	if before.content != after.content {
		t.Error("a new field changed the canonical form")
	}
	if got := decide(storedEntry{hash: before.hash, content: before.content}, true, after, false); got != quiet {
		t.Errorf("decide: %d, want quiet", got)
	}
	it.Remind = []wheel.Days{7}
	if itemContent(&it, namer{}) != before.content {
		t.Error("a reminder lead time changed what subscribers see")
	}
	it.Title = "Redaktionsmöte (nytt)"
	if itemContent(&it, namer{}) == before.content {
		t.Error("a new title did not change the canonical form")
	}
}
