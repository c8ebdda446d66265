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

// runFollowUp handles `followup done ID --note TEXT`.
func runFollowUp(e *env) error {
	if len(e.args) != 2 || e.args[0] != "done" {
		return errUsage
	}
	s, err := e.open(writeFiles)
	if err != nil {
		return err
	}
	defer s.Close()
	id := e.args[1]
	f, err := s.core.MarkDoneByID(e.ctx, id, e.opts.note)
	if errors.Is(err, app.ErrAlreadyDone) {
		fmt.Fprintf(e.stdout, "%s var redan klar (%s): %s\n", id, f.DoneAt.Format(time.DateOnly), f.Note)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s är markerad som klar; inga fler påminnelser om den\n", id)
	return nil
}
