package feed_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestMaxBytes: a feed over feeds.max_bytes (all.ics of 8 units of 300
// items, about 2 MB) is cut to fit: what stays is byte for byte the start
// of the whole feed (the events that start first), what goes is counted,
// the calendar's description says so, and it still parses.
func TestMaxBytes(t *testing.T) {
	ex := testenv.LoadLarge(t, 8, 300, programmeStart)
	snap := ex.Snapshot(t)
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, stockholm)
	req, ok := feed.NewRequest(ex.Config, snap, feed.ScopeAll, feed.Filter{FollowUps: true}, now)
	if !ok {
		t.Fatal("no all feed")
	}
	if req.MaxBytes != 1<<20 {
		t.Errorf("default feeds.max_bytes = %d, want 1 MB", req.MaxBytes)
	}
	req.MaxBytes = 0
	whole, err := feed.Build(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{1 << 20, 256 << 10} {
		req.MaxBytes = limit
		cut, err := feed.Build(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("limit %d: %d of %d bytes, %d of %d events, left out from %s", limit, len(cut.Body), len(whole.Body), cut.Events, whole.Events, cut.OmittedFrom.Format(time.DateOnly))
		if len(whole.Body) <= limit {
			t.Fatalf("the whole feed is only %d bytes; the test needs one over %d", len(whole.Body), limit)
		}
		if len(cut.Body) > limit {
			t.Errorf("cut feed is %d bytes, over %d", len(cut.Body), limit)
		}
		if len(cut.Body) < limit*9/10 {
			t.Errorf("cut feed is %d bytes: more was left out than %d needs", len(cut.Body), limit)
		}
		if cut.Omitted == 0 || cut.Events+cut.Omitted != whole.Events {
			t.Errorf("kept %d + omitted %d, want %d events in all", cut.Events, cut.Omitted, whole.Events)
		}
		first := func(b []byte) int { return bytes.Index(b, []byte("BEGIN:VEVENT")) }
		kept := cut.Body[first(cut.Body) : len(cut.Body)-len("END:VCALENDAR\r\n")]
		if !bytes.HasPrefix(whole.Body[first(whole.Body):], kept) {
			t.Error("the kept events are not the first events of the whole feed, byte for byte")
		}
		desc := strings.ReplaceAll(string(cut.Body), "\r\n ", "")
		if !strings.Contains(desc, "händelser från "+cut.OmittedFrom.Format(time.DateOnly)+" och framåt är utelämnade") {
			t.Error("X-WR-CALDESC does not say what was left out")
		}
	}
	req.MaxBytes = 256 << 10
	cut, _ := feed.Build(req)
	req.MaxBytes = 0
	from, to := icalcheck.Window(&ex.Config.Programme)
	icalcheck.Subset(t, cut.Body, from, to, icalcheck.Expected(req))
}
