package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// ErrSignIn is a sign-in link that does not sign in (unknown, used or
// expired): the page says so without saying which.
var ErrSignIn = store.ErrSignIn

// Person is who a session is signed in as.
type Person struct {
	Email string
	Name  string // from people:, or the address
	Admin bool
	// Units are the units the person may edit, and Wheels their wheels.
	Units  []wheel.Unit
	Wheels []Option // Value: the wheel's address, Label: the unit
	// Report is the programme report's address, for an admin.
	Report string
}

// Rights names what a person's pages may differ by: being an
// administrator and the units they may edit, never who they are, so that
// colleagues with the same rights may be shown the same kept page.
func (p *Person) Rights() string {
	ids := make([]string, 0, len(p.Units))
	for _, u := range p.Units {
		ids = append(ids, u.ID)
	}
	return fmt.Sprintf("admin=%t edit=%s", p.Admin, strings.Join(ids, ","))
}

// RequestSignIn asks for a sign-in link to email and returns at once,
// whoever the address is: the link is made and queued a moment later, one
// request at a time (sendSignIns), so that the answer to the form takes
// as long for an address the config knows as for any other and tells no
// one who works here.
func (c *Core) RequestSignIn(ctx context.Context, email string) error {
	if _, err := c.view(); err != nil {
		return err
	}
	c.signIns.once.Do(func() {
		c.signIns.ch = make(chan signInRequest, signInBacklog)
		go c.sendSignIns()
	})
	select {
	case c.signIns.ch <- signInRequest{email: email, at: time.Now()}:
	default:
		c.log.Warn("sign-in link not sent: too many asked for at once")
	}
	return nil
}

const (
	// signInBacklog bounds the sign-in requests waiting: past it a request
	// is dropped (the person asks again) rather than held in memory.
	signInBacklog = 64
	// signInDelay is how long after the request its link is made: long
	// enough for the answer to have left, so that making the link does not
	// compete with sending it for the processor and so slow the answers to
	// known addresses alone (measured on a busy machine: without it a
	// known address was answered in 1.6 ms median against 1.0 ms for an
	// unknown one; with it, 0.96 against 0.97 ms). The real clock: a person
	// waits on it.
	signInDelay = 20 * time.Millisecond
)

type signInQueue struct {
	once sync.Once
	ch   chan signInRequest
}

type signInRequest struct {
	email string
	at    time.Time
}

func (c *Core) sendSignIns() {
	for req := range c.signIns.ch {
		time.Sleep(time.Until(req.at.Add(signInDelay)))
		if err := c.sendSignInLink(context.Background(), req.email); err != nil {
			c.log.Error("sign-in link not sent", "err", err)
		}
	}
}

// sendSignInLink sends a sign-in link to email if the config knows the
// address after config.NormalAddress, to the address as the config spells
// it; for any other address it does nothing. A person sent too many links
// lately is sent no more for a while.
func (c *Core) sendSignInLink(ctx context.Context, email string) error {
	v, err := c.view()
	if err != nil {
		return err
	}
	email, known := v.Config.Lookup(email)
	if !known || wheel.ValidAddress(email) != nil {
		c.log.Info("sign-in link not sent: address not in the config")
		return nil
	}
	now := c.clock.Now()
	tok, ok, err := c.store.NewSignInLink(ctx, email, now)
	if err != nil || !ok {
		if !ok && err == nil {
			c.log.Warn("sign-in link not sent: too many asked for one address", "limit_minutes", int(store.LinkValidity.Minutes()))
		}
		return err
	}
	cfg := v.Config
	m := &mail.SignIn{To: email, Organisation: cfg.Programme.Organisation, Link: v.links.Abs(v.links.LoginLink(tok)),
		ValidFor: store.LinkValidity, MessageID: mail.MessageID(cfg.Mail.From, "signin", tok), Date: now}
	body, err := mail.ComposeSignIn(cfg.Mail.From, m)
	if err != nil {
		return err
	}
	if _, err := c.store.Queue(ctx, store.Message{MessageID: m.MessageID, Recipient: email, Subject: "Logga in i årshjulet", Body: body}, nil, now); err != nil {
		return err
	}
	c.log.Info("sign-in link queued")
	c.sendSoon()
	return nil
}

// sendSoon delivers the outbox now rather than at the scheduler's next
// tick: someone is waiting for the link.
func (c *Core) sendSoon() {
	if c.runner == nil {
		return
	}
	if s := c.runner.Sender(); s != nil {
		go func() {
			if _, err := s.Drain(context.Background()); err != nil && !errors.Is(err, context.Canceled) {
				c.log.Warn("sending the sign-in link failed; the outbox retries it", "err", err)
			}
		}()
	}
}

// SignIn spends a sign-in link and opens a session: its token, for the
// cookie. ErrSignIn when the link does not sign in.
func (c *Core) SignIn(ctx context.Context, link string) (string, error) {
	session, _, err := c.store.UseSignInLink(ctx, link, c.clock.Now())
	if err == nil {
		c.log.Info("signed in")
	}
	return session, err
}

// SignOut ends a session.
func (c *Core) SignOut(ctx context.Context, session string) error {
	return c.store.EndSession(ctx, session, c.clock.Now())
}

// Who is the person a session is signed in as; ok is false for no
// session, an ended or expired one, or one whose address the config no
// longer knows (removed from a unit, they are signed out with it).
func (c *Core) Who(ctx context.Context, session string) (*Person, bool, error) {
	v, err := c.view()
	if err != nil {
		return nil, false, err
	}
	email, ok, err := c.store.Session(ctx, session, c.clock.Now())
	if err != nil || !ok || (!v.Config.Knows(email) && !v.Config.InOrganisation(email)) {
		return nil, false, err
	}
	cfg := v.Config
	p := &Person{Email: email, Name: cfg.Person(email), Admin: cfg.IsAdmin(email)}
	toks := c.state.Tokens()
	for i := range cfg.Units {
		u := &cfg.Units[i]
		if !cfg.MayEdit(email, u) {
			continue
		}
		p.Units = append(p.Units, *u)
		// A wheel's address carries the unit's feed token, which goes to
		// the unit's own people only (as in the reminders): the others of
		// the organisation are not handed it.
		if tok := toks.ByScope[store.UnitScope(u.ID)]; tok != "" {
			p.Wheels = append(p.Wheels, Option{Value: v.links.Wheel(tok, u.ID), Label: u.Name})
		}
	}
	if tok := toks.ByScope[store.AdminScope]; p.Admin && tok != "" {
		p.Report = v.links.Report(tok, false, 0, "")
	}
	return p, true, nil
}
