package server

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/remind"
)

// RegisterReminders adds the scheduler's and the outbox's metrics, read
// from what the runner's last tick saw (a scrape never queries the store).
func (m *Metrics) RegisterReminders(r *remind.Runner) {
	gauge := func(name, help string, f func(remind.Status) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return f(r.Status()) })
	}
	// Counters live in the sender, which a config reload may replace (the
	// new one carries the counts on); before the first tick there is none.
	counter := func(name, help string, f func(*mail.Sender) int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 {
			if s := r.Sender(); s != nil {
				return float64(f(s))
			}
			return 0
		})
	}
	m.reg.MustRegister(
		gauge("arshjul_mail_queued", "Messages waiting in the outbox (queued or being sent).",
			func(s remind.Status) float64 { return float64(s.Queued) }),
		gauge("arshjul_mail_failed", "Messages the server refused, kept until `arshjul outbox retry`.",
			func(s remind.Status) float64 { return float64(s.Failed) }),
		gauge("arshjul_mail_oldest_queued_timestamp_seconds", "When the oldest waiting message was queued (0: none).",
			func(s remind.Status) float64 { return zeroUnix(s.OldestQueued) }),
		gauge("arshjul_mail_stuck", "1 if mail has waited longer than mail.alert_after.",
			func(s remind.Status) float64 { return b2f(s.Stuck) }),
		gauge("arshjul_mail_sender", "1 if this process runs the schedules and sends (holds the sender lock).",
			func(s remind.Status) float64 { return b2f(s.Sender) }),
		gauge("arshjul_programme_ended", "1 once the programme's validity has passed (nothing more is sent).",
			func(s remind.Status) float64 { return b2f(s.Ended) }),
		counter("arshjul_mail_sent_total", "Messages delivered by this process.", func(s *mail.Sender) int64 { return s.Sent.Load() }),
		counter("arshjul_mail_refused_total", "Messages refused for good (5xx) by this process's server.", func(s *mail.Sender) int64 { return s.Failed.Load() }),
		counter("arshjul_mail_retries_total", "Delivery attempts that failed and will be retried.", func(s *mail.Sender) int64 { return s.Retried.Load() }),
		&scheduleCollector{r: r},
	)
}

var (
	lastRunDesc = prometheus.NewDesc("arshjul_schedule_last_run_timestamp_seconds", "When the schedule's latest run was due.", []string{"schedule"}, nil)
	nextRunDesc = prometheus.NewDesc("arshjul_schedule_next_run_timestamp_seconds", "When the schedule next runs (0: not before the programme ends).", []string{"schedule"}, nil)
)

type scheduleCollector struct{ r *remind.Runner }

func (c *scheduleCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- lastRunDesc
	ch <- nextRunDesc
}

func (c *scheduleCollector) Collect(ch chan<- prometheus.Metric) {
	for _, s := range c.r.Status().Schedules {
		ch <- prometheus.MustNewConstMetric(lastRunDesc, prometheus.GaugeValue, zeroUnix(s.LastDue), s.Name)
		ch <- prometheus.MustNewConstMetric(nextRunDesc, prometheus.GaugeValue, zeroUnix(s.Next), s.Name)
	}
}

func zeroUnix(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.Unix())
}
