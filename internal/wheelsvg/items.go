package wheelsvg

import (
	"fmt"
	"math"
)

// item is one item's arcs in a ring. A weekly meeting is fifty arcs of one
// thing: it is drawn as one band over its months with each occurrence a
// tick in it, and one label, so that the picture does not turn into a
// barcode; so is any item with bandFrom occurrences or more in the year.
type item struct {
	key    string
	title  string
	arcs   []*Arc // in date order
	band   bool
	words  string // the band's wording: "varje tisdag 09:00", "12 tillfällen"
	href   string
	colour string
}

// bandFrom is how many occurrences in the year make an item a band even
// without a weekly or monthly rule (a list of dates, an imported series).
const bandFrom = 4

// label is the text an item is known by on the picture.
func (it *item) label() string {
	if it.band {
		return it.title + " · " + it.words
	}
	return it.title
}

// items groups a ring's arcs by item, in the order they first appear.
func items(s scale, arcs []Arc) []*item {
	var out []*item
	at := map[string]*item{}
	for i := range arcs {
		a := &arcs[i]
		if _, ok := s.interval(a); !ok {
			continue
		}
		key := a.Item
		if key == "" {
			key = a.ID // no item named: an arc of its own
		}
		it := at[key]
		if it == nil {
			it = &item{key: key, title: a.Title, href: a.Href, colour: a.Color, words: a.Series}
			at[key] = it
			out = append(out, it)
		}
		it.arcs = append(it.arcs, a)
	}
	for _, it := range out {
		it.band = it.words != "" && len(it.arcs) > 1 || len(it.arcs) >= bandFrom
		if it.band && it.words == "" {
			it.words = fmt.Sprintf("%d tillfällen", len(it.arcs))
		}
		if it.band {
			it.href = stripFragment(it.href)
		}
	}
	return out
}

// spans are what a ring's lanes are packed from: a band as one interval,
// other items' arcs each on their own.
func spans(s scale, its []*item) []placed {
	var out []placed
	for _, it := range its {
		if !it.band {
			for _, a := range it.arcs {
				p, _ := s.interval(a)
				out = append(out, p)
			}
			continue
		}
		first, _ := s.interval(it.arcs[0])
		last := first
		for _, a := range it.arcs[1:] {
			p, _ := s.interval(a)
			first.from = math.Min(first.from, p.from)
			last.to = math.Max(last.to, p.to)
		}
		out = append(out, placed{item: it, from: first.from, to: math.Max(first.to, last.to)})
	}
	return out
}

// stripFragment is a link to an item's page without the occurrence it
// was opened at: a band is the whole item.
func stripFragment(href string) string {
	for i := len(href) - 1; i >= 0; i-- {
		if href[i] == '#' {
			return href[:i]
		}
	}
	return href
}
