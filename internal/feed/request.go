package feed

import (
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/links"
)

// Scopes that are not unit ids.
const (
	ScopeAll    = "all"
	ScopePublic = "public"
)

// ScopePersonal is the prefix of one person's feed: "me:" and their
// address (/feeds/TOKEN/me.ics).
const ScopePersonal = "me:"

// Personal is the scope of the personal feed of addr.
func Personal(addr string) string { return ScopePersonal + config.NormalAddress(addr) }

// PublicUnit is the scope of one public unit's public items
// (/feeds/public/UNIT.ics).
func PublicUnit(unitID string) string { return ScopePublic + "/" + unitID }

// IsPublic says whether scope is for anyone: the public feed or a public
// unit's.
func IsPublic(scope string) bool {
	return scope == ScopePublic || strings.HasPrefix(scope, ScopePublic+"/")
}

// NewRequest assembles the feed of scope (a unit id, "all" or "public") from
// the config and the stored wheel. ok is false for an unknown unit.
func NewRequest(cfg *config.Config, snap *snapshot.Snapshot, scope string, f Filter, now time.Time) (Request, bool) {
	r := Request{
		Programme: &cfg.Programme, Filter: f, Now: now,
		PastMonths: cfg.Feeds.PastMonths, Refresh: cfg.Feeds.Refresh,
		MaxBytes: cfg.Feeds.MaxBytes,
		Links:    links.New(cfg.HTTP.BaseURL), Person: cfg.Person,
	}
	add := func(i int) {
		u := cfg.Units[i]
		r.Units = append(r.Units, Unit{Unit: u, Items: snap.Items[u.ID], Plans: snap.Plans[u.ID], FollowUps: snap.FollowUps[u.ID]})
	}
	switch {
	case scope == ScopeAll:
		r.Name = "Årshjul – " + cfg.Programme.Organisation
		r.Prefix = true
		for i := range cfg.Units {
			add(i)
		}
	case scope == ScopePublic:
		// Built from what anyone may see, whatever snapshot it is given.
		snap = snap.Public(cfg.Units)
		r.Name = "Årshjul – " + cfg.Programme.Organisation + " (publikt)"
		r.Prefix = true
		r.Filter.PublicOnly = true
		for i := range cfg.Units {
			add(i)
		}
	case strings.HasPrefix(scope, ScopePersonal):
		// Everything the person owns or follows up, in every unit.
		r.Filter.Person = strings.TrimPrefix(scope, ScopePersonal)
		r.Filter.PublicOnly = false
		r.Name = "Mina aktiviteter – " + cfg.Person(r.Filter.Person)
		r.Prefix = true
		for i := range cfg.Units {
			add(i)
		}
	case IsPublic(scope):
		id := strings.TrimPrefix(scope, ScopePublic+"/")
		snap = snap.Public(cfg.Units)
		r.Filter.PublicOnly = true
		for i := range cfg.Units {
			if cfg.Units[i].ID == id && cfg.Units[i].Public {
				r.Name = "Årshjul – " + cfg.Units[i].Name + " (publikt)"
				add(i)
			}
		}
		if len(r.Units) == 0 {
			return r, false
		}
	default:
		for i := range cfg.Units {
			if cfg.Units[i].ID == scope {
				r.Name = "Årshjul – " + cfg.Units[i].Name
				add(i)
			}
		}
		if len(r.Units) == 0 {
			return r, false
		}
	}
	// A filtered feed is named for its filter, so that two subscriptions
	// of one unit are told apart in Outlook's list of calendars.
	var narrowed []string
	for _, n := range []string{cfg.Programme.FocusAreas.Name(f.Focus), cfg.Programme.Audiences.Name(f.Audience), cfg.Programme.Channels.Name(f.Channel)} {
		if n != "" {
			narrowed = append(narrowed, n)
		}
	}
	if len(narrowed) > 0 {
		r.Name += " (" + strings.Join(narrowed, ", ") + ")"
	}
	return r, true
}
