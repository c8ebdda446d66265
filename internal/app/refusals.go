package app

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// refusalLogEvery is the most often a flood of refused links is logged:
// the first refusal at once (an administrator testing a link sees it),
// then one line per interval with how many there were. Without it, wrk
// with forged mark-done links wrote 32,569 lines in five seconds.
const refusalLogEvery = time.Minute

// refusals counts refused follow-up links (for the metrics) and logs them
// sampled.
type refusals struct {
	total atomic.Uint64

	mu         sync.Mutex
	lastLog    time.Time
	suppressed int
	reasons    map[string]int
}

// note counts one refusal and logs it unless a line was written less
// than refusalLogEvery ago; the next line then says how many were not.
func (r *refusals) note(log *slog.Logger, now time.Time, reason string) {
	r.total.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.lastLog.IsZero() && now.Sub(r.lastLog) < refusalLogEvery {
		r.suppressed++
		if r.reasons == nil {
			r.reasons = map[string]int{}
		}
		r.reasons[reason]++
		return
	}
	if r.suppressed > 0 {
		log.Warn("follow-up links refused", "count", r.suppressed+1, "since", r.lastLog.UTC().Format(time.RFC3339),
			"reasons", r.reasons, "last_reason", reason)
	} else {
		log.Info("follow-up link refused", "reason", reason)
	}
	r.lastLog, r.suppressed, r.reasons = now, 0, nil
}

// RefusedLinks is how many follow-up links were refused since start.
func (c *Core) RefusedLinks() uint64 { return c.refused.total.Load() }
