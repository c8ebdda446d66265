package feed_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestWindow: dated occurrences outside the window are left out, a series
// is kept whole, and an open follow-up stays however old it is.
func TestWindow(t *testing.T) {
	ex := testenv.LoadExample(t, programmeStart)
	snap := ex.Snapshot(t)
	now := time.Date(2028, 11, 1, 12, 0, 0, 0, stockholm)
	_, res := build(t, ex, snap, "hr", feed.Filter{FollowUps: true}, now)
	text := strings.ReplaceAll(string(res.Body), "\r\n ", "")
	if strings.Contains(text, "UID:hr/medarbetarenkat/2026-10-05@") {
		t.Error("a 2026 occurrence is in a November 2028 feed with past_months 3")
	}
	if !strings.Contains(text, "UID:hr/medarbetarenkat/2028-10-09@") || !strings.Contains(text, "UID:hr/introduktion@") || strings.Contains(text, "UID:hr/lonerevision@") {
		t.Error("want the recent occurrence and the running series, not the series that ended in April")
	}
	if !strings.Contains(text, "FÖRSENAD uppföljning (2 väntar): Medarbetarenkät (skulle vara klar 2026-10-30)") {
		t.Error("an open overdue follow-up left the feed, or its series' other overdue one is not counted")
	}
	req, _ := build(t, ex, snap, "hr", feed.Filter{FollowUps: true}, now)
	from, to := icalcheck.Window(&ex.Config.Programme)
	icalcheck.Verify(t, res.Body, from, to, icalcheck.Expected(req))
}

// TestByteIdentical: the same data gives the same bytes, whatever the time
// of day; a removed item vanishes.
func TestByteIdentical(t *testing.T) {
	ex := testenv.LoadExample(t, programmeStart)
	snap := ex.Snapshot(t)
	_, a := build(t, ex, snap, feed.ScopeAll, feed.Filter{FollowUps: true}, time.Date(2026, 5, 4, 0, 0, 1, 0, stockholm))
	_, b := build(t, ex, ex.Snapshot(t), feed.ScopeAll, feed.Filter{FollowUps: true}, time.Date(2026, 5, 4, 23, 59, 0, 0, stockholm))
	if !bytes.Equal(a.Body, b.Body) {
		t.Fatal("same data, same day, different bytes")
	}
	cal := ex.Calendars["ekonomi"]
	for i, it := range cal.Items {
		if it.ID == "arsredovisning" {
			cal.Items = append(cal.Items[:i], cal.Items[i+1:]...)
			break
		}
	}
	later := programmeStart.Add(time.Hour)
	if _, err := ex.Store.Sync(context.Background(), &ex.Config.Programme, ex.Config.Units, ex.Calendars, later); err != nil {
		t.Fatal(err)
	}
	snap2 := ex.Snapshot(t)
	_, c := build(t, ex, snap2, "ekonomi", feed.Filter{FollowUps: true}, later)
	if strings.Contains(string(c.Body), "arsredovisning") {
		t.Error("a removed item is still in the feed")
	}
	if !snap2.Changed.After(snap.Changed) {
		t.Error("removal did not move the last change (Last-Modified would not move)")
	}
}

// TestSeriesOnlyInOutlookShapes: what becomes an RRULE and what does not.
func TestSeriesOnlyInOutlookShapes(t *testing.T) {
	ex := testenv.LoadExample(t, programmeStart)
	p := &ex.Config.Programme
	want := map[string]bool{
		"redaktionsmote": true, "nyhetsbrev": true, "kommunikationsdag": true, "lonerevision": true, "introduktion": true,
		"budget-kf": true, "budgetdialog": true, // a range of constant length
		"chefsinfo": false, "skottdag": false, "medarbetarenkat": false, "arets-sista-vecka": false,
	}
	for _, cal := range ex.Calendars {
		for i := range cal.Items {
			it := &cal.Items[i]
			if w, ok := want[it.ID]; ok {
				if got := feed.IsSeries(p, "u", it); got != w {
					t.Errorf("%s: series %t, want %t", it.ID, got, w)
				}
				delete(want, it.ID)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("items not found: %v", want)
	}
}
