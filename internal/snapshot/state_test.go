package snapshot_test

import (
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

func TestFollowUpState(t *testing.T) {
	due := wheel.Date{Year: 2028, Month: 2, Day: 29} // a leap day
	done := time.Date(2028, 3, 10, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		today wheel.Date
		done  *time.Time
		want  snapshot.FollowUpState
		words string
	}{
		{"the day before", due.AddDays(-1), nil, snapshot.Open, "inte klar än"},
		{"the day it is due", due, nil, snapshot.Open, "inte klar än"},
		{"the day after", due.AddDays(1), nil, snapshot.Overdue, "försenad"},
		{"a year late", due.AddDays(366), nil, snapshot.Overdue, "försenad"},
		{"done late", due.AddDays(30), &done, snapshot.Done, "klar"},
		{"done early", due.AddDays(-10), &done, snapshot.Done, "klar"},
	} {
		f := snapshot.FollowUpRecord{FollowUp: occur.FollowUp{Due: due}, DoneAt: c.done}
		if got := f.State(c.today); got != c.want || got.Words() != c.words {
			t.Errorf("%s: %s (%q), want %s (%q)", c.name, got, got.Words(), c.want, c.words)
		}
	}
	if snapshot.Overdue.Label() != "Försenad" {
		t.Errorf("label %q", snapshot.Overdue.Label())
	}
}
