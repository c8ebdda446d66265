package wheelsvg

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

var monthNames = sv.Months

// Colours chosen for contrast on white (WCAG AA for text and marks).
const (
	ink      = "#1A1A1A"
	muted    = "#4A4A4A"
	lineGrey = "#8A8A8A"
	shadeA   = "#F2F4F7"
	shadeB   = "#FFFFFF"
	red      = "#B00020"
	green    = "#1B7340"
)

// Options say how the picture is used.
type Options struct {
	// Standalone makes a document of its own (the .svg download): an XML
	// declaration and a physical A3 landscape size for print.
	Standalone bool
	// Slide draws the 16:9 slide (1920 × 1080) instead.
	Slide bool
	// ListURL is the list's address, named on the slide when titles are
	// left to it.
	ListURL string
}

// Stats count what was drawn, for tests and the page.
type Stats struct {
	Arcs      int // occurrences drawn: arcs, and ticks in bands
	Bands     int // items drawn as one band
	Labelled  int // items with their title on their arc or band
	Outside   int // items with their title beside the wheel
	Dropped   int // items whose title is only in the list
	Deadlines int
	Holidays  int
}

// Render draws w.
func Render(w *Wheel, o Options) ([]byte, Stats) {
	r := &renderer{w: w, s: newScale(w), l: printed}
	r.document(o)
	return r.b.Bytes(), r.stats
}

type renderer struct {
	w       *Wheel
	l       layout
	s       scale
	b       bytes.Buffer
	defs    bytes.Buffer
	ids     int
	stats   Stats
	outside []*outside      // titles for beside the wheel, gathered while the rings are drawn
	colour  string          // the ring being drawn's colour, for arcs that name none
	beside  map[string]bool // items whose title is already beside the wheel (the programme view's years)
}

func (r *renderer) printf(format string, a ...any) { fmt.Fprintf(&r.b, format, a...) }

func esc(s string) string { return html.EscapeString(s) }

func (r *renderer) pathID() string {
	r.ids++
	return fmt.Sprintf("wp%d", r.ids)
}

func (r *renderer) document(o Options) {
	if o.Slide {
		r.slideDocument(o)
		return
	}
	w := r.w
	from, to := w.Span()
	title := fmt.Sprintf("Årshjul %s – %s", yearLabel(w), w.Title)
	// The page explains the rings and marks in HTML beside the picture;
	// the picture alone (for print and slides) carries its own legend.
	wide := width
	if !o.Standalone {
		wide = pageWidth
	}
	if o.Standalone {
		r.printf(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		r.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="420mm" height="297mm" viewBox="0 0 %s %s" lang="sv" role="img" aria-labelledby="wheel-title wheel-desc">`, f(wide), f(height))
	} else {
		r.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="wheel" viewBox="0 0 %s %s" aria-labelledby="wheel-title wheel-desc" role="group">`, f(wide), f(height))
	}
	r.printf(`<title id="wheel-title">%s</title>`, esc(title))
	r.printf(`<desc id="wheel-desc">Cirkeln visar tolv månader från %s %d överst och medurs till %s. Varje aktivitet är en båge. Samma innehåll finns som lista.</desc>`,
		monthNames[from.Month], from.Year, esc(to.AddDays(-1).String()))
	r.printf(`<rect width="%s" height="%s" fill="#FFFFFF"/>`, f(wide), f(height))
	var body bytes.Buffer
	r.b, body = body, r.b
	r.months()
	r.weeks()
	r.rings()
	r.deadlines()
	r.holidays()
	r.today()
	r.centre()
	placed, fs, dropped := placeOutside(r.l, r.outside)
	r.drawOutside(placed, fs)
	r.stats.Dropped = dropped
	r.fewer(dropped)
	if o.Standalone {
		r.legend(pageWidth+20, 70, true)
	}
	r.b, body = body, r.b
	if r.defs.Len() > 0 {
		r.printf("<defs>%s</defs>", r.defs.String())
	}
	r.b.Write(body.Bytes())
	r.printf("</svg>\n")
}

