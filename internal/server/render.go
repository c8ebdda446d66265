package server

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/links"
	"github.com/avesta-kommun/arshjul/internal/sv"
)

//go:embed templates/*.html
var templateFS embed.FS

// parsePages parses the templates, once, when the server is made: a
// broken template fails the tests and the daemon's start, never a
// request. The site's own addresses come from the core's links (the
// configured base_url, which may have a path), never from a literal.
func parsePages(s *Server) *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"join": func(v []string) string { return strings.Join(v, ", ") },
		"long": sv.LongDate,
		// svg passes the wheel picture through: wheelsvg escapes every text
		// it writes, and the picture is made from the config and calendars,
		// never from the request.
		"svg":         func(b []byte) template.HTML { return template.HTML(b) },
		"home":        func() string { return s.links().Home() },
		"static":      func(name string) string { return s.links().Static(name) },
		"publicwheel": func() string { return s.links().Wheel("", "public") },
		"allwheel":    func() string { return s.links().Wheel("", "all") },
		"login":       func() string { return s.links().Login() },
		"loginlink":   func() string { return s.links().Login() + "/link" },
		"logout":      func() string { return s.links().Logout() },
		"me":          func() string { return s.links().Me() },
		"mefeed":      func() string { return s.links().MeFeed() },
		"edit":        func(unit string) string { return s.links().Edit(unit) },
		"editnew":     func(unit string) string { return s.links().EditNew(unit) },
		"workbook":    func(unit string) string { return s.links().Workbook(unit) },
		"upload":      func(unit string) string { return s.links().Upload(unit) },
		"inc":         func(n int) int { return n + 1 },
		"history":     func(unit string) string { return s.links().History(unit, false) },
		"edititem":    func(unit, item string) string { return s.links().EditItem(unit, item) },
		"restore":     func(unit string) string { return s.links().History(unit, false) + "/restore" },
		"described":   described,
		"fielderr":    func(id string, msgs []string) fieldErr { return fieldErr{ID: id, Msgs: msgs} },
		// webcal passes a subscribe address made from the configured base
		// URL (never from a request): html/template would otherwise refuse
		// the webcal: scheme as unsafe.
		"webcal":     func(u string) template.URL { return template.URL(u) },
		"personslot": slot,
		// iframe is the snippet a unit's page offers for the intranet,
		// made by the "iframe" template so that the address is escaped as
		// an attribute; the page then shows it as text.
		"iframe": func(url, title string) (string, error) {
			var b strings.Builder
			err := s.pages.ExecuteTemplate(&b, "iframe", struct{ URL, Title string }{url, title})
			return b.String(), err
		},
		"planpage": func(f *app.EditForm, csrf string) editItemPage { return editItemPage{Form: f, CSRF: csrf} },
	}).ParseFS(templateFS, "templates/*.html"))
}

func (s *Server) links() links.Links { return s.core.Links() }

// render executes a page into memory first: a template error then gives a
// clean 500 instead of half a page, and the page leaves in a few large
// writes rather than thousands of small ones.
func (s *Server) render(w http.ResponseWriter, code int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, data); err != nil {
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

// describedBy is what an input's aria-describedby names: its hint and
// its message, and whether it is invalid.
type describedBy struct {
	IDs     string
	Invalid bool
}

// described is the aria-describedby of input id with the hint's id
// (none when "") and its problems; nil when there is nothing to name.
func described(id, hint string, errs []string) *describedBy {
	var ids []string
	if hint != "" {
		ids = append(ids, hint)
	}
	if len(errs) > 0 {
		ids = append(ids, id+"-err")
	}
	if len(ids) == 0 {
		return nil
	}
	return &describedBy{IDs: strings.Join(ids, " "), Invalid: len(errs) > 0}
}

// fieldErr is a field's problems with the id of its input.
type fieldErr struct {
	ID   string
	Msgs []string
}
