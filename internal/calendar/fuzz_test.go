package calendar_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// fuzzLoad loads data as the unit's only calendar file and checks what any
// input must give: no panic, and either problems with places, or items
// whose every occurrence lies inside the programme.
func fuzzLoad(t *testing.T, name string, data []byte) {
	fsys := fstest.MapFS{
		"config/arshjul.yaml":     {Data: []byte(testConfig)},
		"calendars/enhet/" + name: {Data: data},
	}
	files := config.Embedded(fsys)
	cfg, err := config.Load(files, "config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cals, err := calendar.LoadAll(cfg)
	if err != nil {
		de, ok := err.(*diag.Error)
		if !ok || len(de.Problems) == 0 {
			t.Fatalf("error without problems: %v", err)
		}
		for _, p := range de.Problems {
			if p.File == "" || p.Msg == "" {
				t.Fatalf("problem without place or text: %+v", p)
			}
		}
		return
	}
	p := &cfg.Programme
	for _, it := range cals["enhet"].Items {
		if wheel.ValidID(it.ID) != nil && it.Plan == nil {
			t.Fatalf("invalid id accepted: %q", it.ID)
		}
		for _, o := range occur.Expand(p, "enhet", &it) {
			if o.Date.Before(p.Starts) || o.LastDay.After(p.ValidUntil) || o.End.Before(o.Start) {
				t.Fatalf("occurrence outside the programme or backwards: %v", o)
			}
		}
	}
}

func addExamples(f *testing.F, pattern string) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "calendars", pattern))
	more, _ := filepath.Glob(filepath.Join("..", "..", "calendars", "*", pattern))
	for _, p := range append(paths, more...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

func FuzzYAML(f *testing.F) {
	addExamples(f, "*.yaml")
	f.Add([]byte("wheel:\n  - id: x\n    title: X\n    monthly: {day: 31, time: \"09:00\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "a.yaml", data) })
}

func FuzzCSV(f *testing.F) {
	addExamples(f, "*.csv")
	f.Add([]byte("sep=;\r\nid;aktivitet;start;slut\r\nx;\"a\"\"b\";2026-06-01 10:00;2026-06-01 11:00\r\n"))
	f.Add([]byte("\xef\xbb\xbfid,title,start\r\nx,\xe5\xe4\xf6,2026-06-01\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "a.csv", data) })
}

func FuzzICS(f *testing.F) {
	addExamples(f, "*.ics")
	f.Add([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20260601\r\nRRULE:FREQ=DAILY;COUNT=3000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Add([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:19000101T000000Z\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Add([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Nowhere/Else:20260601T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "a.ics", data) })
}

// FuzzXLSX feeds the workbook reader arbitrary bytes, from real
// workbooks (LibreOffice's, the writer's) mutated: no panic, no stall,
// problems with places.
func FuzzXLSX(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "libreoffice", "excel-export.xlsx")); err == nil {
		f.Add(b)
	}
	f.Add(workbookOf(f, sheet{name: "Plan", cells: header(map[string]any{"B2": "Aktivitet", "C2": "2027-05-04", "F2": "medarbetare"}, "1")}))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "a.xlsx", data) })
}

// FuzzXLSXCells writes arbitrary text into a workbook's cells, where
// mutating the zip's bytes rarely reaches: the reader of the cells.
func FuzzXLSXCells(f *testing.F) {
	f.Add("aktivitet", "Möte", "2027-05-04", "2027-05-03", "medarbetare, x", "+7d", "ja")
	f.Add("title", "", "2027-05-04 10:00", "10:00", "\n", "46447", "x")
	f.Add("aktivitet", "Å", "45000.5", "1e308", ";;", "-1", "TRUE")
	f.Fuzz(func(t *testing.T, h, title, start, end, aud, fu, public string) {
		cells := header(map[string]any{}, "1")
		cells["B1"] = h
		for k, v := range map[string]string{"B2": title, "C2": start, "D2": end, "F2": aud, "I2": fu, "L2": public} {
			if n, err := strconv.ParseFloat(v, 64); err == nil && k != "B2" {
				cells[k] = n // a number cell: an Excel date, or days
			} else {
				cells[k] = v
			}
		}
		fuzzLoad(t, "a.xlsx", workbookOf(t, sheet{name: "Plan", cells: cells}))
	})
}
