package state

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// The web-kept wheel: loading it, changing one unit of it, and handing a
// unit from its files to it.

// loadUnits reads the files of the units the files keep and every unit's
// web entries, each checked again against the config (calendar.Recheck).
// Entries kept as YAML from before the web kept records are checked into
// records here and returned by unit, for the caller to store (conv). A
// web entry with problems holds back its own unit alone: the error is
// then a *calendar.WebError naming it, as the files' problems stop all.
func (h *Holder) loadUnits(ctx context.Context, cfg *config.Config) (map[string]*wheel.Calendar, map[string][]store.WebItem, error) {
	cals, conv, _, err := Load(ctx, h.store, cfg)
	return cals, conv, err
}

// Load is what a reload reads (see loadUnits), and the files' warnings,
// for `check`; st may be nil (no database yet).
func Load(ctx context.Context, st *store.Store, cfg *config.Config) (map[string]*wheel.Calendar, map[string][]store.WebItem, []diag.Problem, error) {
	webUnits := map[string]bool{}
	web := map[string][]store.WebItem{}
	var err error
	if st != nil {
		if webUnits, err = st.WebUnits(ctx); err != nil {
			return nil, nil, nil, err
		}
		if web, err = st.WebItems(ctx); err != nil {
			return nil, nil, nil, err
		}
	}
	files := *cfg
	files.Units = make([]wheel.Unit, len(cfg.Units))
	for i, u := range cfg.Units {
		switch {
		case webUnits[u.ID]:
			u.Calendars = nil // imported: its files are not read again
		case len(u.StartsFrom) > 0 && len(web[u.ID]) == 0:
			u.Calendars = u.StartsFrom // what starting it stores (startUnits)
		}
		files.Units[i] = u
	}
	cals, warns, err := calendar.LoadAllWeb(&files, nil)
	if err != nil {
		return nil, nil, warns, err
	}
	conv := map[string][]store.WebItem{}
	var probs diag.List
	var held []string
	for i := range cfg.Units {
		u := &cfg.Units[i]
		cal := cals[u.ID]
		ids := calendar.IDs(cal)
		n := probs.Len()
		for _, w := range web[u.ID] {
			if w.YAML != "" {
				e, ps := calendar.CheckRecordYAML(&cfg.Programme, u, ids, w.ID, w.YAML, w.Plan)
				if addAll(&probs, ps) {
					continue
				}
				w.Entry, w.YAML = e, ""
				conv[u.ID] = append(conv[u.ID], w)
			}
			e, ps := calendar.Recheck(&cfg.Programme, u, ids, w.Entry)
			if !addAll(&probs, ps) {
				appendEntry(cal, e)
			}
		}
		if probs.Len() > n {
			held = append(held, u.ID)
			delete(cals, u.ID)
			delete(conv, u.ID)
		}
	}
	if probs.Len() > 0 {
		return cals, conv, warns, &calendar.WebError{Units: held, Err: probs.Err().(*diag.Error)}
	}
	return cals, conv, warns, nil
}

func addAll(l *diag.List, ps []diag.Problem) bool {
	for _, p := range ps {
		l.Add(p.File, p.Line, "%s", p.Msg)
	}
	return len(ps) > 0
}

func appendEntry(cal *wheel.Calendar, e wheel.Entry) {
	if e.Plan != nil {
		cal.Plans = append(cal.Plans, *e.Plan)
	}
	cal.Items = append(cal.Items, e.Items()...)
}

// keep takes the units' wheels just stored as the last good ones; a held
// unit keeps its own.
func (h *Holder) keep(cals map[string]*wheel.Calendar, hold map[string]bool) {
	next := make(map[string]*wheel.Calendar, len(cals))
	for unit, cal := range h.cals {
		if hold[unit] {
			next[unit] = cal
		}
	}
	for unit, cal := range cals {
		next[unit] = cal
	}
	h.cals = next
}

