package calendar_test

import (
	"bytes"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// planWorkbook is an aktivitetsplan of n rows as the download writes it:
// dates as Excel dates, lists and text in every column.
func planWorkbook(tb testing.TB, prog *wheel.Programme, n int) []byte {
	tb.Helper()
	rows := make([]aktivitetsplan.Row, n)
	day := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		d := day.AddDate(0, 0, i%900)
		rows[i] = aktivitetsplan.Row{"id": fmt.Sprintf("rad-%d", i), "title": fmt.Sprintf("Aktivitet nummer %d om förskolans öppna hus", i),
			"start": d.Format("2006-01-02"), "end": d.AddDate(0, 0, i%3).Format("2006-01-02"), "owner": "enhet@example.se",
			"audiences": "Medarbetare, Kommuninvånare", "channels": "Webbplats, Möten", "focus": "Varumärke", "follow_up": "+14d",
			"description": "Vi berättar om verksamheten för dem som bor i kommunen och för dem som funderar på att flytta hit.", "location": "Folkets hus", "public": "ja"}
		if i%4 == 0 {
			rows[i]["start"], rows[i]["end"] = d.Format("2006-01-02")+" 09:00", d.Format("2006-01-02")+" 10:30"
		}
	}
	var b bytes.Buffer
	if err := aktivitetsplan.Write(&b, prog, "Enheten", rows, nil); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// BenchmarkWorkbook reads an aktivitetsplan of 200 and of 2,000 rows (and
// 5,000, the limit) as a unit's calendar file, checked against the
// programme: the README's table of time and memory, and their growth.
func BenchmarkWorkbook(b *testing.B) {
	cfg, err := config.Load(config.Embedded(fstest.MapFS{"config/arshjul.yaml": {Data: []byte(testConfig)}, "calendars/enhet/a.yaml": {Data: []byte("wheel: []\n")}}), "config/arshjul.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{200, 2000, aktivitetsplan.MaxRows} {
		data := planWorkbook(b, &cfg.Programme, n)
		fsys := fstest.MapFS{"config/arshjul.yaml": {Data: []byte(testConfig)}, "calendars/enhet/plan.xlsx": {Data: data}}
		c, err := config.Load(config.Embedded(fsys), "config/arshjul.yaml")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				cals, err := calendar.LoadAll(c)
				if err != nil {
					b.Fatal(err)
				}
				if got := len(cals["enhet"].Items); got != n {
					b.Fatalf("%d items of %d rows", got, n)
				}
			}
			b.ReportMetric(float64(len(data))/1024, "KB-file")
		})
	}
}
