package remind

import (
	"context"
	"errors"
	"io"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// OnceResult is what `arshjul remind` did.
type OnceResult struct {
	QueueResult
	Sent    int
	Sending bool // false: another process holds the lock and sends
}

// Once makes one pass of both kinds at now, as the scheduler would (the
// overdue part as of the latest overdue run): `arshjul remind`. With w set
// it only prints what would be sent. It does not record a scheduled run:
// the ledger already keeps the daemon from sending any of it again.
func (r *Runner) Once(ctx context.Context, w io.Writer) (OnceResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out OnceResult
	cur := r.State.Current()
	if cur == nil {
		return out, errors.New("nothing loaded")
	}
	cfg := cur.Config
	now := r.Clock.Now()
	if err := r.ensureSender(cfg); err != nil {
		return out, err
	}
	scheds, err := schedules(cfg)
	if err != nil {
		return out, err
	}
	in, err := r.inputs(ctx, cur, scheds[0])
	if err != nil {
		return out, err
	}
	pass := Pass{Upcoming: true}
	if prev, ok := scheds[1].Prev(now); ok && !prev.Before(cfg.Programme.Begins()) {
		d := wheel.DateOf(prev.In(cfg.Programme.Location))
		pass.OverdueRun = &d
	}
	if w != nil {
		planned, err := Plan(ctx, r.Store, in, pass, now)
		Print(w, planned)
		return out, err
	}
	res, err := r.run(ctx, in, pass, now)
	out.QueueResult = res
	if err != nil {
		return out, err
	}
	if out.Sending = r.acquire(ctx); out.Sending {
		out.Sent, err = r.sender.Drain(ctx)
	}
	return out, err
}
