package feed_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/testenv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// TestTimeInTheSpringGap: a weekly meeting on Sundays
// at 02:30 meets first on 29 March 2026, the spring-forward day, when
// 02:30 does not exist. The service puts that one meeting at 03:30 (RFC
// 5545: a time in the gap is read with the offset before it) and every
// other one at 02:30; the feed must say so to the parsers too. It wrote
// one series with DTSTART 03:30, and both parsers put all the meetings an
// hour late.
func TestTimeInTheSpringGap(t *testing.T) {
	ex := testenv.LoadExample(t, programmeStart)
	sun := time.Sunday
	it := wheel.Item{ID: "natt", Source: "yaml", Title: "Nattmöte", Focus: "planering",
		Rule: &wheel.Rule{Freq: wheel.Weekly, Weekday: &sun, Time: &wheel.Clock{Hour: 2, Minute: 30}, Duration: time.Hour}}
	ex.Calendars["hr"].Items = append(ex.Calendars["hr"].Items, it)
	if _, err := ex.Store.Sync(context.Background(), &ex.Config.Programme, ex.Config.Units, ex.Calendars, programmeStart); err != nil {
		t.Fatal(err)
	}
	snap := ex.Snapshot(t)
	occs := occur.Expand(&ex.Config.Programme, "hr", &it)
	first, second := occs[0], occs[1]
	if first.Start.Format("2006-01-02 15:04") != "2026-03-29 03:30" || second.Start.Format("15:04") != "02:30" {
		t.Fatalf("the service's own meetings: %v, %v", first, second)
	}
	req, res := build(t, ex, snap, "hr", feed.Filter{}, programmeStart)
	text := strings.ReplaceAll(string(res.Body), "\r\n ", "")
	if !strings.Contains(text, "SUMMARY:Nattmöte") {
		t.Fatal("the meeting is not in the feed")
	}
	// Written one event per meeting, each at the service's time: as a
	// series, DTSTART 03:30 made every meeting 03:30, and a DTSTART of
	// 02:30 in the gap is read as 00:30 UTC by ical.js and 01:30 by libical.
	if strings.Contains(text, "UID:hr/natt@") {
		t.Error("the meeting is written as one series")
	}
	if !strings.Contains(text, "UID:hr/natt/2026-03-29@") || !strings.Contains(text, "DTSTART;TZID=Europe/Stockholm:20260329T033000") ||
		!strings.Contains(text, "DTSTART;TZID=Europe/Stockholm:20260405T023000") {
		t.Error("want the meeting of 29 March at 03:30 and of 5 April at 02:30")
	}
	from, to := icalcheck.Window(&ex.Config.Programme)
	icalcheck.Verify(t, res.Body, from, to, icalcheck.Expected(req))
}
