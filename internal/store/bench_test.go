package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// BenchmarkSync: the first sync of 50 units (every item new, all
// occurrences and follow-ups written) and a resync with nothing changed.
func BenchmarkSync(b *testing.B) {
	for _, items := range []int{100, 1000} {
		dir := b.TempDir()
		if err := testenv.WriteLarge(dir, 50, items); err != nil {
			b.Fatal(err)
		}
		files := config.Disk()
		p, _ := files.FromOS(dir + "/config/arshjul.yaml")
		cfg, err := config.Load(files, p)
		if err != nil {
			b.Fatal(err)
		}
		cals, err := calendar.LoadAll(cfg)
		if err != nil {
			b.Fatal(err)
		}
		name := fmt.Sprintf("units=50,items=%d", items)
		b.Run("first/"+name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				st := testenv.OpenStore(b)
				b.StartTimer()
				if _, err := st.Sync(ctx, &cfg.Programme, cfg.Units, cals, t0); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("unchanged/"+name, func(b *testing.B) {
			st := testenv.OpenStore(b)
			if _, err := st.Sync(ctx, &cfg.Programme, cfg.Units, cals, t0); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := st.Sync(ctx, &cfg.Programme, cfg.Units, cals, t0.Add(time.Hour)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("load-files/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := calendar.LoadAll(cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