// PeriodLabel names what a wheel shows: "2027", "2027/28", "apr–jun
// 2027", "2026–2028".
func PeriodLabel(w *Wheel) string { return yearLabel(w) }

func yearLabel(w *Wheel) string {
	if len(w.Years) > 0 {
		return fmt.Sprintf("%d–%d", w.Years[0], w.Years[len(w.Years)-1])
	}
	if w.Zoomed() {
		from, to := w.Span()
		last := to.AddDays(-1)
		if from.Month == last.Month {
			return fmt.Sprintf("%s %d", monthNames[from.Month], from.Year)
		}
		return fmt.Sprintf("%s–%s %d", shortMonth(from.Month), shortMonth(last.Month), last.Year)
	}
	if w.StartMonth > time.January {
		return fmt.Sprintf("%d/%02d", w.Year, (w.Year+1)%100)
	}
	return fmt.Sprint(w.Year)
}

func shortMonth(m time.Month) string { return monthNames[m][:3] }

// months shades alternate month sectors and names them on the outer band.
func (r *renderer) months() {
	from, _ := r.w.Span()
	r.printf(`<g class="months">`)
	for i := 0; i < r.w.months(); i++ {
		start := wheel.DateOf(time.Date(from.Year, from.Month+time.Month(i), 1, 0, 0, 0, 0, time.UTC))
		end := wheel.DateOf(time.Date(from.Year, from.Month+time.Month(i+1), 1, 0, 0, 0, 0, time.UTC))
		a1, a2 := r.s.angle(start), r.s.angle(end)
		if a2 <= a1 {
			a2 = 2 * math.Pi
		}
		shade := shadeA
		if i%2 == 1 {
			shade = shadeB
		}
		r.printf(`<path d="%s" fill="%s"/>`, sector(rRingsInner, rMonthOuter, a1, a2), shade)
		x1, y1 := point(rRingsInner, a1)
		x2, y2 := point(rMonthOuter, a1)
		r.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, f(x1), f(y1), f(x2), f(y2), lineGrey)
		id := r.pathID()
		fmt.Fprintf(&r.defs, `<path id="%s" d="%s"/>`, id, textArc((rMonthOuter+rMonthInner)/2-6, a1, a2))
		r.printf(`<text font-size="20" font-weight="bold" fill="%s" font-family="system-ui, Arial, sans-serif"><textPath href="#%s" startOffset="50%%" text-anchor="middle">%s</textPath></text>`,
			ink, id, monthNames[start.Month])
	}
	r.printf(`<circle cx="%s" cy="%s" r="%s" fill="none" stroke="%s"/>`, f(cx), f(cy), f(rMonthInner), lineGrey)
	r.printf(`</g>`)
}

// weeks ticks each ISO week's Monday and numbers it; a zoomed wheel ticks
// and numbers every day instead.
func (r *renderer) weeks() {
	from, to := r.w.Span()
	if r.w.Zoomed() {
		r.days(from, to)
		return
	}
	r.printf(`<g class="weeks" font-size="10" fill="%s" font-family="system-ui, Arial, sans-serif" text-anchor="middle">`, muted)
	d := from
	for d.Weekday() != time.Monday {
		d = d.AddDays(1)
	}
	for ; d.Before(to); d = d.AddDays(7) {
		a := r.s.angle(d)
		x1, y1 := point(rWeekInner, a)
		x2, y2 := point(rWeekOuter, a)
		r.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(x1), f(y1), f(x2), f(y2), lineGrey)
		_, wk := d.In(time.UTC).ISOWeek()
		mid := a + math.Pi*7/r.s.days
		deg := mid * 180 / math.Pi
		if deg > 90 && deg < 270 { // upright on the lower half
			deg += 180
		}
		tx, ty := point((rWeekInner+rWeekOuter)/2, mid)
		r.printf(`<text x="%s" y="%s" dominant-baseline="central" transform="rotate(%s %s %s)">%d</text>`, f(tx), f(ty), f(deg), f(tx), f(ty), wk)
	}
	r.printf(`</g>`)
}

