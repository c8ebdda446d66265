package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// handleIndex: the public units and the public feed, the same for
// everyone: it takes no query.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	s.servePage(w, r, anyone, "", func() (rendered, error) {
		p, err := s.core.Index()
		if err != nil {
			return rendered{}, err
		}
		return s.html("index.html", p)
	})
}

// html renders a page for the cache.
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

// handleWheelPublic serves /wheel/UNIT and /wheel/public (and .svg): the
// public wheel, or for someone signed in the internal one.
func (s *Server) handleWheelPublic(w http.ResponseWriter, r *http.Request) {
	s.serveWheel(w, r, s.signedIn(r), r.PathValue("name"))
}

// handleWheelToken serves /wheel/TOKEN/UNIT and /wheel/TOKEN/all (and .svg).
func (s *Server) handleWheelToken(w http.ResponseWriter, r *http.Request) {
	v := tokenViewer(r)
	s.serveWheel(w, r, v, r.PathValue("name"))
}

// tokenViewer is the viewer of an address with a token. Its pages are not
// kept: a rotated token must stop opening them at once, and the core
// checks the token as it makes the page.
func tokenViewer(r *http.Request) viewer {
	return viewer{app: app.TokenViewer(r.PathValue("token")), private: true}
}

// serveWheel answers a wheel page or picture from the cache, made from
// the canonical query alone.
func (s *Server) serveWheel(w http.ResponseWriter, r *http.Request, v viewer, name string) {
	q, err := s.core.CanonicalWheelQuery(r.URL.Query())
	if err != nil {
		s.fail(w, err)
		return
	}
	// A PNG or PDF is drawn from the same wheel, on the paper asked for
	// (the core refuses another; a refusal is kept nowhere).
	if _, ext := imageName(name); ext != "" {
		if format := r.URL.Query().Get("format"); format != "" {
			q += "&" + url.Values{"format": {format}}.Encode()
		}
	}
	s.servePage(w, r, v, q, func() (rendered, error) {
		query, _ := url.ParseQuery(q)
		if pic, ok, err := s.wheelImage(v.app, name, query); ok {
			return pic, err
		}
		if unit, ok := strings.CutSuffix(name, ".svg"); ok {
			pic, err := s.core.WheelPicture(v.app, unit, query)
			if err != nil {
				return rendered{}, err
			}
			return rendered{body: pic.SVG, ctype: "image/svg+xml; charset=utf-8", disposition: `inline; filename="` + pic.Filename + `"`}, nil
		}
		p, err := s.core.Wheel(v.app, name, query)
		if err != nil {
			return rendered{}, err
		}
		return s.html("wheel.html", p)
	})
}

func (s *Server) handleItemPublic(w http.ResponseWriter, r *http.Request) {
	s.serveItem(w, r, s.signedIn(r))
}

func (s *Server) handleItemToken(w http.ResponseWriter, r *http.Request) {
	v := tokenViewer(r)
	s.serveItem(w, r, v)
}

// serveItem answers an item's page from the cache; it takes no query.
func (s *Server) serveItem(w http.ResponseWriter, r *http.Request, v viewer) {
	s.servePage(w, r, v, "", func() (rendered, error) {
		p, err := s.core.Item(v.app, r.PathValue("unit"), r.PathValue("item"))
		if err != nil {
			return rendered{}, err
		}
		return s.html("item.html", p)
	})
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

// handleEmbedPublic serves /embed/UNIT: a public unit's wheel for a frame
// on the intranet, the same for everyone (it takes no query).
func (s *Server) handleEmbedPublic(w http.ResponseWriter, r *http.Request) {
	s.serveEmbed(w, r, anyone)
}

// handleEmbedToken serves /embed/TOKEN/UNIT: an internal unit's, when
// http.embed_internal allows it.
func (s *Server) handleEmbedToken(w http.ResponseWriter, r *http.Request) {
	s.serveEmbed(w, r, tokenViewer(r))
}

func (s *Server) serveEmbed(w http.ResponseWriter, r *http.Request, v viewer) {
	s.servePage(w, r, v, "", func() (rendered, error) {
		p, err := s.core.Embed(v.app, r.PathValue("unit"))
		if err != nil {
			return rendered{}, err
		}
		return s.html("embed.html", p)
	})
}
