package cli

import (
	"fmt"
	"os/user"
)

// runImport hands a unit's wheel from its files (or the files given) to
// the web, in one transaction: `arshjul import kommunikation`. The
// history says who ran it and from which file each entry came.
func runImport(e *env) error {
	if len(e.args) < 1 {
		return errUsage
	}
	s, err := e.open(writeFiles)
	if err != nil {
		return err
	}
	defer s.Close()
	unit := e.args[0]
	if s.cfg.Unit(unit) == nil {
		return fmt.Errorf("okänd enhet %q; giltiga är %s", unit, unitList(s.cfg.UnitIDs()))
	}
	var files []string
	for _, a := range e.args[1:] {
		p, err := s.cfg.Files.FromOS(a)
		if err != nil {
			return err
		}
		files = append(files, p)
	}
	who := "kommandoraden"
	if u, err := user.Current(); err == nil && u.Username != "" {
		who = u.Username + " (kommandoraden)"
	}
	n, err := s.holder.Import(e.ctx, s.cfg, unit, files, who, "arshjul import")
	if err != nil {
		return e.report(err)
	}
	fmt.Fprintf(e.stdout, "%s: %d aktiviteter och planer hålls nu i webben, med samma id (inget ändras i någons kalender).\n", unit, n)
	if _, ok := s.cfg.CalendarLines[unit]; ok {
		fmt.Fprintf(e.stdout, "Filerna läses inte längre: ta bort calendar: för %s i %s (check påminner tills dess).\n", unit, s.cfg.Files.Display(s.cfg.Path))
	}
	return nil
}
