package server

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
	"github.com/avesta-kommun/arshjul/internal/wheelsvg"
)

type option struct {
	Value, Label string
	Selected     bool
}

type wheelPage struct {
	Scope            *wheelScope
	Data             wheelData
	SVG              template.HTML // rendered by wheelsvg, which escapes every text
	YearLabel        string
	Query            wheelQuery
	PrevURL, NextURL string
	SVGURL, FeedURL  string
	Focus, Audiences []option
	Channels, Starts []option
	Programme        *wheel.Programme
}

// handleWheelPublic serves /wheel/UNIT and /wheel/public (and .svg).
func (s *Server) handleWheelPublic(w http.ResponseWriter, r *http.Request) {
	s.serveWheel(w, r, "", r.PathValue("name"))
}

// handleWheelToken serves /wheel/TOKEN/UNIT and /wheel/TOKEN/all (and .svg).
func (s *Server) handleWheelToken(w http.ResponseWriter, r *http.Request) {
	s.serveWheel(w, r, r.PathValue("token"), r.PathValue("name"))
}

func (s *Server) serveWheel(w http.ResponseWriter, r *http.Request, token, name string) {
	cur, ok := s.current(w)
	if !ok {
		return
	}
	name, picture := strings.CutSuffix(name, ".svg")
	sc, ok := s.resolveWheel(cur, token, name)
	if !ok {
		s.notFound(w)
		return
	}
	now := s.clock.Now()
	today := wheel.DateOf(now.In(cur.Config.Programme.Location))
	q, err := parseWheelQuery(r.URL.Query(), &cur.Config.Programme, today)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	data := buildWheel(cur.Config, cur.Snapshot, sc, q, today)
	w.Header().Set("Cache-Control", "no-store")
	if picture {
		svg, _ := wheelsvg.Render(&data.Wheel, wheelsvg.Options{Standalone: true})
		w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="arshjul-%s-%s.svg"`, sc.Name, yearSlug(q)))
		w.Write(svg)
		return
	}
	svg, _ := wheelsvg.Render(&data.Wheel, wheelsvg.Options{})
	p := wheelPage{Scope: sc, Data: data, SVG: template.HTML(svg), Query: q, Programme: &cur.Config.Programme}
	p.YearLabel = strconv.Itoa(q.Year)
	if q.Start != time.January {
		p.YearLabel = fmt.Sprintf("%d/%02d", q.Year, (q.Year+1)%100)
	}
	base := sc.Prefix + url.PathEscape(sc.Name)
	prev, next := q, q
	prev.Year--
	next.Year++
	p.PrevURL = base + "?" + prev.values().Encode()
	p.NextURL = base + "?" + next.values().Encode()
	p.SVGURL = base + ".svg?" + q.values().Encode()
	p.FeedURL = s.scopeFeedURL(cur, sc)
	prog := &cur.Config.Programme
	p.Focus = options(prog.FocusAreas, q.Filter.Focus, "Alla fokusområden")
	p.Audiences = options(prog.Audiences, q.Filter.Audience, "Alla målgrupper")
	p.Channels = options(prog.Channels, q.Filter.Channel, "Alla kanaler")
	for m := time.January; m <= time.December; m++ {
		p.Starts = append(p.Starts, option{Value: strconv.Itoa(int(m)), Label: monthName(m), Selected: m == q.Start})
	}
	s.render(w, http.StatusOK, "wheel.html", p)
}

func yearSlug(q wheelQuery) string {
	if q.Start != time.January {
		return fmt.Sprintf("%d-%02d", q.Year, int(q.Start))
	}
	return strconv.Itoa(q.Year)
}

// scopeFeedURL is the subscription address for what the wheel shows.
func (s *Server) scopeFeedURL(cur *state.State, sc *wheelScope) string {
	base := cur.Config.HTTP.BaseURL
	if sc.Token == "" {
		return base + "/feeds/public.ics"
	}
	return base + "/feeds/" + sc.Token + "/" + sc.Name + ".ics"
}

func options(c wheel.Catalogue, selected, all string) []option {
	out := []option{{Value: "", Label: all, Selected: selected == ""}}
	for _, k := range c.Keys {
		out = append(out, option{Value: k, Label: c.Name(k), Selected: k == selected})
	}
	return out
}

// parseWheelQuery reads ?year=&start=&rings=&holidays= and the feed filters.
func parseWheelQuery(v url.Values, p *wheel.Programme, today wheel.Date) (wheelQuery, error) {
	q := wheelQuery{Year: today.Year, Start: time.January, Rings: "focus"}
	for key := range v {
		switch key {
		case "year", "start", "rings", "holidays", "focus", "audience", "channel":
		default:
			return q, fmt.Errorf("okänd parameter %q; giltiga är year, start, rings, holidays, focus, audience och channel", key)
		}
	}
	if s := v.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1900 || y > 2200 {
			return q, fmt.Errorf("year %q: skriv ett årtal, t.ex. %d", s, today.Year)
		}
		q.Year = y
	}
	if s := v.Get("start"); s != "" {
		m, err := strconv.Atoi(s)
		if err != nil || m < 1 || m > 12 {
			return q, fmt.Errorf("start %q: skriv månadens nummer, 1–12 (8 för augusti)", s)
		}
		q.Start = time.Month(m)
	}
	switch s := v.Get("rings"); s {
	case "", "focus":
	case "plans":
		q.Rings = "plans"
	default:
		return q, fmt.Errorf("rings %q: giltiga är focus och plans", s)
	}
	switch s := v.Get("holidays"); s {
	case "", "0":
	case "1":
		q.Holidays = true
	default:
		return q, fmt.Errorf("holidays ska vara 0 eller 1")
	}
	pick := func(key string, cat wheel.Catalogue) (string, error) {
		s := v.Get(key)
		if s == "" || cat.Has(s) {
			return s, nil
		}
		return "", fmt.Errorf("okänd %s %q; giltiga är %s", key, s, diag.OneOf(cat.Keys))
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

func (s *Server) notFound(w http.ResponseWriter) {
	s.render(w, http.StatusNotFound, "notfound.html", nil)
}

func monthName(m time.Month) string { return sv.Months[m] }
