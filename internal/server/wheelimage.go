package server

import (
	"net/url"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// wheelImage makes UNIT.png and UNIT.pdf (the wheel drawn from its SVG);
// handled is false for any other name.
func (s *Server) wheelImage(who app.Viewer, name string, query url.Values) (pic rendered, handled bool, err error) {
	unit, ext := imageName(name)
	if ext == "" {
		return rendered{}, false, nil
	}
	f, err := s.core.WheelImage(who, unit, ext, query)
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
