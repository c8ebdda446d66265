package app

import (
	"fmt"

	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheelsvg"
)

// EmbedPage is a unit's wheel made small for a frame on the intranet: the
// picture of the twelve months from this one, and the activities coming
// up, each a link that opens the item outside the frame.
type EmbedPage struct {
	Title    string
	YearFrom string // what the picture spans, in words
	SVG      []byte
	Coming   []ListEntry
	WheelURL string // the whole wheel page, to open outside the frame
}

// embedComing is how many coming activities the frame lists: what an
// 800×600 frame shows beside the picture without scrolling far.
const embedComing = 8

// Embed is the framed wheel of a unit, as who may see it (anyone: a
// public unit; a unit's token: its internal wheel).
func (c *Core) Embed(who Viewer, unit string) (*EmbedPage, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	if who.Session != "" || unit == "all" || unit == "public" || v.Config.Unit(unit) == nil {
		return nil, ErrNotFound // a unit's own wheel only; a frame on another site carries no session
	}
	if who.Token != "" && !v.Config.HTTP.EmbedInternal {
		return nil, ErrNotFound
	}
	sc, err := c.scope(v, who, unit)
	if err != nil {
		return nil, err
	}
	// Twelve months from this one: a frame on the intranet is looked at
	// for what comes, in December as in January.
	q := WheelQuery{Year: v.today.Year, Start: v.today.Month, Rings: "focus"}
	data := buildWheel(v.Config, sc.Snap, v.links, sc, q, v.today)
	svg, _ := wheelsvg.Render(&data.Wheel, wheelsvg.Options{})
	p := &EmbedPage{Title: sc.Title, SVG: svg, YearFrom: fmt.Sprintf("Tolv månader från och med %s %d.", sv.Months[q.Start], q.Year),
		WheelURL: v.links.Abs(v.links.Wheel(sc.Token, sc.Name))}
	for _, m := range data.Months {
		for _, e := range m.Entries {
			if len(p.Coming) < embedComing && !e.date.Before(v.today) {
				e.Href = v.links.Abs(e.Href)
				p.Coming = append(p.Coming, e)
			}
		}
	}
	return p, nil
}

// FrameAncestors are the origins that may frame a wheel page or the
// embedded wheel, for the Content-Security-Policy: token says the
// address holds a unit's token, which only http.embed_internal lets out
// into a frame. Nil: no one.
func (c *Core) FrameAncestors(token bool) []string {
	cur := c.state.Current()
	if cur == nil || (token && !cur.Config.HTTP.EmbedInternal) {
		return nil
	}
	return cur.Config.HTTP.EmbedOrigins
}

// EmbedOffer is what a unit's wheel page offers for the intranet: the
// framed wheel's address, for the snippet to copy, and whether any site
// may frame it yet.
type EmbedOffer struct {
	URL     string
	Allowed bool // http.embed_origins names a site
}

// embedOffer is the offer of a one-unit scope, nil where there is no
// frame to offer: a combined wheel, an internal unit seen without its
// token, or one whose token the config keeps out of frames.
func embedOffer(v *view, sc *Scope) *EmbedOffer {
	if len(sc.Units) != 1 || sc.Name != sc.Units[0].ID {
		return nil
	}
	switch {
	case sc.Token == "" && sc.Units[0].Public:
	case sc.Token != "" && v.Config.HTTP.EmbedInternal:
	default:
		return nil
	}
	return &EmbedOffer{URL: v.links.Abs(v.links.Embed(sc.Token, sc.Name)), Allowed: len(v.Config.HTTP.EmbedOrigins) > 0}
}
