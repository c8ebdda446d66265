package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommand: `arshjul report --year 2027` prints the
// matrix and the follow-up tally of the report's test calendar as counted
// by hand (internal/report), with a follow-up marked done from the command
// line; a year outside the programme is refused with the valid ones.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"config/arshjul.yaml", "calendars/kansli.yaml", "calendars/kultur.yaml"} {
		b, err := os.ReadFile(filepath.Join("..", "report", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755)
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	t.Chdir(dir)
	if code, out, stderr := run(t, "--now", "2027-04-01T12:00", "followup", "done", "kansli/a2/2027-03-01", "--note", "Räckvidd 12 000"); code != 0 {
		t.Fatalf("followup done: %d %s %s", code, out, stderr)
	}
	code, out, stderr := run(t, "--now", "2027-12-01", "report", "--year", "2027")
	if code != 0 {
		t.Fatalf("report: %d %s", code, stderr)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		lines[strings.Join(strings.Fields(l), " ")] = true
	}
	for _, want := range []string{
		"Programmets uppföljning: Avesta kommunkoncern, 2027-01-01 – 2027-12-31 (läget 2027-12-01)",
		"Aktiviteter per målgrupp och fokusområde (5 aktiviteter, 0 utan målgrupp)",
		"Potentiella blivande kommuninvånare 0 2 0 0",
		"Besökare 0 1 0 1",
		"Strategiska företagsetableringar 0 0 0 0 ← nås inte",
		"Varumärke 2 0 1 1 0 1 0",
		"alla 3 0 1 2 0 1 0",
		"Näringslivsdagen 2027 (Kansliet): 2. varför vi gör det; 7. hur vi följer upp för att veta hur det gick",
	} {
		if !lines[want] {
			t.Errorf("no line %q in:\n%s", want, out)
		}
	}
	code, _, stderr = run(t, "report", "--year", "2031")
	if code != 1 || !strings.Contains(stderr, "programmet gäller 2026–2028") {
		t.Errorf("--year 2031: %d %q", code, stderr)
	}
	code, out, _ = run(t, "--now", "2027-12-01", "report", "--unit", "kultur")
	if code != 0 || !strings.Contains(out, "Programmets uppföljning: Kultur & fritid, 2026-03-23 – 2028-12-31") {
		t.Errorf("--unit kultur: %d\n%s", code, out)
	}
}
