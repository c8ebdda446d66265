package server

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are parsed once at start: a broken template fails the build's tests
// and the daemon's start, never a request.
var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"join": func(s []string) string { return strings.Join(s, ", ") },
	"long": sv.LongDate,
}).ParseFS(templateFS, "templates/*.html"))

type subscribeBox struct {
	ID, URL, OutlookWeb string
	// Webcal is built here from the configured base URL; html/template
	// would otherwise refuse the webcal: scheme as unsafe.
	Webcal template.URL
}

func newBox(id, feedURL, name string) *subscribeBox {
	return &subscribeBox{ID: id, URL: feedURL, Webcal: template.URL(webcal(feedURL)),
		OutlookWeb: "https://outlook.office.com/calendar/0/addfromweb?url=" + url.QueryEscape(feedURL) + "&name=" + url.QueryEscape(name)}
}

type indexUnit struct {
	ID, Name, Color, WheelURL string
	Public                    bool
	Box                       *subscribeBox
}

type indexPage struct {
	Programme   *wheel.Programme
	Units       []indexUnit
	Public, All *subscribeBox
	AllWheelURL string
	Admin       bool
	Token       bool
	OverviewURL string
}

// handleIndex lists the public units and the public feed. Internal units'
// links are secrets handed out with `arshjul feeds`; they are not shown here.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	cur, ok := s.current(w)
	if !ok {
		return
	}
	cfg := cur.Config
	p := indexPage{Programme: &cfg.Programme}
	for _, u := range cfg.Units {
		if u.Public {
			p.Units = append(p.Units, indexUnit{ID: u.ID, Name: u.Name, Color: u.Color, Public: true, WheelURL: "/wheel/" + url.PathEscape(u.ID)})
		}
	}
	p.Public = newBox("public", cfg.HTTP.BaseURL+"/feeds/public.ics", "Årshjul – "+cfg.Programme.Organisation)
	s.render(w, http.StatusOK, "index.html", p)
}

// handleTokenIndex is the start page for a token: a unit's token shows that
// unit with its subscription; the admin token shows every unit, the feed
// of all, and the follow-up overview.
func (s *Server) handleTokenIndex(w http.ResponseWriter, r *http.Request) {
	cur, ok := s.current(w)
	if !ok {
		return
	}
	token := r.PathValue("token")
	cfg := cur.Config
	toks := s.state.Tokens()
	p := indexPage{Programme: &cfg.Programme, Token: true}
	p.Admin = equalToken(token, toks[store.AdminScope])
	for _, u := range cfg.Units {
		if !p.Admin && !equalToken(token, toks[store.UnitScope(u.ID)]) {
			continue
		}
		ut := toks[store.UnitScope(u.ID)]
		p.Units = append(p.Units, indexUnit{ID: u.ID, Name: u.Name, Color: u.Color, Public: u.Public,
			WheelURL: "/wheel/" + url.PathEscape(token) + "/" + url.PathEscape(u.ID),
			Box:      newBox(u.ID, cfg.HTTP.BaseURL+"/feeds/"+ut+"/"+u.ID+".ics", "Årshjul – "+u.Name)})
	}
	if len(p.Units) == 0 {
		s.notFound(w)
		return
	}
	if p.Admin {
		p.All = newBox("all", cfg.HTTP.BaseURL+"/feeds/"+token+"/all.ics", "Årshjul – "+cfg.Programme.Organisation)
		p.AllWheelURL = "/wheel/" + url.PathEscape(token) + "/all"
		p.OverviewURL = "/admin/" + url.PathEscape(token) + "/followups"
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, http.StatusOK, "index.html", p)
}

func webcal(u string) string {
	for _, p := range []string{"https://", "http://"} {
		if rest, ok := strings.CutPrefix(u, p); ok {
			return "webcal://" + rest
		}
	}
	return u
}
