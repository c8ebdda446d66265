package calendar_test

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// allocated is how many bytes f allocates, freed or not.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestWideWorkbookNotPadded guards the reading of a workbook whose every
// row has one more cell in column XFD, the last: a reader that pads each
// row to its widest cell (16,384 cells, at least 256 KB a row) takes
// gigabytes for a file of kilobytes. Read as it is written, the rows cost
// what their few cells do, in the upload's check and in a calendar
// folder alike.
func TestWideWorkbookNotPadded(t *testing.T) {
	const rows = 300
	// Far above what a row read as written costs (about 6 KB), far below
	// what a padded one does.
	const bound = rows * 64 << 10
	var b bytes.Buffer
	if err := testenv.WideWorkbook(&b, rows); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	_, cfg, err := loadTree(t, map[string]string{"calendars/enhet/tom.yaml": "wheel: []\n"})
	if err != nil {
		t.Fatal(err)
	}
	var wb *aktivitetsplan.Workbook
	upload := allocated(func() {
		var probs []diag.Problem
		wb, probs = calendar.CheckWorkbook(cfg, "enhet", nil, "plan.xlsx", data)
		if len(probs) > 0 {
			t.Fatalf("the workbook has problems: %v", probs[0])
		}
	})
	if wb == nil || len(wb.Rows) != rows {
		t.Fatalf("read %v rows, want %d", wb, rows)
	}
	t.Logf("upload check: %d rows, %d KB file, %.1f MB allocated", rows, len(data)>>10, float64(upload)/(1<<20))
	if upload > bound {
		t.Errorf("the upload's check allocated %.0f MB for %d rows; a row that is not padded costs a few KB", float64(upload)/(1<<20), rows)
	}
	var cal int
	folder := allocated(func() {
		c, err := loadWorkbook(t, data)
		if err != nil {
			t.Fatal(err)
		}
		cal = len(c.Items)
	})
	t.Logf("calendar folder: %d items, %.1f MB allocated", cal, float64(folder)/(1<<20))
	if folder > bound || cal != rows {
		t.Errorf("the calendar folder's workbook: %d items, %.0f MB allocated for %d rows", cal, float64(folder)/(1<<20), rows)
	}
}
