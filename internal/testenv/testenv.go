// Package testenv builds real parts for tests: the example configuration
// embedded in the binary, loaded and synced into SQLite in a temporary
// folder. Nothing in it is a fake; only the clock is chosen by the test.
package testenv

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/state"

	"github.com/avesta-kommun/arshjul"
	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Example is the example programme synced into a fresh database.
type Example struct {
	Config    *config.Config
	Calendars map[string]*wheel.Calendar
	Store     *store.Store
}

// Quiet is a logger that discards everything.
func Quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// LoadExample loads the embedded example config and calendars, and syncs
// them at now into a database in t.TempDir().
func LoadExample(t testing.TB, now time.Time) *Example {
	t.Helper()
	return load(t, config.Embedded(arshjul.Defaults), "config/arshjul.yaml", now)
}

// LoadDir loads dir/config/arshjul.yaml from disk (see WriteLarge) and syncs
// it at now into a database in t.TempDir().
func LoadDir(t testing.TB, dir string, now time.Time) *Example {
	t.Helper()
	files := config.Disk()
	p, err := files.FromOS(filepath.Join(dir, "config", "arshjul.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return load(t, files, p, now)
}

func load(t testing.TB, files config.Files, p string, now time.Time) *Example {
	t.Helper()
	cfg, err := config.Load(files, p)
	if err != nil {
		t.Fatalf("example config: %v", err)
	}
	// As a first start reads it: the web-kept units from the files they
	// start from.
	cals, _, _, err := state.Load(context.Background(), nil, cfg)
	if err != nil {
		t.Fatalf("example calendars: %v", err)
	}
	st := OpenStore(t)
	if _, err := st.Sync(context.Background(), &cfg.Programme, cfg.Units, cals, now); err != nil {
		t.Fatal(err)
	}
	return &Example{Config: cfg, Calendars: cals, Store: st}
}

// OpenStore opens a new database in t.TempDir(), closed at cleanup.
func OpenStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "arshjul.db"), Quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Snapshot reads the store, failing the test on error.
func (e *Example) Snapshot(t testing.TB) *snapshot.Snapshot {
	t.Helper()
	snap, err := e.Store.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// CopyExample writes the embedded example config and calendars into a new
// temporary folder and returns it, for tests that edit files on disk.
func CopyExample(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(arshjul.Defaults, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(arshjul.Defaults, p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// ExampleState is the embedded example loaded into a real database as
// the daemon loads it, at the clock's now.
func ExampleState(t testing.TB, clk clock.Clock, log *slog.Logger) (*state.Holder, *store.Store) {
	t.Helper()
	st := OpenStore(t)
	h := state.New(st, clk, log, config.Embedded(arshjul.Defaults), "config/arshjul.yaml")
	if err := h.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	return h, st
}

// SaveWeb saves doc (a *webdoc.Item or *webdoc.Plan) as a new web entry
// of unit by who, as the web editor saves one (state.Change), failing
// the test on any problem.
func SaveWeb(t testing.TB, h *state.Holder, unit string, doc any, who string) {
	t.Helper()
	cur := h.Current()
	u := cur.Config.Unit(unit)
	e, probs := calendar.CheckRecord(&cur.Config.Programme, u, nil, doc)
	if len(probs) > 0 {
		t.Fatalf("web entry: %v", probs)
	}
	err := h.Change(context.Background(), state.WebChange{Unit: unit, Who: who, Via: wheel.WebFile,
		Save: []store.WebItem{{ID: e.ID(), Entry: e, Plan: e.IsPlan()}}})
	if err != nil {
		t.Fatal(err)
	}
}
