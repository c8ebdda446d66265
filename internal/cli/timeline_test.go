package cli_test

import (
	"fmt"
	"net/mail"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/holidays"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/schedule"
	"github.com/avesta-kommun/arshjul/internal/testenv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// entry is one reminder as a recipient sees it: in which run's mail, about
// what, of which kind.
type entry struct {
	Kind, ID, To string
	Run          string // the run's local time, 2006-01-02T15:04
}

// TestTimeline runs `arshjul remind --now T` for every scheduled run of the
// example config from the day the programme was adopted to three months
// after it expires, against a real SMTP server, and checks every message
// that arrives against reminders worked out here independently: weekday
// runs at 07:00, Monday overdue runs at 08:00, lead times counted back from
// each occurrence, days nobody works (weekends, röda dagar, julafton,
// nyårsafton, midsommarafton) moved back to the working day before, a
// series reminded only by the leads shorter than its gap, the
// overdue run of a Monday holiday made on the next working day, no mail
// on a day nobody works, nothing after the start
// or after 2028-12-31.
func TestTimeline(t *testing.T) {
	if testing.Short() {
		t.Skip("three years of runs")
	}
	dir := testenv.CopyExample(t)
	srv := testenv.StartSMTP(t)
	cfgPath := testenv.UseSMTP(t, dir, srv)
	ex := testenv.LoadDir(t, dir, time.Date(2026, 3, 23, 0, 0, 0, 0, time.UTC))
	cfg := ex.Config
	loc := cfg.Programme.Location
	first := time.Date(2026, 3, 23, 7, 0, 0, 0, loc)
	last := time.Date(2029, 3, 31, 23, 0, 0, 0, loc)

	// The follow-up marked done half-way: the first overdue one of HR.
	doneID, doneAt := "", time.Date(2027, 6, 2, 12, 0, 0, 0, loc)
	snap := ex.Snapshot(t)
	for _, f := range snap.FollowUps["hr"] {
		if f.Due.In(loc).Before(doneAt.AddDate(0, 0, -30)) && f.Due.In(loc).After(time.Date(2027, 1, 1, 0, 0, 0, 0, loc)) {
			doneID = f.ID
			break
		}
	}
	if doneID == "" {
		t.Fatal("no HR follow-up to mark done")
	}

	runs := timelineRuns(t, cfg.Schedule.Reminders, cfg.Schedule.Overdue, loc, first, last)
	marked := false
	for _, at := range runs {
		if !marked && at.After(doneAt) {
			code, out, stderr := run(t, "--config", cfgPath, "--now", doneAt.Format(time.RFC3339), "followup", "done", doneID, "--note", "Svarsfrekvens 78 %, upp från 71 %")
			if code != 0 {
				t.Fatalf("followup done: %d %s %s", code, out, stderr)
			}
			marked = true
		}
		code, out, stderr := run(t, "--config", cfgPath, "--now", at.Format(time.RFC3339), "remind")
		if code != 0 {
			t.Fatalf("remind --now %s: exit %d\n%s\n%s", at.Format(time.RFC3339), code, out, stderr)
		}
	}

	got := map[entry]int{}
	var endNotices []string
	for _, m := range srv.Received() {
		date, err := mail.ParseDate(m.Header.Get("Date"))
		if err != nil {
			t.Fatalf("Date: %v", err)
		}
		if !date.Before(cfg.Programme.Ends()) {
			t.Errorf("mail after the programme ended: %s to %s", date, m.To)
		}
		if m.Header.Get("Auto-Submitted") != "auto-generated" {
			t.Errorf("message to %s lacks Auto-Submitted", m.To)
		}
		runAt := date.In(loc).Format("2006-01-02T15:04")
		if !workday(wheel.DateOf(date.In(loc))) {
			t.Errorf("mail on a day nobody works: %s to %s", runAt, m.To)
		}
		for section, ids := range testenv.IDs(t, m.Data) {
			kind := map[string]string{"KOMMANDE AKTIVITETER": "upcoming", "FÖRSENADE UPPFÖLJNINGAR": "overdue",
				"FÖRSENADE UPPFÖLJNINGAR I DIN VERKSAMHET": "escalation"}[section]
			if kind == "" {
				t.Fatalf("ids under unknown section %q", section)
			}
			for _, id := range ids {
				got[entry{kind, id, m.To, runAt}]++
			}
		}
		if strings.Contains(testenv.Text(t, m.Data), "PROGRAMMET BEHÖVER REVIDERAS") {
			endNotices = append(endNotices, m.To+" "+runAt)
		}
	}
	want := expectedTimeline(t, ex, snap, runs, first, doneID, doneAt)
	var missing, extra, twice []string
	for e := range want {
		if got[e] == 0 {
			missing = append(missing, fmt.Sprint(e))
		}
	}
	for e, n := range got {
		if !want[e] {
			extra = append(extra, fmt.Sprint(e))
		}
		if n > 1 {
			twice = append(twice, fmt.Sprint(e))
		}
	}
	for name, list := range map[string][]string{"missing": missing, "unexpected": extra, "more than once": twice} {
		sort.Strings(list)
		if len(list) > 0 {
			t.Errorf("%d reminders %s, e.g.:\n%s", len(list), name, strings.Join(list[:min(10, len(list))], "\n"))
		}
	}
	if len(endNotices) != 1 || endNotices[0] != "kommunikationschef@example.se 2028-10-02T07:00" {
		t.Errorf("end notices: %v; want one to the admin on 2028-10-02 (90 days before 2028-12-31)", endNotices)
	}
	// The DST Sundays: the items on them (sommartid with 2d, vintertid with
	// 2d and 0d, which fall on the same run) reach their owner once, on the
	// last working day before.
	for _, day := range []string{"2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31", "2028-03-26", "2028-10-29"} {
		n := 0
		for e, c := range got {
			dst := strings.HasPrefix(e.ID, "kommunikation/sommartid/") || strings.HasPrefix(e.ID, "kommunikation/vintertid/")
			if e.Kind == "upcoming" && dst && e.To == "webbredaktor@example.se" && strings.HasSuffix(e.ID, "/"+day) {
				n += c
				before := mustDate(t, day).AddDays(-1)
				for !workday(before) { // Friday, or Thursday when it is långfredagen (2027)
					before = before.AddDays(-1)
				}
				if fri := before.String() + "T07:00"; e.Run != fri {
					t.Errorf("%s reminded at %s, want %s", e.ID, e.Run, fri)
				}
			}
		}
		if n != 1 {
			t.Errorf("DST day %s: %d reminders to the owner, want exactly 1", day, n)
		}
	}
	escalations := 0
	for e := range got {
		if e.Kind == "escalation" {
			escalations++
		}
		if e.ID == doneID && e.Run > doneAt.Format("2006-01-02T15:04") {
			t.Errorf("reminded of %s after it was marked done: %v", doneID, e)
		}
	}
	if escalations == 0 {
		t.Error("no escalation to a manager in three years")
	}
	t.Logf("%d runs, %d messages, %d reminders (%d escalations)", len(runs), len(srv.Received()), len(got), escalations)
}

func timelineRuns(t *testing.T, remExpr, ovdExpr string, loc *time.Location, from, to time.Time) []time.Time {
	rem, err := schedule.Parse("reminders", remExpr, loc)
	if err != nil {
		t.Fatal(err)
	}
	ovd, _ := schedule.Parse("overdue", ovdExpr, loc)
	// The daemon's runs on the Swedish working calendar (the example's
	// default): the oracle below has its own rule for which days those are.
	rem, ovd = rem.OnWorkingDays(holidays.Working), ovd.OnWorkingDays(holidays.Working)
	seen := map[time.Time]bool{}
	for _, s := range []*schedule.Schedule{rem, ovd} {
		for r := s.Next(from.Add(-time.Second)); !r.After(to); r = s.Next(r) {
			seen[r] = true
		}
	}
	var out []time.Time
	for r := range seen {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// workday is the oracle's own Swedish working calendar: not a weekend,
// not a public holiday of the act, not julafton, nyårsafton or
// midsommarafton (the Friday of 19–25 June).
func workday(d wheel.Date) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	if (d.Month == time.December && (d.Day == 24 || d.Day == 31)) || (d.Month == time.June && d.Day >= 19 && d.Day <= 25 && d.Weekday() == time.Friday) {
		return false
	}
	for _, h := range holidays.Sweden(d.Year) {
		if h.Date == d {
			return false
		}
	}
	return true
}

// weekdayRun is the oracle's own rule for the example's weekday 07:00
// schedule: a reminder due on day goes with that day's 07:00 run, or the
// last working day's 07:00 before the day (or before start, if sooner).
func weekdayRun(day wheel.Date, start time.Time, loc *time.Location) (time.Time, bool) {
	at7 := time.Date(day.Year, day.Month, day.Day, 7, 0, 0, 0, loc)
	if workday(day) && at7.Before(start) {
		return at7, true
	}
	for d := day.AddDays(-1); d.Year > 2000; d = d.AddDays(-1) {
		r := time.Date(d.Year, d.Month, d.Day, 7, 0, 0, 0, loc)
		if workday(d) && r.Before(start) {
			return r, true
		}
	}
	return time.Time{}, false
}

// overdueRun is the oracle's rule for the Monday 08:00 overdue run: on
// Monday, or on the first working day after a Monday that is not one.
func overdueRun(r time.Time) bool {
	d := wheel.DateOf(r)
	if r.Hour() != 8 || r.Minute() != 0 || !workday(d) {
		return false
	}
	for back := d; ; back = back.AddDays(-1) {
		if back.Weekday() == time.Monday {
			return true
		}
		if back != d && workday(back) {
			return false
		}
	}
}

func expectedTimeline(t *testing.T, ex *testenv.Example, snap interface{}, runs []time.Time, first time.Time, doneID string, doneAt time.Time) map[entry]bool {
	cfg := ex.Config
	loc := cfg.Programme.Location
	want := map[entry]bool{}
	for _, u := range cfg.Units {
		for _, it := range ex.Calendars[u.ID].Items {
			leads := cfg.Reminders.Before
			if len(u.Reminders) > 0 {
				leads = u.Reminders
			}
			if len(it.Remind) > 0 {
				leads = it.Remind
			}
			if it.NoRemind || it.Status == wheel.Cancelled {
				leads = nil
			}
			if it.Rule != nil { // a series: only the leads shorter than its gap
				var short []wheel.Days
				for _, l := range leads {
					if l < it.Rule.Interval() {
						short = append(short, l)
					}
				}
				leads = short
			}
			rcpts := []string{}
			for _, r := range append([]string{it.Owner}, u.Contacts...) {
				dup := false
				for _, x := range rcpts {
					dup = dup || strings.EqualFold(x, r)
				}
				if r != "" && !dup {
					rcpts = append(rcpts, r)
				}
			}
			for _, o := range occur.Expand(&cfg.Programme, u.ID, &it) {
				for _, l := range leads {
					r, ok := weekdayRun(o.Date.AddDays(-int(l)), o.Start, loc)
					if ok && r.Before(first) {
						r = first // made up by the first run
					}
					if !ok || !r.Before(o.Start) {
						continue
					}
					for _, to := range rcpts {
						want[entry{"upcoming", o.ID, to, r.Format("2006-01-02T15:04")}] = true
					}
				}
			}
		}
	}
	s := ex.Snapshot(t)
	for _, fus := range s.FollowUps {
		for _, f := range fus {
			u := cfg.Unit(f.UnitID)
			for _, r := range runs {
				if !overdueRun(r) || !r.Before(cfg.Programme.Ends()) {
					continue
				}
				day := wheel.DateOf(r)
				if !day.After(f.Due) || (f.ID == doneID && r.After(doneAt)) {
					continue
				}
				owners := []string{f.Owner}
				if f.Owner == "" {
					owners = u.Contacts
				}
				for _, o := range owners {
					want[entry{"overdue", f.ID, o, r.Format("2006-01-02T15:04")}] = true
				}
				days := int(day.In(time.UTC).Sub(f.Due.In(time.UTC)).Hours() / 24)
				if days >= int(cfg.Reminders.EscalateAfter) && u.Manager != "" && !strings.EqualFold(u.Manager, f.Owner) {
					want[entry{"escalation", f.ID, u.Manager, r.Format("2006-01-02T15:04")}] = true
				}
			}
		}
	}
	return want
}

func mustDate(t *testing.T, s string) wheel.Date {
	d, err := wheel.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
