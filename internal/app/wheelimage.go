package app

import (
	"fmt"
	"maps"
	"net/url"

	"github.com/avesta-kommun/arshjul/internal/wheelimage"
	"github.com/avesta-kommun/arshjul/internal/wheelsvg"
)

// WheelFile is the wheel as an image file: PNG or PDF.
type WheelFile struct {
	Body           []byte
	Type, Filename string
}

// WheelImage is the wheel of name as a PNG or a PDF ("UNIT.png",
// "UNIT.pdf"), drawn from the same SVG as "UNIT.svg": ?format=a3 or a4
// (landscape, the printed picture) or bild (the 16:9 slide, also what
// ?bild=1 asks for); the wheel's other options as on its page.
func (c *Core) WheelImage(who Viewer, name, ext string, query url.Values) (*WheelFile, error) {
	query = maps.Clone(query) // the format is the image's, not the wheel's
	format := query.Get("format")
	query.Del("format")
	v, sc, q, err := c.wheelRequest(who, name, query)
	if err != nil {
		return nil, err
	}
	switch {
	case format == "" && q.Slide:
		format = "bild"
	case format == "":
		format = "a3"
	}
	f, ok := wheelimage.Formats[format]
	if !ok {
		return nil, invalid("format %q: giltiga är a3, a4 och bild (16:9)", format)
	}
	q.Slide, q.file = format == "bild", true
	data := buildWheel(v.Config, sc.Snap, v.links, sc, q, v.today)
	svg, _ := wheelsvg.Render(&data.Wheel, wheelsvg.Options{Standalone: true, Slide: q.Slide, ListURL: listURL(v, sc, q)})
	out := &WheelFile{Filename: fmt.Sprintf("arshjul-%s-%s-%s.%s", sc.Name, yearSlug(withoutSlide(q)), format, ext)}
	switch ext {
	case "png":
		out.Type = "image/png"
		out.Body, err = wheelimage.PNG(svg, f)
	case "pdf":
		out.Type = "application/pdf"
		out.Body, err = wheelimage.PDF(svg, f)
	default:
		return nil, fmt.Errorf("wheel image: unknown type %q", ext)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

func withoutSlide(q WheelQuery) WheelQuery {
	q.Slide = false
	return q
}
