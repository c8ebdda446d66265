package app

import (
	"crypto/subtle"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// authorized says whether token opens scope (a unit id or "all"),
// comparing in constant time. The admin token opens every unit; a unit's
// token opens only its own.
func (c *Core) authorized(cur *state.State, token, scope string) bool {
	toks := c.state.Tokens()
	admin := equalToken(token, toks.Admin)
	if scope == feed.ScopeAll {
		return admin
	}
	if !cur.HasUnit(scope) {
		return false
	}
	return admin || equalToken(token, toks.Units[scope])
}

func (c *Core) isAdmin(token string) bool {
	return equalToken(token, c.state.Tokens().Admin)
}

func equalToken(given, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(given), []byte(want)) == 1
}

// Scope is who looks at which wheel: a public unit, all public units, a
// unit with its token, or everything with the admin token.
type Scope struct {
	Name       string // unit id, "all" or "public"
	Token      string // "" for what anyone may see; links keep it
	Units      []wheel.Unit
	PublicOnly bool
	Title      string
	// Snap is what the scope may read: the state's Public for anyone
	// without a token, so that no public page can show a follow-up or a
	// person by forgetting to leave them out.
	Snap *snapshot.Snapshot
}

// scope answers who may see what. A wrong token, an internal unit asked
// for without one and an unknown unit are all the same ErrNotFound.
func (c *Core) scope(v *view, token, name string) (*Scope, error) {
	cfg := v.Config
	sc := &Scope{Name: name, Token: token, Snap: v.Snapshot}
	if token == "" {
		sc.Snap = v.Public
	}
	switch {
	case token == "" && name == feed.ScopePublic:
		sc.PublicOnly, sc.Title = true, cfg.Programme.Organisation+" (publikt)"
		for _, u := range cfg.Units {
			if u.Public {
				sc.Units = append(sc.Units, u)
			}
		}
	case token == "":
		u := cfg.Unit(name)
		if u == nil || !u.Public {
			return nil, ErrNotFound
		}
		sc.PublicOnly, sc.Title, sc.Units = true, u.Name, []wheel.Unit{*u}
	case !c.authorized(v.State, token, name):
		return nil, ErrNotFound
	case name == feed.ScopeAll:
		sc.Title, sc.Units = cfg.Programme.Organisation, cfg.Units
	default:
		u := cfg.Unit(name)
		sc.Title, sc.Units = u.Name, []wheel.Unit{*u}
	}
	return sc, nil
}
