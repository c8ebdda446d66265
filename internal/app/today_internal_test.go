package app

import (
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// The kept day must be the day the calendar says, every minute of the
// days the clocks change (23 and 25 hours), when the clock goes back
// (a test's, or --now), and in another zone.
func TestDayCache(t *testing.T) {
	sthlm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	var c dayCache
	check := func(now time.Time, loc *time.Location) {
		t.Helper()
		if got, want := c.of(now, loc), wheel.DateOf(now.In(loc)); got != want {
			t.Fatalf("%s in %s: %s, want %s", now.Format(time.RFC3339), loc, got, want)
		}
	}
	for _, start := range []time.Time{
		time.Date(2027, 3, 27, 0, 0, 0, 0, sthlm),  // the spring forward, 2027-03-28
		time.Date(2027, 10, 30, 0, 0, 0, 0, sthlm), // the fall back, 2027-10-31
		time.Date(2028, 2, 28, 0, 0, 0, 0, sthlm),  // a leap day
		time.Date(2026, 12, 31, 0, 0, 0, 0, sthlm), // a new year
	} {
		for m := 0; m < 3*24*60; m++ {
			check(start.Add(time.Duration(m)*time.Minute), sthlm)
		}
		for m := 3 * 24 * 60; m >= 0; m -= 7 {
			check(start.Add(time.Duration(m)*time.Minute), sthlm)
		}
	}
	now := time.Date(2027, 6, 1, 23, 30, 0, 0, time.UTC) // 2 June in Stockholm
	check(now, sthlm)
	check(now, time.UTC)
	check(now.Add(-time.Second), sthlm)
}
