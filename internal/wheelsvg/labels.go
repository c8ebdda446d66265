package wheelsvg

import (
	"math"
	"sort"
	"unicode/utf8"
)

// outside is a title that does not fit on its arc: it is written beside
// the wheel, on the side of its date, with a thin line to the arc.
type outside struct {
	text   string
	angle  float64 // where its arc is (the first, for an item of several)
	radius float64 // its arc's outer edge
	rank   int     // who keeps a place when there are too many: higher first
	item   string

	lines []string
	top   float64
	h     float64
	left  bool // written on the left of the wheel
}

// Ranks: a one-off activity keeps its title before an item that recurs,
// whose occurrences are all in the list anyway.
const (
	rankBand = iota
	rankRepeated
	rankOneOff
)

const (
	labelMargin = 30.0 // above the top and below the bottom title
	labelGap    = 4.0  // between two titles
	lineHeight  = 1.2  // em
	leaderGap   = 8.0  // from the circle to a title's near edge
)

// layout is what the printed picture and the slide draw differently, in
// the wheel's units: the titles' largest and smallest size, and the room
// for a title beside the wheel on either side.
type layout struct {
	labelFont, minFont, colWidth float64
}

// printed is the page's and the A3 picture's: the room beside the wheel is
// what is left of the page's part where the wheel is widest.
var printed = layout{labelFont: labelFont, minFont: minFont, colWidth: cx - rClear - leaderGap - 12}

// placeOutside lays the outside titles out: the largest font from
// labelFont down to minFont at which every title fits, wrapped to two
// lines, in the height beside the wheel on its side; at minFont, one line
// each (the title's first words, the whole title being in the arc's name
// and the list); titles near the top and the bottom move to the other
// side when theirs is full; then the lowest-ranked titles are left out
// until the rest fit. Titles on a side keep the order of their dates and
// are pushed apart so that none overlap. It returns the titles placed
// with their font size, and how many were left out.
func placeOutside(l layout, all []*outside) (placed []*outside, fs float64, dropped int) {
	sides := [2][]*outside{}
	for _, o := range all {
		side := 0
		if math.Mod(o.angle, 2*math.Pi) >= math.Pi {
			side = 1
		}
		sides[side] = append(sides[side], o)
	}
	avail := height - 2*labelMargin
	lines, gap := 2, labelGap
	fits := func() bool {
		return need(l, sides[0], fs, lines, gap) <= avail && need(l, sides[1], fs, lines, gap) <= avail
	}
	for fs = l.labelFont; fs > l.minFont && !fits(); fs-- {
	}
	if !fits() {
		lines, gap = 1, labelGap/2
	}
	for i := range sides {
		other := 1 - i
		for need(l, sides[i], fs, lines, gap) > avail {
			k := nearestToTurn(sides[i])
			o := sides[i][k]
			if need(l, sides[other], fs, lines, gap)+o.h+gap > avail {
				break
			}
			sides[i] = append(sides[i][:k], sides[i][k+1:]...)
			sides[other] = append(sides[other], o)
		}
	}
	for i := range sides {
		side := sides[i]
		if need(l, side, fs, lines, gap) > avail {
			// Keep the highest ranks; among equals, the earliest dates.
			byRank := append([]*outside(nil), side...)
			sort.SliceStable(byRank, func(a, b int) bool { return byRank[a].rank > byRank[b].rank })
			keep := map[*outside]bool{}
			used := 0.0
			for _, o := range byRank {
				if used+o.h+gap <= avail {
					keep[o] = true
					used += o.h + gap
				}
			}
			var kept []*outside
			for _, o := range side {
				if keep[o] {
					kept = append(kept, o)
				}
			}
			dropped += len(side) - len(kept)
			side = kept
		}
		spread(side, gap)
		for _, o := range side {
			o.left = i == 1
		}
		placed = append(placed, side...)
	}
	return placed, fs, dropped
}

// nearestToTurn is the title of a side whose arc is nearest the top or the
// bottom of the wheel, where the other side is as near.
func nearestToTurn(side []*outside) int {
	best, dist := 0, math.Inf(1)
	for i, o := range side {
		a := math.Mod(o.angle, math.Pi)
		if d := math.Min(a, math.Pi-a); d < dist {
			best, dist = i, d
		}
	}
	return best
}

