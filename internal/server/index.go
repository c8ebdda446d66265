package server

import (
	"embed"
	"html/template"
	"net/http"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are parsed once at start: a broken template fails the build's tests
// and the daemon's start, never a request.
var pages = template.Must(template.ParseFS(templateFS, "templates/*.html"))

type indexUnit struct {
	Name  string
	Color string
}

type indexPage struct {
	Programme *wheel.Programme
	Public    []indexUnit
	FeedURL   string
	Webcal    string
}

// handleIndex lists the public units and the public feed. Internal units'
// links are secrets handed out with `arshjul feeds`; they are not shown here.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	cur := s.state.Current()
	if cur == nil {
		http.Error(w, "tjänsten startar; försök igen om en stund", http.StatusServiceUnavailable)
		return
	}
	base := cur.Config.HTTP.BaseURL
	page := indexPage{Programme: &cur.Config.Programme, FeedURL: base + "/feeds/public.ics", Webcal: webcal(base + "/feeds/public.ics")}
	for _, u := range cur.Config.Units {
		if u.Public {
			page.Public = append(page.Public, indexUnit{Name: u.Name, Color: u.Color})
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := pages.ExecuteTemplate(w, "index.html", page); err != nil {
		s.log.Error("index page failed", "err", err)
	}
}

func webcal(u string) string {
	for _, p := range []string{"https://", "http://"} {
		if rest, ok := strings.CutPrefix(u, p); ok {
			return "webcal://" + rest
		}
	}
	return u
}
