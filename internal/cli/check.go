package cli

import (
	"fmt"

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
	cals, warns, err := calendar.LoadAllWarn(cfg)
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
