package calendar_test

import (
	"os"
	"path/filepath"
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
