// Package server is the daemon's HTTP face, on net/http alone: it
// translates requests into the application core's use cases (package
// app) and their results into answers — the iCalendar feeds with the
// conditional requests and gzip calendar clients need, the pages, health
// and metrics. It holds no domain logic of its own.
package server

import (
	"html/template"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/httpcache"
)

// Server serves HTTP for one core.
type Server struct {
	core    *app.Core
	log     *slog.Logger
	metrics *Metrics
	pages   *template.Template
	// cache keeps feeds and pages, bounded in bytes; renders bounds how
	// many pages are made at once. A feed is never made under renders:
	// a calendar's poll does not wait behind pages.
	cache     *httpcache.Cache
	renders   *httpcache.Limiter
	feedBuild sync.Mutex // one feed made at a time: a burst of polls waits for one

	renderCount, busyCount prometheus.Counter
}

// New makes a server.
func New(core *app.Core, log *slog.Logger, m *Metrics) *Server {
	s := &Server{core: core, log: log, metrics: m, cache: httpcache.New(httpcache.DefaultBytes),
		renders: httpcache.NewLimiter(runtime.NumCPU(), renderQueue, renderWait)}
	s.renderCount = prometheus.NewCounter(prometheus.CounterOpts{Name: "arshjul_page_renders_total",
		Help: "Pages rendered: a page kept in the cache is not counted again."})
	s.busyCount = prometheus.NewCounter(prometheus.CounterOpts{Name: "arshjul_page_renders_refused_total",
		Help: "Page requests answered 503 because every render slot and the queue were taken."})
	m.Register(s.renderCount, s.busyCount,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "arshjul_cache_bytes", Help: "Bytes of feeds and pages kept in memory."},
			func() float64 { return float64(s.cache.Size()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "arshjul_cache_entries", Help: "Feeds and pages kept in memory."},
			func() float64 { return float64(s.cache.Len()) }))
	m.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "arshjul_followup_links_refused_total",
		Help: "Mark-done links refused: forged, for another follow-up, or expired."},
		func() float64 { return float64(core.RefusedLinks()) }))
	s.pages = parsePages(s)
	return s
}

// A page that finds every render slot taken waits at most renderWait in a
// queue of renderQueue; past either it is answered 503 at once.
const (
	renderQueue = 64
	renderWait  = 2 * time.Second
)

// Handler returns every route, in one mux, behind the one chain that
// crosses them all (observe: panic recovery, the request log, metrics,
// Swedish 404 and 405 answers). Pages get the browser security headers;
// feeds carry only their own few (see writeFeed).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	page := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, pageHeaders(h)) }
	// Every request that changes something is a POST, and none may come
	// from another site.
	post := func(pattern string, h http.HandlerFunc) { mux.Handle("POST "+pattern, pageHeaders(s.sameOrigin(h))) }
	mux.HandleFunc("GET /feeds/public.ics", s.handlePublicFeed)
	mux.HandleFunc("GET /feeds/public/{file}", s.handlePublicUnitFeed)
	mux.HandleFunc("GET /feeds/{token}/{file}", s.handleFeed)
	page("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", pageHeaders(s.metrics.Handler()))
	page("GET /{$}", s.handleIndex)
	mux.Handle("GET /static/", pageHeaders(staticFiles()))
	page("GET /t/{token}", s.handleTokenIndex)
	// The wheel pages may be framed by the intranet (http.embed_origins);
	// those whose address holds a token only if http.embed_internal says so.
	framed := func(pattern string, token bool, h http.HandlerFunc) { mux.Handle(pattern, s.frameHeaders(token, h)) }
	framed("GET /wheel/{name}", false, s.handleWheelPublic)
	framed("GET /wheel/{token}/{name}", true, s.handleWheelToken)
	framed("GET /wheel/{unit}/item/{item}", false, s.handleItemPublic)
	framed("GET /wheel/{token}/{unit}/item/{item}", true, s.handleItemToken)
	framed("GET /embed/{unit}", false, s.handleEmbedPublic)
	framed("GET /embed/{token}/{unit}", true, s.handleEmbedToken)
	page("GET /admin/{token}/{file}", s.handleOverview)
	page("GET /login", s.handleLogin)
	post("/login", s.handleLoginPost)
	page("GET /login/link", s.handleLoginLink)
	post("/login/link", s.handleLoginLinkPost)
	post("/logout", s.handleLogout)
	page("GET /login/oidc", s.handleOIDC)
	page("GET /login/oidc/callback", s.handleOIDCCallback)
	page("GET /history/{file}", s.handleHistory)
	post("/history/{unit}/restore", s.handleRestore)
	page("GET /edit/{unit}", s.handleEdit)
	page("GET /edit/{unit}/new", s.handleEditNew)
	post("/edit/{unit}/new", s.handleEditPost)
	page("GET /edit/{unit}/item/{item}", s.handleEditItem)
	page("GET /edit/{unit}/item/{item}/ta-bort", s.handleEditDelete)
	post("/edit/{unit}/item/{item}", s.handleEditPost)
	page("GET /edit/{unit}/aktivitetsplan.xlsx", s.handleWorkbook)
	post("/edit/{unit}/upload", s.handleUpload)
	page("GET /me", s.handleMe)
	post("/me/feed", s.handleMeFeed)
	page("GET /followups/{id...}", s.handleFollowUp)
	post("/followups/{id...}", s.handleFollowUpDone)
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

// frameHeaders are pageHeaders for a page the intranet may frame: the
// origins the config names in frame-ancestors, and no X-Frame-Options,
// which can only deny (where both are sent, browsers follow the CSP, but
// an old one would deny what the admin allowed). With no origin named
// the page is denied like every other.
func (s *Server) frameHeaders(token bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		setPageHeaders(h)
		if origins := s.core.FrameAncestors(token); len(origins) > 0 {
			h["Content-Security-Policy"] = []string{cspFramed + strings.Join(origins, " ")}
			delete(h, "X-Frame-Options")
		}
		next.ServeHTTP(w, r)
	})
}

// cspFramed is csp with its frame-ancestors left for the origins.
const cspFramed = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors "

var (
	nosniff    = []string{"nosniff"}
	noReferrer = []string{"no-referrer"}
	csp        = []string{cspFramed + "'none'"}
	deny       = []string{"DENY"}
)
