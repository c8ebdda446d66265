package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// runFollowUps lists follow-ups, one a line, id first.
func runFollowUps(e *env) error {
	if len(e.args) > 0 {
		return errUsage
	}
	l, err := e.load()
	if err != nil {
		return err
	}
	defer l.store.Close()
	cur := l.holder.Current()
	cfg := cur.Config
	if e.opts.unit != "" && cfg.Unit(e.opts.unit) == nil {
		return fmt.Errorf("okänd enhet %q; giltiga är %s", e.opts.unit, unitList(cfg))
	}
	loc := cfg.Programme.Location
	clk := l.clock
	today := wheel.DateOf(clk.Now().In(loc))
	n := 0
	for _, u := range cfg.Units {
		if e.opts.unit != "" && u.ID != e.opts.unit {
			continue
		}
		for _, f := range cur.Snapshot.FollowUps[u.ID] {
			st := f.State(today)
			if e.opts.overdue && st != snapshot.Overdue {
				continue
			}
			status := st.Words()
			switch st {
			case snapshot.Done:
				status += " " + f.DoneAt.In(loc).Format(time.DateOnly)
			case snapshot.Overdue:
				status = strings.ToUpper(status) // what an administrator scans the list for
			}
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%s\n", f.ID, f.Due, status, f.Owner, f.Title)
			n++
		}
	}
	if n == 0 {
		fmt.Fprintln(e.stderr, "inga uppföljningar")
	}
	return nil
}

// runFollowUp handles `followup done ID --note TEXT`.
func runFollowUp(e *env) error {
	if len(e.args) != 2 || e.args[0] != "done" {
		return errUsage
	}
	note := strings.TrimSpace(e.opts.note)
	if note == "" {
		return fmt.Errorf("skriv resultatet med --note \"...\"; en uppföljning markeras inte klar utan det")
	}
	l, err := e.load()
	if err != nil {
		return err
	}
	defer l.store.Close()
	id := e.args[1]
	clk := l.clock
	f, err := l.store.FollowUp(e.ctx, id)
	if err != nil {
		return fmt.Errorf("uppföljningen %q finns inte; `arshjul followups` listar dem: %w", id, err)
	}
	if f.DoneAt != nil {
		fmt.Fprintf(e.stdout, "%s var redan klar (%s): %s\n", id, f.DoneAt.Format(time.DateOnly), f.Note)
		return nil
	}
	if err := l.store.MarkFollowUpDone(e.ctx, id, note, clk.Now()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s är markerad som klar; inga fler påminnelser om den\n", id)
	return nil
}
