package app

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// FeedVariant is one feed as a request asks for it, not yet made: the
// adapter keeps the bytes Build makes under Key and builds only on a miss.
type FeedVariant struct {
	// Key names the bytes: the data version, the day, the scope and the
	// filter in a fixed form; the same key always builds the same bytes.
	Key string
	// Variant is the scope and filter without the version: what a feed's
	// Last-Modified is kept under across versions (see FeedChanged).
	Variant  string
	Public   bool   // the public feeds: caches may share them
	Filename string // for Content-Disposition

	build func() ([]byte, time.Time, error)
}

// Build makes the feed's bytes and the time its content last changed.
func (v *FeedVariant) Build() ([]byte, time.Time, error) { return v.build() }

// PublicFeed is the feed of public units' public items; query is the
// raw query string (filters).
func (c *Core) PublicFeed(query string) (*FeedVariant, error) {
	cur := c.state.Current()
	if cur == nil {
		return nil, ErrStarting
	}
	return c.encoded(cur, feed.ScopePublic, query)
}

// PublicUnitFeed is one public unit's public items ("vatten-avfall.ics");
// an internal or unknown unit is ErrNotFound, like a bad token.
func (c *Core) PublicUnitFeed(file, query string) (*FeedVariant, error) {
	cur := c.state.Current()
	if cur == nil {
		return nil, ErrStarting
	}
	unit, ok := strings.CutSuffix(file, ".ics")
	if !ok || !cur.HasUnit(unit) || cur.Config.Unit(unit) == nil || !cur.Config.Unit(unit).Public {
		return nil, ErrNotFound
	}
	return c.encoded(cur, feed.PublicUnit(unit), query)
}

// TokenFeed is the feed file ("hr.ics", "all.ics") that token opens.
func (c *Core) TokenFeed(token, file, query string) (*FeedVariant, error) {
	cur := c.state.Current()
	if cur == nil {
		return nil, ErrStarting
	}
	scope, ok := strings.CutSuffix(file, ".ics")
	if ok && scope == "me" {
		v, err := c.view()
		if err != nil {
			return nil, err
		}
		if scope, ok = c.personalScope(v, token); !ok {
			return nil, ErrNotFound
		}
		return c.encoded(cur, scope, query)
	}
	if !ok || !c.authorized(cur, token, scope) {
		return nil, ErrNotFound
	}
	return c.encoded(cur, scope, query)
}

// FeedBody is a feed's bytes without a token: the command line's `feed`.
func (c *Core) FeedBody(scope string) ([]byte, error) {
	cur := c.state.Current()
	if cur == nil {
		return nil, ErrStarting
	}
	req, ok := feed.NewRequest(cur.Config, snapshotFor(cur, scope), scope, feed.Filter{FollowUps: true}, c.clock.Now())
	if !ok {
		return nil, ErrNotFound
	}
	res, err := feed.Build(req)
	if res.Omitted > 0 {
		c.log.Warn("feed over feeds.max_bytes: the occurrences farthest ahead are left out", "scope", scope,
			"omitted", res.Omitted, "from", res.OmittedFrom.Format(time.DateOnly), "max_bytes", req.MaxBytes)
	}
	return res.Body, err
}

func (c *Core) encoded(cur *state.State, scope, query string) (*FeedVariant, error) {
	q, err := parseQuery(query)
	if err != nil {
		return nil, err
	}
	f, canon, err := parseFilter(q, &cur.Config.Programme)
	if err != nil {
		return nil, err
	}
	if f == (feed.Filter{FollowUps: true}) {
		canon = "" // the plain feed, named so in the admin's /healthz
	}
	now := c.clock.Now()
	today := wheel.DateOf(now.In(cur.Config.Programme.Location))
	variant := scope + "?" + canon
	return &FeedVariant{Key: fmt.Sprintf("feed|%d|%s|%s", cur.Version, today, variant), Variant: variant,
		Public: feed.IsPublic(scope), Filename: filename(scope), build: func() ([]byte, time.Time, error) {
			req, ok := feed.NewRequest(cur.Config, snapshotFor(cur, scope), scope, f, now)
			if !ok {
				return nil, time.Time{}, fmt.Errorf("app: unknown feed scope %q", scope)
			}
			res, err := feed.Build(req)
			if err != nil {
				c.log.Error("feed failed", "scope", scope, "err", err)
				return nil, time.Time{}, err
			}
			c.cut.note(scope, canon, res)
			if res.Omitted > 0 {
				c.log.Warn("feed over feeds.max_bytes: the occurrences farthest ahead are left out", "scope", scope, "filter", canon,
					"omitted", res.Omitted, "from", res.OmittedFrom.Format(time.DateOnly), "max_bytes", req.MaxBytes)
			}
			lm := res.LastModified
			if cur.Snapshot.Changed.After(lm) {
				lm = cur.Snapshot.Changed // an item removed moves nothing else
			}
			return res.Body, lm, nil
		}}, nil
}

// snapshotFor is the state's view a feed of scope is built from: the
// public feeds from the public view made once per data version (NewRequest
// would otherwise make it again for every variant).
func snapshotFor(cur *state.State, scope string) *snapshot.Snapshot {
	if feed.IsPublic(scope) {
		return cur.Public
	}
	return cur.Snapshot
}

// filename is the name a feed's file is given: its scope's last part,
// and "me.ics" for a person's own (whose scope holds their address).
func filename(scope string) string {
	if strings.HasPrefix(scope, feed.ScopePersonal) {
		return "me.ics"
	}
	return path.Base(scope) + ".ics"
}
