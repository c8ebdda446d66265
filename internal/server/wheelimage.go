package server

import (
	"net/http"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// wheelImage makes UNIT.png and UNIT.pdf (the wheel drawn from its SVG);
// handled is false for any other name.
func (s *Server) wheelImage(who app.Viewer, name string, r *http.Request) (pic rendered, handled bool, err error) {
	for _, ext := range []string{"png", "pdf"} {
		unit, ok := strings.CutSuffix(name, "."+ext)
		if !ok {
			continue
		}
		f, err := s.core.WheelImage(who, unit, ext, r.URL.Query())
		if err != nil {
			return rendered{}, true, err
		}
		return rendered{body: f.Body, ctype: f.Type, disposition: `inline; filename="` + f.Filename + `"`}, true, nil
	}
	return rendered{}, false, nil
}

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
