package app

import (
	"github.com/avesta-kommun/arshjul/internal/links"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// SubscribeBox is a feed's address with the ways to subscribe to it.
type SubscribeBox struct {
	ID, URL, OutlookWeb string
	// Webcal is built from the configured base URL, never from a request.
	Webcal string
}

func newBox(id, feedURL, name string) *SubscribeBox {
	return &SubscribeBox{ID: id, URL: feedURL, Webcal: links.Webcal(feedURL), OutlookWeb: links.OutlookWeb(feedURL, name)}
}

// IndexUnit is one unit on a start page.
type IndexUnit struct {
	ID, Name, Color, WheelURL string
	Public                    bool
	Box                       *SubscribeBox
}

// IndexPage is a start page: the public one, or a token's.
type IndexPage struct {
	Programme   *wheel.Programme
	Units       []IndexUnit
	Public, All *SubscribeBox
	AllWheelURL string
	Admin       bool
	Token       bool
	OverviewURL string
}

// Index lists the public units and the public feed. Internal units'
// links are secrets handed out with `arshjul feeds`; they are not shown.
func (c *Core) Index() (*IndexPage, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	cfg := v.Config
	p := &IndexPage{Programme: &cfg.Programme}
	for _, u := range cfg.Units {
		if u.Public {
			p.Units = append(p.Units, IndexUnit{ID: u.ID, Name: u.Name, Color: u.Color, Public: true, WheelURL: v.links.Wheel("", u.ID),
				Box: newBox("public-"+u.ID, v.links.Abs(v.links.PublicUnitFeed(u.ID)), "Årshjul – "+u.Name)})
		}
	}
	p.Public = newBox("public", v.links.Abs(v.links.PublicFeed()), "Årshjul – "+cfg.Programme.Organisation)
	return p, nil
}

// TokenIndex is the start page for a token: a unit's token shows that
// unit with its subscription; the admin token shows every unit, the feed
// of all, and the follow-up overview.
func (c *Core) TokenIndex(token string) (*IndexPage, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	cfg := v.Config
	toks := c.state.Tokens()
	p := &IndexPage{Programme: &cfg.Programme, Token: true, Admin: c.isAdmin(token)}
	for _, u := range cfg.Units {
		ut := toks.Units[u.ID]
		if !p.Admin && !equalToken(token, ut) {
			continue
		}
		p.Units = append(p.Units, IndexUnit{ID: u.ID, Name: u.Name, Color: u.Color, Public: u.Public,
			WheelURL: v.links.Wheel(token, u.ID),
			Box:      newBox(u.ID, v.links.Abs(v.links.Feed(ut, u.ID)), "Årshjul – "+u.Name)})
	}
	if len(p.Units) == 0 {
		return nil, ErrNotFound
	}
	if p.Admin {
		p.All = newBox("all", v.links.Abs(v.links.Feed(token, "all")), "Årshjul – "+cfg.Programme.Organisation)
		p.AllWheelURL = v.links.Wheel(token, "all")
		p.OverviewURL = v.links.Overview(token, false)
	}
	return p, nil
}
