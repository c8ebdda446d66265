package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// LoadLarge writes WriteLarge's files into a temporary folder and loads
// them as the daemon would at now.
func LoadLarge(t testing.TB, units, items int, now time.Time) *Example {
	t.Helper()
	dir := t.TempDir()
	if err := WriteLarge(dir, units, items); err != nil {
		t.Fatal(err)
	}
	return LoadDir(t, dir, now)
}

// WriteLarge writes a config with units units of items items each into dir
// (config/arshjul.yaml, calendars/uNN.yaml), for benchmarks, the feed size
// test and the load script. The items mix every kind the files allow, with
// descriptions and follow-ups of realistic length, and åäö throughout.
func WriteLarge(dir string, units, items int) error {
	if err := os.MkdirAll(filepath.Join(dir, "config"), 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "calendars"), 0o755); err != nil {
		return err
	}
	var cfg strings.Builder
	cfg.WriteString(largeProgramme)
	for u := 0; u < units; u++ {
		fmt.Fprintf(&cfg, "  - {id: u%02d, name: \"Förvaltning %d\", calendar: ../calendars/u%02d.yaml, contacts: [u%02d@example.se], manager: chef%02d@example.se, public: %t}\n",
			u, u, u, u, u, u%2 == 0)
		if err := os.WriteFile(filepath.Join(dir, "calendars", fmt.Sprintf("u%02d.yaml", u)), []byte(largeCalendar(items)), 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "config", "arshjul.yaml"), []byte(cfg.String()), 0o644)
}

const largeProgramme = `programme:
  name: Kommunikationsprogram 2026–2028
  organisation: Avesta kommunkoncern
  starts: 2026-03-23
  valid_until: 2028-12-31
  timezone: Europe/Stockholm
  focus_areas: {planering: Kommunikationsplanering, varumarke: Varumärke, fortroende: Förtroendeskapande kommunikation och demokrati}
  audiences: {medarbetare: Medarbetare, kommuninvanare: Kommuninvånare, naringsliv: Befintligt näringsliv, etableringar: Strategiska företagsetableringar, bristyrken: Medarbetare inom bristyrken, inflyttare: Potentiella blivande kommuninvånare, besokare: Besökare, samverkan: Samverkansorganisationer och andra myndigheter}
  channels: {e-post: E-post, webb: Webbplatsen, intranat: Intranätet Visentnet, sociala-medier: Sociala medier, press: Press, moten: Möten}
storage: {database: ../data/arshjul.db}
units:
`

// largeCalendar cycles through the item kinds: a yearly date, an ISO week,
// a monthly nth weekday, a weekly meeting, and one-off days spread over the
// programme, a third of them with per-occurrence follow-ups.
func largeCalendar(items int) string {
	var b strings.Builder
	b.WriteString("wheel:\n")
	focus := []string{"planering", "varumarke", "fortroende"}
	for i := 0; i < items; i++ {
		var when string
		switch i % 6 {
		case 0:
			when = fmt.Sprintf("yearly: {date: \"%02d-%02d\"}", 1+i%12, 1+i%28)
		case 1:
			when = fmt.Sprintf("yearly: {week: %d}", 1+i%52)
		case 2:
			when = fmt.Sprintf("monthly: {weekday: %s, nth: %d}", []string{"mon", "tue", "wed", "thu", "fri"}[i%5], 1+i%4)
		case 3:
			when = fmt.Sprintf("weekly: {weekday: %s, time: \"%02d:30\", duration: 1h}", []string{"mon", "tue", "wed", "thu", "fri"}[i%5], 8+i%8)
		default:
			day := i * 7 % 1000
			when = fmt.Sprintf("date: %s", dateAfter(day))
		}
		fmt.Fprintf(&b, "  - id: aktivitet-%04d\n    title: \"Aktivitet %d – information till kommuninvånare och medarbetare\"\n", i, i)
		fmt.Fprintf(&b, "    description: \"Vi berättar om förändringen, svarar på frågor och följer upp hur budskapet nått fram. Åtgärd nummer %d i planen.\"\n", i)
		fmt.Fprintf(&b, "    %s\n    owner: ansvarig%d@example.se\n    focus: %s\n    audiences: [kommuninvanare, medarbetare]\n    channels: [webb, intranat]\n", when, i%40, focus[i%3])
		if i%3 == 0 && i%6 != 3 {
			b.WriteString("    follow_up: {after: 14d, how: Räckvidd och antal frågor till kontaktcenter}\n")
		}
	}
	return b.String()
}

// dateAfter is the date n days after 2026-04-01, folded into the programme.
func dateAfter(n int) string {
	y, m, d := 2026, 4, 1+n
	days := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	for {
		dim := days[m-1]
		if m == 2 && y%4 == 0 {
			dim = 29
		}
		if d <= dim {
			break
		}
		d -= dim
		m++
		if m > 12 {
			m, y = 1, y+1
		}
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}
