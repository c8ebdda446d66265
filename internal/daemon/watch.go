package daemon

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/state"
)

// watcher notices edits to the config and calendar files by polling their
// folders. Polling is plain and dependable: it sees editors that replace a
// file by renaming, Kubernetes ConfigMap symlink swaps and network shares,
// where change notifications are unreliable, at the cost of a few stats.
type watcher struct {
	h       *state.Holder
	log     *slog.Logger
	initial *config.Config // the config checked at start, until a state is loaded
	last    string
}

func newWatcher(h *state.Holder, log *slog.Logger, initial *config.Config) *watcher {
	w := &watcher{h: h, log: log, initial: initial}
	w.reset()
	return w
}

// reset takes the current files as seen.
func (w *watcher) reset() { w.last = w.fingerprint() }

// check reloads when any watched file changed, and re-reads tokens and
// follow-ups (which `arshjul feeds rotate` and `arshjul followup done`
// change from another process).
func (w *watcher) check(ctx context.Context) {
	if err := w.h.RefreshTokens(ctx); err != nil {
		w.log.Error("reading feed tokens failed", "err", err)
	}
	if err := w.h.RefreshIfDone(ctx); err != nil {
		w.log.Error("reading follow-ups failed", "err", err)
	}
	fp := w.fingerprint()
	if fp == w.last {
		return
	}
	w.log.Info("files changed: reloading")
	_ = w.h.Reload(ctx)
	w.last = fp
}

// fingerprint lists name, size and time of every file in the folders of the
// config and of the calendars, so that new files in a calendar folder count.
func (w *watcher) fingerprint() string {
	files, cfgPath := w.h.Files()
	if files.Embedded {
		return ""
	}
	dirs := map[string]bool{path.Dir(cfgPath): true}
	// The folders of the config served, and those the config file names
	// now, read leniently: a unit added with a broken file (or an empty
	// folder) is never served, and its fix must still be seen without a
	// SIGHUP.
	for _, d := range config.WatchDirs(files, cfgPath) {
		dirs[d] = true
	}
	cfgs := []*config.Config{w.initial}
	if cur := w.h.Current(); cur != nil {
		cfgs = append(cfgs, cur.Config)
	}
	for _, cfg := range cfgs {
		if cfg == nil {
			continue
		}
		for _, u := range cfg.Units {
			for _, c := range u.Calendars {
				dirs[path.Dir(c)] = true
			}
		}
	}
	var b strings.Builder
	names := make([]string, 0, len(dirs))
	for d := range dirs {
		names = append(names, d)
	}
	sort.Strings(names)
	for _, d := range names {
		entries, err := fs.ReadDir(files.FS, d)
		if err != nil {
			fmt.Fprintf(&b, "%s:error\n", d)
			continue
		}
		for _, e := range entries {
			info, err := e.Info()
			if err != nil || e.IsDir() {
				continue
			}
			fmt.Fprintf(&b, "%s/%s:%d:%d\n", d, e.Name(), info.Size(), info.ModTime().UnixNano())
		}
	}
	return b.String()
}