// startUnits imports, once, the files a web-kept unit starts_from, when
// its web wheel is empty and was never started (see Import).
func (h *Holder) startUnits(ctx context.Context, cfg *config.Config, now time.Time) error {
	for i := range cfg.Units {
		u := &cfg.Units[i]
		if len(u.StartsFrom) == 0 || len(u.Calendars) > 0 {
			continue
		}
		empty, err := h.store.WebUnitEmpty(ctx, u.ID)
		if err != nil {
			return err
		}
		if !empty {
			continue
		}
		n, err := h.importUnit(ctx, cfg, u, u.StartsFrom, "", "starts_from:", now) // no one: the config
		if err != nil {
			return err
		}
		h.log.Info("a web-kept unit started from its files", "unit", u.ID, "entries", n)
	}
	return nil
}

// WebChange is one unit's change made in the web (see Change).
type WebChange struct {
	Unit string
	// Save are the entries saved, as the web keeps them (calendar.
	// CheckRecord), each with the version it was based on (0: new).
	Save []store.WebItem
	// Remove are the entries removed, by id, with the version each was
	// read at.
	Remove   map[string]int64
	Whole    bool // an upload, checked as a whole: see store.WebChange
	Who, Via string
}

// ErrNotLoaded is a change to a unit that has no good load to change.
var ErrNotLoaded = errors.New("state: the unit's wheel is not loaded")

// Change stores one unit's web change and publishes it, reading no file:
// the unit's wheel is made anew from its last good load with the change
// (its entries checked against the config as a load checks them), stored
// in one transaction with its occurrences, follow-ups and history
// (store.ApplyWeb), and swapped in beside the other units as they are
// served. A stale version is store.ErrChanged, a taken id store.ErrTaken;
// a saved entry with problems a *diag.Error. Nothing is stored then.
func (h *Holder) Change(ctx context.Context, c WebChange) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	cur := h.cur.Load()
	if cur == nil {
		return ErrNotLoaded
	}
	cfg := cur.Config
	u := cfg.Unit(c.Unit)
	base := h.cals[c.Unit]
	if u == nil || base == nil {
		return ErrNotLoaded
	}
	gone := map[string]bool{}
	for id := range c.Remove {
		gone[id] = true
	}
	for _, w := range c.Save {
		gone[w.ID] = true
	}
	cal := without(base, gone)
	var probs diag.List
	ids := calendar.IDs(cal)
	for _, w := range c.Save {
		e, ps := calendar.Recheck(&cfg.Programme, u, ids, w.Entry)
		if !addAll(&probs, ps) {
			appendEntry(cal, e)
		}
	}
	if probs.Len() > 0 {
		return probs.Err()
	}
	now := h.clock.Now()
	if _, err := h.store.ApplyWeb(ctx, &cfg.Programme, store.WebChange{
		Unit: u, Save: c.Save, Remove: c.Remove, Whole: c.Whole, Who: c.Who, Via: c.Via, Calendar: cal,
	}, now); err != nil {
		return err
	}
	changed := make([]string, 0, len(gone))
	for id := range gone {
		changed = append(changed, id)
	}
	return h.publishEntries(ctx, cur, u.ID, changed, cal, now)
}

// without is cal without the entries of the ids in gone (an item, or a
// plan and its activities), as a new calendar: cal is shared with the
// state being served.
func without(cal *wheel.Calendar, gone map[string]bool) *wheel.Calendar {
	out := &wheel.Calendar{}
	for _, it := range cal.Items {
		if gone[it.ID] && it.Plan == nil || it.Plan != nil && gone[it.Plan.ID] {
			continue
		}
		out.Items = append(out.Items, it)
	}
	for _, p := range cal.Plans {
		if !gone[p.ID] {
			out.Plans = append(out.Plans, p)
		}
	}
	return out
}

