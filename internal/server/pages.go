package server

import (
	"github.com/avesta-kommun/arshjul/internal/app"

	"net/http"
	"strings"
)

// handleIndex: the public units and the public feed. Unlike a token's
// page it holds nothing secret, so it may be cached.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	s.servePublic(w, r, func() (rendered, error) {
		p, err := s.core.Index()
		if err != nil {
			return rendered{}, err
		}
		return s.html("index.html", p)
	})
}

// html renders a public page for the cache.
func (s *Server) html(name string, data any) (rendered, error) {
	body, err := s.execute(name, data)
	if err != nil {
		s.log.Error("page failed", "page", name, "err", err)
		return rendered{}, err
	}
	return rendered{body: body, ctype: "text/html; charset=utf-8"}, nil
}

func (s *Server) handleTokenIndex(w http.ResponseWriter, r *http.Request) {
	p, err := s.core.TokenIndex(r.PathValue("token"))
	s.page(w, "index.html", p, err)
}

// handleWheelPublic serves /wheel/UNIT and /wheel/public (and .svg), from
// the public page cache.
func (s *Server) handleWheelPublic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	w.Header()["Vary"] = varyCookie
	if who, ok := s.reader(r); ok { // signed in: the internal wheel, never cached
		s.serveWheel(w, r, who, name)
		return
	}
	if s.servePublicImage(w, r, name) {
		return
	}
	s.servePublic(w, r, func() (rendered, error) {
		if unit, ok := strings.CutSuffix(name, ".svg"); ok {
			pic, err := s.core.WheelPicture(app.Anyone, unit, r.URL.Query())
			if err != nil {
				return rendered{}, err
			}
			return rendered{body: pic.SVG, ctype: "image/svg+xml; charset=utf-8", disposition: `inline; filename="` + pic.Filename + `"`}, nil
		}
		p, err := s.core.Wheel(app.Anyone, name, r.URL.Query())
		if err != nil {
			return rendered{}, err
		}
		return s.html("wheel.html", p)
	})
}

// varyCookie tells caches that a token-free wheel or item page is another
// page to someone signed in (the session cookie): a shared cache must not
// hand the internal one to anyone else, nor the public one to a colleague.
var varyCookie = []string{"Cookie"}

// handleWheelToken serves /wheel/TOKEN/UNIT and /wheel/TOKEN/all (and .svg).
func (s *Server) handleWheelToken(w http.ResponseWriter, r *http.Request) {
	s.serveWheel(w, r, app.TokenViewer(r.PathValue("token")), r.PathValue("name"))
}

func (s *Server) serveWheel(w http.ResponseWriter, r *http.Request, who app.Viewer, name string) {
	if pic, ok, err := s.wheelImage(who, name, r); ok {
		s.writeImage(w, pic, err)
		return
	}
	if unit, ok := strings.CutSuffix(name, ".svg"); ok {
		pic, err := s.core.WheelPicture(who, unit, r.URL.Query())
		if err != nil {
			s.fail(w, err)
			return
		}
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Type", "image/svg+xml; charset=utf-8")
		h.Set("Content-Disposition", `inline; filename="`+pic.Filename+`"`)
		w.Write(pic.SVG)
		return
	}
	p, err := s.core.Wheel(who, name, r.URL.Query())
	s.page(w, "wheel.html", p, err)
}

func (s *Server) handleItemPublic(w http.ResponseWriter, r *http.Request) {
	w.Header()["Vary"] = varyCookie
	if who, ok := s.reader(r); ok {
		p, err := s.core.Item(who, r.PathValue("unit"), r.PathValue("item"))
		s.page(w, "item.html", p, err)
		return
	}
	s.servePublic(w, r, func() (rendered, error) {
		p, err := s.core.Item(app.Anyone, r.PathValue("unit"), r.PathValue("item"))
		if err != nil {
			return rendered{}, err
		}
		return s.html("item.html", p)
	})
}

func (s *Server) handleItemToken(w http.ResponseWriter, r *http.Request) {
	p, err := s.core.Item(app.TokenViewer(r.PathValue("token")), r.PathValue("unit"), r.PathValue("item"))
	s.page(w, "item.html", p, err)
}

// handleOverview: the admin token's pages under /admin/TOKEN/: every
// follow-up per unit (followups, followups.csv) and the programme report
// (report, report.csv).
func (s *Server) handleOverview(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	if file == "report" || file == "report.csv" {
		s.handleReport(w, r, file == "report.csv")
		return
	}
	if file != "followups" && file != "followups.csv" {
		s.notFound(w)
		return
	}
	p, err := s.core.Overview(r.PathValue("token"))
	if err != nil || file == "followups" {
		s.page(w, "overview.html", p, err)
		return
	}
	writeOverviewCSV(w, p)
}

// handleReport: the programme report for the admin token (SPEC:
// Programme report), as a page or for Excel.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request, csv bool) {
	p, err := s.core.Report(r.PathValue("token"), r.URL.Query())
	if err != nil || !csv {
		s.page(w, "report.html", p, err)
		return
	}
	writeReportCSV(w, p)
}

// handleHealth answers 200 while the daemon serves (even a stale state)
// and 503 only before anything could be loaded: status and version for
// anyone, everything with ?token=ADMIN.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	code := func(ok bool) int {
		if ok {
			return http.StatusOK
		}
		return http.StatusServiceUnavailable
	}
	token := r.URL.Query().Get("token")
	if token == "" {
		doc, ok := s.core.Health()
		writeJSON(w, code(ok), doc.Public())
		return
	}
	doc, ok, err := s.core.AdminHealth(token)
	if err != nil {
		s.plainError(w, err, "okänd token: /healthz utan token visar status och version, med adminlänkens token allt")
		return
	}
	writeJSON(w, code(ok), doc)
}

// reader is the viewer of a request with a session cookie: the core
// checks the session once, and shows someone signed in the internal
// wheels at the token-free addresses, or anyone else what anyone sees.
// Such answers are made fresh and never kept by a cache.
func (s *Server) reader(r *http.Request) (app.Viewer, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return app.Anyone, false
	}
	return app.SessionViewer(c.Value), true
}
