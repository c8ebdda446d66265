package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// wheelImage makes UNIT.png and UNIT.pdf (the wheel drawn from its SVG);
// handled is false for any other name.
func (s *Server) wheelImage(who app.Viewer, name string, r *http.Request) (pic rendered, handled bool, err error) {
	unit, ext := imageName(name)
	if ext == "" {
		return rendered{}, false, nil
	}
	f, err := s.core.WheelImage(who, unit, ext, r.URL.Query())
	if err != nil {
		return rendered{}, true, err
	}
	return rendered{body: f.Body, ctype: f.Type, disposition: `inline; filename="` + f.Filename + `"`}, true, nil
}

// imageName splits "hr.png" into hr and png; ext is "" for a name that
// is no wheel image.
func imageName(name string) (unit, ext string) {
	for _, ext := range []string{"png", "pdf"} {
		if unit, ok := strings.CutSuffix(name, "."+ext); ok {
			return unit, ext
		}
	}
	return name, ""
}

var zeroTime time.Time

// writeImage answers a wheel image made for one viewer: never kept by a
// cache, like the SVG it is drawn from.
func (s *Server) writeImage(w http.ResponseWriter, pic rendered, err error) {
	if err != nil {
		s.fail(w, err)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", pic.ctype)
	h.Set("Content-Disposition", pic.disposition)
	w.Write(pic.body)
}
