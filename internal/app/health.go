package app

import (
	"runtime/debug"
	"time"

	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Health is what /healthz says: whether the daemon serves, what, since
// when, and how its reminders and mail stand.
type Health struct {
	Status  string `json:"status"` // ok, degraded (serving the last good state), starting
	Version string `json:"version"`
	// Example is true when the daemon serves the example embedded in the
	// binary because it found no config: not what anyone should run.
	Example   bool           `json:"example,omitempty"`
	Now       time.Time      `json:"now"`
	Programme *programmeDoc  `json:"programme,omitempty"`
	Reload    *reloadDoc     `json:"last_reload,omitempty"`
	Units     int            `json:"units"`
	Items     int            `json:"items"`
	Reminders *remind.Status `json:"reminders,omitempty"`
	// OldestQueuedAge is how long the oldest waiting message has waited.
	OldestQueuedAge string `json:"oldest_queued_age,omitempty"`
	// FeedsCut are the feeds feeds.max_bytes cut when last made.
	FeedsCut []CutFeed `json:"feeds_cut,omitempty"`
}

type programmeDoc struct {
	Name       string     `json:"name"`
	ValidUntil wheel.Date `json:"valid_until"`
	Ended      bool       `json:"ended"`
}

type reloadDoc struct {
	At       time.Time `json:"at"`
	OK       bool      `json:"ok"`
	Problems []string  `json:"problems,omitempty"`
}

// Health is the daemon's status. ok is false only before anything could
// be loaded (a 503): a stale state still serves, and restarting would not
// help where an administrator fixing the file will.
func (c *Core) Health() (doc Health, ok bool) {
	now := c.clock.Now()
	doc = Health{Status: "ok", Version: Version, Now: now.UTC().Truncate(time.Second)}
	files, _ := c.state.Files()
	doc.Example = files.Embedded
	cur := c.state.Current()
	if cur == nil {
		doc.Status = "starting"
	} else {
		p := &cur.Config.Programme
		doc.Programme = &programmeDoc{Name: p.Name, ValidUntil: p.ValidUntil, Ended: !now.Before(p.Ends())}
		doc.Units = len(cur.Config.Units)
		doc.Items = cur.Snapshot.ItemCount()
	}
	if st := c.state.Status(); st != nil {
		doc.Reload = &reloadDoc{At: st.At.UTC().Truncate(time.Second), OK: st.OK, Problems: st.Problems}
		if !st.OK && cur != nil {
			doc.Status = "degraded"
		}
	}
	if c.runner != nil && cur != nil {
		st := c.runner.Status()
		doc.Reminders = &st
		if !st.OldestQueued.IsZero() {
			doc.OldestQueuedAge = now.Sub(st.OldestQueued).Truncate(time.Second).String()
		}
		if st.Stuck && doc.Status == "ok" {
			doc.Status = "degraded"
		}
	}
	return doc, cur != nil
}

// PublicHealth is what /healthz tells anyone: whether the service works
// and which build it is. File paths, problems (which quote the files),
// addresses and queues are for the admin token and the log.
type PublicHealth struct {
	Status  string `json:"status"`
	Version string `json:"version"`
}

// Public is the part of h anyone may see.
func (h Health) Public() PublicHealth { return PublicHealth{Status: h.Status, Version: h.Version} }

// AdminHealth is Health for the admin token; any other is ErrNotFound.
func (c *Core) AdminHealth(token string) (Health, bool, error) {
	if !c.isAdmin(token) {
		return Health{}, false, ErrNotFound
	}
	doc, ok := c.Health()
	doc.FeedsCut = c.cut.list()
	return doc, ok, nil
}

// Version is this build's module version and revision, as the Go
// toolchain records them ("v1.2.0", "devel 3c55172", "devel").
var Version = func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 7 {
				v += " " + s.Value[:7]
			}
		}
	}
	return v
}()
