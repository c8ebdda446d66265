package remind_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/testenv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// TestReminderWallTimeOnDSTDays: a Sunday meeting at
// 02:30 is reminded two days before at the time the service holds it: on
// the spring-forward day 03.30 (02:30 does not exist), on other Sundays
// and on the fall-back day 02.30; the .ics in the message says the same
// to all three parsers (the item page: server.TestPagesWallTimeOnDSTDays).
func TestReminderWallTimeOnDSTDays(t *testing.T) {
	for _, c := range []struct{ run, when, start string }{
		{"2026-03-27T07:01", "söndag 29 mars 2026 kl. 03.30", "T:20260329T013000Z"},
		{"2026-04-02T07:01", "söndag 5 april 2026 kl. 02.30", "T:20260405T003000Z"}, // Friday the 3rd is Good Friday
		// 02:30 comes twice on the fall-back day; RFC 5545 means the first,
		// but Go, ical.js, libical and Python icalendar all take the
		// second (CET), so the service does too and they all agree.
		{"2026-10-23T07:01", "söndag 25 oktober 2026 kl. 02.30", "T:20261025T013000Z"},
	} {
		r := newRig(t, at(c.run))
		hr := filepath.Join(filepath.Dir(filepath.Dir(r.cfgPath)), "calendars", "hr.yaml")
		b, err := os.ReadFile(hr)
		if err != nil {
			t.Fatal(err)
		}
		meeting := "  - id: natt\n    title: Nattmöte\n    weekly: {weekday: sun, time: \"02:30\", duration: 1h}\n    owner: hr@example.se\n    focus: planering\n    remind: [2d]\n\n"
		os.WriteFile(hr, []byte(strings.Replace(string(b), "\nwheel:\n", "\nwheel:\n"+meeting, 1)), 0o644)
		d := r.start()
		d.tick(t)
		found := false
		for _, m := range r.smtp.Received() {
			txt := strings.ReplaceAll(testenv.Text(t, m.Data), "\r\n", "\n")
			i := strings.Index(txt, "* Nattmöte (")
			if i < 0 || m.To != "hr@example.se" {
				continue
			}
			found = true
			if !strings.Contains(txt[i:], "När: "+c.when+",") {
				t.Errorf("%s: the reminder says %q, want %q", c.run, strings.SplitN(txt[i:], "\n", 3)[1], c.when)
			}
			for _, p := range testenv.Parts(t, m.Data) {
				if p.ContentType != "text/calendar" || !strings.Contains(string(p.Body), "SUMMARY:Nattmöte") {
					continue
				}
				from, _ := wheel.ParseDate(c.run[:10])
				for name, got := range icalcheck.Parse(t, p.Body, from, from.AddDays(4)) {
					if len(got) != 1 || got[0].Start != c.start {
						t.Errorf("%s: %s reads the attachment as %v, want a meeting at %s", c.run, name, got, c.start)
					}
				}
			}
		}
		if !found {
			t.Errorf("%s: no reminder of the meeting to its owner", c.run)
		}
	}
}
