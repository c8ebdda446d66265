// Package state holds what the daemon serves — the config and the stored
// wheel as of the last good reload — and performs reloads: files are read
// and checked first, synced to the store in one transaction only when all
// of them are good, and swapped in atomically. A bad file leaves the last
// good state serving and is reported (log, /healthz, metrics).
package state

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// State is one consistent view: never modified after it is published.
type State struct {
	Config   *config.Config
	Snapshot *snapshot.Snapshot
	// Public is what anyone may see of Snapshot: the public feed and pages
	// read only this.
	Public  *snapshot.Snapshot
	Version uint64 // rises with every swap: caches key on it
	Loaded  time.Time
	units   map[string]bool
}

func newState(cfg *config.Config, snap *snapshot.Snapshot, version uint64, loaded time.Time) *State {
	units := make(map[string]bool, len(cfg.Units))
	for _, u := range cfg.Units {
		units[u.ID] = true
	}
	var public *snapshot.Snapshot
	if snap != nil {
		public = snap.Public(cfg.Units)
	}
	return &State{Config: cfg, Snapshot: snap, Public: public, Version: version, Loaded: loaded, units: units}
}

// HasUnit reports whether the config has a unit of that id, by lookup:
// a feed request asks it on every poll.
func (s *State) HasUnit(id string) bool { return s.units[id] }

// ReloadStatus is the outcome of the latest reload attempt.
type ReloadStatus struct {
	At       time.Time
	OK       bool
	Problems []string // FILE:LINE: message, when not OK
	Result   store.SyncResult
}

// Holder owns the current state.
type Holder struct {
	store    *store.Store
	clock    clock.Clock
	log      *slog.Logger
	files    config.Files
	path     string
	cur      atomic.Pointer[State]
	tokens   atomic.Pointer[Tokens]
	mu       sync.Mutex // one reload at a time
	status   atomic.Pointer[ReloadStatus]
	versions atomic.Uint64
	done     atomic.Pointer[string] // the store's DoneStamp at the last publish
	// cals are the units' wheels as last loaded and stored, by unit:
	// a web change makes its unit's anew from its own and the others
	// stay. Read and replaced under mu.
	cals map[string]*wheel.Calendar
}

// New makes a holder for the config at path.
func New(st *store.Store, clk clock.Clock, log *slog.Logger, files config.Files, path string) *Holder {
	return &Holder{store: st, clock: clk, log: log, files: files, path: path}
}

// Current returns the state being served, or nil before the first load.
func (h *Holder) Current() *State { return h.cur.Load() }

// Status returns the latest reload's outcome (nil before any).
func (h *Holder) Status() *ReloadStatus { return h.status.Load() }

// Tokens are the feed tokens as last read from the store.
type Tokens struct {
	ByScope map[string]string // store scope ("admin", "unit:ID") → token
	Admin   string
	Units   map[string]string // unit id → token
}

var noTokens = &Tokens{}

// Tokens returns the tokens as last read from the store (never nil).
func (h *Holder) Tokens() *Tokens {
	if t := h.tokens.Load(); t != nil {
		return t
	}
	return noTokens
}

// Files returns where the config is read from (for the file watcher).
func (h *Holder) Files() (config.Files, string) { return h.files, h.path }

// Reload reads the files and, when all are good, syncs and swaps them in.
// On the very first load a calendar problem still lets the daemon serve what
// the database holds from its last good run; a config problem does not (the
// daemon would not know where to listen or what the programme is).
func (h *Holder) Reload(ctx context.Context) error {
	cfg, err := config.Load(h.files, h.path)
	return h.apply(ctx, cfg, err)
}

// ReloadWith is Reload with the config its caller has read already (a
// command reads it once).
func (h *Holder) ReloadWith(ctx context.Context, cfg *config.Config) error {
	return h.apply(ctx, cfg, nil)
}

func (h *Holder) apply(ctx context.Context, cfg *config.Config, err error) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.clock.Now()
	var cals map[string]*wheel.Calendar
	var conv map[string][]store.WebItem
	if err == nil {
		err = h.startUnits(ctx, cfg, now)
	}
	if err == nil {
		cals, conv, err = h.load(ctx, cfg)
	}
	// Units whose web items cannot be read keep their last good state;
	// the others are synced and published, and the reload still fails,
	// naming the units' entries.
	var webErr *calendar.WebError
	hold := map[string]bool{}
	if errors.As(err, &webErr) {
		for _, u := range webErr.Units {
			hold[u] = true
		}
		err = nil
	}
	if err != nil {
		h.fail(now, err)
		if h.cur.Load() == nil && cfg != nil {
			if perr := h.publish(ctx, cfg, now); perr != nil {
				return errors.Join(err, perr)
			}
		}
		return err
	}
	for unit, ws := range conv {
		if hold[unit] {
			continue
		}
		if err := h.store.ConvertWebItems(ctx, unit, ws); err != nil {
			h.fail(now, err)
			return err
		}
	}
	res, err := h.store.SyncHolding(ctx, &cfg.Programme, cfg.Units, cals, hold, now)
	if err != nil {
		h.fail(now, err)
		return err
	}
	h.keep(cals, hold)
	if err := h.ensureTokens(ctx, cfg, now); err != nil {
		h.fail(now, err)
		return err
	}
	if err := h.publish(ctx, cfg, now); err != nil {
		h.fail(now, err)
		return err
	}
	if webErr != nil {
		h.fail(now, webErr)
		return webErr
	}
	h.status.Store(&ReloadStatus{At: now, OK: true, Result: res})
	h.log.Info("calendars loaded", "units", len(cfg.Units), "added", res.Added, "changed", res.Changed,
		"removed", res.Removed, "unchanged", res.Unchanged)
	return nil
}