// days ticks and numbers each day of a zoomed wheel, Mondays longer.
func (r *renderer) days(from, to wheel.Date) {
	r.printf(`<g class="weeks days" font-size="10" fill="%s" font-family="system-ui, Arial, sans-serif" text-anchor="middle">`, muted)
	step := math.Pi * 2 / r.s.days
	for d := from; d.Before(to); d = d.AddDays(1) {
		a := r.s.angle(d)
		inner := rWeekInner + 8
		if d.Weekday() == time.Monday {
			inner = rWeekInner
		}
		x1, y1 := point(inner, a)
		x2, y2 := point(rWeekOuter, a)
		r.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(x1), f(y1), f(x2), f(y2), lineGrey)
		if step*(rWeekInner+rWeekOuter)/2 < 12 && d.Day%5 != 0 {
			continue // a month's 31 days number every day; a half-year every fifth
		}
		mid := a + step/2
		deg := mid * 180 / math.Pi
		if deg > 90 && deg < 270 {
			deg += 180
		}
		tx, ty := point((rWeekInner+rWeekOuter)/2, mid)
		r.printf(`<text x="%s" y="%s" dominant-baseline="central" transform="rotate(%s %s %s)">%d</text>`, f(tx), f(ty), f(deg), f(tx), f(ty), d.Day)
	}
	r.printf(`</g>`)
}

// rings draws each ring: its name along its outer edge, then its items
// in lanes, each title on its arc or band where it fits whole, else
// gathered for beside the wheel.
func (r *renderer) rings() {
	n := len(r.w.Rings)
	if n == 0 {
		return
	}
	thick := (rRingsOuter - rRingsInner) / float64(n)
	strip := 0.0
	if thick >= 2*ringStrip {
		strip = ringStrip
	}
	r.printf(`<g class="rings" font-family="system-ui, Arial, sans-serif">`)
	for i, ring := range r.w.Rings {
		outer := rRingsOuter - float64(i)*thick
		inner := outer - thick
		r.colour = ringColour(r.w.Rings, i)
		r.printf(`<g class="ring" data-ring="%s" data-colour="%s">`, esc(ring.Label), esc(r.colour))
		r.printf(`<circle cx="%s" cy="%s" r="%s" fill="none" stroke="%s" stroke-width="0.8"/>`, f(cx), f(cy), f(inner), lineGrey)
		if strip > 0 {
			r.ringName(i+1, ring.Label, outer-strip/2)
		}
		its := items(r.s, ring.Arcs)
		owner := map[*Arc]*item{}
		for _, it := range its {
			for _, a := range it.arcs {
				owner[a] = it
			}
		}
		placedSpans, nl := pack(spans(r.s, its))
		lane := (thick - strip) / float64(nl)
		gap := math.Min(1.5, lane/6)
		top := outer - strip
		for _, p := range placedSpans {
			lo := top - float64(p.lane+1)*lane + gap
			hi := top - float64(p.lane)*lane - gap
			if hi-lo < minLane {
				hi = lo + minLane
			}
			if p.item != nil {
				r.band(p.item, ring.Label, lo, hi)
				continue
			}
			a1 := 2 * math.Pi * p.from / r.s.days
			a2 := 2 * math.Pi * p.to / r.s.days
			if a2-a1 < 0.012 { // a day is 1°; keep the shortest visible
				a2 = a1 + 0.012
			}
			it := owner[p.arc]
			r.arc(p.arc, ring.Label, lo, hi, a1, a2, it.arcs[0] == p.arc, len(it.arcs))
		}
		r.printf(`</g>`)
	}
	r.printf(`</g>`)
}

// ringName writes a ring's number and name along its outer edge, from the
// top clockwise, in the strip kept for it.
func (r *renderer) ringName(n int, name string, radius float64) {
	id := r.pathID()
	fmt.Fprintf(&r.defs, `<path id="%s" d="%s"/>`, id, textArc(radius-3.5, 0.004, math.Pi*0.9))
	r.printf(`<text class="ring-name" font-size="%s" font-weight="bold" fill="%s" aria-hidden="true"><textPath href="#%s">%d. %s</textPath></text>`,
		f(minFont), muted, id, n, esc(name))
}

