package remind_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/schedule"
	"github.com/avesta-kommun/arshjul/internal/testenv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// TestDigestMessages plans a real run over the example and checks every
// message it composes: headers, both bodies, and each .ics attachment read
// by ical.js and libical, with the UID the unit's feed has.
func TestDigestMessages(t *testing.T) {
	now := at("2026-09-21T07:00")
	ex := testenv.LoadExample(t, now)
	snap := ex.Snapshot(t)
	key, _ := ex.Store.LinkKey(context.Background())
	rem, _ := schedule.Parse("reminders", ex.Config.Schedule.Reminders, stockholm)
	toks, _ := ex.Store.Tokens(context.Background())
	in := remind.Inputs{Config: ex.Config, Snapshot: snap, Tokens: toks, LinkKey: key, Reminders: rem}
	day := at("2026-09-21T00:00")
	planned, err := remind.Plan(context.Background(), ex.Store, in, remind.Pass{Upcoming: true, OverdueRun: ptr(wheelDate(day))}, now)
	if err != nil || len(planned) == 0 {
		t.Fatalf("plan: %d, %v", len(planned), err)
	}
	feeds := map[string]string{}
	attachments := 0
	for _, pl := range planned {
		body, err := mail.Compose(ex.Config.Mail.From, &pl.Digest)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := mail.Compose(ex.Config.Mail.From, &pl.Digest)
		if mid := regexp.MustCompile(`Message-ID: (<.+>)`); mid.FindString(string(body)) != mid.FindString(string(again)) {
			t.Error("Message-ID not stable")
		}
		for _, h := range []string{"Auto-Submitted: auto-generated", "X-Auto-Response-Suppress: All", "To: <" + pl.Digest.To + ">"} {
			if !bytes.Contains(body, []byte(h)) {
				t.Errorf("message to %s lacks %q", pl.Digest.To, h)
			}
		}
		var text, html bool
		var icsParts []testenv.Part
		for _, p := range testenv.Parts(t, body) {
			switch p.ContentType {
			case "text/plain":
				text = true
			case "text/html":
				html = bytes.Contains(p.Body, []byte(`lang="sv"`))
			case "text/calendar":
				icsParts = append(icsParts, p)
			}
		}
		if !text || !html {
			t.Errorf("message to %s: text %v, html %v", pl.Digest.To, text, html)
		}
		if len(icsParts) != pl.Digest.CalendarFiles() {
			t.Errorf("message to %s: %d attachments for %d activities", pl.Digest.To, len(icsParts), len(pl.Digest.Upcoming))
		}
		for i, p := range icsParts {
			a := pl.Digest.Upcoming[i]
			if p.Params["method"] != "PUBLISH" || !bytes.Contains(p.Body, []byte("\r\nMETHOD:PUBLISH\r\n")) || !strings.HasSuffix(p.Filename, ".ics") {
				t.Errorf("%s: attachment %q not a METHOD:PUBLISH .ics (%v)", a.ID, p.Filename, p.Params)
			}
			unit, item, _ := strings.Cut(a.ID, "/")
			item = item[:strings.LastIndexByte(item, '/')]
			uid := regexp.MustCompile(`(?m)^UID:(.+)\r$`).FindSubmatch(p.Body)
			if feeds[unit] == "" {
				req, _ := feed.NewRequest(ex.Config, snap, unit, feed.Filter{}, now)
				req.PastMonths = 1200
				res, _ := feed.Build(req)
				feeds[unit] = string(res.Body)
			}
			if uid == nil || !strings.Contains(feeds[unit], "UID:"+string(uid[1])+"\r\n") {
				t.Errorf("%s: attachment UID %q is not in the %s feed", a.ID, uid, unit)
			}
			if attachments < 4 { // both parsers on a few; each run starts node and python
				var rec *snapshot.ItemRecord
				for j := range snap.Items[unit] {
					if snap.Items[unit][j].Item.ID == item {
						rec = &snap.Items[unit][j]
					}
				}
				req, _ := feed.AttachmentRequest(ex.Config, snap, unit, rec, now)
				from, to := icalcheck.Window(&ex.Config.Programme)
				icalcheck.Verify(t, p.Body, from, to, icalcheck.Expected(req))
			}
			attachments++
		}
	}
	if attachments == 0 {
		t.Fatal("no attachments checked")
	}
}

func ptr[T any](v T) *T { return &v }

func wheelDate(t time.Time) wheel.Date { return wheel.DateOf(t) }
