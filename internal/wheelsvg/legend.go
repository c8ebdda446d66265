package wheelsvg

import "fmt"

// legend names the rings, the units and the marks at x, y: right of the
// wheel. The printed picture's (full) starts with the wheel's title and
// explains the follow-up marks and today's line; the slide has its title
// above and neither mark. It returns where it ends.
func (r *renderer) legend(x, y float64, full bool) float64 {
	r.printf(`<g class="legend" font-family="system-ui, Arial, sans-serif" fill="%s">`, ink)
	if full {
		for _, line := range wrap(r.w.Title, 24) {
			r.printf(`<text x="%s" y="%s" font-size="22" font-weight="bold">%s</text>`, f(x), f(y), esc(line))
			y += 32
		}
	}
	if r.w.Subtitle != "" {
		r.printf(`<text x="%s" y="%s" font-size="16" fill="%s">%s</text>`, f(x), f(y), muted, esc(r.w.Subtitle))
		y += 40
	}
	r.printf(`<text x="%s" y="%s" font-size="17" font-weight="bold">Ringarna, utifrån och in</text>`, f(x), f(y))
	y += 22
	if r.w.RingsAre != "" {
		r.printf(`<text class="rings-are" x="%s" y="%s" font-size="16">visar %s</text>`, f(x), f(y), esc(r.w.RingsAre))
		y += 22
	}
	y += 6
	for i, ring := range r.w.Rings {
		if len(r.w.Units) == 0 { // a combined wheel colours by unit, below
			r.printf(`<rect class="swatch" x="%s" y="%s" width="16" height="16" fill="%s"/>`, f(x), f(y-13), esc(ringColour(r.w.Rings, i)))
		}
		for _, line := range wrap(fmt.Sprintf("%d. %s (%d)", i+1, ring.Label, len(ring.Arcs)), 30) {
			r.printf(`<text x="%s" y="%s" font-size="16">%s</text>`, f(x+24), f(y), esc(line))
			y += 22
		}
		y += 4
	}
	if len(r.w.Units) > 0 {
		y += 16
		r.printf(`<text x="%s" y="%s" font-size="17" font-weight="bold">Enheterna</text>`, f(x), f(y))
		y += 26
		for _, u := range r.w.Units {
			r.printf(`<rect x="%s" y="%s" width="16" height="16" fill="%s"/>`, f(x), f(y-13), esc(u.Color))
			for j, line := range wrap(u.Name, 24) {
				r.printf(`<text x="%s" y="%s" font-size="16">%s</text>`, f(x+24), f(y+float64(j)*20), esc(line))
				if j > 0 {
					y += 20
				}
			}
			y += 24
		}
	}
	y += 20
	if !r.w.Public && full {
		r.printf(`<circle cx="%s" cy="%s" r="5.5" fill="#FFFFFF" stroke="%s" stroke-width="2.5"/><text x="%s" y="%s" font-size="16">Uppföljning</text>`, f(x+8), f(y-5), ink, f(x+24), f(y))
		y += 28
		r.printf(`<circle cx="%s" cy="%s" r="9" fill="%s"/><text x="%s" y="%s" font-size="14" font-weight="bold" fill="#FFFFFF" text-anchor="middle">!</text><text x="%s" y="%s" font-size="16">Försenad uppföljning</text>`,
			f(x+8), f(y-5), red, f(x+8), f(y), f(x+24), f(y))
		y += 28
		r.printf(`<circle cx="%s" cy="%s" r="5" fill="%s"/><text x="%s" y="%s" font-size="16">Klar uppföljning</text>`, f(x+8), f(y-5), green, f(x+24), f(y))
		y += 28
	}
	if len(r.w.Holidays) > 0 {
		r.printf(`<rect x="%s" y="%s" width="16" height="10" fill="%s"/><text x="%s" y="%s" font-size="16">Röd dag</text>`, f(x), f(y-12), red, f(x+24), f(y))
		y += 28
	}
	if full {
		r.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3" stroke-dasharray="8 4"/><text x="%s" y="%s" font-size="16">I dag</text>`, f(x), f(y-5), f(x+16), f(y-5), red, f(x+24), f(y))
		y += 28
	}
	r.printf(`</g>`)
	return y
}