func (r *renderer) arc(a *Arc, ring string, lo, hi, a1, a2 float64, first bool, count int) {
	r.stats.Arcs++
	label := a.Title
	if a.Detail != "" {
		label += ", " + a.Detail
	}
	label += ", ring: " + ring
	class, stroke := "arc", `stroke="#FFFFFF" stroke-width="0.6"`
	if a.DayOff != "" {
		// Valid and maybe meant, but nobody works that day and its
		// reminders go the working day before: the planner should see it.
		label += ", röd dag: " + a.DayOff
		class, stroke = "arc arc-dayoff", `stroke="`+red+`" stroke-width="2.5" stroke-dasharray="4 2"`
	}
	r.printf(`<a class="%s" href="%s" data-occurrence="%s" aria-label="%s"><title>%s</title>`, class, esc(a.Href), esc(a.ID), esc(label), esc(label))
	fill := r.fill(a.Color)
	r.printf(`<path d="%s" fill="%s" %s/>`, sector(lo, hi, a1, a2), esc(fill), stroke)
	if first {
		if !r.label(a.Title, textColor(fill), lo, hi, a1, a2) {
			rank := rankOneOff
			if count > 1 {
				rank = rankRepeated
			}
			r.besides(&outside{text: a.Title, angle: (a1 + a2) / 2, radius: hi, rank: rank, item: itemKey(a)})
		}
	}
	r.printf(`</a>`)
}

// besides gathers a title for beside the wheel, once per item: in the
// programme view an item is in each year's ring, with one title.
func (r *renderer) besides(o *outside) {
	if r.beside == nil {
		r.beside = map[string]bool{}
	}
	if r.beside[o.item] {
		return
	}
	r.beside[o.item] = true
	r.outside = append(r.outside, o)
}

func itemKey(a *Arc) string {
	if a.Item != "" {
		return a.Item
	}
	return a.ID
}

// band draws an item of many occurrences as one link, quietly, so that
// the one-off activities (solid arcs) stand out: a thin strip over its
// months along the lane's outer edge, a tick for each occurrence across
// it, and its title and rule once, in grey ink, beneath; the rest of the
// lane is an invisible target for the pointer.
func (r *renderer) band(it *item, ring string, lo, hi float64) {
	r.stats.Bands++
	first, last := it.arcs[0], it.arcs[len(it.arcs)-1]
	a1 := r.s.angle(first.From)
	a2 := math.Max(r.s.angle(last.To.AddDays(1)), a1+0.012)
	colour := r.fill(it.colour)
	label := fmt.Sprintf("%s, %s, %d tillfällen %s, ring: %s", it.title, it.words, len(it.arcs), yearLabel(r.w), ring)
	r.printf(`<a class="arc arc-series" href="%s" data-item="%s" aria-label="%s"><title>%s</title>`, esc(it.href), esc(it.key), esc(label), esc(label))
	tick := math.Min(6, (hi-lo)/3)
	strip := math.Min(2, tick/2)
	r.printf(`<path d="%s" fill="%s" fill-opacity="0"/>`, sector(lo, hi, a1, a2), esc(colour))
	r.printf(`<path class="series-strip" d="%s" fill="%s"/>`, sector(hi-strip, hi, a1, a2), esc(colour))
	for _, a := range it.arcs {
		r.stats.Arcs++
		t1 := r.s.angle(a.From)
		t2 := math.Max(r.s.angle(a.To.AddDays(1)), t1+0.008)
		if a.DayOff != "" { // see arc: the planner should see it
			r.printf(`<path class="tick tick-dayoff" data-occurrence="%s" d="%s" fill="%s" stroke="%s" stroke-width="2"><title>%s, röd dag: %s</title></path>`,
				esc(a.ID), sector(hi-tick, hi, t1, t2), esc(colour), red, esc(a.From.String()), esc(a.DayOff))
			continue
		}
		r.printf(`<path class="tick" data-occurrence="%s" d="%s" fill="%s"/>`, esc(a.ID), sector(hi-tick, hi, t1, t2), esc(colour))
	}
	if !r.label(it.label(), muted, lo, hi-tick-1, a1, a2) {
		r.besides(&outside{text: it.label(), angle: a1 + 0.004, radius: hi, rank: rankBand, item: it.key})
	}
	r.printf(`</a>`)
}

