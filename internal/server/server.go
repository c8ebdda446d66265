// Package server is the daemon's HTTP face: the iCalendar feeds (with
// conditional requests and gzip done the way calendar clients need), the
// health and metrics endpoints, and the pages.
package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/state"
)

// Server serves HTTP from the current state.
type Server struct {
	state   *state.Holder
	clock   clock.Clock
	log     *slog.Logger
	metrics *Metrics
	feeds   *feedCache
}

// New makes a server.
func New(h *state.Holder, clk clock.Clock, log *slog.Logger, m *Metrics) *Server {
	return &Server{state: h, clock: clk, log: log, metrics: m, feeds: newFeedCache()}
}

// Handler returns every route, wrapped in logging, metrics and headers.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feeds/public.ics", s.handlePublicFeed)
	mux.HandleFunc("GET /feeds/{token}/{file}", s.handleFeed)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", s.metrics.Handler())
	mux.HandleFunc("GET /{$}", s.handleIndex)
	return s.observe(securityHeaders(mux))
}

// securityHeaders applies to every response. Referrer-Policy matters most:
// feed tokens are in URLs and must not leak to other sites.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// observe logs and counts each request by its route pattern, never by its
// path: paths carry feed tokens, which must stay out of logs.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		elapsed := time.Since(start)
		s.metrics.request(route, rec.status, elapsed)
		s.log.Debug("request", "method", r.Method, "route", route, "status", rec.status,
			"bytes", rec.bytes, "duration_ms", float64(elapsed.Microseconds())/1000)
	})
}

type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}
