package app

import (
	"fmt"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
	"github.com/avesta-kommun/arshjul/internal/wheelsvg"
)

// Option is one choice in a select box.
type Option struct {
	Value, Label string
	Selected     bool
}

// WheelPage is the wheel page: the picture, the list that says the same,
// and the choices that change them.
type WheelPage struct {
	Scope            *Scope
	Data             WheelData
	SVG              []byte // rendered by wheelsvg, which escapes every text
	YearLabel        string
	Query            WheelQuery
	PrevURL, NextURL string
	SVGURL, FeedURL  string
	Box              *SubscribeBox // the feed of what the page shows
	Focus, Audiences []Option
	Channels, Starts []Option
	UnitChoices      []Option // a combined wheel's units, to show some of them
	Programme        *wheel.Programme
}

// WheelPicture is the wheel as an SVG file alone, for print and slides.
type WheelPicture struct {
	SVG      []byte
	Filename string
}

// Wheel is the wheel page of name (a unit, "all" or "public") as token
// (or, empty, anyone) may see it; query is the page's options.
func (c *Core) Wheel(token, name string, query url.Values) (*WheelPage, error) {
	v, sc, q, err := c.wheelRequest(token, name, query)
	if err != nil {
		return nil, err
	}
	data := buildWheel(v.Config, sc.Snap, v.links, sc, q, v.today)
	svg, _ := wheelsvg.Render(&data.Wheel, wheelsvg.Options{})
	p := &WheelPage{Scope: sc, Data: data, SVG: svg, Query: q, Programme: &v.Config.Programme}
	p.YearLabel = strconv.Itoa(q.Year)
	if q.Start != time.January {
		p.YearLabel = fmt.Sprintf("%d/%02d", q.Year, (q.Year+1)%100)
	}
	base := v.links.Wheel(sc.Token, sc.Name)
	prev, next := q, q
	prev.Year--
	next.Year++
	p.PrevURL = base + "?" + prev.values().Encode()
	p.NextURL = base + "?" + next.values().Encode()
	p.SVGURL = v.links.WheelPicture(sc.Token, sc.Name) + "?" + q.values().Encode()
	p.FeedURL = v.links.Abs(v.links.PublicFeed())
	if sc.Token == "" && sc.Name != feed.ScopePublic {
		p.FeedURL = v.links.Abs(v.links.PublicUnitFeed(sc.Name)) // the unit's own public items
	}
	if sc.Token != "" {
		p.FeedURL = v.links.Abs(v.links.Feed(sc.Token, sc.Name))
	}
	p.Box = newBox("hjul", p.FeedURL, "Årshjul – "+sc.Title)
	prog := &v.Config.Programme
	p.Focus = options(prog.FocusAreas, q.Filter.Focus, "Alla fokusområden")
	p.Audiences = options(prog.Audiences, q.Filter.Audience, "Alla målgrupper")
	p.Channels = options(prog.Channels, q.Filter.Channel, "Alla kanaler")
	for m := time.January; m <= time.December; m++ {
		p.Starts = append(p.Starts, Option{Value: strconv.Itoa(int(m)), Label: sv.Months[m], Selected: m == q.Start})
	}
	if len(sc.Units) > 1 {
		for _, u := range sc.Units {
			p.UnitChoices = append(p.UnitChoices, Option{Value: u.ID, Label: u.Name, Selected: len(q.Units) == 0 || slices.Contains(q.Units, u.ID)})
		}
	}
	return p, nil
}

// WheelPicture is the picture alone ("UNIT.svg").
func (c *Core) WheelPicture(token, name string, query url.Values) (*WheelPicture, error) {
	v, sc, q, err := c.wheelRequest(token, name, query)
	if err != nil {
		return nil, err
	}
	data := buildWheel(v.Config, sc.Snap, v.links, sc, q, v.today)
	svg, _ := wheelsvg.Render(&data.Wheel, wheelsvg.Options{Standalone: true})
	return &WheelPicture{SVG: svg, Filename: fmt.Sprintf("arshjul-%s-%s.svg", sc.Name, yearSlug(q))}, nil
}

