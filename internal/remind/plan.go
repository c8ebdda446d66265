// Package remind decides what reminder e-mail is due and queues it: on each
// scheduled run, upcoming activities by their lead times and overdue
// follow-ups (with the unit manager copied after escalate_after), the end
// notice before the programme expires, and operational alerts, grouped into
// one digest per recipient. The ledger makes each reminder happen once; the
// Runner makes runs on time, makes up a missed one at start, and reports
// what it did for /healthz.
package remind

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/links"

	"github.com/avesta-kommun/arshjul/internal/snapshot"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/linksig"
	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/schedule"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/teams"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Ledger kinds.
const (
	KindUpcoming   = "upcoming"
	KindOverdue    = "overdue"
	KindEscalation = "escalation"
	KindEndNotice  = "end_notice"
	KindAlert      = "alert"
)

// LinkValidity is how long a mark-done link in an e-mail works. Overdue
// reminders come every overdue run, each with a fresh link.
const LinkValidity = 90 * 24 * time.Hour

// Pass says what one run covers.
type Pass struct {
	Upcoming   bool        // activities coming up, and the end notice
	OverdueRun *wheel.Date // the overdue run's date; nil: no overdue part
	Alerts     []Alert
}

// Alert is an operational warning for the admins, sent once per Name+Slot.
type Alert struct {
	Name, Slot, Text string
}

// Planned is one digest ready to queue, with the ledger keys it fulfils.
type Planned struct {
	Digest mail.Digest
	Keys   []store.Key
	// Channel is set for a unit's Teams channel: the digest goes there
	// as a card instead of as mail.
	Channel *teams.Channel
}

// Inputs is what a plan reads: the served config and wheel, the feed
// tokens (for links), the link key, and the reminders schedule.
type Inputs struct {
	Config    *config.Config
	Snapshot  *snapshot.Snapshot
	Tokens    map[string]string
	LinkKey   []byte
	Reminders *schedule.Schedule
}

type planner struct {
	ctx    context.Context
	st     *store.Store
	in     Inputs
	now    time.Time
	today  wheel.Date
	loc    *time.Location
	items  map[string]map[string]*snapshot.ItemRecord
	units  map[string]*wheel.Unit
	byRcpt map[string]*Planned
	sends  map[string]time.Time // memo of SendRun by day and start
}

// Plan works out every digest the pass makes at now. Nothing is written.
func Plan(ctx context.Context, st *store.Store, in Inputs, pass Pass, now time.Time) ([]Planned, error) {
	cfg := in.Config
	p := &planner{ctx: ctx, st: st, in: in, now: now, loc: cfg.Programme.Location,
		byRcpt: map[string]*Planned{}, units: map[string]*wheel.Unit{}, sends: map[string]time.Time{}}
	p.today = wheel.DateOf(now.In(p.loc))
	if !now.Before(cfg.Programme.Ends()) || now.Before(cfg.Programme.Begins()) {
		return nil, nil
	}
	for i := range cfg.Units {
		p.units[cfg.Units[i].ID] = &cfg.Units[i]
	}
	p.items = map[string]map[string]*snapshot.ItemRecord{}
	for unit, recs := range in.Snapshot.Items {
		m := make(map[string]*snapshot.ItemRecord, len(recs))
		for i := range recs {
			m[recs[i].Item.ID] = &recs[i]
		}
		p.items[unit] = m
	}
	if pass.Upcoming {
		if err := p.upcoming(); err != nil {
			return nil, err
		}
		if err := p.endNotice(); err != nil {
			return nil, err
		}
	}
	if pass.OverdueRun != nil {
		if err := p.overdue(*pass.OverdueRun); err != nil {
			return nil, err
		}
	}
	for _, a := range pass.Alerts {
		if err := p.alert(a); err != nil {
			return nil, err
		}
	}
	out := make([]Planned, 0, len(p.byRcpt))
	for _, pl := range p.byRcpt {
		out = append(out, *pl)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Digest.To < out[j].Digest.To })
	for i := range out {
		d := &out[i].Digest
		parts := []string{d.To}
		for _, k := range out[i].Keys {
			parts = append(parts, k.Kind, k.Subject, k.Slot)
		}
		d.MessageID = mail.MessageID(cfg.Mail.From, parts...)
		d.Help = footerHelp(cfg, d)
	}
	return out, nil
}

// digest returns the recipient's digest, making it on first use.
func (p *planner) digest(rcpt string) *Planned {
	key := strings.ToLower(rcpt)
	pl := p.byRcpt[key]
	if pl == nil {
		cfg := p.in.Config
		pl = &Planned{Digest: mail.Digest{To: rcpt, Programme: cfg.Programme.Name, Organisation: cfg.Programme.Organisation,
			Date: p.now}}
		p.byRcpt[key] = pl
	}
	return pl
}

// channel returns the digest for unit u's Teams channel, making it on
// first use; nil when the unit has none.
func (p *planner) channel(u *wheel.Unit) *Planned {
	if u.TeamsWebhookEnv == "" {
		return nil
	}
	pl := p.digest(teams.Recipient(u.ID))
	if pl.Channel == nil {
		l := links.New(p.in.Config.HTTP.BaseURL)
		pl.Channel = &teams.Channel{Unit: u.ID, Name: u.Name, WheelURL: l.Abs(l.Wheel("", u.ID))}
	}
	return pl
}

// channelItemURL links a card to an activity's page without the unit's
// token: whoever reads the channel signs in to see an internal unit's
// item, since a token posted in a channel reaches everyone in it.
func (p *planner) channelItemURL(u *wheel.Unit, itemID string, day wheel.Date) string {
	l := links.New(p.in.Config.HTTP.BaseURL)
	return l.Abs(l.Item("", u.ID, itemID)) + "#" + day.String()
}

