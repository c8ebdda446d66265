package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Feed is a feed as the service sends it: its bytes plain and gzipped and
// their validators, made once per data version and day (and filter), so
// that answering, above all with a 304, costs a map lookup and no encode.
// The []string fields are HTTP header values made with it and shared
// read-only: an adapter assigns them as they are.
type Feed struct {
	Body, Gzip   []byte
	LastModified time.Time // whole seconds, UTC
	Public       bool      // the public feed: caches may share it

	ETag, GzipETag, Length, GzipLength, LastModifiedText, Disposition []string
}

// PublicFeed is the feed of public units' public items; query is the
// raw query string (filters).
func (c *Core) PublicFeed(query string) (*Feed, error) {
	cur := c.state.Current()
	if cur == nil {
		return nil, ErrStarting
	}
	return c.encoded(cur, feed.ScopePublic, query)
}

// PublicUnitFeed is one public unit's public items ("vatten-avfall.ics");
// an internal or unknown unit is ErrNotFound, like a bad token.
func (c *Core) PublicUnitFeed(file, query string) (*Feed, error) {
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
func (c *Core) TokenFeed(token, file, query string) (*Feed, error) {
	cur := c.state.Current()
	if cur == nil {
		return nil, ErrStarting
	}
	scope, ok := strings.CutSuffix(file, ".ics")
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

func (c *Core) encoded(cur *state.State, scope, query string) (*Feed, error) {
	f, canon := feed.Filter{FollowUps: true}, ""
	if query != "" {
		q, err := parseQuery(query)
		if err == nil {
			f, canon, err = parseFilter(q, &cur.Config.Programme)
		}
		if err != nil {
			return nil, err
		}
	}
	now := c.clock.Now()
	today := wheel.DateOf(now.In(cur.Config.Programme.Location))
	return c.feeds.get(cacheKey{version: cur.Version, day: today, scope: scope, filter: canon}, func() ([]byte, time.Time, error) {
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
	})
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
