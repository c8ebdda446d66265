package remind_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestSeriesRemindsOncePerOccurrence: a weekly series in a unit whose
// lead times are [30d, 7d] is not reminded by them (each is at least a
// week, so several reminders would be out at once and a digest would list
// the series once for every occurrence in reach); with its own 2-day lead
// it is in the digest once, for the next occurrence only, with its link.
// A cancelled item reminds nobody.
func TestSeriesRemindsOncePerOccurrence(t *testing.T) {
	r := newRig(t, at("2027-04-06T08:01")) // a Tuesday: Thursday's 2-day lead is due
	p := filepath.Join(filepath.Dir(filepath.Dir(r.cfgPath)), "calendars", "kommunikation.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	items := `wheel:
  - id: veckomote-utan
    title: Veckomöte utan egen påminnelse
    weekly: {weekday: thu, time: "09:00", first: 2027-04-01, last: 2027-06-30}
    owner: vecka.utan@example.se
  - id: veckomote-med
    title: Veckomöte med egen påminnelse
    weekly: {weekday: thu, time: "10:00", first: 2027-04-01, last: 2027-06-30}
    owner: vecka.med@example.se
    remind: [2d]
    links: [https://www.avesta.se/veckomote]
  - id: installt
    title: Inställd presskonferens
    date: 2027-04-08
    status: inställd
    owner: installt@example.se
`
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), "wheel:\n", items, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	d := r.start()
	d.tick(t)
	count := map[string]int{}
	linked := false
	for _, m := range r.smtp.Received() {
		txt := testenv.Text(t, m.Data)
		if strings.Contains(txt, "Länk: https://www.avesta.se/veckomote") {
			for _, part := range testenv.Parts(t, m.Data) {
				linked = linked || (part.ContentType == "text/html" && strings.Contains(string(part.Body), `href="https://www.avesta.se/veckomote"`))
			}
		}
		for _, title := range []string{"Veckomöte utan egen påminnelse", "Veckomöte med egen påminnelse", "Inställd presskonferens"} {
			count[m.To+" "+title] += strings.Count(txt, title)
		}
	}
	if n := count["vecka.utan@example.se Veckomöte utan egen påminnelse"]; n != 0 {
		t.Errorf("the series under the unit's 30d and 7d leads is in the mail %d times, want 0", n)
	}
	if n := count["vecka.med@example.se Veckomöte med egen påminnelse"]; n == 0 || n > 2 {
		t.Errorf("the series with its own 2d lead is in the mail %d times, want it once (the text part and the HTML part at most)", n)
	}
	if !linked {
		t.Error("the reminder does not give the item's link, in text and as a link in HTML")
	}
	for k, n := range count {
		if strings.Contains(k, "Inställd") && n > 0 {
			t.Errorf("a cancelled item reminds: %s ×%d", k, n)
		}
	}
}
