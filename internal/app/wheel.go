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
	// SlideURL is the page as a 16:9 slide, or back from it (Query.Slide).
	SlideURL       string
	PNGURL, PDFURL string // the picture as PNG and PDF: A3, or the slide
	PDFA4URL       string
	// Agenda is this month and the next (or the view's first two), what
	// the page opens on under 600 px, before the wheel.
	Agenda           []ListMonth
	Box              *SubscribeBox // the feed of what the page shows
	Focus, Audiences []Option
	Channels, Starts []Option
	UnitChoices      []Option // a combined wheel's units, to show some of them
	Views            []Option // the year, a quarter, a month, the programme: Value is the address
	Programme        *wheel.Programme
	Embed            *EmbedOffer // the snippet for the intranet; nil: none
}

// WheelPicture is the wheel as an SVG file alone, for print and slides.
type WheelPicture struct {
	SVG      []byte
	Filename string
}

// Wheel is the wheel page of name (a unit, "all" or "public") as who may
// see it; query is the page's options.
func (c *Core) Wheel(who Viewer, name string, query url.Values) (*WheelPage, error) {
	v, sc, q, err := c.wheelRequest(who, name, query)
	if err != nil {
		return nil, err
	}
	data := buildWheel(v.Config, sc.Snap, v.links, sc, q, v.today)
	svg, _ := wheelsvg.Render(&data.Wheel, wheelsvg.Options{Slide: q.Slide, ListURL: listURL(v, sc, q)})
	p := &WheelPage{Scope: sc, Data: data, SVG: svg, Query: q, Programme: &v.Config.Programme}
	p.YearLabel = wheelsvg.PeriodLabel(&data.Wheel)
	p.Agenda = agenda(data.Months, v.today)
	base := v.links.Wheel(sc.Token, sc.Name)
	prev, next := q, q
	switch {
	case q.View == "programme": // all of it: nothing before or after
	case q.Months > 0:
		prev.Year, prev.Start = shiftMonths(q.Year, q.Start, -q.Months)
		next.Year, next.Start = shiftMonths(q.Year, q.Start, q.Months)
	default:
		prev.Year--
		next.Year++
	}
	if q.View != "programme" {
		p.PrevURL = base + "?" + prev.values().Encode()
		p.NextURL = base + "?" + next.values().Encode()
	}
	p.Views = wheelViews(base, q, v.today)
	p.SVGURL = v.links.WheelPicture(sc.Token, sc.Name) + "?" + q.values().Encode()
	pic := v.links.Wheel(sc.Token, sc.Name)
	p.PNGURL = pic + ".png?" + q.values().Encode()
	p.PDFURL = pic + ".pdf?" + q.values().Encode()
	a4 := q.values()
	a4.Set("format", "a4")
	p.PDFA4URL = pic + ".pdf?" + a4.Encode()
	other := q
	other.Slide = !q.Slide
	p.SlideURL = base + "?" + other.values().Encode()
	p.FeedURL = v.links.Abs(v.links.PublicFeed())
	if sc.Token == "" && sc.Name != feed.ScopePublic {
		p.FeedURL = v.links.Abs(v.links.PublicUnitFeed(sc.Name)) // the unit's own public items
	}
	if sc.Token != "" {
		p.FeedURL = v.links.Abs(v.links.Feed(sc.Token, sc.Name))
	}
	if !q.Slide {
		p.Embed = embedOffer(v, sc)
	}
	if !sc.Session {
		p.Box = newBox("hjul", p.FeedURL, "Årshjul – "+sc.Title)
	}
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

// agenda is the list's month of today and the next, or its first two
// when today is not in it.
func agenda(months []ListMonth, today wheel.Date) []ListMonth {
	at := 0
	this := sv.Months[today.Month] + " " + strconv.Itoa(today.Year)
	for i, m := range months {
		if m.Name == this {
			at = i
		}
	}
	return months[at:min(at+2, len(months))]
}

// shiftMonths moves a month by n months.
func shiftMonths(y int, m time.Month, n int) (int, time.Month) {
	t := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return t.Year(), t.Month()
}

// wheelViews are the page's other ways to see the same wheel: the year,
// the quarter that holds today (or the year's first), its month, and the
// programme's years.
func wheelViews(base string, q WheelQuery, today wheel.Date) []Option {
	year, quarter, month, prog := q, q, q, q
	year.Months, year.View = 0, ""
	if q.Months > 0 && q.Start != time.January {
		year.Start = time.January
	}
	m := time.January
	if today.Year == q.Year {
		m = today.Month
	}
	quarter.View, quarter.Months, quarter.Start = "", 3, m-(m-1)%3
	month.View, month.Months, month.Start = "", 1, m
	prog.View, prog.Months, prog.Start = "programme", 0, q.Start
	if q.Months > 0 {
		prog.Start = time.January
	}
	return []Option{
		{Value: base + "?" + year.values().Encode(), Label: "Året", Selected: q.Months == 0 && q.View == ""},
		{Value: base + "?" + quarter.values().Encode(), Label: "Kvartalet", Selected: q.Months == 3},
		{Value: base + "?" + month.values().Encode(), Label: "Månaden", Selected: q.Months == 1},
		{Value: base + "?" + prog.values().Encode(), Label: "Hela programmet", Selected: q.View == "programme"},
	}
}

// CanonicalWheelQuery is the wheel page's query in its one form: only the
// page's own parameters, each once, a value as the page writes it (year=02027
// is year=2027, the units sorted), encoded in a fixed order. Two addresses
// that show the same page give the same form, so it keys a cache of pages,
// and the page is made from it rather than from the request. A value out of
// range is refused as the page would refuse it; units are checked
// against the scope when the page is made.
func (c *Core) CanonicalWheelQuery(query url.Values) (string, error) {
	v, err := c.view()
	if err != nil {
		return "", err
	}
	q, err := parseWheelQuery(query, &v.Config.Programme, v.today)
	if err != nil {
		return "", err
	}
	for _, s := range query["unit"] {
		for _, id := range strings.Split(s, ",") {
			if id != "" && !slices.Contains(q.Units, id) {
				q.Units = append(q.Units, id)
			}
		}
	}
	slices.Sort(q.Units)
	return q.values().Encode(), nil
}

// WheelPicture is the picture alone ("UNIT.svg").
func (c *Core) WheelPicture(who Viewer, name string, query url.Values) (*WheelPicture, error) {
	v, sc, q, err := c.wheelRequest(who, name, query)
	if err != nil {
		return nil, err
	}
	q.file = true
	data := buildWheel(v.Config, sc.Snap, v.links, sc, q, v.today)
	svg, _ := wheelsvg.Render(&data.Wheel, wheelsvg.Options{Standalone: true, Slide: q.Slide, ListURL: listURL(v, sc, q)})
	return &WheelPicture{SVG: svg, Filename: fmt.Sprintf("arshjul-%s-%s.svg", sc.Name, yearSlug(q))}, nil
}

// listURL is the wheel page's address without the token, which a slide
// shown in a room must not carry: colleagues signed in see the same
// wheel there, everyone else its public part.
func listURL(v *view, sc *Scope, q WheelQuery) string {
	q.Slide = false
	return v.links.Abs(v.links.Wheel("", sc.Name) + "?" + q.values().Encode() + "#lista")
}

func (c *Core) wheelRequest(who Viewer, name string, query url.Values) (*view, *Scope, WheelQuery, error) {
	v, err := c.view()
	if err != nil {
		return nil, nil, WheelQuery{}, err
	}
	sc, err := c.scope(v, who, name)
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
	switch {
	case q.Slide:
		q.Slide = false
		return yearSlug(q) + "-bild"
	case q.View == "programme":
		return "programmet"
	case q.Months > 0:
		return fmt.Sprintf("%d-%02d-%dman", q.Year, int(q.Start), q.Months)
	}
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

// parseWheelQuery reads ?year=&start=&rings=&holidays= and the feed
// filters. Other parameters are ignored (SPEC), as a feed's are.
func parseWheelQuery(v url.Values, p *wheel.Programme, today wheel.Date) (WheelQuery, error) {
	q := WheelQuery{Year: today.Year, Start: time.January, Rings: "focus"}
	switch s := v.Get("bild"); s {
	case "", "0":
	case "1":
		q.Slide = true
	default:
		return q, invalid("bild ska vara 0 eller 1 (1: en bild 16:9 för presentationer)")
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
	if s := v.Get("from"); s != "" {
		t, err := time.Parse("2006-01", s)
		if err != nil || t.Year() < 1900 || t.Year() > 2200 {
			return q, invalid("from %q: skriv år och månad, t.ex. 2027-04", s)
		}
		q.Year, q.Start, q.Months = t.Year(), t.Month(), 3
	}
	if s := v.Get("months"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 12 || (n > 6 && n < 12) {
			return q, invalid("months %q: 1–6 för en närbild (3 för ett kvartal), eller 12 för ett år", s)
		}
		q.Months = n
	}
	if q.Months == 12 {
		q.Months = 0
	}
	switch s := v.Get("view"); s {
	case "":
	case "programme":
		if q.Months > 0 {
			return q, invalid("view=programme visar hela år; ta bort from och months")
		}
		q.View = s
	default:
		return q, invalid("view %q: giltig är programme (programmets tre år)", s)
	}
	switch s := v.Get("rings"); s {
	case "", "focus":
	case "year": // the programme view, from the menu: whole years, no zoom
		q.View, q.Months = "programme", 0
	case "plans", "channel", "audience", "owner":
		q.Rings = s
	default:
		return q, invalid("rings %q: giltiga är %s", s, diag.OneOf(validRings()))
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
