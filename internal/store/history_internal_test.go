package store

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// TestHistoryOfSyncs: each sync records what it
// added, changed (before and after) and removed, with the file; the
// history refuses to be changed or deleted, even by SQL.
func TestHistoryOfSyncs(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "h.db"), discardLog())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	prog := &wheel.Programme{Starts: wheel.Date{Year: 2026, Month: 3, Day: 23}, ValidUntil: wheel.Date{Year: 2028, Month: 12, Day: 31}, Location: time.UTC}
	units := []wheel.Unit{{ID: "hr", Name: "HR"}}
	d := wheel.Date{Year: 2027, Month: 5, Day: 4}
	item := func(title string) wheel.Item {
		return wheel.Item{ID: "enkat", Source: "yaml", Title: title, File: "calendars/hr.yaml", Spans: []wheel.Span{{AllDay: true, From: d, To: d}}}
	}
	t0 := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	for i, cal := range []*wheel.Calendar{{Items: []wheel.Item{item("Enkät")}}, {Items: []wheel.Item{item("Medarbetarenkät")}}, {}} {
		if _, err := st.Sync(ctx, prog, units, map[string]*wheel.Calendar{"hr": cal}, t0.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	h, err := st.History(ctx, "hr", "enkat", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 || h[2].Kind != HistoryAdded || h[1].Kind != HistoryChanged || h[0].Kind != HistoryRemoved {
		t.Fatalf("history %+v", h)
	}
	if h[2].Via != "calendars/hr.yaml" || h[1].Via != "calendars/hr.yaml" || !strings.Contains(h[1].Before, `"Enkät"`) || !strings.Contains(h[1].After, `"Medarbetarenkät"`) ||
		!strings.Contains(h[0].Before, `"Medarbetarenkät"`) || h[0].After != "" {
		t.Errorf("before/after or file: %+v", h)
	}
	if !h[1].At.Equal(t0.Add(time.Hour)) {
		t.Errorf("changed at %v", h[1].At)
	}
	for _, q := range []string{`UPDATE history SET who = 'någon'`, `DELETE FROM history`} {
		if _, err := st.db.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want it refused", q, err)
		}
	}
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
