package schedule

import (
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

func mustLoc(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestSendRunWeekdays(t *testing.T) {
	loc := mustLoc(t)
	s, err := Parse("reminders", "0 7 * * 1-5", loc)
	if err != nil {
		t.Fatal(err)
	}
	far := time.Date(2030, 1, 1, 0, 0, 0, 0, loc)
	cases := []struct {
		day  string
		want string
	}{
		{"2026-10-05", "2026-10-05T07:00:00+02:00"}, // Monday: that day's run
		{"2026-10-04", "2026-10-02T07:00:00+02:00"}, // Sunday: Friday before
		{"2026-10-03", "2026-10-02T07:00:00+02:00"}, // Saturday
		{"2026-03-29", "2026-03-27T07:00:00+01:00"}, // DST starts on a Sunday
		{"2026-10-26", "2026-10-26T07:00:00+01:00"}, // the Monday after DST ends
		{"2028-02-29", "2028-02-29T07:00:00+01:00"}, // leap day, a Tuesday
	}
	for _, c := range cases {
		d, _ := wheel.ParseDate(c.day)
		got, ok := s.SendRun(d, far)
		if !ok || got.Format(time.RFC3339) != c.want {
			t.Errorf("SendRun(%s) = %s, %v; want %s", c.day, got.Format(time.RFC3339), ok, c.want)
		}
	}
	// An all-day occurrence starts at midnight, before the 07:00 run of its
	// own day: a reminder due that day goes with the run before.
	d, _ := wheel.ParseDate("2026-10-06")
	got, _ := s.SendRun(d, d.In(loc))
	if want := "2026-10-05T07:00:00+02:00"; got.Format(time.RFC3339) != want {
		t.Errorf("same-day all-day: %s, want %s", got.Format(time.RFC3339), want)
	}
}

func TestPrevAndNextAcrossDST(t *testing.T) {
	loc := mustLoc(t)
	s, _ := Parse("overdue", "0 8 * * 1", loc)
	at := time.Date(2026, 3, 29, 12, 0, 0, 0, loc) // Sunday, DST day
	p, ok := s.Prev(at)
	if !ok || p.Format(time.RFC3339) != "2026-03-23T08:00:00+01:00" {
		t.Errorf("Prev = %s", p)
	}
	if n := s.Next(at); n.Format(time.RFC3339) != "2026-03-30T08:00:00+02:00" {
		t.Errorf("Next = %s", n)
	}
	y, _ := Parse("yearly", "0 7 1 1 *", loc)
	if p, ok := y.Prev(time.Date(2027, 12, 31, 0, 0, 0, 0, loc)); !ok || p.Year() != 2027 || p.Month() != 1 {
		t.Errorf("yearly Prev = %s %v", p, ok)
	}
	if g := s.MaxGap(at); g != 169*time.Hour { // the week in which DST ends is an hour longer
		t.Errorf("weekly MaxGap = %s", g)
	}
}

func TestParseRejects(t *testing.T) {
	if _, err := Parse("x", "0 7 * *", time.UTC); err == nil {
		t.Error("four fields accepted")
	}
}
