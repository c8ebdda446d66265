package app

import (
	"sort"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// ringKinds are what the wheel's rings can show (?rings=), in the menu's
// order, each with the words the menu and the legend use. "year" is the
// programme view: a ring per year of the programme.
var ringKinds = []struct{ value, menu, legend string }{
	{"focus", "Fokusområden", "fokusområden"},
	{"plans", "Kommunikationsplaner", "kommunikationsplaner"},
	{"year", "År (hela programmet)", "år"},
	{"channel", "Kanaler", "kanaler"},
	{"audience", "Målgrupper", "målgrupper"},
	{"owner", "Ansvariga", "ansvariga"},
}

// validRings is the list of ?rings= values, for the refusal's words.
func validRings() []string {
	var out []string
	for _, k := range ringKinds {
		out = append(out, k.value)
	}
	return out
}

// ringsShown is the kind of ring a query draws: "year" for the programme
// view whatever ?rings= said.
func ringsShown(q WheelQuery) string {
	if q.View == "programme" {
		return "year"
	}
	return q.Rings
}

// RingChoices is the "Ringar" menu, the kind shown selected.
func (q WheelQuery) RingChoices() []Option {
	shown := ringsShown(q)
	var out []Option
	for _, k := range ringKinds {
		out = append(out, Option{Value: k.value, Label: k.menu, Selected: k.value == shown})
	}
	return out
}

// RingsAre names what the rings show, for the legend ("fokusområden").
func (q WheelQuery) RingsAre() string {
	shown := ringsShown(q)
	for _, k := range ringKinds {
		if k.value == shown {
			return k.legend
		}
	}
	return ""
}

// ringKey is one ring an item's occurrences are drawn in.
type ringKey struct{ key, label string }

// itemRings are the rings an item is drawn in for rings of kind: one for a
// focus area, a plan or an owner; one per channel or audience it names
// (the same occurrence then stands in each), or the ring of those that
// name none.
func itemRings(kind string, prog *wheel.Programme, unit string, it *wheel.Item) []ringKey {
	many := func(prefix string, keys []string, cat wheel.Catalogue, none string) []ringKey {
		if len(keys) == 0 {
			return []ringKey{{prefix, none}}
		}
		var out []ringKey
		for _, k := range keys {
			out = append(out, ringKey{prefix + k, cat.Name(k)})
		}
		return out
	}
	switch kind {
	case "plans":
		if it.Plan != nil {
			return []ringKey{{"plan:" + unit + "/" + it.Plan.ID, it.Plan.Title}}
		}
		return []ringKey{{"plan:", "Årshjulet (utan plan)"}}
	case "channel":
		return many("channel:", it.Channels, prog.Channels, "Utan kanal")
	case "audience":
		return many("audience:", it.Audiences, prog.Audiences, "Utan målgrupp")
	case "owner":
		if it.Owner != "" {
			return []ringKey{{"owner:" + it.Owner, it.Owner}}
		}
		return []ringKey{{"owner:", "Utan ansvarig"}}
	}
	if it.Focus != "" {
		return []ringKey{{it.Focus, prog.FocusAreas.Name(it.Focus)}}
	}
	return []ringKey{{"", "Utan fokusområde"}}
}

// ringOrder is the rings' order from the outside in: the catalogue's for
// channels and audiences (pre-made, the empty ones then left out), the
// alphabet's for owners, first seen for plans; the ring of items that
// name none last.
func ringOrder(kind string, order []string, empty func(string) bool) []string {
	var out []string
	for _, k := range order {
		if (kind == "channel" || kind == "audience" || kind == "owner") && empty(k) {
			continue
		}
		out = append(out, k)
	}
	if kind == "owner" {
		sort.SliceStable(out, func(i, j int) bool {
			if (out[i] == "owner:") != (out[j] == "owner:") {
				return out[j] == "owner:"
			}
			return out[i] < out[j]
		})
	}
	return out
}
