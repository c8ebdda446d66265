package remind_test

import (
	"context"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/schedule"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestFooterFitsItsReader guards the mail's last line: the communicator
// (who edits the unit's wheel) is not told to turn to their communicator,
// and an owner who edits nothing is given the unit's contacts.
func TestFooterFitsItsReader(t *testing.T) {
	now := at("2026-09-28T07:00") // a Monday both are mailed
	ex := testenv.LoadExample(t, now)
	key, _ := ex.Store.LinkKey(context.Background())
	rem, _ := schedule.Parse("reminders", ex.Config.Schedule.Reminders, stockholm)
	toks, _ := ex.Store.Tokens(context.Background())
	in := remind.Inputs{Config: ex.Config, Snapshot: ex.Snapshot(t), Tokens: toks, LinkKey: key, Reminders: rem}
	planned, err := remind.Plan(context.Background(), ex.Store, in, remind.Pass{Upcoming: true, OverdueRun: ptr(wheelDate(at("2026-09-28T00:00")))}, now)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"kommunikation@example.se":       "Är något fel kan du rätta det själv i årshjulet.",
		"intern.kommunikator@example.se": "Är något fel, hör av dig till kommunikation@example.se.",
	}
	for _, pl := range planned {
		w, ok := want[pl.Digest.To]
		if !ok {
			continue
		}
		delete(want, pl.Digest.To)
		body, err := mail.Compose(ex.Config.Mail.From, &pl.Digest)
		if err != nil {
			t.Fatal(err)
		}
		text, html := testenv.Text(t, body), testenv.HTML(t, body)
		if !strings.Contains(text, w) || !strings.Contains(html, w) {
			t.Errorf("mail to %s: want the footer %q in both bodies:\n%s", pl.Digest.To, w, text[max(0, len(text)-300):])
		}
		if pl.Digest.To == "kommunikation@example.se" && strings.Contains(text, "kommunikatör") {
			t.Error("the communicator is told to turn to their communicator")
		}
	}
	for to := range want {
		t.Errorf("no mail to %s on 2026-09-28", to)
	}
}
