package cli

import "fmt"

// runRemind makes one reminder pass at --now.
func runRemind(e *env) error {
	if len(e.args) > 0 {
		return errUsage
	}
	s, err := e.open(writeFiles)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.core.Remind(e.ctx, e.opts.dryRun, e.stdout)
	if err != nil || e.opts.dryRun {
		return err
	}
	fmt.Fprintf(e.stdout, "%d brev köade", res.Queued)
	switch {
	case !res.Sending:
		fmt.Fprintf(e.stdout, "; en körande arshjul skickar dem\n")
	default:
		fmt.Fprintf(e.stdout, ", %d skickade (%s)\n", res.Sent, s.cfg.Mail.Transport)
	}
	if res.Failed > 0 {
		return fmt.Errorf("%d brev kunde inte köas; se loggen", res.Failed)
	}
	return nil
}
