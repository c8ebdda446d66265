package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// fileKeptExample is the example with every unit kept by its files (the
// web-kept ones' starts_from: made calendar:), in the working directory.
func fileKeptExample(t *testing.T) string {
	t.Helper()
	dir := testenv.CopyExample(t)
	t.Chdir(dir)
	p := filepath.Join(dir, "config", "arshjul.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`(?m)^    starts_from: `).ReplaceAllString(string(b), "    calendar: ")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportKeepsEveryFeed: `arshjul import UNIT` on each of the
// example's units leaves its feed byte for byte as it was (same UIDs,
// SEQUENCEs and LAST-MODIFIED: no subscriber's calendar sees a change),
// a follow-up done before the import is still done with its note, and
// `check` then warns at the unit's calendar: line (FILE:LINE) that the
// files are no longer read.
func TestImportKeepsEveryFeed(t *testing.T) {
	cfg := fileKeptExample(t)
	const now = "--now=2026-11-02T08:00"
	if code, _, stderr := run(t, now, "remind", "--dry-run"); code != 0 { // makes the database
		t.Fatalf("remind: %d %s", code, stderr)
	}
	const done = "hr/medarbetarenkat/2026-10-05"
	if code, _, stderr := run(t, now, "followup", "done", done, "--note", "Svarsfrekvens 78 %"); code != 0 {
		t.Fatalf("followup done: %d %s", code, stderr)
	}
	units := []string{"kommunikation", "hr", "ekonomi", "kommunledning", "vatten-avfall"}
	before := map[string]string{}
	for _, u := range append(units, "all", "public") {
		code, out, stderr := run(t, now, "feed", u)
		if code != 0 {
			t.Fatalf("feed %s: %d %s", u, code, stderr)
		}
		before[u] = out
	}
	lines, _ := os.ReadFile(cfg)
	for _, u := range units {
		code, out, stderr := run(t, now, "import", u)
		if code != 0 || !strings.Contains(out, u+": ") {
			t.Fatalf("import %s: %d %s %s", u, code, out, stderr)
		}
		for _, f := range append(units, "all", "public") {
			if _, after, _ := run(t, now, "feed", f); after != before[f] {
				t.Errorf("after importing %s the feed %s changed", u, f)
				os.WriteFile("/tmp/x/"+f+".before", []byte(before[f]), 0o644)
				os.WriteFile("/tmp/x/"+f+".after", []byte(after), 0o644)
			}
		}
		code, _, stderr = run(t, now, "check")
		at := "config/arshjul.yaml:" + strconv.Itoa(calendarLine(t, string(lines), u)) + ": "
		if code != 0 || !strings.Contains(stderr, "varning: "+at+`enhet "`+u+`": enhetens årshjul hålls i webben`) {
			t.Errorf("check after importing %s: %d, want a warning at %s in:\n%s", u, code, at, stderr)
		}
	}
	_, out, _ := run(t, now, "followups", "--unit", "hr")
	if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(done) + `.*klar`).MatchString(out) {
		t.Errorf("the follow-up done before the import:\n%s", out)
	}
	if code, _, _ := run(t, now, "import", "hr"); code == 0 {
		t.Error("a second import of hr was taken")
	}
	_, hist, _ := run(t, "history", "hr")
	if !strings.Contains(hist, "calendars/hr.yaml (arshjul import)") {
		t.Errorf("the history does not say what was imported from where:\n%.2000s", hist)
	}
}

// calendarLine is the line of unit's calendar: key in the config text.
func calendarLine(t *testing.T, text, unit string) int {
	t.Helper()
	i := strings.Index(text, "- id: "+unit+"\n")
	j := strings.Index(text[i:], "\n    calendar: ") + 1
	if i < 0 || j < 1 {
		t.Fatalf("no calendar: for %s", unit)
	}
	return strings.Count(text[:i+j], "\n") + 1
}
