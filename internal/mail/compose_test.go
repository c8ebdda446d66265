package mail_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestCalendarFilesCapped: a digest of more activities than
// MaxCalendarFiles attaches the soonest ones, lists them all, and says so.
func TestCalendarFilesCapped(t *testing.T) {
	for _, n := range []int{3, mail.MaxCalendarFiles, mail.MaxCalendarFiles + 5} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			d := &mail.Digest{To: "hr@example.se", Programme: "Kommunikationsprogram", Organisation: "Avesta kommun",
				MessageID: "x@example.se", Date: time.Date(2026, 9, 21, 7, 0, 0, 0, time.UTC)}
			for i := range n {
				id := fmt.Sprintf("hr/aktivitet-%02d/2026-10-%02d", i, i+1)
				d.Upcoming = append(d.Upcoming, mail.Activity{ID: id, Unit: "HR", Title: fmt.Sprintf("Aktivitet %02d", i),
					When: "måndag", In: "om 14 dagar", ICSName: fmt.Sprintf("aktivitet-%02d.ics", i),
					ICS: func() ([]byte, error) { return []byte("BEGIN:VCALENDAR\r\nX-ID:" + id + "\r\nEND:VCALENDAR\r\n"), nil }})
			}
			msg, err := mail.Compose("arshjul@example.se", d)
			if err != nil {
				t.Fatal(err)
			}
			want := min(n, mail.MaxCalendarFiles)
			var files []string
			var text, html string
			for _, p := range testenv.Parts(t, msg) {
				switch p.ContentType {
				case "text/calendar":
					files = append(files, p.Filename)
				case "text/plain":
					text = string(p.Body)
				case "text/html":
					html = string(p.Body)
				}
			}
			if len(files) != want || files[0] != "aktivitet-00.ics" || files[want-1] != fmt.Sprintf("aktivitet-%02d.ics", want-1) {
				t.Errorf("%d activities: attached %v", n, files)
			}
			for _, a := range d.Upcoming {
				if !strings.Contains(text, a.Title) {
					t.Errorf("%s is not in the list", a.Title)
				}
			}
			capped := strings.Contains(text, fmt.Sprintf("De %d första aktiviteterna finns som bifogade", mail.MaxCalendarFiles))
			every := strings.Contains(text, "Varje aktivitet finns som bifogad kalenderfil")
			if capped != (n > mail.MaxCalendarFiles) || every == capped {
				t.Errorf("%d activities: the text says capped %v, every %v", n, capped, every)
			}
			if strings.Contains(html, "första aktiviteterna") != capped {
				t.Errorf("%d activities: the HTML part and the text part differ on the cap", n)
			}
		})
	}
}
