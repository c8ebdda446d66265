package remind

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/holidays"
	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/schedule"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/teams"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Schedule names, as stored in the runs table and shown on /healthz.
const (
	ScheduleReminders = "reminders"
	ScheduleOverdue   = "overdue"
)

// LateAfter is how long after its time a run counts as missed: the admins
// are told, once, that it was made late.
const LateAfter = 10 * time.Minute

// Runner makes the scheduled runs and sends what they queue. The daemon
// calls Tick every few seconds; `arshjul remind` calls Once.
type Runner struct {
	State *state.Holder
	Store *store.Store
	Clock clock.Clock
	Log   *slog.Logger
	// Transport, when set, is used instead of the one the config names
	// (tests point it at their own server).
	Transport mail.Transport

	webhook *teams.Webhook // the units' Teams channels, kept in step with the config

	mu        sync.Mutex
	sender    *mail.Sender
	published atomic.Pointer[mail.Sender] // the same, for readers outside mu
	mailCfg   *config.Mail
	key       []byte
	lock      *store.SenderLock
	told      map[string]bool // log lines said once
	status    Status
	statMu    sync.Mutex
}

// Close releases the sender lock.
func (r *Runner) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lock.Release()
	r.lock = nil
}

func (r *Runner) once(what string) bool {
	if r.told == nil {
		r.told = map[string]bool{}
	}
	if r.told[what] {
		return false
	}
	r.told[what] = true
	return true
}

// inputs gathers what a plan reads; reminders is the schedule the caller
// has already parsed.
func (r *Runner) inputs(ctx context.Context, cur *state.State, reminders *schedule.Schedule) (Inputs, error) {
	if r.key == nil {
		k, err := r.Store.LinkKey(ctx)
		if err != nil {
			return Inputs{}, err
		}
		r.key = k
	}
	return Inputs{Config: cur.Config, Snapshot: cur.Snapshot, Tokens: r.State.Tokens().ByScope, LinkKey: r.key, Reminders: reminders}, nil
}

// acquire takes the sender lock if no other live process holds it. A
// second daemon on the same database serves feeds but sends nothing until
// the first is gone.
func (r *Runner) acquire(ctx context.Context) bool {
	if r.lock != nil {
		return true
	}
	l, ok, err := r.Store.TrySenderLock()
	if err != nil || !ok {
		if err != nil {
			r.Log.Error("cannot take the sender lock", "err", err)
		} else if r.once("lock-held") {
			r.Log.Warn("another arshjul process runs the schedules and sends mail for this database; this one serves feeds only until it stops")
		}
		return false
	}
	r.lock = l
	delete(r.told, "lock-held")
	n, err := r.Store.Unclaim(ctx)
	if err != nil {
		r.Log.Error("cannot return unsent mail to the queue", "err", err)
	} else if n > 0 {
		r.Log.Warn("mail left half-sent by a stopped process is queued again (it may arrive twice)", "messages", n)
	}
	r.Log.Info("this process runs the schedules and sends mail")
	return true
}

// Sender returns the sender (for its counters), once one has been made.
// It does not wait for a tick: a metrics scrape must not hang on a long
// delivery.
func (r *Runner) Sender() *mail.Sender { return r.published.Load() }

// ensureSender keeps the sender in step with the config: a reload that
// changes the mail section takes effect on the next tick.
func (r *Runner) ensureSender(cfg *config.Config) error {
	if r.webhook == nil {
		r.webhook = teams.NewWebhook()
	}
	envs := map[string]string{}
	for _, u := range cfg.Units {
		if u.TeamsWebhookEnv != "" {
			envs[u.ID] = u.TeamsWebhookEnv
		}
	}
	r.webhook.SetChannels(envs)
	if r.sender != nil && r.mailCfg != nil && *r.mailCfg == cfg.Mail && r.sender.Ends.Equal(cfg.Programme.Ends()) {
		return nil
	}
	t := r.Transport
	if t == nil {
		var err error
		if t, err = mail.NewTransport(cfg.Mail); err != nil {
			return err
		}
	}
	s := &mail.Sender{Store: r.Store, Transport: t, Teams: r.webhook, From: cfg.Mail.From, Clock: r.Clock, Log: r.Log, Ends: cfg.Programme.Ends()}
	if r.sender != nil {
		s.Sent.Store(r.sender.Sent.Load())
		s.Failed.Store(r.sender.Failed.Load())
		s.Retried.Store(r.sender.Retried.Load())
	}
	r.sender = s
	r.published.Store(s)
	m := cfg.Mail
	r.mailCfg = &m
	r.Log.Info("mail transport", "transport", t.Describe())
	return nil
}

