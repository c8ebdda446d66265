package cli

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/store"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/occur"
)

// runCheck validates everything and prints every problem, one a line.
func runCheck(e *env) error {
	if len(e.args) > 0 {
		return errUsage
	}
	cfg, _, err := e.loadConfig(false)
	if err != nil {
		return err
	}
	cals, warns, err := calendar.LoadAllWeb(cfg, webEntries(e, cfg))
	if err != nil {
		return e.report(err) // the errors first; the warnings once they are fixed
	}
	for _, w := range append(cfg.Warnings, warns...) {
		fmt.Fprintln(e.stderr, "varning: "+w.String())
	}
	items, occs := 0, 0
	for _, u := range cfg.Units {
		for i := range cals[u.ID].Items {
			items++
			occs += len(occur.Expand(&cfg.Programme, u.ID, &cals[u.ID].Items[i]))
		}
	}
	fmt.Fprintf(e.stdout, "ok: %d enheter, %d aktiviteter, %d tillfällen %s – %s\n",
		len(cfg.Units), items, occs, cfg.Programme.Starts, cfg.Programme.ValidUntil)
	return nil
}

// webEntries are the web editor's items from the database, read-only,
// so that check names an id both a file and the web use; none when there
// is no database yet (or it cannot be read: the files are still checked).
func webEntries(e *env, cfg *config.Config) map[string][]calendar.WebEntry {
	st, err := store.OpenReadOnly(e.ctx, cfg.Database, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil
	}
	defer st.Close()
	web, err := st.WebItems(e.ctx)
	if err != nil {
		return nil
	}
	out := map[string][]calendar.WebEntry{}
	for unit, items := range web {
		for _, w := range items {
			out[unit] = append(out[unit], calendar.WebEntry{ID: w.ID, YAML: w.YAML, Plan: w.Plan})
		}
	}
	return out
}
