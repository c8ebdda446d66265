package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/linksig"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// FollowUpPage is a follow-up as its mark-done link shows it, with the
// form that records its result.
type FollowUpPage struct {
	Forbidden                 bool
	ID, Title, Unit, Due, How string
	Owner, DoneAt, Note       string
	State                     snapshot.FollowUpState
	StateText                 string
	Action, Sig               string
	Error, Draft              string
	Skip                      bool   // the form chose "ej aktuell" (shown again with an error)
	CSRF                      string // a signed-in editor's form (no signature)
	// Readers is who can sign in and so read the result on the unit's
	// internal pages: the form tells the person typing it.
	Readers string
	// Others are the item's other follow-ups of the same owner that are
	// due and open: one note closes any of them with this one.
	Others []FollowUpChoice
	// ItemURL is the page of the item followed up.
	ItemURL string
}

// FollowUpChoice is one more follow-up the form can close at once.
type FollowUpChoice struct {
	ID, Due, StateText string
}

// MaxNote is the longest result a follow-up takes, in characters.
const MaxNote = 4000

// FollowUp shows the follow-up that a signed link names. It changes
// nothing: mail scanners and link previews open every link in a message.
func (c *Core) FollowUp(ctx context.Context, id, sig string) (*FollowUpPage, error) {
	if err := c.verify(ctx, id, sig); err != nil {
		return nil, err
	}
	return c.followUpPage(id, sig)
}

// FollowUpSignedIn is a follow-up's page for a signed-in person who may
// edit its unit: the same form, without a signed link (ErrSignInNeeded
// without a session, ErrForbidden for someone else).
func (c *Core) FollowUpSignedIn(ctx context.Context, id, session string) (*FollowUpPage, error) {
	if _, err := c.followUpEditor(ctx, id, session); err != nil {
		return nil, err
	}
	return c.followUpPage(id, "")
}

