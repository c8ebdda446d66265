package feed_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// dated makes a unit of n one-off items spread over the 1,000 first days
// of a three-year programme, each one event in the feed, so that the
// benchmark encodes exactly n occurrences.
func dated(n int) feed.Request {
	loc := stockholm
	p := &wheel.Programme{Name: "P", Organisation: "Avesta kommunkoncern", Location: loc,
		Starts: wheel.Date{Year: 2026, Month: 1, Day: 1}, ValidUntil: wheel.Date{Year: 2028, Month: 12, Day: 31},
		FocusAreas: wheel.Catalogue{Keys: []string{"f"}, Names: map[string]string{"f": "Förtroende"}},
		Audiences:  wheel.Catalogue{Keys: []string{"a"}, Names: map[string]string{"a": "Kommuninvånare"}},
		Channels:   wheel.Catalogue{Keys: []string{"c"}, Names: map[string]string{"c": "Webbplatsen"}}}
	items := make([]snapshot.ItemRecord, n)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range items {
		d := wheel.DateOf(t0.AddDate(0, 0, i%1000))
		items[i] = snapshot.ItemRecord{Item: wheel.Item{
			ID: fmt.Sprintf("a%05d", i), Title: fmt.Sprintf("Aktivitet %d för kommuninvånare", i),
			Description: "Vi berättar om förändringen och svarar på frågor.", Owner: "ansvarig@example.se",
			Focus: "f", Audiences: []string{"a"}, Channels: []string{"c"},
			Spans: []wheel.Span{{AllDay: true, From: d, To: d}},
		}, Created: t0, Modified: t0}
	}
	return feed.Request{Programme: p, Name: "Bänk", Now: t0, Refresh: time.Hour,
		Units: []feed.Unit{{Unit: wheel.Unit{ID: "u", Name: "Enhet"}, Items: items}}}
}

// BenchmarkEncode builds and encodes a feed of N occurrences.
func BenchmarkEncode(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		req := dated(n)
		b.Run(fmt.Sprintf("occurrences=%d", n), func(b *testing.B) {
			var size int
			for b.Loop() {
				res, err := feed.Build(req)
				if err != nil {
					b.Fatal(err)
				}
				size = len(res.Body)
			}
			b.ReportMetric(float64(size), "bytes/feed")
		})
	}
}
