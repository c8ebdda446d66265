package feed_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// eventOf is the unfolded VEVENT with uid in an encoded feed ("" if none).
func eventOf(body []byte, uid string) string {
	text := strings.ReplaceAll(string(body), "\r\n ", "")
	i := strings.Index(text, "\r\nUID:"+uid+"\r\n")
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(text[:i], "BEGIN:VEVENT")
	end := strings.Index(text[i:], "END:VEVENT")
	return text[start : i+end]
}

func prop(ev, name string) string {
	m := regexp.MustCompile(`(?m)^` + name + `(?:;[^:\r]*)?:([^\r]*)\r$`).FindStringSubmatch(ev)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestWholeProgramme: a feed made in April 2026 holds
// what the wheel holds to the programme's end, the leap day 2028 and the
// staff survey of October 2028 among it; a check of the config warns that
// future_months no longer does anything.
func TestWholeProgramme(t *testing.T) {
	ex := testenv.LoadExample(t, programmeStart)
	snap := ex.Snapshot(t)
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, stockholm)
	for scope, uids := range map[string][]string{
		"kommunikation": {"kommunikation/skottdag/2028-02-29@avesta-kommunkoncern.arshjul"},
		"hr":            {"hr/medarbetarenkat/2027-10-11@avesta-kommunkoncern.arshjul", "hr/medarbetarenkat/2028-10-09@avesta-kommunkoncern.arshjul"},
	} {
		req, res := build(t, ex, snap, scope, feed.Filter{FollowUps: true}, now)
		for _, uid := range uids {
			if eventOf(res.Body, uid) == "" {
				t.Errorf("%s.ics of 2026-04-01 lacks %s", scope, uid)
			}
		}
		from, to := icalcheck.Window(&ex.Config.Programme)
		icalcheck.Verify(t, res.Body, from, to, icalcheck.Expected(req))
	}
	for _, scope := range []string{feed.ScopeAll, feed.ScopePublic, "kommunikation", "hr", "ekonomi", "kommunledning", "vatten-avfall"} {
		_, res := build(t, ex, snap, scope, feed.Filter{FollowUps: true}, now)
		t.Logf("%s.ics on 2026-04-01, to the programme's end: %d bytes, %d events", scope, len(res.Body), res.Events)
	}
}

// TestLaterOccurrencesAreLean: of an item written one
// event per occurrence, the first in the feed carries the whole text and
// the others say who and where the rest is. When the first leaves the
// window, the next takes the whole text, and its SEQUENCE and
// LAST-MODIFIED rise on that day and on no other event.
func TestLaterOccurrencesAreLean(t *testing.T) {
	ex := testenv.LoadExample(t, programmeStart)
	snap := ex.Snapshot(t)
	uid := func(day string) string { return "hr/medarbetarenkat/" + day + "@avesta-kommunkoncern.arshjul" }
	const description = "Koncernens medarbetarenkät är öppen hela veckan."
	_, res := build(t, ex, snap, "hr", feed.Filter{}, time.Date(2026, 9, 1, 12, 0, 0, 0, stockholm))
	first, later := eventOf(res.Body, uid("2026-10-05")), eventOf(res.Body, uid("2027-10-11"))
	if !strings.Contains(first, description) || !strings.Contains(first, "Målgrupper: Medarbetare") || prop(first, "SEQUENCE") != "5" {
		t.Errorf("the first occurrence lacks the whole text or SEQUENCE 5:\n%s", first)
	}
	if strings.Contains(later, description) || !strings.Contains(later, "Mer vid första tillfället i kalendern.") ||
		!strings.Contains(later, "Ansvarig: hr@example.se") || prop(later, "SEQUENCE") != "4" {
		t.Errorf("a later occurrence is not the short form with SEQUENCE 4:\n%s", later)
	}
	if a, b := len(prop(later, "DESCRIPTION")), len(prop(first, "DESCRIPTION")); a*2 > b {
		t.Errorf("a later occurrence's DESCRIPTION is %d bytes, the first's %d: not lean", a, b)
	}

	// The 2026 survey ends on Friday 2026-10-09 and leaves the window
	// (past_months 3) in January 2027.
	var prev []byte
	moved := ""
	for d := time.Date(2027, 1, 5, 12, 0, 0, 0, stockholm); d.Before(time.Date(2027, 1, 20, 0, 0, 0, 0, stockholm)); d = d.AddDate(0, 0, 1) {
		_, res := build(t, ex, snap, "hr", feed.Filter{}, d)
		gone := eventOf(res.Body, uid("2026-10-05")) == ""
		if gone && moved == "" {
			moved = d.Format(time.DateOnly)
			ev, before := eventOf(res.Body, uid("2027-10-11")), eventOf(prev, uid("2027-10-11"))
			if !strings.Contains(ev, description) || prop(ev, "SEQUENCE") != "5" || prop(before, "SEQUENCE") != "4" {
				t.Errorf("%s: the 2027 survey did not take the whole text with SEQUENCE 4 → 5:\n%s", moved, ev)
			}
			wantLM := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, stockholm).UTC().Format("20060102T150405Z")
			if lm := prop(ev, "LAST-MODIFIED"); lm != wantLM || prop(ev, "DTSTAMP") != wantLM {
				t.Errorf("%s: LAST-MODIFIED %s, want the day it changed, %s", moved, lm, wantLM)
			}
			if a, b := eventOf(res.Body, uid("2028-10-09")), eventOf(prev, uid("2028-10-09")); a != b || a == "" {
				t.Errorf("the 2028 survey changed too:\n%s\n%s", b, a)
			}
		}
		if !gone && strings.Contains(eventOf(res.Body, uid("2027-10-11")), description) {
			t.Errorf("%s: two occurrences carry the whole text", d.Format(time.DateOnly))
		}
		prev = res.Body
	}
	if moved == "" {
		t.Fatal("the 2026 survey never left the window")
	}
	t.Logf("the 2026 survey left the feed on %s", moved)
}