// need wraps each title for font size fs in at most lines lines and sums
// the height they take with gap between.
func need(l layout, side []*outside, fs float64, lines int, gap float64) float64 {
	total := 0.0
	perLine := int(l.colWidth / (fs * charWidth))
	for _, o := range side {
		o.lines = wrapLines(o.text, perLine, lines)
		o.h = float64(len(o.lines)) * fs * lineHeight
		total += o.h + gap
	}
	return total
}

// charWidth is an average character's width in em, on the generous side
// for the sans-serif fonts the picture names (Swedish text, some capitals).
const charWidth = 0.56

// spread puts a side's titles as near their arcs' heights as they can be
// without overlapping: in date order (down the right side, up the left),
// each pushed below the one before, then back up from the bottom edge if
// the last ran over it.
func spread(side []*outside, gap float64) {
	want := func(o *outside) float64 { return cy - rClear*math.Cos(o.angle) - o.h/2 }
	sort.SliceStable(side, func(a, b int) bool { return want(side[a]) < want(side[b]) })
	prev := labelMargin - gap
	for _, o := range side {
		o.top = math.Max(want(o), prev+gap)
		o.top = math.Max(o.top, labelMargin)
		prev = o.top + o.h
	}
	limit := height - labelMargin
	for i := len(side) - 1; i >= 0; i-- {
		o := side[i]
		if o.top+o.h > limit {
			o.top = limit - o.h
		}
		limit = o.top - gap
	}
}

// near is the x of a title's edge nearest the wheel: on the circle rClear
// at the height of the title's point nearest the centre, so that the whole
// title stays outside it.
func (o *outside) near(left bool) float64 {
	y := math.Max(o.top, math.Min(cy, o.top+o.h))
	dy := y - cy
	dx := math.Sqrt(math.Max(0, rClear*rClear-dy*dy)) + leaderGap
	if left {
		return cx - dx
	}
	return cx + dx
}

// drawOutside writes the placed titles and their leader lines.
func (r *renderer) drawOutside(list []*outside, fs float64) {
	if len(list) == 0 {
		return
	}
	r.printf(`<g class="labels" font-family="system-ui, Arial, sans-serif" fill="%s">`, ink)
	for _, o := range list {
		left := o.left
		x := o.near(left)
		anchor := "start"
		lx := x - 3
		if left {
			anchor, lx = "end", x+3
		}
		x1, y1 := point(o.radius, o.angle)
		x2, y2 := point(rMonthOuter+4, o.angle)
		r.printf(`<polyline class="leader" points="%s,%s %s,%s %s,%s" fill="none" stroke="%s" stroke-width="0.9" aria-hidden="true"/>`,
			f(x1), f(y1), f(x2), f(y2), f(lx), f(o.top+o.h/2), lineGrey)
		r.printf(`<text class="label" data-item="%s" x="%s" y="%s" font-size="%s" text-anchor="%s" aria-hidden="true">`, esc(o.item), f(x), f(o.top+fs*0.9), f(fs), anchor)
		for i, line := range o.lines {
			if i == 0 {
				r.printf(`<tspan x="%s">%s</tspan>`, f(x), esc(line))
			} else {
				r.printf(`<tspan x="%s" dy="%s">%s</tspan>`, f(x), f(fs*lineHeight), esc(line))
			}
		}
		r.printf(`</text>`)
		r.stats.Outside++
	}
	r.printf(`</g>`)
}

// wrapLines breaks text into at most n lines of at most per characters,
// at spaces; what does not fit in n lines is left off at a word (the
// whole title is in the arc's name and the list).
func wrapLines(text string, per, n int) []string {
	lines := wrap(text, per)
	if len(lines) <= n {
		return lines
	}
	return lines[:n]
}

// fewer says how many titles are only in the list.
func (r *renderer) fewer(n int) {
	if n == 0 {
		return
	}
	r.printf(`<text class="fewer" x="12" y="20" font-size="14" fill="%s" font-family="system-ui, Arial, sans-serif">+%d fler i listan</text>`, muted, n)
}

// textLen estimates the length of text in font size fs.
func textLen(text string, fs float64) float64 {
	return float64(utf8.RuneCountInString(text)) * fs * charWidth
}
