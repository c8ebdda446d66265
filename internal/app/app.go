// Package app is the application core: its methods are the use cases
// (a feed, a wheel, an item, the start pages, the follow-up overview,
// marking a follow-up done, health, rotating a token, a reminder pass),
// each testable without HTTP. The adapters translate to and from them: the
// HTTP handlers (package server), the commands (package cli) and the
// scheduler (package daemon). Below it are the infrastructure parts it
// steers: the state and its store, mail through package remind.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/links"
	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Errors the adapters translate (404, 503, 403).
var (
	// ErrNotFound is what an unknown unit, item or follow-up and a wrong
	// token all get alike: the answer tells an outsider nothing.
	ErrNotFound = errors.New("app: not found")
	// ErrStarting is answered before the first load.
	ErrStarting = errors.New("app: starting")
	// ErrForbidden is a mark-done link that does not hold (forged, expired,
	// another follow-up's) or a form posted from another site.
	ErrForbidden = errors.New("app: forbidden")
	// ErrSignInNeeded is an action that needs a signed-in person, asked for
	// without a session: the adapter sends the visitor to sign in.
	ErrSignInNeeded = errors.New("app: sign-in needed")
)

// Invalid is a request the user can correct: its message, in Swedish,
// says what would be valid.
type Invalid struct{ Msg string }

func (e *Invalid) Error() string { return e.Msg }

func invalid(format string, args ...any) error { return &Invalid{Msg: fmt.Sprintf(format, args...)} }

// Core is the use cases over one state.
type Core struct {
	state  *state.Holder
	store  *store.Store
	clock  clock.Clock
	log    *slog.Logger
	runner *remind.Runner // nil where nothing reminds (read-only commands)
	// refused counts forged or stale mark-done links and logs them sampled.
	refused refusals
	// cut is which feeds feeds.max_bytes cut last time they were made.
	cut cutFeeds

	oidc provider // the OpenID provider, discovered on first use

	uploads uploads // workbooks checked and awaiting their confirmation

	signIns signInQueue // addresses asked for a sign-in link, not yet handled

	keyOnce sync.Once
	key     []byte
	keyErr  error
}

// Options are the parts a core steers.
type Options struct {
	State  *state.Holder
	Store  *store.Store
	Clock  clock.Clock
	Log    *slog.Logger
	Runner *remind.Runner // optional: the reminder status, mark-done and passes need it
}

// New makes a core.
func New(o Options) *Core {
	c := &Core{state: o.State, store: o.Store, clock: o.Clock, log: o.Log, runner: o.Runner}
	return c
}

// FeedChanged is when a feed variant's bytes (by their ETag) last
// changed, kept in the store across restarts: Last-Modified must move with
// the body, whatever moved it (a day, a rename), and only then. False
// (keep the revision-based time) if the store cannot say.
func (c *Core) FeedChanged(variant, etag string) (time.Time, bool) {
	if c.store == nil {
		return time.Time{}, false
	}
	t, err := c.store.FeedChanged(context.Background(), variant, etag, c.clock.Now())
	if err != nil {
		c.log.Warn("feed version not stored; Last-Modified falls back to the newest revision", "variant", variant, "err", err)
		return time.Time{}, false
	}
	return t, true
}

// view is what one use case reads: the state at one moment and the day.
type view struct {
	*state.State
	links links.Links
	today wheel.Date
}

func (c *Core) view() (*view, error) {
	cur := c.state.Current()
	if cur == nil {
		return nil, ErrStarting
	}
	return &view{State: cur, links: links.New(cur.Config.HTTP.BaseURL),
		today: wheel.DateOf(c.clock.Now().In(cur.Config.Programme.Location))}, nil
}

// Links builds the service's addresses under the current config's
// base_url (the empty Links before the first load).
func (c *Core) Links() links.Links {
	if cur := c.state.Current(); cur != nil {
		return links.New(cur.Config.HTTP.BaseURL)
	}
	return links.Links{}
}

// linkKey is the key of the mark-done links, made in the database on first
// use and the same for every process on it.
func (c *Core) linkKey(ctx context.Context) ([]byte, error) {
	c.keyOnce.Do(func() { c.key, c.keyErr = c.store.LinkKey(ctx) })
	return c.key, c.keyErr
}

// Edition names what every page and feed is made from: the data version
// and the programme's day (which moves "today" and the feeds' window).
// Two requests in one edition get the same answer, so an adapter may keep
// a rendered public page for as long as the edition lasts.
type Edition struct {
	Version uint64
	Day     wheel.Date
}

// Edition is the current one; ok is false before the first load.
func (c *Core) Edition() (e Edition, ok bool) {
	cur := c.state.Current()
	if cur == nil {
		return Edition{}, false
	}
	return Edition{Version: cur.Version, Day: wheel.DateOf(c.clock.Now().In(cur.Config.Programme.Location))}, true
}
