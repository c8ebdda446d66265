// Package server is the daemon's HTTP face, on net/http alone: it
// translates requests into the application core's use cases (package
// app) and their results into answers — the iCalendar feeds with the
// conditional requests and gzip calendar clients need, the pages, health
// and metrics. It holds no domain logic of its own.
package server

import (
	"github.com/prometheus/client_golang/prometheus"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// Server serves HTTP for one core.
type Server struct {
	core    *app.Core
	log     *slog.Logger
	metrics *Metrics
	pages   *template.Template
	cache   *pageCache // rendered public pages
	images  imageCache // drawn public wheel images
}

// New makes a server.
func New(core *app.Core, log *slog.Logger, m *Metrics) *Server {
	s := &Server{core: core, log: log, metrics: m, cache: newPageCache()}
	m.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "arshjul_followup_links_refused_total",
		Help: "Mark-done links refused: forged, for another follow-up, or expired."},
		func() float64 { return float64(core.RefusedLinks()) }))
	s.pages = parsePages(s)
	return s
}

// Handler returns every route, in one mux, behind the one chain that
// crosses them all (observe: panic recovery, the request log, metrics,
// Swedish 404 and 405 answers). Pages get the browser security headers;
// feeds carry only their own few (see writeFeed).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	page := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, pageHeaders(h)) }
	mux.HandleFunc("GET /feeds/public.ics", s.handlePublicFeed)
	mux.HandleFunc("GET /feeds/public/{file}", s.handlePublicUnitFeed)
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
	page("GET /login", s.handleLogin)
	page("POST /login", s.handleLoginPost)
	page("GET /login/link", s.handleLoginLink)
	page("POST /login/link", s.handleLoginLinkPost)
	page("POST /logout", s.handleLogout)
	page("GET /login/oidc", s.handleOIDC)
	page("GET /login/oidc/callback", s.handleOIDCCallback)
	page("GET /history/{file}", s.handleHistory)
	page("GET /edit/{unit}", s.handleEdit)
	page("GET /edit/{unit}/new", s.handleEditNew)
	page("POST /edit/{unit}/new", s.handleEditPost)
	page("GET /edit/{unit}/item/{item}", s.handleEditItem)
	page("POST /edit/{unit}/item/{item}", s.handleEditPost)
	page("GET /edit/{unit}/aktivitetsplan.xlsx", s.handleWorkbook)
	page("POST /edit/{unit}/upload", s.handleUpload)
	page("GET /followups/{id...}", s.handleFollowUp)
	page("POST /followups/{id...}", s.handleFollowUpDone)
	return s.observe(mux)
}

// pageHeaders are the security headers of everything a browser may render.
// Feeds (text/calendar, never rendered) carry only nosniff and
// Referrer-Policy, set in writeFeed: a 304 to a polling client is the
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
