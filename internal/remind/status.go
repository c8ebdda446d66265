package remind

import (
	"context"
	"time"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/schedule"
)

// ScheduleStatus is one schedule as /healthz shows it.
type ScheduleStatus struct {
	Name    string    `json:"name"`
	Cron    string    `json:"cron"`
	LastDue time.Time `json:"last_run_due,omitzero"`
	LastRan time.Time `json:"last_run_made,omitzero"`
	Next    time.Time `json:"next_run,omitzero"`
}

// Status is the reminder side of /healthz and /metrics.
type Status struct {
	Schedules    []ScheduleStatus `json:"schedules"`
	Queued       int              `json:"queued"`
	Failed       int              `json:"failed"`
	OldestQueued time.Time        `json:"oldest_queued,omitzero"`
	Stuck        bool             `json:"stuck"`
	Sender       bool             `json:"sender"` // this process sends (holds the lock)
	Ended        bool             `json:"programme_ended"`
}

// Status returns what the last tick saw.
func (r *Runner) Status() Status {
	r.statMu.Lock()
	defer r.statMu.Unlock()
	return r.status
}

func (r *Runner) setStatus(s Status) {
	r.statMu.Lock()
	r.status = s
	r.statMu.Unlock()
}

func (r *Runner) refreshStatus(ctx context.Context, cfg *config.Config, scheds []*schedule.Schedule, now time.Time, st Status) error {
	last, err := r.Store.LastRuns(ctx)
	if err != nil {
		return err
	}
	for _, s := range scheds {
		ss := ScheduleStatus{Name: s.Name, Cron: s.Expr, LastDue: last[s.Name].Due, LastRan: last[s.Name].Ran}
		if next := s.Next(now); next.Before(cfg.Programme.Ends()) {
			ss.Next = next.UTC()
		}
		st.Schedules = append(st.Schedules, ss)
	}
	stats, err := r.Store.OutboxStats(ctx)
	if err != nil {
		return err
	}
	st.Queued = stats.Count["queued"] + stats.Count["sending"]
	st.Failed = stats.Count["failed"]
	st.OldestQueued = stats.Oldest["queued"]
	st.Stuck = !st.OldestQueued.IsZero() && now.Sub(st.OldestQueued) > cfg.Mail.AlertAfter
	r.setStatus(st)
	return nil
}
