package wheelsvg

import (
	"fmt"
	"strings"
)

// Palette is the rings' colours where the configuration names none. No
// three colours can each contrast 3:1 with white and with each other (the
// luminance range is too short: 1.05/0.30 leaves room for two steps), so
// the palette alternates dark and mid tones: every colour contrasts 3:1
// with both shades of the rings, and each with the next, so that
// neighbouring rings, which touch, differ 3:1 and read apart on a
// greyscale print too. Hues differ as well, for those who see them. Its
// length is even, so that ring 7 (dark) after ring 6 (mid) keeps the step.
var Palette = []string{
	"#00365C", // navy
	"#D9691A", // orange
	"#3F1A5E", // aubergine
	"#3A8FD6", // sky blue
	"#083C20", // forest green
	"#DB5C8C", // rose
}

// RingColour is ring i's colour from the palette.
func RingColour(i int) string { return Palette[i%len(Palette)] }

// Contrast is the WCAG contrast ratio of two #RRGGBB colours.
func Contrast(a, b string) float64 {
	r, g, bl := rgb(a)
	return contrast(r, g, bl, b)
}

// Grey is a colour as a greyscale print shows it: its relative luminance,
// 0 black to 1 white.
func Grey(colour string) float64 { return luminance(rgb(colour)) }

func rgb(colour string) (r, g, b int) {
	fmt.Sscanf(strings.TrimPrefix(colour, "#"), "%02x%02x%02x", &r, &g, &b)
	return r, g, b
}

// ringColour is ring i's own colour, or the palette's for its place.
func ringColour(rings []Ring, i int) string {
	if c := rings[i].Color; c != "" {
		return c
	}
	return RingColour(i)
}

// fill is an arc's colour: its own (its unit's, on a combined wheel), or
// its ring's.
func (r *renderer) fill(colour string) string {
	if colour != "" {
		return colour
	}
	return r.colour
}
