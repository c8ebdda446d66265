package cli

import (
	"fmt"
	"strconv"
)

// runOutbox lists mail that waits or failed (reading only), or queues
// failed mail again.
func runOutbox(e *env) error {
	switch {
	case len(e.args) == 0:
		return listOutbox(e)
	case e.args[0] == "show" && len(e.args) == 2:
		return showOutbox(e, e.args[1])
	case e.args[0] == "retry" && len(e.args) <= 2:
		var id int64
		if len(e.args) == 2 {
			var err error
			if id, err = strconv.ParseInt(e.args[1], 10, 64); err != nil || id <= 0 {
				return fmt.Errorf("%q är inget brevnummer; `arshjul outbox` visar numren", e.args[1])
			}
		}
		s, err := e.open(writeFiles)
		if err != nil {
			return err
		}
		defer s.Close()
		n, err := s.store.Retry(e.ctx, id, s.clock.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d brev köade igen; den körande tjänsten skickar dem inom några sekunder (eller kör arshjul remind)\n", n)
		return nil
	}
	return errUsage
}

func listOutbox(e *env) error {
	s, err := e.open(readConfig)
	if err != nil {
		return noDatabaseYet(e, err)
	}
	defer s.Close()
	msgs, err := s.store.Outbox(e.ctx, "queued", "sending", "failed")
	if err != nil {
		return err
	}
	loc := s.cfg.Programme.Location
	for _, m := range msgs {
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\tförsök %d\tköat %s\t%s\t%s\n", m.ID, m.State, m.Recipient, m.Attempts,
			m.QueuedAt.In(loc).Format("2006-01-02 15:04"), m.Subject, m.LastError)
	}
	stats, err := s.store.OutboxStats(e.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "väntar: %d, misslyckade: %d, skickade: %d\n", stats.Count["queued"]+stats.Count["sending"], stats.Count["failed"], stats.Count["sent"])
	return nil
}

// showOutbox prints one message of the outbox as it will be sent (RFC
// 5322), for an administrator looking into what waits or failed.
func showOutbox(e *env, arg string) error {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%q är inget brevnummer; `arshjul outbox` visar numren", arg)
	}
	s, err := e.open(readConfig)
	if err != nil {
		return noDatabaseYet(e, err)
	}
	defer s.Close()
	m, err := s.store.OutboxMessage(e.ctx, id)
	if err != nil {
		return fmt.Errorf("brev %d finns inte i utkorgen; `arshjul outbox` visar numren", id)
	}
	_, err = e.stdout.Write(m.Body)
	return err
}
