package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFollowUpSkipCommand guards `followup skip ID --reason`: the reason
// is required, the follow-up is then "ej aktuell" (not done) in
// `followups` and counted apart in `report`, and a second close of it says
// how it was closed the first time. `followup done` takes several ids.
func TestFollowUpSkipCommand(t *testing.T) {
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
	const id = "kansli/a2/2027-03-01"
	if code, _, stderr := run(t, "--now", "2027-04-01T12:00", "followup", "skip", id); code == 0 || !strings.Contains(stderr, "--reason") {
		t.Errorf("skip without a reason: %d %q", code, stderr)
	}
	code, out, stderr := run(t, "--now", "2027-04-01T12:00", "followup", "skip", id, "--reason", "Kampanjen ställdes in")
	if code != 0 || !strings.Contains(out, id+" är markerad som ej aktuell") {
		t.Fatalf("skip: %d %q %q", code, out, stderr)
	}
	if _, out, _ := run(t, "--now", "2027-04-01T12:00", "followup", "done", id, "--note", "x"); !strings.Contains(out, id+" var redan ej aktuell") {
		t.Errorf("done after skip: %q", out)
	}
	_, out, _ = run(t, "--now", "2027-04-02", "followups", "--unit", "kansli")
	if !strings.Contains(out, id+"\t2027-03-15\tej aktuell 2027-04-01") {
		t.Errorf("followups does not say it is not relevant:\n%s", out)
	}
	_, out, _ = run(t, "--now", "2027-12-01", "report", "--year", "2027")
	lines := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		lines[strings.Join(strings.Fields(l), " ")] = true
	}
	// The Varumärke row: 2 subjects, none on time or late, 1 overdue, 0
	// pending, 0 with a result, 1 "ej aktuell".
	if !lines["Varumärke 2 0 0 1 0 0 1"] {
		t.Errorf("the report does not count the follow-up apart:\n%s", out)
	}
	if !strings.Contains(out, "ej aktuella") {
		t.Error("the report's follow-up table has no column for them")
	}
}
