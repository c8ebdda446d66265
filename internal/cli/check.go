package cli

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/store"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/state"
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
	st := readStore(e, cfg)
	if st != nil {
		defer st.Close()
	}
	cals, _, warns, err := state.Load(e.ctx, st, cfg)
	warns = append(warns, importedWarnings(e, st, cfg)...)
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

// readStore is the database, read-only, so that check reads the web's
// entries as the daemon does and names an id both a file and the web
// use; nil when there is no database yet (or it cannot be read: the
// files are still checked).
func readStore(e *env, cfg *config.Config) *store.Store {
	st, err := store.OpenReadOnly(e.ctx, cfg.Database, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil
	}
	return st
}

// importedWarnings point at the calendar: line of each unit whose wheel
// was imported into the web: its files are not read any more, and the
// line is for the admin to remove.
func importedWarnings(e *env, st *store.Store, cfg *config.Config) []diag.Problem {
	if st == nil {
		return nil
	}
	web, err := st.WebUnits(e.ctx)
	if err != nil {
		return nil
	}
	var out []diag.Problem
	for _, u := range cfg.Units {
		if line, ok := cfg.CalendarLines[u.ID]; ok && web[u.ID] {
			out = append(out, diag.Problem{File: cfg.Files.Display(cfg.Path), Line: line,
				Msg: fmt.Sprintf("enhet %q: enhetens årshjul hålls i webben sedan det hämtades in (arshjul import); filerna läses inte längre. Ta bort calendar:", u.ID)})
		}
	}
	return out
}
