package server

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/avesta-kommun/arshjul/internal/state"
)

// Metrics is the daemon's Prometheus registry (its own, not the global one).
type Metrics struct {
	reg      *prometheus.Registry
	requests requestStats
}

// NewMetrics registers the process, Go and arshjul metrics. Values that
// describe the state are read from it when scraped.
func NewMetrics(h *state.Holder) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&m.requests)
	status := func(f func(*state.ReloadStatus) float64) func() float64 {
		return func() float64 {
			if st := h.Status(); st != nil {
				return f(st)
			}
			return 0
		}
	}
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "arshjul_reload_ok", Help: "1 if the latest reload of config and calendars succeeded."},
			status(func(s *state.ReloadStatus) float64 { return b2f(s.OK) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "arshjul_reload_problems", Help: "Problems found by the latest reload."},
			status(func(s *state.ReloadStatus) float64 { return float64(len(s.Problems)) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "arshjul_reload_timestamp_seconds", Help: "When the latest reload was attempted."},
			status(func(s *state.ReloadStatus) float64 { return float64(s.At.Unix()) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "arshjul_items", Help: "Items served, all units."},
			func() float64 {
				if cur := h.Current(); cur != nil {
					return float64(cur.Snapshot.ItemCount())
				}
				return 0
			}),
	)
	return m
}

// Register adds collectors of other parts (the scheduler, the outbox).
func (m *Metrics) Register(cs ...prometheus.Collector) { m.reg.MustRegister(cs...) }

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// request counts one request, in the shard of the recorder that saw it.
func (m *Metrics) request(route string, code int, d time.Duration, shard uint32) {
	m.requests.add(route, code, d, shard)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
