package feed_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/testenv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

func seqOf(ev string) int {
	n, _ := strconv.Atoi(prop(ev, "SEQUENCE"))
	return n
}

// events splits a feed into its unfolded VEVENTs.
func events(body []byte) []string {
	text := strings.ReplaceAll(string(body), "\r\n ", "")
	var out []string
	for _, part := range strings.Split(text, "BEGIN:VEVENT\r\n")[1:] {
		out = append(out, part[:strings.Index(part, "END:VEVENT")])
	}
	return out
}

// TestEventsLeadToTheirItem guards the way from a calendar to the item:
// every event of a unit's feed and of the public feed has URL: to the
// item's token-free page and DESCRIPTION ending with that address (what
// Outlook shows), never a token; an owner the config's people: names is
// shown by name.
func TestEventsLeadToTheirItem(t *testing.T) {
	ex := testenv.LoadExample(t, programmeStart)
	ex.Config.People["hr@example.se"] = "Hanna Holm"
	snap := ex.Snapshot(t)
	now := time.Date(2027, 3, 15, 10, 0, 0, 0, stockholm)
	urlRe := regexp.MustCompile(`(?m)^URL:(http://localhost:8080/wheel/([a-z-]+)/item/[^\s/]+)\r$`)
	for _, scope := range []string{"hr", "kommunikation", "public"} {
		_, res := build(t, ex, snap, scope, feed.Filter{FollowUps: true}, now)
		evs := events(res.Body)
		if len(evs) == 0 {
			t.Fatalf("%s: no events", scope)
		}
		for _, ev := range evs {
			m := urlRe.FindStringSubmatch(ev)
			if m == nil {
				t.Errorf("%s: an event without URL: to its item's page:\n%s", scope, ev)
				continue
			}
			desc := prop(ev, "DESCRIPTION")
			if !strings.HasSuffix(desc, "I årshjulet: "+m[1]) {
				t.Errorf("%s: DESCRIPTION does not end with the item's address %s:\n%s", scope, m[1], desc)
			}
		}
		if scope == "hr" && !strings.Contains(strings.ReplaceAll(string(res.Body), "\r\n ", ""), "Ansvarig: Hanna Holm (hr@example.se)") {
			t.Error("hr: the owner people: names is not shown by name")
		}
	}
}

// TestSeriesFollowUpsAreOneEvent guards against a calendar buried in
// overdue follow-ups: an item's several follow-ups are one event, the
// oldest still open, saying how many are overdue; marking some done and
// one "ej aktuell" moves it on to the next open one with a higher
// SEQUENCE; the parsers read exactly that.
func TestSeriesFollowUpsAreOneEvent(t *testing.T) {
	ex := testenv.LoadExample(t, programmeStart)
	now := time.Date(2027, 3, 15, 10, 0, 0, 0, stockholm)
	uid := "UID:uppfoljning/kommunikation/nyhetsbrev@avesta-kommunkoncern.arshjul"
	letters := func(body []byte) []string {
		var out []string
		for _, ev := range events(body) {
			if strings.Contains(ev, "CATEGORIES:Uppföljning") && strings.Contains(ev, "Nyhetsbrev") {
				out = append(out, ev)
			}
		}
		return out
	}
	snap := ex.Snapshot(t)
	var open []snapshot.FollowUpRecord
	for _, fu := range snap.FollowUps["kommunikation"] {
		if fu.ItemID == "nyhetsbrev" && fu.State(wheel.DateOf(now)) == snapshot.Overdue {
			open = append(open, fu)
		}
	}
	if len(open) < 6 {
		t.Fatalf("want at least six overdue letters by %s, have %d", now.Format(time.DateOnly), len(open))
	}
	_, before := build(t, ex, snap, "kommunikation", feed.Filter{FollowUps: true}, now)
	evs := letters(before.Body)
	if len(evs) != 1 || !strings.Contains(evs[0], uid) {
		t.Fatalf("want one follow-up event for the letters, have %d:\n%s", len(evs), strings.Join(evs, "\n"))
	}
	want := "SUMMARY:FÖRSENAD uppföljning (" + strconv.Itoa(len(open)) + " väntar): Nyhetsbrev till medarbetare (skulle vara klar " + open[0].Due.String() + ")"
	if !strings.Contains(evs[0], want) {
		t.Errorf("want %q in\n%s", want, evs[0])
	}

	ctx := context.Background()
	for _, fu := range open[:3] {
		if err := ex.Store.MarkFollowUpDone(ctx, fu.ID, "Öppningsgrad 61 %", now); err != nil {
			t.Fatal(err)
		}
	}
	if err := ex.Store.SkipFollowUp(ctx, open[3].ID, "Inget brev i juli", "", "", now); err != nil {
		t.Fatal(err)
	}
	req, after := build(t, ex, ex.Snapshot(t), "kommunikation", feed.Filter{FollowUps: true}, now)
	evs = letters(after.Body)
	want = "SUMMARY:FÖRSENAD uppföljning (" + strconv.Itoa(len(open)-4) + " väntar): Nyhetsbrev till medarbetare (skulle vara klar " + open[4].Due.String() + ")"
	if len(evs) != 1 || !strings.Contains(evs[0], want) || !strings.Contains(evs[0], uid) {
		t.Fatalf("after four closed, want one event %q:\n%s", want, strings.Join(evs, "\n"))
	}
	if a, b := seqOf(evs[0]), seqOf(letters(before.Body)[0]); a <= b {
		t.Errorf("SEQUENCE %d → %d: did not rise as the event moved on", b, a)
	}
	from, to := icalcheck.Window(&ex.Config.Programme)
	icalcheck.Verify(t, after.Body, from, to, icalcheck.Expected(req))
}

// TestPersonalFeed guards the personal feed: the items a person owns and
// the follow-ups that are theirs, across units, nothing of anyone else's,
// read alike by the three parsers.
func TestPersonalFeed(t *testing.T) {
	ex := testenv.LoadExample(t, programmeStart)
	now := time.Date(2027, 3, 15, 10, 0, 0, 0, stockholm)
	const who = "Intern.Kommunikator@example.se" // as someone might type it
	req, res := build(t, ex, ex.Snapshot(t), feed.Personal(who), feed.Filter{FollowUps: true}, now)
	evs := events(res.Body)
	if len(evs) == 0 {
		t.Fatal("the personal feed is empty")
	}
	for _, ev := range evs {
		if !strings.Contains(ev, "intern.kommunikator@example.se") {
			t.Errorf("an event of someone else's in the personal feed:\n%s", ev)
		}
	}
	if !strings.Contains(string(res.Body), "Nyhetsbrev") {
		t.Error("the person's own letter is missing")
	}
	from, to := icalcheck.Window(&ex.Config.Programme)
	icalcheck.Verify(t, res.Body, from, to, icalcheck.Expected(req))
}
