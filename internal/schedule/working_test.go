package schedule_test

import (
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/holidays"
	"github.com/avesta-kommun/arshjul/internal/schedule"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// TestWorkingDays: on the Swedish working calendar the
// weekday 07:00 reminder runs skip julafton, juldagen, annandag jul,
// nyårsafton, nyårsdagen and trettondedag jul; the Monday 08:00 overdue
// run on annandag påsk is made on the Tuesday; a reminder due on juldagen
// goes with the run of 23 December.
func TestWorkingDays(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Stockholm")
	rem, _ := schedule.Parse("reminders", "0 7 * * 1-5", loc)
	rem = rem.OnWorkingDays(holidays.Working)
	var got []string
	for r := rem.Next(time.Date(2026, 12, 18, 12, 0, 0, 0, loc)); r.Before(time.Date(2027, 1, 9, 0, 0, 0, 0, loc)); r = rem.Next(r) {
		got = append(got, r.Format("01-02"))
	}
	want := []string{"12-21", "12-22", "12-23", "12-28", "12-29", "12-30", "01-04", "01-05", "01-07", "01-08"}
	if len(got) != len(want) {
		t.Fatalf("runs %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("runs %v, want %v", got, want)
		}
	}
	if r, _ := rem.SendRun(wheel.Date{Year: 2026, Month: 12, Day: 25}, time.Date(2026, 12, 28, 9, 0, 0, 0, loc)); r.Format("2006-01-02 15:04") != "2026-12-23 07:00" {
		t.Errorf("a reminder due on juldagen goes %s, want 2026-12-23 07:00", r)
	}
	ovd, _ := schedule.Parse("overdue", "0 8 * * 1", loc)
	ovd = ovd.OnWorkingDays(holidays.Working)
	// Annandag påsk 2027 is 29 March.
	if r := ovd.Next(time.Date(2027, 3, 26, 0, 0, 0, 0, loc)); r.Format("2006-01-02 15:04") != "2027-03-30 08:00" {
		t.Errorf("the overdue run of annandag påsk: %s, want Tuesday 2027-03-30 08:00", r)
	}
	if r, ok := ovd.Prev(time.Date(2027, 3, 30, 9, 0, 0, 0, loc)); !ok || r.Format("2006-01-02 15:04") != "2027-03-30 08:00" {
		t.Errorf("Prev after the moved run: %s", r)
	}
	for _, c := range []struct {
		d    wheel.Date
		name string
	}{{wheel.Date{Year: 2027, Month: 6, Day: 25}, "Midsommarafton"}, {wheel.Date{Year: 2028, Month: 6, Day: 23}, "Midsommarafton"},
		{wheel.Date{Year: 2027, Month: 3, Day: 26}, "Långfredagen"}, {wheel.Date{Year: 2028, Month: 12, Day: 31}, "söndag"}} {
		if name, no := holidays.NonWorking(c.d); !no || name != c.name {
			t.Errorf("%s: %q %t, want %s", c.d, name, no, c.name)
		}
	}
}