func (c *Core) wheelRequest(token, name string, query url.Values) (*view, *Scope, WheelQuery, error) {
	v, err := c.view()
	if err != nil {
		return nil, nil, WheelQuery{}, err
	}
	sc, err := c.scope(v, token, name)
	if err != nil {
		return nil, nil, WheelQuery{}, err
	}
	q, err := parseWheelQuery(query, &v.Config.Programme, v.today)
	if err != nil {
		return v, sc, q, err
	}
	var ids []string
	for _, u := range sc.Units {
		ids = append(ids, u.ID)
	}
	for _, s := range query["unit"] { // ?unit=hr,ekonomi, or unit= once per box ticked
		for _, id := range strings.Split(s, ",") {
			if id == "" || slices.Contains(q.Units, id) {
				continue
			}
			if !slices.Contains(ids, id) {
				return v, sc, q, invalid("unit %q: okänd här; giltiga är %s (flera med komma)", id, diag.OneOf(ids))
			}
			q.Units = append(q.Units, id)
		}
	}
	if len(q.Units) == len(ids) {
		q.Units = nil // every unit: the plain address
	}
	return v, sc, q, nil
}

func yearSlug(q WheelQuery) string {
	if q.Start != time.January {
		return fmt.Sprintf("%d-%02d", q.Year, int(q.Start))
	}
	return strconv.Itoa(q.Year)
}

func options(c wheel.Catalogue, selected, all string) []Option {
	out := []Option{{Value: "", Label: all, Selected: selected == ""}}
	for _, k := range c.Keys {
		out = append(out, Option{Value: k, Label: c.Name(k), Selected: k == selected})
	}
	return out
}

// parseWheelQuery reads ?year=&start=&rings=&holidays= and the feed filters.
func parseWheelQuery(v url.Values, p *wheel.Programme, today wheel.Date) (WheelQuery, error) {
	q := WheelQuery{Year: today.Year, Start: time.January, Rings: "focus"}
	for key := range v {
		switch key {
		case "year", "start", "rings", "holidays", "focus", "audience", "channel", "unit":
		default:
			return q, invalid("okänd parameter %q; giltiga är year, start, rings, holidays, focus, audience, channel och unit", key)
		}
	}
	if s := v.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1900 || y > 2200 {
			return q, invalid("year %q: skriv ett årtal, t.ex. %d", s, today.Year)
		}
		q.Year = y
	}
	if s := v.Get("start"); s != "" {
		m, err := strconv.Atoi(s)
		if err != nil || m < 1 || m > 12 {
			return q, invalid("start %q: skriv månadens nummer, 1–12 (8 för augusti)", s)
		}
		q.Start = time.Month(m)
	}
	switch s := v.Get("rings"); s {
	case "", "focus":
	case "plans":
		q.Rings = "plans"
	default:
		return q, invalid("rings %q: giltiga är focus och plans", s)
	}
	switch s := v.Get("holidays"); s {
	case "", "0":
	case "1":
		q.Holidays = true
	default:
		return q, invalid("holidays ska vara 0 eller 1")
	}
	pick := func(key string, cat wheel.Catalogue) (string, error) {
		s := v.Get(key)
		if s == "" || cat.Has(s) {
			return s, nil
		}
		return "", invalid("okänd %s %q; giltiga är %s", key, s, diag.OneOf(cat.Keys))
	}
	var err error
	if q.Filter.Focus, err = pick("focus", p.FocusAreas); err != nil {
		return q, err
	}
	if q.Filter.Audience, err = pick("audience", p.Audiences); err != nil {
		return q, err
	}
	if q.Filter.Channel, err = pick("channel", p.Channels); err != nil {
		return q, err
	}
	return q, nil
}
