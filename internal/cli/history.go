package cli

import (
	"fmt"
	"text/tabwriter"
)

// runHistory prints the history of every unit, or of one, newest first;
// it writes nothing.
func runHistory(e *env) error {
	if len(e.args) > 1 {
		return errUsage
	}
	unit := ""
	if len(e.args) == 1 {
		unit = e.args[0]
	}
	s, err := e.open(readConfig)
	if err != nil {
		return noDatabaseYet(e, err)
	}
	defer s.Close()
	if unit != "" && s.cfg.Unit(unit) == nil {
		return fmt.Errorf("okänd enhet %q; giltiga är %s", unit, unitList(s.cfg.UnitIDs()))
	}
	rows, err := s.core.History(e.ctx, unit, "")
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.When, r.Unit, r.Subject, r.What, r.Who)
	}
	w.Flush()
	if len(rows) == 0 {
		fmt.Fprintln(e.stderr, "ingen historik än")
	}
	return nil
}
