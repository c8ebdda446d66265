package wheelimage

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tdewolff/canvas"
)

// style is what an element inherits from its parents, as SVG does.
type style struct {
	fill, stroke     string
	fillOpacity      float64
	strokeWidth      float64
	dashes           []float64
	fontSize         float64
	bold             bool
	anchor, baseline string
	m                canvas.Matrix // from the element's user space to the page, in mm
}

// painter draws the SVG the wheel renderer writes: the subset it uses
// (rect, path, line, polyline, circle, text with tspans, rotations and
// text along arcs, groups with translate and scale) and nothing else.
type painter struct {
	ctx  *canvas.Context
	font *canvas.FontFamily
	defs map[string]string // path id → d, for text along a path
	err  error
}

// paint draws svg onto ctx, its viewBox fitted to the page of w × h mm.
func paint(ctx *canvas.Context, svg []byte, w, h float64) error {
	font, err := fonts()
	if err != nil {
		return err
	}
	p := &painter{ctx: ctx, font: font, defs: map[string]string{}}
	d := xml.NewDecoder(bytes.NewReader(svg))
	stack := []style{}
	cur := style{fill: "#000000", fillOpacity: 1, fontSize: 16, anchor: "start"}
	skip := 0 // inside title, desc or defs
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return p.err
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if skip > 0 {
				if name == "path" && attr(t, "id") != "" {
					p.defs[attr(t, "id")] = attr(t, "d")
				}
				skip++
				continue
			}
			stack = append(stack, cur)
			cur = p.inherit(cur, t)
			switch name {
			case "svg":
				vb := numbers(attr(t, "viewBox"))
				if len(vb) != 4 || vb[2] <= 0 || vb[3] <= 0 {
					return fmt.Errorf("no viewBox")
				}
				// SVG's y runs down, the page's up.
				cur.m = canvas.Identity.Translate(0, h).Scale(w/vb[2], -h/vb[3]).Translate(-vb[0], -vb[1])
			case "title", "desc", "defs":
				skip = 1
			case "text":
				var el textElement
				if err := d.DecodeElement(&el, &t); err != nil {
					return err
				}
				p.text(cur, t, &el)
				cur, stack = stack[len(stack)-1], stack[:len(stack)-1]
			default:
				p.shape(cur, name, t)
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				if skip > 0 {
					continue
				}
			}
			cur, stack = stack[len(stack)-1], stack[:len(stack)-1]
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func numbers(s string) []float64 {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '(' || r == ')' }) {
		if v, err := strconv.ParseFloat(f, 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// inherit applies an element's presentation attributes and transform.
func (p *painter) inherit(s style, t xml.StartElement) style {
	for _, a := range t.Attr {
		v := a.Value
		switch a.Name.Local {
		case "fill":
			s.fill = v
		case "fill-opacity":
			s.fillOpacity, _ = strconv.ParseFloat(v, 64)
		case "stroke":
			s.stroke = v
		case "stroke-width":
			s.strokeWidth, _ = strconv.ParseFloat(v, 64)
		case "stroke-dasharray":
			s.dashes = numbers(v)
		case "font-size":
			s.fontSize, _ = strconv.ParseFloat(v, 64)
		case "font-weight":
			s.bold = v == "bold"
		case "text-anchor":
			s.anchor = v
		case "dominant-baseline":
			s.baseline = v
		case "transform":
			s.m = s.m.Mul(transform(v))
		}
	}
	return s
}

// transform reads translate(), scale() and rotate(a x y).
func transform(v string) canvas.Matrix {
	m := canvas.Identity
	for _, part := range strings.SplitAfter(v, ")") {
		name, args, ok := strings.Cut(strings.TrimSpace(part), "(")
		if !ok {
			continue
		}
		n := numbers(args)
		switch {
		case name == "translate" && len(n) == 2:
			m = m.Translate(n[0], n[1])
		case name == "scale" && len(n) == 1:
			m = m.Scale(n[0], n[0])
		case name == "rotate" && len(n) == 3:
			m = m.RotateAbout(n[0], n[1], n[2]) // the matrix is SVG's: clockwise as y runs down
		case name == "rotate" && len(n) == 1:
			m = m.Rotate(n[0])
		}
	}
	return m
}

func colour(s string, opacity float64) (color.RGBA, bool) {
	var r, g, b uint8
	if len(s) != 7 || s[0] != '#' {
		return color.RGBA{}, false
	}
	if _, err := fmt.Sscanf(s[1:], "%02x%02x%02x", &r, &g, &b); err != nil {
		return color.RGBA{}, false
	}
	a := math.Max(0, math.Min(1, opacity))
	// canvas takes premultiplied colours.
	return color.RGBA{uint8(float64(r) * a), uint8(float64(g) * a), uint8(float64(b) * a), uint8(255 * a)}, true
}

func (p *painter) shape(s style, name string, t xml.StartElement) {
	f := func(k string) float64 { v, _ := strconv.ParseFloat(attr(t, k), 64); return v }
	var path *canvas.Path
	switch name {
	case "rect":
		path = canvas.Rectangle(f("width"), f("height")).Translate(f("x"), f("y"))
	case "path":
		var err error
		if path, err = canvas.ParseSVGPath(attr(t, "d")); err != nil {
			p.err = fmt.Errorf("path %q: %w", attr(t, "d"), err)
			return
		}
	case "line":
		path = &canvas.Path{}
		path.MoveTo(f("x1"), f("y1"))
		path.LineTo(f("x2"), f("y2"))
	case "polyline":
		n := numbers(attr(t, "points"))
		path = &canvas.Path{}
		for i := 0; i+1 < len(n); i += 2 {
			if i == 0 {
				path.MoveTo(n[0], n[1])
			} else {
				path.LineTo(n[i], n[i+1])
			}
		}
	case "circle":
		path = canvas.Circle(f("r")).Translate(f("cx"), f("cy"))
	default:
		return // a, g, svg: containers
	}
	c := p.ctx
	c.SetView(s.m)
	c.ResetStyle()
	if fill, ok := colour(s.fill, s.fillOpacity); ok && s.fillOpacity > 0 {
		c.SetFillColor(fill)
	} else {
		c.SetFillColor(canvas.Transparent)
	}
	if stroke, ok := colour(s.stroke, 1); ok {
		c.SetStrokeColor(stroke)
		w := s.strokeWidth
		if w == 0 {
			w = 1
		}
		c.SetStrokeWidth(w)
		if len(s.dashes) > 0 {
			c.SetDashes(0, s.dashes...)
		}
	} else {
		c.SetStrokeColor(canvas.Transparent)
	}
	c.DrawPath(0, 0, path)
}

// textElement is a <text>: its own words, its lines (tspans), or the
// words it writes along a path.
type textElement struct {
	Chars string `xml:",chardata"`
	Spans []struct {
		X     string `xml:"x,attr"`
		Dy    string `xml:"dy,attr"`
		Chars string `xml:",chardata"`
	} `xml:"tspan"`
	Path *struct {
		Href   string `xml:"href,attr"`
		Offset string `xml:"startOffset,attr"`
		Chars  string `xml:",chardata"`
	} `xml:"textPath"`
}

func (p *painter) face(s style) *canvas.FontFace {
	fill, ok := colour(s.fill, 1)
	if !ok {
		fill = color.RGBA{A: 255}
	}
	weight := canvas.FontRegular
	if s.bold {
		weight = canvas.FontBold
	}
	// An em of fontSize user units: the face's size is in points, whose
	// millimetres the view then scales like every other length.
	return p.font.Face(s.fontSize*72/25.4, fill, weight)
}

func (p *painter) text(s style, t xml.StartElement, el *textElement) {
	f := func(k string) float64 { v, _ := strconv.ParseFloat(attr(t, k), 64); return v }
	face := p.face(s)
	align := canvas.Left
	switch s.anchor {
	case "middle":
		align = canvas.Center
	case "end":
		align = canvas.Right
	}
	if el.Path != nil {
		p.along(s, face, strings.TrimPrefix(el.Path.Href, "#"), strings.TrimSpace(el.Path.Chars), el.Path.Offset == "50%")
		return
	}
	x, y := f("x"), f("y")
	if s.baseline == "central" {
		y += s.fontSize * 0.35
	}
	line := func(x, y float64, words string) {
		if words = strings.TrimSpace(words); words == "" {
			return
		}
		p.ctx.SetView(s.m.Translate(x, y).Scale(1, -1)) // glyphs are drawn y up
		p.ctx.DrawText(0, 0, canvas.NewTextLine(face, words, align))
	}
	if len(el.Spans) == 0 {
		line(x, y, el.Chars)
		return
	}
	for _, sp := range el.Spans {
		if v, err := strconv.ParseFloat(sp.X, 64); err == nil {
			x = v
		}
		dy, _ := strconv.ParseFloat(sp.Dy, 64)
		y += dy
		line(x, y, sp.Chars)
	}
}

// along writes words along the arc of path id, each glyph upright to the
// arc at its place: from its start, or centred on it (the wheel's titles
// are startOffset 50 % with text-anchor middle).
func (p *painter) along(s style, face *canvas.FontFace, id, words string, centred bool) {
	d := p.defs[id]
	n := numbers(strings.NewReplacer("M", " ", "A", " ").Replace(d))
	if len(n) != 9 || words == "" {
		return
	}
	x1, y1, r, large, sweep, x2, y2 := n[0], n[1], n[2], n[5] != 0, n[6] != 0, n[7], n[8]
	cx, cy, a1, delta := arcCentre(x1, y1, x2, y2, r, large, sweep)
	runes := []rune(words)
	widths := make([]float64, len(runes))
	total := 0.0
	for i, ru := range runes {
		widths[i] = face.TextWidth(string(ru))
		total += widths[i]
	}
	// The face's widths are in mm of an em of fontSize*72/25.4 pt: the
	// same user units the arc is in.
	length := r * math.Abs(delta)
	at := 0.0
	if centred {
		at = (length - total) / 2
	}
	sign := 1.0
	if delta < 0 {
		sign = -1
	}
	for i, ru := range runes {
		mid := at + widths[i]/2
		at += widths[i]
		a := a1 + sign*mid/r
		px, py := cx+r*math.Cos(a), cy+r*math.Sin(a)
		rot := (a + sign*math.Pi/2) * 180 / math.Pi
		p.ctx.SetView(s.m.Translate(px, py).Rotate(rot).Scale(1, -1))
		p.ctx.DrawText(0, 0, canvas.NewTextLine(face, string(ru), canvas.Center))
	}
}

// arcCentre is the centre of an SVG arc from (x1, y1) to (x2, y2) of
// radius r, its start angle and its signed sweep (positive clockwise as y
// runs down).
func arcCentre(x1, y1, x2, y2, r float64, large, sweep bool) (cx, cy, a1, delta float64) {
	mx, my := (x1+x2)/2, (y1+y2)/2
	dx, dy := x2-x1, y2-y1
	dist := math.Hypot(dx, dy)
	h := math.Sqrt(math.Max(0, r*r-dist*dist/4))
	nx, ny := -dy/dist, dx/dist
	for _, sgn := range []float64{1, -1} {
		cx, cy = mx+sgn*h*nx, my+sgn*h*ny
		a1 = math.Atan2(y1-cy, x1-cx)
		a2 := math.Atan2(y2-cy, x2-cx)
		delta = a2 - a1
		if sweep {
			for delta <= 0 {
				delta += 2 * math.Pi
			}
		} else {
			for delta >= 0 {
				delta -= 2 * math.Pi
			}
		}
		if (math.Abs(delta) > math.Pi) == large {
			return cx, cy, a1, delta
		}
	}
	return cx, cy, a1, delta
}
