package cli

import (
	"fmt"

	"github.com/avesta-kommun/arshjul/internal/calendar"
)

// runExport writes a unit's web items as a calendar file that `check`
// accepts, so that they can move into git: `arshjul export hr >
// calendars/hr-webb.yaml`. It writes nothing itself.
func runExport(e *env) error {
	if len(e.args) != 1 {
		return errUsage
	}
	s, err := e.open(readConfig)
	if err != nil {
		return noDatabaseYet(e, err)
	}
	defer s.Close()
	unit := e.args[0]
	if s.cfg.Unit(unit) == nil {
		return fmt.Errorf("okänd enhet %q; giltiga är %s", unit, unitList(s.cfg.UnitIDs()))
	}
	web, err := s.store.WebItems(e.ctx)
	if err != nil {
		return err
	}
	var docs []calendar.WebEntry
	for _, w := range web[unit] {
		docs = append(docs, calendar.WebEntry{ID: w.ID, YAML: w.YAML, Plan: w.Plan})
	}
	if len(docs) == 0 {
		fmt.Fprintf(e.stderr, "%s har inga aktiviteter från webben\n", unit)
		return nil
	}
	doc, err := calendar.WebDoc(unit, docs)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "# %s: aktiviteter gjorda i webben, skrivna av arshjul export.\n# Lägg filen bland enhetens kalendrar och ta bort dem i webben, så finns de här i stället.\n", unit)
	_, err = e.stdout.Write(doc)
	return err
}