// followUpEditor is the signed-in person who may mark follow-up id done:
// whoever may edit its unit, or the follow-up's own owner, who need have
// no other right.
func (c *Core) followUpEditor(ctx context.Context, id, session string) (*Person, error) {
	fu, err := c.store.FollowUp(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	_, _, p, err := c.editor(ctx, session, fu.UnitID)
	if errors.Is(err, ErrForbidden) {
		if who, ok, werr := c.Who(ctx, session); werr == nil && ok && config.SameAddress(fu.Owner, who.Email) {
			return who, nil
		}
	}
	return p, err
}

func (c *Core) followUpPage(id, sig string) (*FollowUpPage, error) {
	ctx := context.Background()
	fu, err := c.store.FollowUp(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("app: follow-up %s: %w", id, err)
	}
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	loc := v.Config.Programme.Location
	st := fu.State(v.today)
	p := &FollowUpPage{ID: fu.ID, Title: fu.Title, Unit: fu.UnitID, Due: sv.LongDate(fu.Due), How: fu.How,
		Owner: v.Config.Person(fu.Owner), Note: fu.Note, Action: v.links.FollowUp(id, ""), Sig: sig, State: st, StateText: st.Label()}
	pages := newFollowUpPages(v.Snapshot.Items[fu.UnitID])
	p.ItemURL = v.links.Item("", fu.UnitID, pages.item(fu.ItemID))
	if fu.DoneAt == nil {
		for _, o := range siblings(v, &fu) {
			ost := o.State(v.today)
			p.Others = append(p.Others, FollowUpChoice{ID: o.ID, Due: sv.LongDate(o.Due), StateText: ost.Label()})
		}
	}
	if u := v.Config.Unit(fu.UnitID); u != nil {
		p.Unit = u.Name
	}
	p.Readers = resultReaders(v.Config)
	if fu.DoneAt != nil {
		p.DoneAt = sv.Long(fu.DoneAt.In(loc))
	}
	return p, nil
}

// MarkDone records a follow-up's result through its signed link. A note
// that is empty or too long is *Invalid, and so is one for a follow-up
// already done: the first result stands, and the form says so rather than
// seem to take the second. The feeds and pages show it done at once.
func (c *Core) MarkDone(ctx context.Context, id, sig, note, via string) error {
	if err := c.verify(ctx, id, sig); err != nil {
		return err
	}
	if err := checkNote(ctx, c, id, &note); err != nil {
		return err
	}
	return c.markDone(ctx, id, note, via)
}

// checkNote refuses a result that is empty or too long, or one for a
// follow-up already done (the first result stands); it trims note.
func checkNote(ctx context.Context, c *Core, id string, note *string) error {
	if fu, err := c.store.FollowUp(ctx, id); err == nil && fu.DoneAt != nil {
		loc := c.state.Current().Config.Programme.Location
		if fu.Skipped {
			return invalid("Uppföljningen markerades redan som ej aktuell %s. Det gäller och ändras inte.", sv.Long(fu.DoneAt.In(loc)))
		}
		return invalid("Uppföljningen markerades redan klar %s. Det första resultatet gäller och ändras inte.", sv.Long(fu.DoneAt.In(loc)))
	}
	switch *note = strings.TrimSpace(wheel.Prose(*note)); {
	case *note == "":
		return invalid("Skriv resultatet innan du markerar uppföljningen som klar.")
	case utf8.RuneCountInString(*note) > MaxNote:
		return invalid("Resultatet får vara högst 4 000 tecken.")
	}
	// The result goes into the feeds and the wheel's SVG as the files'
	// prose does, under the same rule.
	if err := wheel.CheckText(*note, true); err != nil {
		return invalid("Resultatet %v.", err)
	}
	return nil
}

// siblings are the follow-ups that one form may close with fu: the same
// item's, the same owner's, open and due by today (a later one has
// nothing to follow up yet), oldest first.
func siblings(v *view, fu *snapshot.FollowUpRecord) []snapshot.FollowUpRecord {
	var out []snapshot.FollowUpRecord
	for _, o := range v.Snapshot.FollowUps[fu.UnitID] {
		if o.ID != fu.ID && o.ItemID == fu.ItemID && o.DoneAt == nil && o.Owner == fu.Owner && !o.Due.After(v.today) {
			out = append(out, o)
		}
	}
	return out
}

// Closing is what a follow-up form asks: close the follow-up and any of
// Also (its siblings) with one Note, as done or, Skip, as "ej aktuell"
// (Note then says why).
type Closing struct {
	Also []string
	Note string
	Skip bool
}

// CloseFollowUps closes a follow-up and the siblings asked for through
// its signed link: the link went to the owner of them all.
func (c *Core) CloseFollowUps(ctx context.Context, id, sig string, cl Closing) error {
	if err := c.verify(ctx, id, sig); err != nil {
		return err
	}
	return c.close(ctx, id, cl, "", "")
}

// CloseFollowUpsSignedIn closes them for a signed-in person who may mark
// the follow-up done, with their name in the history.
func (c *Core) CloseFollowUpsSignedIn(ctx context.Context, id, session string, cl Closing) error {
	p, err := c.followUpEditor(ctx, id, session)
	if err != nil {
		return err
	}
	return c.close(ctx, id, cl, p.Email, "webben")
}

// close checks the note and that every other follow-up asked for is a
// sibling (a form cannot reach past its own item and owner), then closes
// them all, the first one first.
func (c *Core) close(ctx context.Context, id string, cl Closing, who, how string) error {
	if !cl.Skip {
		if err := checkNote(ctx, c, id, &cl.Note); err != nil {
			return err
		}
	} else if err := checkReason(ctx, c, id, &cl.Note); err != nil {
		return err
	}
	fu, err := c.store.FollowUp(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	v, err := c.view()
	if err != nil {
		return err
	}
	allowed := map[string]bool{}
	for _, o := range siblings(v, &fu) {
		allowed[o.ID] = true
	}
	ids := []string{id}
	for _, o := range cl.Also {
		if o == id {
			continue
		}
		if !allowed[o] {
			return ErrForbidden
		}
		ids = append(ids, o)
	}
	if how == "" {
		how = "e-postlänk till " + fu.Owner
		if fu.Owner == "" {
			if u := v.Config.Unit(fu.UnitID); u != nil {
				how = "e-postlänk till " + strings.Join(u.Contacts, ", ")
			}
		}
	}
	now := c.clock.Now()
	for _, x := range ids {
		if cl.Skip {
			err = c.store.SkipFollowUp(ctx, x, cl.Note, who, how, now)
		} else {
			err = c.store.MarkFollowUpDoneBy(ctx, x, cl.Note, who, how, now)
		}
		if err != nil {
			return fmt.Errorf("app: close %s: %w", x, err)
		}
	}
	c.log.Info("follow-ups closed", "followup", id, "count", len(ids), "skipped", cl.Skip, "via", how)
	if err := c.state.Refresh(ctx); err != nil {
		c.log.Error("refresh after closing follow-ups failed", "err", err)
	}
	return nil
}

// checkReason is checkNote for "ej aktuell": the reason is required, and
// under the same rules as a result.
func checkReason(ctx context.Context, c *Core, id string, reason *string) error {
	err := checkNote(ctx, c, id, reason)
	var inv *Invalid
	if errors.As(err, &inv) && *reason == "" {
		return invalid("Skriv varför uppföljningen inte är aktuell.")
	}
	return err
}

// SkipByID marks a follow-up "ej aktuell" from the command line.
func (c *Core) SkipByID(ctx context.Context, id, reason string) (snapshot.FollowUpRecord, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return snapshot.FollowUpRecord{}, invalid("skriv varför med --reason \"...\"; en uppföljning markeras inte ej aktuell utan det")
	}
	f, err := c.openFollowUp(ctx, id)
	if err != nil {
		return f, err
	}
	if err := c.store.SkipFollowUp(ctx, id, reason, "", "kommandoraden", c.clock.Now()); err != nil {
		return f, fmt.Errorf("app: skip %s: %w", id, err)
	}
	c.log.Info("follow-up marked not relevant", "followup", id, "via", "kommandoraden")
	if err := c.state.Refresh(ctx); err != nil {
		c.log.Error("refresh after closing follow-ups failed", "err", err)
	}
	return f, nil
}

func (c *Core) markDone(ctx context.Context, id, note, via string) error {
	how := "kommandoraden"
	if via == "web" {
		// The signed link went to the follow-up's owner (or the unit's
		// contacts): whoever holds it marked it.
		how = "e-postlänk"
		if fu, err := c.store.FollowUp(ctx, id); err == nil {
			to := fu.Owner
			if to == "" {
				if u := c.state.Current().Config.Unit(fu.UnitID); u != nil {
					to = strings.Join(u.Contacts, ", ")
				}
			}
			how = "e-postlänk till " + to
		}
	}
	return c.markDoneBy(ctx, id, note, "", how)
}

// markDoneBy records the result with who (a signed-in person, or "") and
// how, and publishes it.
func (c *Core) markDoneBy(ctx context.Context, id, note, who, how string) error {
	err := c.store.MarkFollowUpDoneBy(ctx, id, note, who, how, c.clock.Now())
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("app: mark %s done: %w", id, err)
	}
	c.log.Info("follow-up marked done", "followup", id, "via", how)
	if err := c.state.Refresh(ctx); err != nil {
		c.log.Error("refresh after marking done failed", "err", err)
	}
	return nil
}

// verify checks a mark-done link's signature.
func (c *Core) verify(ctx context.Context, id, sig string) error {
	key, err := c.linkKey(ctx)
	if err != nil {
		return fmt.Errorf("app: link key: %w", err)
	}
	if err := linksig.Verify(key, id, sig, c.clock.Now()); err != nil {
		c.refused.note(c.log, c.clock.Now(), err.Error())
		return ErrForbidden
	}
	return nil
}

// resultReaders words who may sign in, every one of whom reads every
// unit's internal wheel and so a follow-up's result: the people the config
// names, and with auth.domains everyone of the organisation.
func resultReaders(cfg *config.Config) string {
	named := "administratörerna, alla enheters kontakter, chefer och redaktörer och övriga personer som konfigurationen namnger"
	if len(cfg.Auth.Domains) == 0 {
		return named
	}
	return "alla med en e-postadress på " + diag.OneOf(cfg.Auth.Domains) + ", och " + named
}