// leads are an item's lead times, largest first: the item's own, else its
// unit's, else the programme's. A cancelled item reminds nobody. A series
// keeps only the lead times shorter than the gap between its occurrences
// (under 7 days for a weekly one): a longer one would have several
// reminders out at once, two a week from a weekly item with [30d, 7d],
// and a digest would list it once for every occurrence in reach.
func (p *planner) leads(u *wheel.Unit, it *wheel.Item) []wheel.Days {
	if it.NoRemind || it.Status == wheel.Cancelled {
		return nil
	}
	l := p.in.Config.Reminders.Before
	if len(u.Reminders) > 0 {
		l = u.Reminders
	}
	if len(it.Remind) > 0 {
		l = it.Remind
	}
	l = slices.Clone(l)
	if it.Rule != nil {
		gap := it.Rule.Interval()
		l = slices.DeleteFunc(l, func(d wheel.Days) bool { return d >= gap })
	}
	slices.SortFunc(l, func(a, b wheel.Days) int { return int(b - a) })
	return slices.Compact(l)
}

// maxLead is the longest lead time anywhere: how far ahead to look.
func (p *planner) maxLead() wheel.Days {
	m := slices.Max(append([]wheel.Days{0}, p.in.Config.Reminders.Before...))
	for _, u := range p.in.Config.Units {
		m = max(m, slices.Max(append([]wheel.Days{0}, u.Reminders...)))
	}
	for _, recs := range p.in.Snapshot.Items {
		for i := range recs {
			m = max(m, slices.Max(append([]wheel.Days{0}, recs[i].Item.Remind...)))
		}
	}
	return m
}

// sendRun memoises Schedule.SendRun: many occurrences share days.
func (p *planner) sendRun(day wheel.Date, start time.Time) (time.Time, bool) {
	k := day.String() + start.UTC().Format(time.RFC3339)
	if t, ok := p.sends[k]; ok {
		return t, !t.IsZero()
	}
	t, ok := p.in.Reminders.SendRun(day, start)
	if !ok {
		t = time.Time{}
	}
	p.sends[k] = t
	return t, ok
}

func (p *planner) recipients(u *wheel.Unit, owner string) []string {
	var out []string
	for _, r := range append([]string{owner}, u.Contacts...) {
		if r != "" && !slices.ContainsFunc(out, func(s string) bool { return strings.EqualFold(s, r) }) {
			out = append(out, r)
		}
	}
	return out
}

// staff says whether rcpt may have an internal unit's token, which opens
// its wheel and feed to anyone who has the link: the unit's contacts and
// manager, who answer for it in the config, and the admins. An item's
// owner who is none of these (a colleague in another unit, a partner
// outside) gets the reminder without the link, since a forwarded link
// cannot be taken back without rotating the token for everyone.
func (p *planner) staff(u *wheel.Unit, rcpt string) bool {
	same := func(s string) bool { return strings.EqualFold(s, rcpt) }
	return same(u.Manager) || slices.ContainsFunc(u.Contacts, same) || slices.ContainsFunc(p.in.Config.Admins, same)
}

// itemURL links to the activity's own page, at this occurrence: by name
// for a public unit, with the unit's token for an internal one (the
// recipient is its staff; staff decides who may have it).
func (p *planner) itemURL(u *wheel.Unit, itemID string, day wheel.Date) string {
	l := links.New(p.in.Config.HTTP.BaseURL)
	tok := ""
	if !u.Public {
		if tok = p.in.Tokens[store.UnitScope(u.ID)]; tok == "" {
			return ""
		}
	}
	return l.Abs(l.Item(tok, u.ID, itemID)) + "#" + day.String()
}

// DoneURL is the signed mark-done link of a follow-up.
func DoneURL(l links.Links, key []byte, id string, now time.Time) string {
	return l.Abs(l.FollowUp(id, linksig.Sign(key, id, now.Add(LinkValidity))))
}

func (p *planner) activity(u *wheel.Unit, rec *snapshot.ItemRecord, o store.Upcoming) mail.Activity {
	cfg := p.in.Config
	it := &rec.Item
	a := mail.Activity{ID: o.ID, Unit: u.Name, Title: it.Title, Owner: cfg.Person(it.Owner), Location: it.Location, Links: it.Links, Focus: cfg.Programme.FocusAreas.Name(it.Focus),
		ItemURL: p.itemURL(u, it.ID, o.Day), In: mail.InDays(daysBetween(p.today, o.Day))}
	start := o.Start.In(p.loc)
	a.When = sv.Long(start)
	if !isMidnight(start) {
		a.When += " kl. " + start.Format("15.04")
	}
	if it.Plan != nil {
		a.Plan = it.Plan.Title
	}
	a.Audiences = cfg.Programme.Audiences.NamesOf(it.Audiences)
	a.Channels = cfg.Programme.Channels.NamesOf(it.Channels)
	snap, now := p.in.Snapshot, p.now
	a.ICS = func() ([]byte, error) { return feed.Attachment(cfg, snap, u.ID, rec, now) }
	a.ICSName = wheel.Slug(it.Title) + "-" + o.Day.String() + ".ics"
	return a
}

func isMidnight(t time.Time) bool { return t.Hour() == 0 && t.Minute() == 0 }

func daysBetween(a, b wheel.Date) int {
	return int(b.In(time.UTC).Sub(a.In(time.UTC)).Hours() / 24)
}

func slot(d wheel.Days) string { return fmt.Sprintf("%dd", d) }
