package cli

import (
	"fmt"

	"github.com/avesta-kommun/arshjul/internal/webdoc"
)

// runExport writes a unit's web entries as a calendar file that `check`
// accepts, so that they can move into git (the way back from `arshjul
// import`): `arshjul export hr > calendars/hr-webb.yaml`. It writes
// nothing itself.
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
	web, err := s.store.UnitWebItems(e.ctx, unit)
	if err != nil {
		return err
	}
	var doc webdoc.Calendar
	for _, w := range web {
		switch {
		case w.Entry.Plan != nil:
			doc.Plans = append(doc.Plans, webdoc.FromPlan(*w.Entry.Plan, w.Entry.Activities))
		case w.Entry.Item != nil:
			doc.Wheel = append(doc.Wheel, webdoc.FromItem(*w.Entry.Item))
		case w.YAML != "":
			return fmt.Errorf("%s/%s är sparad i det äldre formatet; starta tjänsten en gång så läses den in", unit, w.ID)
		}
	}
	if len(web) == 0 {
		fmt.Fprintf(e.stderr, "%s har inga aktiviteter från webben\n", unit)
		return nil
	}
	text, err := webdoc.Encode(&doc)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "# %s: aktiviteter som hålls i webben, skrivna av arshjul export.\n# Lägg filen bland enhetens kalendrar och ta bort dem i webben, så finns de här i stället.\n", unit)
	_, err = fmt.Fprint(e.stdout, text)
	return err
}