// publishEntries swaps in unit's entries of ids as stored now beside the
// rest as it is served: what is read is those entries and the unit's
// follow-ups, nothing else.
func (h *Holder) publishEntries(ctx context.Context, cur *State, unit string, ids []string, cal *wheel.Calendar, now time.Time) error {
	next := make(map[string]*wheel.Calendar, len(h.cals))
	for k, v := range h.cals {
		next[k] = v
	}
	next[unit] = cal
	h.cals = next
	part, err := h.store.EntriesSnapshot(ctx, unit, ids)
	if err != nil {
		return err
	}
	h.cur.Store(newState(cur.Config, cur.Snapshot.WithEntries(unit, ids, part), h.versions.Add(1), now))
	return nil
}

// Import hands unit's wheel from files (its calendar: files when none
// are given) to the web in one transaction (store.Import): the same ids,
// UIDs and SEQUENCEs, follow-ups done staying done, each entry in the
// history with who imported it (who, via) and from which file. From then
// on the unit's files are not read. It returns how many entries moved.
func (h *Holder) Import(ctx context.Context, cfg *config.Config, unit string, files []string, who, via string) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	u := cfg.Unit(unit)
	if u == nil {
		return 0, fmt.Errorf("okänd enhet %q", unit)
	}
	if len(files) == 0 {
		files = u.Calendars
	}
	return h.importUnit(ctx, cfg, u, files, who, via, h.clock.Now())
}

func (h *Holder) importUnit(ctx context.Context, cfg *config.Config, u *wheel.Unit, files []string, who, via string, now time.Time) (int, error) {
	if len(files) == 0 {
		return 0, fmt.Errorf("enheten %q har inga kalenderfiler att hämta in", u.ID)
	}
	// Read as the web keeps entries: publicity as each one's own wish.
	one := *cfg
	own := *u
	own.Public, own.Calendars = true, files
	one.Units = []wheel.Unit{own}
	cals, _, err := calendar.LoadAllWeb(&one, nil)
	if err != nil {
		return 0, err
	}
	read := cals[u.ID]
	var entries []wheel.Entry
	from := map[string]string{}
	for i := range read.Items {
		if it := &read.Items[i]; it.Plan == nil {
			entries = append(entries, wheel.Entry{Item: it})
			from[it.ID] = it.File
		}
	}
	for i := range read.Plans {
		p := &read.Plans[i]
		e := wheel.Entry{Plan: p}
		for _, it := range read.Items {
			if it.Plan != nil && it.Plan.ID == p.ID {
				e.Activities = append(e.Activities, it)
			}
		}
		entries = append(entries, e)
		from[p.ID] = p.File
	}
	// The unit's web entries made beside its files stay, after them.
	web, err := h.store.UnitWebItems(ctx, u.ID)
	if err != nil {
		return 0, err
	}
	cal := &wheel.Calendar{}
	var probs diag.List
	ids := map[string]string{}
	for _, e := range entries {
		served, ps := calendar.Recheck(&cfg.Programme, u, ids, e)
		if !addAll(&probs, ps) {
			appendEntry(cal, served)
		}
	}
	for _, w := range web {
		if w.YAML != "" {
			return 0, fmt.Errorf("enheten %q har webbposter som inte är lästa än; starta om tjänsten först", u.ID)
		}
		served, ps := calendar.Recheck(&cfg.Programme, u, ids, w.Entry)
		if !addAll(&probs, ps) {
			appendEntry(cal, served)
		}
	}
	if probs.Len() > 0 {
		return 0, probs.Err()
	}
	if _, err := h.store.Import(ctx, &cfg.Programme, u, entries, from, cal, who, via, now); err != nil {
		return 0, err
	}
	if h.cals != nil {
		next := make(map[string]*wheel.Calendar, len(h.cals))
		for k, v := range h.cals {
			next[k] = v
		}
		next[u.ID] = cal
		h.cals = next
	}
	return len(entries), nil
}
