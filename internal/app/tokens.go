package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// Subscription is one scope's addresses, for `arshjul feeds`: empty when
// no token has been made yet (the daemon makes them at its first start).
type Subscription struct {
	Scope     string // a unit id, "all" or "public"
	Feed      string
	Page      string // the /t/ page: wheel, subscribe buttons, instructions
	HasSecret bool   // the addresses carry a token
}

// Subscriptions lists every unit's feed and page, then the feed of all
// (admin token) and the public feed. It reads tokens and makes none.
func (c *Core) Subscriptions(ctx context.Context) ([]Subscription, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	toks, err := c.store.Tokens(ctx)
	if err != nil {
		return nil, err
	}
	var out []Subscription
	add := func(scope, tokenScope string) {
		s := Subscription{Scope: scope, HasSecret: true}
		if tok := toks[tokenScope]; tok != "" {
			s.Feed, s.Page = v.links.Abs(v.links.Feed(tok, scope)), v.links.Abs(v.links.TokenPage(tok))
		}
		out = append(out, s)
	}
	for _, u := range v.Config.Units {
		add(u.ID, store.UnitScope(u.ID))
	}
	add(feed.ScopeAll, store.AdminScope)
	out = append(out, Subscription{Scope: feed.ScopePublic, Feed: v.links.Abs(v.links.PublicFeed()), Page: v.links.Abs(v.links.Home())})
	return out, nil
}

// RotateToken replaces the token of a unit (or "all": the admin token)
// and returns the new feed address. The old address answers 404 in a
// running daemon within its watch interval.
func (c *Core) RotateToken(ctx context.Context, name string) (string, error) {
	v, err := c.view()
	if err != nil {
		return "", err
	}
	scope := store.AdminScope
	if name != feed.ScopeAll {
		if v.Config.Unit(name) == nil {
			return "", invalid("okänd enhet %q; giltiga är all och %s", name, strings.Join(v.Config.UnitIDs(), ", "))
		}
		scope = store.UnitScope(name)
	}
	tok, err := c.store.RotateToken(ctx, scope, c.clock.Now())
	if err != nil {
		return "", fmt.Errorf("app: rotate %s: %w", name, err)
	}
	if err := c.state.RefreshTokens(ctx); err != nil {
		return "", err
	}
	c.log.Info("token rotated", "scope", name)
	return v.links.Abs(v.links.Feed(tok, name)), nil
}
