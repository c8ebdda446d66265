package cli

import (
	"fmt"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// loaded is a command's view of the wheel: the files synced to the store,
// as the daemon would serve them.
type loaded struct {
	holder *state.Holder
	store  *store.Store
	clock  clock.Clock
}

// load reads the files and syncs them. A calendar with problems is
// reported, and the command goes on with what the database last held
// (as the daemon does); a config with problems stops it.
func (e *env) load() (*loaded, error) {
	cfg, clk, err := e.setup()
	if err != nil {
		return nil, err
	}
	log := e.logger()
	st, err := e.openStore(cfg, log)
	if err != nil {
		return nil, err
	}
	files, p, err := e.locate()
	if err != nil {
		st.Close()
		return nil, err
	}
	h := state.New(st, clk, log, files, p)
	if err := h.Reload(e.ctx); err != nil {
		if h.Current() == nil {
			st.Close()
			return nil, e.report(err)
		}
		fmt.Fprintln(e.stderr, "varning: kalendrarna har fel (se loggen); det som senast lästes in utan fel används")
	}
	return &loaded{holder: h, store: st, clock: clk}, nil
}

// runRemind makes one reminder pass at --now.
func runRemind(e *env) error {
	if len(e.args) > 0 {
		return errUsage
	}
	l, err := e.load()
	if err != nil {
		return err
	}
	defer l.store.Close()
	cur := l.holder.Current()
	r := &remind.Runner{State: l.holder, Store: l.store, Clock: l.clock, Log: e.logger()}
	defer r.Close()
	if e.opts.dryRun {
		_, err := r.Once(e.ctx, e.stdout)
		return err
	}
	res, err := r.Once(e.ctx, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d brev köade", res.Queued)
	switch {
	case !res.Sending:
		fmt.Fprintf(e.stdout, "; en körande arshjul skickar dem\n")
	default:
		fmt.Fprintf(e.stdout, ", %d skickade (%s)\n", res.Sent, cur.Config.Mail.Transport)
	}
	if res.Failed > 0 {
		return fmt.Errorf("%d brev kunde inte köas; se loggen", res.Failed)
	}
	return nil
}
