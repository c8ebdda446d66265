package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
)

// runFollowUps lists follow-ups, one a line, id first, from the files as
// they are now; it writes nothing.
func runFollowUps(e *env) error {
	if len(e.args) > 0 {
		return errUsage
	}
	s, err := e.open(readFiles)
	if err != nil {
		return err
	}
	defer s.Close()
	lines, err := s.core.FollowUps(e.opts.unit, e.opts.overdue)
	if err != nil {
		return err
	}
	loc := s.cfg.Programme.Location
	for _, f := range lines {
		status := f.State.Words()
		switch f.State {
		case snapshot.Done, snapshot.Skipped:
			status += " " + f.DoneAt.In(loc).Format(time.DateOnly)
		case snapshot.Overdue:
			status = strings.ToUpper(status) // what an administrator scans the list for
		}
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%s\n", f.ID, f.Due, status, f.Owner, f.Title)
	}
	if len(lines) == 0 {
		fmt.Fprintln(e.stderr, "inga uppföljningar")
	}
	return nil
}

// runFollowUp handles `followup done ID... --note TEXT` and `followup
// skip ID... --reason TEXT`: several follow-ups closed with one text.
func runFollowUp(e *env) error {
	if len(e.args) < 2 || (e.args[0] != "done" && e.args[0] != "skip") {
		return errUsage
	}
	s, err := e.open(writeFiles)
	if err != nil {
		return err
	}
	defer s.Close()
	skip := e.args[0] == "skip"
	for _, id := range e.args[1:] {
		var f snapshot.FollowUpRecord
		if skip {
			f, err = s.core.SkipByID(e.ctx, id, e.opts.reason)
		} else {
			f, err = s.core.MarkDoneByID(e.ctx, id, e.opts.note)
		}
		if errors.Is(err, app.ErrAlreadyDone) {
			word := "klar"
			if f.Skipped {
				word = "ej aktuell"
			}
			fmt.Fprintf(e.stdout, "%s var redan %s (%s): %s\n", id, word, f.DoneAt.Format(time.DateOnly), f.Note)
			continue
		}
		if err != nil {
			return err
		}
		if skip {
			fmt.Fprintf(e.stdout, "%s är markerad som ej aktuell; inga fler påminnelser om den\n", id)
		} else {
			fmt.Fprintf(e.stdout, "%s är markerad som klar; inga fler påminnelser om den\n", id)
		}
	}
	return nil
}
