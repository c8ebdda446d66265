// Package server is the daemon's HTTP face, on net/http alone: the
// iCalendar feeds (with conditional requests and gzip done the way calendar
// clients need), the health and metrics endpoints, and the pages.
package server

import (
	"log/slog"
	"net/http"

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

// Handler returns every route, in one mux, behind the one chain that
// crosses them all (observe: panic recovery, the request log, metrics,
// Swedish 404 and 405 answers). Pages get the browser security headers;
// feeds carry only their own few (see serveFeed).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	page := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, pageHeaders(h)) }
	mux.HandleFunc("GET /feeds/public.ics", s.handlePublicFeed)
	mux.HandleFunc("GET /feeds/{token}/{file}", s.handleFeed)
	page("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", pageHeaders(s.metrics.Handler()))
	page("GET /{$}", s.handleIndex)
	mux.Handle("GET /static/", pageHeaders(staticFiles()))
	page("GET /t/{token}", s.handleTokenIndex)
	page("GET /wheel/{name}", s.handleWheelPublic)
	page("GET /wheel/{token}/{name}", s.handleWheelToken)
	page("GET /wheel/{unit}/item/{item}", s.handleItemPublic)
	page("GET /wheel/{token}/{unit}/item/{item}", s.handleItemToken)
	page("GET /admin/{token}/{file}", s.handleOverview)
	if s.followUps != nil {
		page("GET /followups/{id...}", s.handleFollowUp)
		page("POST /followups/{id...}", s.handleFollowUpDone)
	}
	return s.observe(mux)
}

// pageHeaders are the security headers of everything a browser may render.
// Feeds (text/calendar, never rendered) carry only nosniff and
// Referrer-Policy, set in serveFeed: a 304 to a polling client is the
// most frequent response, and every header costs on it.
func pageHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setPageHeaders(w.Header())
		next.ServeHTTP(w, r)
	})
}

func setPageHeaders(h http.Header) {
	// Assigned directly: keys already canonical, values shared and never
	// modified.
	h["X-Content-Type-Options"] = nosniff
	h["Referrer-Policy"] = noReferrer
	h["Content-Security-Policy"] = csp
	h["X-Frame-Options"] = deny
}

var (
	nosniff    = []string{"nosniff"}
	noReferrer = []string{"no-referrer"}
	csp        = []string{"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"}
	deny       = []string{"DENY"}
)

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
