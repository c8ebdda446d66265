package wheelsvg

import (
	"bytes"
	"strings"
)

// The slide (?bild=1) is 16:9, 1920 × 1080, one unit a pixel on a full HD
// screen: the unit and the period as its title at the top, the wheel drawn
// at slideScale below it with its titles beside it, and the legend in a
// column on the right. Titles are never smaller than 14 px there, so the
// wheel's own drawing uses the slide layout's sizes, divided by the scale.
const (
	slideWidth, slideHeight = 1920.0, 1080.0
	slideScale              = 0.7
	slideTop                = 90.0   // the title above the wheel
	slideWheelX             = 770.0  // the wheel's centre, across
	slideLegendX            = 1560.0 // the legend's column
	slideMinPx              = 14.0
)

// slide is the slide's layout in the wheel's units: titles of 14 to 17 px,
// and the room beside the wheel from the slide's left edge to the legend.
var slide = layout{
	labelFont: 24,
	minFont:   slideMinPx / slideScale,
	colWidth:  550,
}

// slideDocument draws the slide: the same wheel, without today's line or
// the follow-up marks (the state of internal work is not for a room).
func (r *renderer) slideDocument(o Options) {
	w := r.w
	r.l = slide
	from, to := w.Span()
	heading := w.Title + " – " + yearLabel(w)
	svgOpen := `<svg xmlns="http://www.w3.org/2000/svg" class="wheel slide" viewBox="0 0 %s %s" aria-labelledby="wheel-title wheel-desc" role="group">`
	if o.Standalone {
		r.printf(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		svgOpen = `<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080" viewBox="0 0 %s %s" lang="sv" role="img" aria-labelledby="wheel-title wheel-desc">`
	}
	r.printf(svgOpen, f(slideWidth), f(slideHeight))
	r.printf(`<title id="wheel-title">%s</title>`, esc("Årshjul "+heading))
	r.printf(`<desc id="wheel-desc">Cirkeln visar tolv månader från %s %d överst och medurs till %s. Varje aktivitet är en båge; det som återkommer är ett tunt band med ett streck för varje tillfälle.</desc>`,
		monthNames[from.Month], from.Year, esc(to.AddDays(-1).String()))
	r.printf(`<rect width="%s" height="%s" fill="#FFFFFF"/>`, f(slideWidth), f(slideHeight))
	r.printf(`<text class="slide-title" x="40" y="58" font-size="40" font-weight="bold" fill="%s" font-family="system-ui, Arial, sans-serif">%s</text>`, ink, esc(heading))
	var body bytes.Buffer
	r.b, body = body, r.b
	r.months()
	r.weeks()
	r.rings()
	r.holidays()
	r.centre()
	placed, fs, dropped := placeOutside(r.l, r.outside)
	r.drawOutside(placed, fs)
	r.stats.Dropped = dropped
	r.b, body = body, r.b
	if r.defs.Len() > 0 {
		r.printf("<defs>%s</defs>", r.defs.String())
	}
	r.printf(`<g class="slide-wheel" transform="translate(%s %s) scale(%s)">`, f(slideWheelX-cx*slideScale), f(slideTop), f(slideScale))
	r.b.Write(body.Bytes())
	r.printf(`</g>`)
	y := r.legend(slideLegendX, slideTop+40, false)
	r.slideFewer(dropped, o.ListURL, y+10)
	r.printf("</svg>\n")
}

// slideFewer names, under the legend, how many titles are only in the
// list, and where the list is.
func (r *renderer) slideFewer(n int, url string, y float64) {
	if n == 0 {
		return
	}
	r.printf(`<text class="fewer" x="%s" y="%s" font-size="16" fill="%s" font-family="system-ui, Arial, sans-serif">`, f(slideLegendX), f(y), ink)
	r.printf(`<tspan x="%s" font-weight="bold">+%d fler i listan</tspan>`, f(slideLegendX), n)
	for _, line := range chunks(url, 36) {
		r.printf(`<tspan x="%s" dy="20">%s</tspan>`, f(slideLegendX), esc(line))
	}
	r.printf(`</text>`)
}

// chunks breaks an address into lines of n characters, after a slash or
// a question mark where it can.
func chunks(s string, n int) []string {
	var out []string
	for len(s) > n {
		cut := strings.LastIndexAny(s[:n], "/?&")
		if cut < n/2 {
			cut = n - 1
		}
		out = append(out, s[:cut+1])
		s = s[cut+1:]
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// SlideSize is the slide's size in pixels, for the raster and the PDF.
func SlideSize() (w, h float64) { return slideWidth, slideHeight }