// Tick makes every scheduled run that is due and not made (on time, or
// once at start for a run missed while the daemon was down), then sends.
func (r *Runner) Tick(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := r.State.Current()
	if cur == nil {
		return nil
	}
	cfg := cur.Config
	now := r.Clock.Now()
	if err := r.ensureSender(cfg); err != nil {
		return err
	}
	st := Status{Ended: !now.Before(cfg.Programme.Ends())}
	st.Sender = r.acquire(ctx)
	scheds, err := schedules(cfg)
	if err != nil {
		return err
	}
	last, err := r.Store.LastRuns(ctx)
	if err != nil {
		return err
	}
	if st.Ended && r.once("ended") {
		r.Log.Warn("the programme's validity has ended: no reminders are made or sent; feeds keep serving",
			"valid_until", cfg.Programme.ValidUntil.String())
	}
	var pass Pass
	due := map[string]time.Time{}
	if st.Sender && !st.Ended {
		for _, s := range scheds {
			prev, ok := s.Prev(now)
			if !ok || prev.Before(cfg.Programme.Begins()) {
				continue
			}
			made, err := r.Store.RunMade(ctx, s.Name, prev)
			if err != nil {
				return err
			}
			if made {
				continue
			}
			due[s.Name] = prev
			switch s.Name {
			case ScheduleReminders:
				pass.Upcoming = true
			case ScheduleOverdue:
				d := wheel.DateOf(prev.In(cfg.Programme.Location))
				pass.OverdueRun = &d
			}
			if _, ran := last[s.Name]; ran && now.Sub(prev) > LateAfter {
				text := fmt.Sprintf("Den schemalagda körningen %q (%s) gjordes först %s: tjänsten var nere eller upptagen. Det som föll ut då skickas nu.",
					s.Name, prev.In(cfg.Programme.Location).Format("2006-01-02 15.04"), now.In(cfg.Programme.Location).Format("2006-01-02 15.04"))
				r.Log.Warn("a scheduled run was missed and is made now", "schedule", s.Name, "due", prev.Format(time.RFC3339))
				pass.Alerts = append(pass.Alerts, Alert{Name: "missed:" + s.Name, Slot: prev.UTC().Format(time.RFC3339), Text: text})
			}
		}
		alerts, err := r.mailAlerts(ctx, cfg, now, &st)
		if err != nil {
			return err
		}
		pass.Alerts = append(pass.Alerts, alerts...)
	}
	if pass.Upcoming || pass.OverdueRun != nil || len(pass.Alerts) > 0 {
		in, err := r.inputs(ctx, cur, scheds[0])
		if err != nil {
			return err
		}
		res, err := r.run(ctx, in, pass, now)
		if err != nil {
			r.Log.Error("reminder run incomplete", "err", err)
		}
		for name, at := range due {
			if err := r.Store.RecordRun(ctx, name, at, now, res.Queued); err != nil {
				return err
			}
			r.Log.Info("scheduled run made", "schedule", name, "due", at.Format(time.RFC3339), "queued", res.Queued)
		}
	}
	if st.Sender {
		if _, err := r.sender.Drain(ctx); err != nil && !errors.Is(err, context.Canceled) {
			r.Log.Error("sending mail failed", "err", err)
		}
	}
	return r.refreshStatus(ctx, cfg, scheds, now, st)
}

// run plans and queues a pass. If another process queued some of the same
// reminders meanwhile, it plans again (the second plan leaves those out).
func (r *Runner) run(ctx context.Context, in Inputs, pass Pass, now time.Time) (QueueResult, error) {
	var total QueueResult
	var planErr error
	for attempt := 0; attempt < 3; attempt++ {
		planned, err := Plan(ctx, r.Store, in, pass, now)
		if err != nil {
			planErr = err
		}
		res, qerr := Queue(ctx, r.Store, in.Config.Mail.From, planned, now, r.Log)
		total.Queued += res.Queued
		total.Failed += res.Failed
		if qerr != nil {
			return total, qerr
		}
		if res.Stale == 0 {
			break
		}
	}
	return total, planErr
}

func schedules(cfg *config.Config) ([]*schedule.Schedule, error) {
	rem, err := schedule.Parse(ScheduleReminders, cfg.Schedule.Reminders, cfg.Programme.Location)
	if err != nil {
		return nil, err
	}
	ovd, err := schedule.Parse(ScheduleOverdue, cfg.Schedule.Overdue, cfg.Programme.Location)
	if err != nil {
		return nil, err
	}
	if cfg.Schedule.WorkingDays == "swedish" {
		rem, ovd = rem.OnWorkingDays(holidays.Working), ovd.OnWorkingDays(holidays.Working)
	}
	return []*schedule.Schedule{rem, ovd}, nil
}
