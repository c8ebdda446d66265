package calendar_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/occur"
)

// TestOutlookExportImport reads the example Outlook export (Windows time
// zone names, RRULE with BYSETPOS and COUNT, an EXDATE list, a moved and
// renamed instance by RECURRENCE-ID) and checks the service's occurrences
// against what ical.js and libical make of the very same file.
func TestOutlookExportImport(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "calendars", "kommunledning", "kf-sammantraden.ics"))
	if err != nil {
		t.Fatal(err)
	}
	cal, cfg, err := loadTree(t, map[string]string{"calendars/enhet/kf.ics": string(src)})
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Items) != 1 {
		t.Fatalf("want one series, got %d items", len(cal.Items))
	}
	it := cal.Items[0]
	occs := occur.Expand(&cfg.Programme, "enhet", &it)
	var want []icalcheck.Instance
	for _, o := range occs {
		want = append(want, icalcheck.FromOccurrence(o.Title, o))
	}
	if len(occs) != 27 {
		t.Errorf("want 27 meetings (30 by COUNT less three Julys), got %d", len(occs))
	}
	from, to := icalcheck.Window(&cfg.Programme)
	icalcheck.Verify(t, src, from, to, want)
	if it.Focus != "fortroende" || len(it.Audiences) != 1 || it.Audiences[0] != "kommuninvanare" {
		t.Errorf("CATEGORIES naming a focus area and an audience should map: %+v", it)
	}
}
