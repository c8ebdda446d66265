package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/avesta-kommun/arshjul/internal/state"
)

// Metrics is the daemon's Prometheus registry (its own, not the global one).
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the process, Go and arshjul metrics. Values that
// describe the state are read from it when scraped.
func NewMetrics(h *state.Holder) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "arshjul_http_requests_total",
			Help: "HTTP requests by route pattern and status code."}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "arshjul_http_request_duration_seconds",
			Help: "HTTP request latency by route pattern.", Buckets: []float64{.0005, .001, .005, .01, .05, .1, .5, 1, 5}}, []string{"route"}),
	}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration)
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

// request counts one request by its route pattern (never its path:
// paths carry feed tokens).
func (m *Metrics) request(route string, code int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
