// Package server is the daemon's HTTP face: the iCalendar feeds (with
// conditional requests and gzip done the way calendar clients need), the
// health and metrics endpoints, and the pages. Front is the HTTP server
// itself; Handler holds every route but the feeds.
package server

import (
	"context"
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
	// followUps is nil until EnableFollowUps: the routes then answer 404.
	followUps *followUps
}

// New makes a server.
func New(h *state.Holder, clk clock.Clock, log *slog.Logger, m *Metrics) *Server {
	return &Server{state: h, clock: clk, log: log, metrics: m, feeds: newFeedCache()}
}

// Handler returns every route but the feeds (which Front answers itself),
// wrapped in logging, metrics and headers.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", pageHeaders(http.HandlerFunc(s.handleHealth)))
	mux.Handle("GET /metrics", pageHeaders(s.metrics.Handler()))
	mux.Handle("GET /{$}", pageHeaders(http.HandlerFunc(s.handleIndex)))
	mux.Handle("GET /static/", pageHeaders(staticFiles()))
	mux.Handle("GET /t/{token}", pageHeaders(http.HandlerFunc(s.handleTokenIndex)))
	mux.Handle("GET /wheel/{name}", pageHeaders(http.HandlerFunc(s.handleWheelPublic)))
	mux.Handle("GET /wheel/{token}/{name}", pageHeaders(http.HandlerFunc(s.handleWheelToken)))
	mux.Handle("GET /wheel/{unit}/item/{item}", pageHeaders(http.HandlerFunc(s.handleItemPublic)))
	mux.Handle("GET /wheel/{token}/{unit}/item/{item}", pageHeaders(http.HandlerFunc(s.handleItemToken)))
	mux.Handle("GET /admin/{token}/{file}", pageHeaders(http.HandlerFunc(s.handleOverview)))
	if s.followUps != nil {
		mux.Handle("GET /followups/{id...}", pageHeaders(http.HandlerFunc(s.handleFollowUp)))
		mux.Handle("POST /followups/{id...}", pageHeaders(http.HandlerFunc(s.handleFollowUpDone)))
	}
	mux.Handle("/", pageHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.notFound(w) })))
	return s.observe(mux)
}

// pageHeaders are the security headers of everything a browser may render.
// Feeds (text/calendar, never rendered) carry only nosniff and
// Referrer-Policy, set in serveFeed: a 304 to a polling client is the
// most frequent response, and every header costs on it.
func pageHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Assigned directly: keys already canonical, values shared and never
		// modified.
		h["X-Content-Type-Options"] = nosniff
		h["Referrer-Policy"] = noReferrer
		h["Content-Security-Policy"] = csp
		h["X-Frame-Options"] = deny
		next.ServeHTTP(w, r)
	})
}

var (
	nosniff    = []string{"nosniff"}
	noReferrer = []string{"no-referrer"}
	csp        = []string{"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"}
	deny       = []string{"DENY"}
)

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
		s.record(r.Context(), r.Method, route, rec.status, rec.bytes, time.Since(start))
	})
}

// record counts one request by its route and logs it at debug level.
func (s *Server) record(ctx context.Context, method, route string, status, bytes int, elapsed time.Duration) {
	s.metrics.request(route, status, elapsed)
	if s.log.Enabled(ctx, slog.LevelDebug) {
		s.log.Debug("request", "method", method, "route", route, "status", status,
			"bytes", bytes, "duration_ms", float64(elapsed.Microseconds())/1000)
	}
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

// current is the state to serve, or (before the first load) a 503 already
// written.
func (s *Server) current(w http.ResponseWriter) (*state.State, bool) {
	cur := s.state.Current()
	if cur == nil {
		http.Error(w, "tjänsten startar; försök igen om en stund", http.StatusServiceUnavailable)
		return nil, false
	}
	return cur, true
}
