package config_test

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/diag"
)

// FuzzConfig: any arshjul.yaml gives a valid config or problems with places,
// never a panic and never a config alongside an error.
func FuzzConfig(f *testing.F) {
	if b, err := os.ReadFile("../../config/arshjul.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("programme: {name: x, starts: 2026-01-01, valid_until: 2025-01-01}\nunits: [{id: all}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"config/arshjul.yaml": {Data: data}, "calendars/a.yaml": {Data: []byte("wheel: []\n")}}
		cfg, err := config.Load(config.Embedded(fsys), "config/arshjul.yaml")
		if err != nil {
			if cfg != nil {
				t.Fatal("config returned with an error")
			}
			de, ok := err.(*diag.Error)
			if !ok || len(de.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			return
		}
		if cfg.Programme.Location == nil || cfg.Programme.ValidUntil.Before(cfg.Programme.Starts) || len(cfg.Units) == 0 {
			t.Fatalf("accepted an unusable config: %+v", cfg.Programme)
		}
	})
}
