package wheelsvg

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// The picture has A3 landscape's proportions (1980 × 1400: 420 × 297 mm,
// 0.212 mm a unit): the wheel in the middle of the page's part (1650 wide),
// the titles that do not fit on their arcs outside it, left and right, and
// in the picture alone a legend column on the right.
const (
	width, height = 1980.0, 1400.0
	pageWidth     = 1650.0
	cx, cy        = 825.0, 700.0
	rMonthOuter   = 492.0
	rMonthInner   = 458.0
	rWeekOuter    = 458.0
	rWeekInner    = 440.0
	rHolOuter     = 436.0
	rHolInner     = 424.0
	rMarks        = 411.0 // follow-up deadlines
	rRingsOuter   = 398.0
	rRingsInner   = 140.0
	rClear        = rMonthOuter + 12 // titles outside the wheel keep clear of this circle
	minLane       = 2.0
	labelFont     = 14.0
	// minFont is the smallest title: 10 units are 2.12 mm, 6 pt, when the
	// picture is printed A3 landscape.
	minFont = 10.0
	// ringStrip is the band along each ring's outer edge that carries its
	// name, kept free of arcs.
	ringStrip = 14.0
)

// scale turns dates into angles (radians clockwise from the top).
type scale struct {
	from wheel.Date
	days float64
}

func newScale(w *Wheel) scale {
	from, to := w.Span()
	return scale{from: from, days: float64(daysBetween(from, to))}
}

func daysBetween(a, b wheel.Date) int {
	return int(math.Round(b.In(utc).Sub(a.In(utc)).Hours() / 24))
}

// angle of the start of day d (clamped to the span).
func (s scale) angle(d wheel.Date) float64 {
	n := float64(daysBetween(s.from, d))
	n = math.Max(0, math.Min(n, s.days))
	return 2 * math.Pi * n / s.days
}

func (s scale) contains(d wheel.Date) bool {
	n := daysBetween(s.from, d)
	return n >= 0 && float64(n) < s.days
}

func point(r, a float64) (float64, float64) {
	return cx + r*math.Sin(a), cy - r*math.Cos(a)
}

func f(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

// sector is the path of an annular sector from angle a1 to a2.
func sector(r0, r1, a1, a2 float64) string {
	large := 0
	if a2-a1 > math.Pi {
		large = 1
	}
	x1, y1 := point(r1, a1)
	x2, y2 := point(r1, a2)
	x3, y3 := point(r0, a2)
	x4, y4 := point(r0, a1)
	return fmt.Sprintf("M%s %sA%s %s 0 %d 1 %s %sL%s %sA%s %s 0 %d 0 %s %sZ",
		f(x1), f(y1), f(r1), f(r1), large, f(x2), f(y2), f(x3), f(y3), f(r0), f(r0), large, f(x4), f(y4))
}

// textArc is a path along radius r from a1 to a2 for a textPath, running
// the other way on the lower half of the wheel so that text stays upright.
func textArc(r, a1, a2 float64) string {
	mid := math.Mod((a1+a2)/2, 2*math.Pi)
	large := 0
	if a2-a1 > math.Pi {
		large = 1
	}
	if mid > math.Pi/2 && mid < 3*math.Pi/2 {
		x1, y1 := point(r, a2)
		x2, y2 := point(r, a1)
		return fmt.Sprintf("M%s %sA%s %s 0 %d 0 %s %s", f(x1), f(y1), f(r), f(r), large, f(x2), f(y2))
	}
	x1, y1 := point(r, a1)
	x2, y2 := point(r, a2)
	return fmt.Sprintf("M%s %sA%s %s 0 %d 1 %s %s", f(x1), f(y1), f(r), f(r), large, f(x2), f(y2))
}

// textFits estimates whether text in font size fs fits along length px.
// Proportional fonts average about 0.55 em per character.
func textFits(text string, fs, px float64) bool {
	return float64(utf8.RuneCountInString(text))*fs*0.56+10 <= px
}

// placed is an arc, or an item's band, with its lane.
type placed struct {
	arc      *Arc  // an arc on its own
	item     *item // or a band of an item's occurrences
	lane     int
	from, to float64 // days from the span's start, to exclusive
}

// lanes packs a ring's arcs so that none overlap (see pack).
func lanes(s scale, arcs []Arc) ([]placed, int) {
	out := make([]placed, 0, len(arcs))
	for i := range arcs {
		if p, ok := s.interval(&arcs[i]); ok {
			out = append(out, p)
		}
	}
	return pack(out)
}

// interval is where an arc lies in days from the span's start; ok is
// false when it lies outside.
func (s scale) interval(a *Arc) (placed, bool) {
	from := math.Max(0, float64(daysBetween(s.from, a.From)))
	to := math.Min(s.days, float64(daysBetween(s.from, a.To)+1))
	return placed{arc: a, from: from, to: to}, to > 0 && from < s.days
}

// pack gives each interval the first lane free at its start (greedy
// interval colouring, optimal for intervals), so that none overlap.
func pack(out []placed) ([]placed, int) {
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].from != out[j].from {
			return out[i].from < out[j].from
		}
		return out[i].to > out[j].to
	})
	var ends []float64
	for i := range out {
		lane := -1
		for l, e := range ends {
			if e <= out[i].from {
				lane = l
				break
			}
		}
		if lane < 0 {
			lane = len(ends)
			ends = append(ends, 0)
		}
		ends[lane] = out[i].to
		out[i].lane = lane
	}
	return out, max(1, len(ends))
}

// textColor picks black or white for text on a background, whichever
// contrasts more (WCAG relative luminance).
func textColor(bg string) string {
	var r, g, b int
	if _, err := fmt.Sscanf(strings.TrimPrefix(bg, "#"), "%02x%02x%02x", &r, &g, &b); err != nil {
		return "#000000"
	}
	l := luminance(r, g, b)
	if (l+0.05)/0.05 > 1.05/(l+0.05) {
		return "#000000"
	}
	return "#FFFFFF"
}

var utc = time.UTC

// Contrasting is colour darkened, if it must be, until it contrasts 3:1
// with both shades of the rings (WCAG 1.4.11, non-text contrast): a unit
// configured with a pale colour still draws arcs one can see.
func Contrasting(colour string) string {
	var r, g, b int
	if _, err := fmt.Sscanf(strings.TrimPrefix(colour, "#"), "%02x%02x%02x", &r, &g, &b); err != nil {
		return colour
	}
	for i := 0; i < 40 && math.Min(contrast(r, g, b, shadeA), contrast(r, g, b, shadeB)) < 3; i++ {
		r, g, b = r*9/10, g*9/10, b*9/10
	}
	return fmt.Sprintf("#%02X%02X%02X", r, g, b)
}

// contrast is the WCAG contrast ratio of r, g, b against the colour bg.
func contrast(r, g, b int, bg string) float64 {
	var br, bgg, bb int
	fmt.Sscanf(strings.TrimPrefix(bg, "#"), "%02x%02x%02x", &br, &bgg, &bb)
	l1, l2 := luminance(r, g, b), luminance(br, bgg, bb)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

func luminance(r, g, b int) float64 {
	lin := func(c int) float64 {
		v := float64(c) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