// TestFeedSizesOverTheProgramme: a busy unit of 300
// items fits whole in feeds.max_bytes on every day of the programme; one
// of 1,000 items (more than any real wheel) is cut, the farthest
// occurrences first, until enough of it has passed. The sizes are the
// README's.
func TestFeedSizesOverTheProgramme(t *testing.T) {
	for _, n := range []int{300, 1000} {
		ex := testenv.LoadLarge(t, 1, n, programmeStart)
		snap := ex.Snapshot(t)
		largest, on, cutUntil := 0, "", ""
		for d := ex.Config.Programme.Starts; !d.After(ex.Config.Programme.ValidUntil); d = d.AddDays(28) {
			req, res := build(t, ex, snap, "u00", feed.Filter{FollowUps: true}, d.In(stockholm).Add(12*time.Hour))
			if res.Omitted > 0 {
				cutUntil = d.String()
				if n == 300 {
					t.Errorf("%s: %d events of a 300-item unit left out; a real unit must fit whole", d, res.Omitted)
				}
			}
			if d == ex.Config.Programme.Starts {
				req.MaxBytes = 0
				whole, _ := feed.Build(req)
				t.Logf("%d items, whole programme from %s: %d bytes, %d events (%d kept in %d bytes)", n, d, len(whole.Body), whole.Events, res.Events, len(res.Body))
			}
			if len(res.Body) > largest {
				largest, on = len(res.Body), d.String()
			}
		}
		t.Logf("%d items: largest feed %d bytes on %s; cut until %q", n, largest, on, cutUntil)
		if largest > 1<<20 {
			t.Errorf("%d items: feed of %d bytes on %s, over feeds.max_bytes", n, largest, on)
		}
		if n == 1000 && cutUntil == "" {
			t.Error("the 1,000-item unit was never cut: the test no longer shows the byte budget at work")
		}
		req, res := build(t, ex, snap, "u00", feed.Filter{FollowUps: true}, time.Date(2027, 6, 15, 12, 0, 0, 0, stockholm))
		from, to := icalcheck.Window(&ex.Config.Programme)
		if res.Omitted > 0 {
			icalcheck.Subset(t, res.Body, from, to, icalcheck.Expected(req))
		} else {
			icalcheck.Verify(t, res.Body, from, to, icalcheck.Expected(req))
		}
	}
}
