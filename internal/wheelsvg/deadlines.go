package wheelsvg

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// deadlines marks follow-ups on their own band: open ones hollow, overdue
// ones larger and red with an exclamation mark, done ones green. Marks
// that would touch (deadlines a day or two apart) are one mark that says
// how many, in the colour of the most pressing, so that none hides another.
func (r *renderer) deadlines() {
	if len(r.w.Deadlines) == 0 {
		return
	}
	var ds []Deadline
	for _, d := range r.w.Deadlines {
		if r.s.contains(d.Due) {
			ds = append(ds, d)
		}
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Due.Before(ds[j].Due) })
	r.printf(`<g class="deadlines" font-family="system-ui, Arial, sans-serif">`)
	angle := func(d Deadline) float64 { return r.s.angle(d.Due) + math.Pi/r.s.days }
	for i := 0; i < len(ds); {
		j := i + 1
		for j < len(ds) && (angle(ds[j])-angle(ds[j-1]))*rMarks < 20 {
			j++
		}
		r.deadline(ds[i:j], angle(ds[i]))
		i = j
	}
	r.printf(`</g>`)
}

func (r *renderer) deadline(group []Deadline, a float64) {
	r.stats.Deadlines += len(group)
	x, y := point(rMarks, a)
	d := group[0]
	if len(group) == 1 {
		label := fmt.Sprintf("Uppföljning %s: %s, %s", d.StateWords, d.Title, d.Due)
		r.printf(`<a class="deadline deadline-%s" href="%s" aria-label="%s"><title>%s</title>`, esc(d.State), esc(d.Href), esc(label), esc(label))
		switch d.State {
		case "overdue":
			r.printf(`<circle cx="%s" cy="%s" r="9" fill="%s"/><text x="%s" y="%s" font-size="14" font-weight="bold" fill="#FFFFFF" text-anchor="middle" aria-hidden="true">!</text>`,
				f(x), f(y), red, f(x), f(y+5))
		case "done":
			r.printf(`<circle cx="%s" cy="%s" r="5" fill="%s"/>`, f(x), f(y), green)
		default:
			r.printf(`<circle cx="%s" cy="%s" r="5.5" fill="#FFFFFF" stroke="%s" stroke-width="2.5"/>`, f(x), f(y), ink)
		}
		r.printf(`</a>`)
		return
	}
	fill, state := ink, "open"
	var parts []string
	for _, g := range group {
		parts = append(parts, fmt.Sprintf("%s (%s, %s)", g.Title, g.StateWords, g.Due))
		switch {
		case g.State == "overdue":
			fill, state = red, "overdue"
		case g.State == "done" && state == "open" && fill == ink && len(parts) == len(group) && allDone(group):
			fill, state = green, "done"
		}
	}
	label := fmt.Sprintf("%d uppföljningar: %s", len(group), strings.Join(parts, "; "))
	r.printf(`<a class="deadline deadline-%s" href="%s" aria-label="%s"><title>%s</title>`, state, esc(d.Href), esc(label), esc(label))
	r.printf(`<circle cx="%s" cy="%s" r="9" fill="%s"/><text x="%s" y="%s" font-size="12" font-weight="bold" fill="#FFFFFF" text-anchor="middle" aria-hidden="true">%d</text></a>`,
		f(x), f(y), fill, f(x), f(y+4), len(group))
}

func allDone(group []Deadline) bool {
	for _, g := range group {
		if g.State != "done" {
			return false
		}
	}
	return true
}
