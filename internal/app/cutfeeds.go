package app

import (
	"sort"
	"sync"
	"time"

	"github.com/avesta-kommun/arshjul/internal/feed"
)

// CutFeed is a feed that feeds.max_bytes cut, as the admin's /healthz
// shows it: which one, how many events were left out, from which day.
type CutFeed struct {
	Feed    string `json:"feed"` // scope, and the filter when there is one
	Omitted int    `json:"omitted"`
	From    string `json:"from"`
}

// cutFeeds remembers, per feed variant, whether its last build was cut.
type cutFeeds struct {
	mu   sync.Mutex
	cuts map[string]CutFeed
}

func (c *cutFeeds) note(scope, filter string, res feed.Result) {
	name := scope
	if filter != "" {
		name += "?" + filter
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if res.Omitted == 0 {
		delete(c.cuts, name)
		return
	}
	if c.cuts == nil {
		c.cuts = map[string]CutFeed{}
	}
	c.cuts[name] = CutFeed{Feed: name, Omitted: res.Omitted, From: res.OmittedFrom.Format(time.DateOnly)}
}

func (c *cutFeeds) list() []CutFeed {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]CutFeed, 0, len(c.cuts))
	for _, f := range c.cuts {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Feed < out[j].Feed })
	return out
}