func (r *renderer) holidays() {
	if len(r.w.Holidays) == 0 {
		return
	}
	r.printf(`<g class="holidays">`)
	for _, h := range r.w.Holidays {
		if !r.s.contains(h.Date) {
			continue
		}
		r.stats.Holidays++
		a1 := r.s.angle(h.Date)
		r.printf(`<path d="%s" fill="%s"><title>%s</title></path>`, sector(rHolInner, rHolOuter, a1, a1+2*math.Pi/r.s.days), red, esc(h.Name+", "+h.Date.String()))
	}
	r.printf(`</g>`)
}

func (r *renderer) today() {
	t := r.w.Today
	if t == nil || !r.s.contains(*t) {
		return
	}
	a := r.s.angle(*t) + math.Pi/r.s.days
	x1, y1 := point(rRingsInner-8, a)
	x2, y2 := point(rMonthOuter+4, a)
	r.printf(`<g class="today"><line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3" stroke-dasharray="8 4"/>`, f(x1), f(y1), f(x2), f(y2), red)
	tx, ty := point(rRingsInner-22, a)
	r.printf(`<text x="%s" y="%s" font-size="14" font-weight="bold" fill="%s" text-anchor="middle" font-family="system-ui, Arial, sans-serif">I dag</text></g>`, f(tx), f(ty+5), red)
}

func (r *renderer) centre() {
	r.printf(`<g font-family="system-ui, Arial, sans-serif" text-anchor="middle" fill="%s" pointer-events="none">`, ink)
	// As large as fits well inside the centre, clear of "I dag" around it.
	label := yearLabel(r.w)
	fs := math.Min(44, 160/(float64(utf8.RuneCountInString(label))*charWidth))
	r.printf(`<text x="%s" y="%s" font-size="%s" font-weight="bold">%s</text>`, f(cx), f(cy+8), f(fs), esc(label))
	r.printf(`<text x="%s" y="%s" font-size="15">Årshjul</text></g>`, f(cx), f(cy+34))
}

// wrap breaks text into lines of at most n characters, at spaces.
func wrap(text string, n int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > n {
			lines = append(lines, line)
			line = word
			continue
		}
		line = strings.TrimSpace(line + " " + word)
	}
	return append(lines, line)
}

// label puts a title on its arc or band, whole: along the arc when it is
// long enough, else across it (along the radius) when the ring is deep
// enough, at minFont or larger. It reports false when the title fits
// neither way; it then goes beside the wheel.
func (r *renderer) label(title, colour string, lo, hi, a1, a2 float64) bool {
	rm := (lo + hi) / 2
	if fs := math.Min(r.l.labelFont, hi-lo-4); fs >= r.l.minFont && textFits(title, fs, rm*(a2-a1)) {
		id := r.pathID()
		fmt.Fprintf(&r.defs, `<path id="%s" d="%s"/>`, id, textArc(rm-fs*0.35, a1, a2))
		r.printf(`<text class="label" font-size="%s" fill="%s" aria-hidden="true"><textPath href="#%s" startOffset="50%%" text-anchor="middle">%s</textPath></text>`,
			f(fs), colour, id, esc(title))
		r.stats.Labelled++
		return true
	}
	// Across: the arc's width at its inner edge limits the font size.
	fs := math.Min(r.l.labelFont, lo*(a2-a1)-3)
	if fs < r.l.minFont || !textFits(title, fs, hi-lo) {
		return false
	}
	mid := (a1 + a2) / 2
	x, y := point(rm, mid)
	deg := mid*180/math.Pi - 90
	if mid > math.Pi { // the left half reads from the outside in, upright
		deg += 180
	}
	r.printf(`<text class="label" x="%s" y="%s" font-size="%s" fill="%s" text-anchor="middle" dominant-baseline="central" transform="rotate(%s %s %s)" aria-hidden="true">%s</text>`,
		f(x), f(y), f(fs), colour, f(deg), f(x), f(y), esc(title))
	r.stats.Labelled++
	return true
}
