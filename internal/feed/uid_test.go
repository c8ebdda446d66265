package feed_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

var uidRe = regexp.MustCompile(`(?m)^UID:(.*)\r$`)

func uidsOf(body []byte) map[string]bool {
	out := map[string]bool{}
	for _, m := range uidRe.FindAllStringSubmatch(strings.ReplaceAll(string(body), "\r\n ", ""), -1) {
		out[m[1]] = true
	}
	return out
}

// TestUIDsSurviveAMove: a one-off activity moved a
// week keeps its UID, with a higher SEQUENCE, so the subscriber's
// calendar moves it (it was a delete and an add: the date was in the
// UID); an event imported from Outlook keeps the UID it had there, with
// its date after it where the import recurs.
func TestUIDsSurviveAMove(t *testing.T) {
	ex := testenv.LoadExample(t, programmeStart)
	cal := ex.Calendars["hr"]
	i := -1
	for j, it := range cal.Items {
		if it.Rule == nil && len(it.Spans) == 1 {
			i = j
			break
		}
	}
	if i < 0 {
		t.Fatal("HR has no one-off item")
	}
	id := "hr/" + cal.Items[i].ID + "@avesta-kommunkoncern.arshjul"
	_, before := build(t, ex, ex.Snapshot(t), "hr", feed.Filter{}, programmeStart)
	if !uidsOf(before.Body)[id] {
		t.Fatalf("no UID %s in the feed", id)
	}
	s := &cal.Items[i].Spans[0]
	s.From, s.To = s.From.AddDays(7), s.To.AddDays(7)
	if !s.Start.IsZero() {
		s.Start, s.End = s.Start.AddDate(0, 0, 7), s.End.AddDate(0, 0, 7)
	}
	if _, err := ex.Store.Sync(context.Background(), &ex.Config.Programme, ex.Config.Units, ex.Calendars, programmeStart.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, after := build(t, ex, ex.Snapshot(t), "hr", feed.Filter{}, programmeStart.Add(time.Hour))
	if !uidsOf(after.Body)[id] {
		t.Errorf("moved a week, the activity lost its UID %s", id)
	}
	text := strings.ReplaceAll(string(after.Body), "\r\n ", "")
	if i := strings.Index(text, "UID:"+id); i < 0 || !strings.Contains(text[strings.LastIndex(text[:i], "BEGIN:VEVENT"):i], "SEQUENCE:7\r\n") { // 2 × (the item's 1 + wording 2) + 1: the whole text
		t.Error("the moved activity's SEQUENCE did not rise")
	}

	_, kl := build(t, ex, ex.Snapshot(t), "kommunledning", feed.Filter{}, programmeStart)
	outlook := "040000008200E00074C5B7101A82E00800000000D0A1C2F3E4B5DC01000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90"
	uids := uidsOf(kl.Body)
	if !uids[outlook+"/2026-04-27"] || !uids[outlook+"/2026-11-30"] {
		t.Errorf("the imported council meetings lost Outlook's UID: %v", uids)
	}
}