// load reads the file-kept units' files and every unit's web entries
// (see web.go).
func (h *Holder) load(ctx context.Context, cfg *config.Config) (map[string]*wheel.Calendar, map[string][]store.WebItem, error) {
	return h.loadUnits(ctx, cfg)
}

// Preview reads the files and publishes what a reload would serve, worked
// out without writing the store (store.Preview): the commands that only
// read. A calendar with problems is returned as the error, and the state
// is then what the store last held, as a daemon would serve it; a config
// with problems publishes nothing.
func (h *Holder) Preview(ctx context.Context, cfg *config.Config) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.clock.Now()
	var err error
	cals, _, calErr := h.load(ctx, cfg)
	var snap *snapshot.Snapshot
	if calErr == nil {
		snap, err = h.store.Preview(ctx, &cfg.Programme, cfg.Units, cals, now)
	} else {
		snap, err = h.store.Snapshot(ctx)
	}
	if err != nil {
		return errors.Join(calErr, err)
	}
	h.cur.Store(newState(cfg, snap, h.versions.Add(1), now))
	if err := h.RefreshTokens(ctx); err != nil {
		return errors.Join(calErr, err)
	}
	return calErr
}

// Open publishes cfg with what the store holds, reading no calendar and
// writing nothing: for the commands that need only the config and the
// tokens (`feeds`, `outbox`).
func (h *Holder) Open(ctx context.Context, cfg *config.Config) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	snap, err := h.store.Snapshot(ctx)
	if err != nil {
		return err
	}
	h.cur.Store(newState(cfg, snap, h.versions.Add(1), h.clock.Now()))
	return h.RefreshTokens(ctx)
}

// Refresh re-reads the store without reading files: after a follow-up is
// marked done or a token rotated by another process.
func (h *Holder) Refresh(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	cur := h.cur.Load()
	if cur == nil {
		return nil
	}
	return h.publish(ctx, cur.Config, h.clock.Now())
}

// RefreshTokens re-reads the tokens, so that a rotation by `arshjul feeds
// rotate` takes effect in the running daemon within one watch interval.
func (h *Holder) RefreshTokens(ctx context.Context) error {
	toks, err := h.store.Tokens(ctx)
	if err != nil {
		return err
	}
	if old := h.Tokens(); !maps.Equal(old.ByScope, toks) {
		t := &Tokens{ByScope: toks, Admin: toks[store.AdminScope], Units: map[string]string{}}
		for scope, tok := range toks {
			if unit, ok := strings.CutPrefix(scope, store.UnitScope("")); ok {
				t.Units[unit] = tok
			}
		}
		h.tokens.Store(t)
	}
	return nil
}

// RefreshIfDone re-reads the store when a follow-up was marked done by
// another process (`arshjul followup done`), so that feeds and pages stop
// calling it overdue within one watch interval.
func (h *Holder) RefreshIfDone(ctx context.Context) error {
	stamp, err := h.store.DoneStamp(ctx)
	if err != nil {
		return err
	}
	if old := h.done.Load(); old != nil && *old == stamp {
		return nil
	}
	return h.Refresh(ctx)
}

func (h *Holder) publish(ctx context.Context, cfg *config.Config, now time.Time) error {
	// The stamp is read before the snapshot: a mark made between the two
	// is then seen again next time rather than missed.
	stamp, err := h.store.DoneStamp(ctx)
	if err != nil {
		return err
	}
	snap, err := h.store.Snapshot(ctx)
	if err != nil {
		return err
	}
	h.done.Store(&stamp)
	h.cur.Store(newState(cfg, snap, h.versions.Add(1), now))
	return h.RefreshTokens(ctx)
}

func (h *Holder) ensureTokens(ctx context.Context, cfg *config.Config, now time.Time) error {
	if _, err := h.store.Token(ctx, store.AdminScope, now); err != nil {
		return err
	}
	for _, u := range cfg.Units {
		if _, err := h.store.Token(ctx, store.UnitScope(u.ID), now); err != nil {
			return err
		}
	}
	return nil
}

func (h *Holder) fail(now time.Time, err error) {
	st := &ReloadStatus{At: now}
	var de *diag.Error
	if errors.As(err, &de) {
		for _, p := range de.Problems {
			st.Problems = append(st.Problems, p.String())
		}
	} else {
		st.Problems = []string{err.Error()}
	}
	h.status.Store(st)
	h.log.Error("reload failed; the last good state keeps serving", "problems", len(st.Problems), "first", st.Problems[0])
	for _, p := range st.Problems {
		h.log.Error("reload problem", "problem", p)
	}
}
