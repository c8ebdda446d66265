package state_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// BenchmarkSave: one save from the web's form in a web-kept unit of 100
// and of 1,000 items, beside four more units of that size: the record
// checked (calendar.CheckRecord), stored with its unit's occurrences,
// follow-ups and history in one transaction, and the unit published
// (state.Change). The other units are not read.
func BenchmarkSave(b *testing.B) {
	for _, items := range []int{100, 1000} {
		b.Run(fmt.Sprintf("items=%d", items), func(b *testing.B) {
			h := webKeptLarge(b, 5, items)
			ctx := context.Background()
			cfg := h.Current().Config
			u := cfg.Unit("u00")
			doc := &webdoc.Item{ID: "matning", Title: "Mätning", Date: "2027-05-04", Owner: "u00@example.se",
				Audiences: []string{"medarbetare"}, FollowUp: &webdoc.FollowUp{After: "7d", How: "Svarsfrekvens"}}
			var version int64
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				doc.Title = fmt.Sprintf("Mätning %d", i)
				e, probs := calendar.CheckRecord(&cfg.Programme, u, nil, doc)
				if len(probs) > 0 {
					b.Fatal(probs)
				}
				err := h.Change(ctx, state.WebChange{Unit: "u00", Who: "u00@example.se", Via: wheel.WebFile,
					Save: []store.WebItem{{ID: "matning", Entry: e, Version: version}}})
				if err != nil {
					b.Fatal(err)
				}
				version++
			}
		})
	}
}

// webKeptLarge is WriteLarge's programme with every unit kept in the web
// (started from its generated file), loaded as the daemon loads it.
func webKeptLarge(tb testing.TB, units, items int) *state.Holder {
	tb.Helper()
	dir := tb.TempDir()
	if err := testenv.WriteLarge(dir, units, items); err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(dir, "config", "arshjul.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.ReplaceAll(string(b), " calendar: ", " starts_from: ")), 0o644); err != nil {
		tb.Fatal(err)
	}
	files := config.Disk()
	cp, _ := files.FromOS(p)
	h := state.New(testenv.OpenStore(tb), clock.StartingAt(time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)), testenv.Quiet(), files, cp)
	if err := h.Reload(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return h
}
