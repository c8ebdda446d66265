package server

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/sv"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are parsed once at start: a broken template fails the build's tests
// and the daemon's start, never a request.
var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"join": func(s []string) string { return strings.Join(s, ", ") },
	"long": sv.LongDate,
	// svg passes the wheel picture through: wheelsvg escapes every text
	// it writes, and the picture is made from the config and calendars,
	// never from the request.
	"svg": func(b []byte) template.HTML { return template.HTML(b) },
}).ParseFS(templateFS, "templates/*.html"))

// render executes a page into memory first: a template error then gives a
// clean 500 instead of half a page, and the page leaves in a few large
// writes rather than thousands of small ones.
func (s *Server) render(w http.ResponseWriter, code int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("page failed", "page", name, "err", err)
		http.Error(w, "sidan kunde inte visas", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// page renders a use case's page, or its refusal; nothing personal is
// kept by a cache or a browser's history.
func (s *Server) page(w http.ResponseWriter, name string, data any, err error) {
	if err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, http.StatusOK, name, data)
}
