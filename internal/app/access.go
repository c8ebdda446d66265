package app

import (
	"context"
	"crypto/subtle"
	"errors"

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
	if scope == feed.ScopeAll {
		return equalToken(token, toks.Admin)
	}
	if !cur.HasUnit(scope) {
		return false
	}
	// The unit's own token first: a subscriber polls with it, and then
	// the admin token need not be compared too.
	return equalToken(token, toks.Units[scope]) || equalToken(token, toks.Admin)
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
	// Session is a signed-in person's view at a token-free address: all
	// of it, and no subscription box (a feed needs its token).
	Session bool
}

// Viewer is who asks for a page: anyone (the zero Viewer), the holder of
// a token taken from the address, or a person signed in by a session
// cookie. A session is a field of its own, never a token, so that no
// link built from a viewer can carry it.
type Viewer struct {
	Token   string // a unit's or the admin token, from the address
	Session string // the session cookie's value
}

// Anyone is a viewer with neither a token nor a session.
var Anyone = Viewer{}

// TokenViewer is the holder of a token from the address.
func TokenViewer(token string) Viewer { return Viewer{Token: token} }

// SessionViewer is the person signed in by a session cookie.
func SessionViewer(session string) Viewer { return Viewer{Session: session} }

// scope answers who may see what. A wrong token, an internal unit asked
// for without one and an unknown unit are all the same ErrNotFound.
func (c *Core) scope(v *view, who Viewer, name string) (*Scope, error) {
	cfg := v.Config
	if who.Session != "" {
		sc, err := c.sessionScope(v, who.Session, name)
		if !errors.Is(err, errNoSession) {
			return sc, err
		}
		// an ended or unknown session: what anyone sees
	}
	token := who.Token
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

// errNoSession is a session cookie that signs no one in (ended, expired).
var errNoSession = errors.New("app: no session")

// sessionScope is what a signed-in person reads at a token-free address:
// every unit of the config, internal ones and internal items included,
// as the unit's own people see them; the addresses on its pages stay
// token-free (and so carry no token anyone could pass on).
func (c *Core) sessionScope(v *view, session, name string) (*Scope, error) {
	if _, ok, err := c.Who(context.Background(), session); err != nil || !ok {
		if err == nil {
			err = errNoSession
		}
		return nil, err
	}
	cfg := v.Config
	sc := &Scope{Name: name, Snap: v.Snapshot, Session: true}
	switch name {
	case feed.ScopeAll, feed.ScopePublic:
		sc.Title, sc.Units = cfg.Programme.Organisation, cfg.Units
	default:
		u := cfg.Unit(name)
		if u == nil {
			return nil, ErrNotFound
		}
		sc.Title, sc.Units = u.Name, []wheel.Unit{*u}
	}
	return sc, nil
}
