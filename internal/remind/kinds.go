package remind

import (
	"slices"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/links"

	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/teams"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// upcoming adds the activities whose reminder run has come. A reminder is
// due when the run that carries it (schedule.SendRun of start minus lead)
// is at or before now and the occurrence has not started: a run that was
// missed is made up by the next one. When several lead times of one
// occurrence are due at once (the daemon was down), only the latest is
// sent, and the earlier ones are recorded with it.
func (p *planner) upcoming() error {
	horizon := p.now.AddDate(0, 0, int(p.maxLead())+1).Add(p.in.Reminders.MaxGap(p.now))
	occs, err := p.st.UpcomingBetween(p.ctx, p.now, horizon)
	if err != nil {
		return err
	}
	for _, o := range occs {
		u := p.units[o.UnitID]
		rec := p.items[o.UnitID][o.ItemID]
		if u == nil || rec == nil {
			continue // stored before a reload that removed it: not served, not reminded
		}
		var due []wheel.Days
		for _, l := range p.leads(u, &rec.Item) {
			if r, ok := p.sendRun(o.Day.AddDays(-int(l)), o.Start); ok && !r.After(p.now) {
				due = append(due, l)
			}
		}
		if len(due) == 0 {
			continue
		}
		latest := due[len(due)-1]
		var act *mail.Activity
		for _, rcpt := range p.recipients(u, rec.Item.Owner) {
			if o.Sent[[2]string{slot(latest), rcpt}] {
				continue
			}
			if act == nil {
				a := p.activity(u, rec, o)
				act = &a
			}
			a := *act
			if !u.Public && !p.staff(u, rcpt) {
				a.ItemURL = "" // the link holds the unit's feed token: for its own people only
			}
			pl := p.digest(rcpt)
			pl.Digest.Upcoming = append(pl.Digest.Upcoming, a)
			for _, l := range due {
				if !o.Sent[[2]string{slot(l), rcpt}] {
					pl.Keys = append(pl.Keys, store.Key{Kind: KindUpcoming, Subject: o.ID, Slot: slot(l), Recipient: rcpt})
				}
			}
		}
		// The unit's Teams channel gets what its people get, once, with
		// the same keys under its own name in the ledger.
		if ch := teams.Recipient(u.ID); u.TeamsWebhookEnv != "" && !o.Sent[[2]string{slot(latest), ch}] {
			a := p.activity(u, rec, o)
			a.ItemURL = p.channelItemURL(u, rec.Item.ID, o.Day)
			pl := p.channel(u)
			pl.Digest.Upcoming = append(pl.Digest.Upcoming, a)
			for _, l := range due {
				if !o.Sent[[2]string{slot(l), ch}] {
					pl.Keys = append(pl.Keys, store.Key{Kind: KindUpcoming, Subject: o.ID, Slot: slot(l), Recipient: ch})
				}
			}
		}
	}
	return nil
}

// overdue adds the follow-ups still open after their due date, for the
// overdue run of day: to the owner every run, and to the unit manager
// too once the follow-up has been overdue for escalate_after.
func (p *planner) overdue(day wheel.Date) error {
	list, err := p.st.OverdueOn(p.ctx, day)
	if err != nil {
		return err
	}
	cfg := p.in.Config
	for _, f := range list {
		u := p.units[f.UnitID]
		if u == nil {
			continue
		}
		days := daysBetween(f.Due, day)
		fu := mail.FollowUp{ID: f.ID, Item: f.UnitID + "/" + f.ItemID, Unit: u.Name, Title: f.Title, Due: sv.LongDate(f.Due), DaysOverdue: days,
			How: f.How, Owner: cfg.Person(f.Owner), DoneURL: DoneURL(links.New(cfg.HTTP.BaseURL), p.in.LinkKey, f.ID, p.now)}
		owners := []string{f.Owner}
		if f.Owner == "" {
			owners = u.Contacts
			fu.Owner = strings.Join(u.Contacts, ", ")
		}
		for _, o := range owners {
			if !f.Sent[KindOverdue+" "+o] {
				pl := p.digest(o)
				pl.Digest.Overdue = append(pl.Digest.Overdue, fu)
				pl.Keys = append(pl.Keys, store.Key{Kind: KindOverdue, Subject: f.ID, Slot: day.String(), Recipient: o})
			}
		}
		if ch := teams.Recipient(u.ID); u.TeamsWebhookEnv != "" && !f.Sent[KindOverdue+" "+ch] {
			pl := p.channel(u)
			pl.Digest.Overdue = append(pl.Digest.Overdue, fu)
			pl.Keys = append(pl.Keys, store.Key{Kind: KindOverdue, Subject: f.ID, Slot: day.String(), Recipient: ch})
		}
		m := u.Manager
		if m == "" || days < int(cfg.Reminders.EscalateAfter) || slices.ContainsFunc(owners, func(o string) bool { return strings.EqualFold(o, m) }) {
			continue
		}
		if !f.Sent[KindEscalation+" "+m] {
			pl := p.digest(m)
			pl.Digest.Escalated = append(pl.Digest.Escalated, fu)
			pl.Keys = append(pl.Keys, store.Key{Kind: KindEscalation, Subject: f.ID, Slot: day.String(), Recipient: m})
		}
	}
	return nil
}

// endNotice tells the admins, once, programme_end_notice before
// valid_until, that the programme needs revising.
func (p *planner) endNotice() error {
	cfg := p.in.Config
	if cfg.Reminders.EndNotice <= 0 {
		return nil
	}
	vu := cfg.Programme.ValidUntil
	r, ok := p.sendRun(vu.AddDays(-int(cfg.Reminders.EndNotice)), cfg.Programme.Ends())
	if !ok || r.After(p.now) {
		return nil
	}
	for _, a := range cfg.Admins {
		k := store.Key{Kind: KindEndNotice, Subject: "programme", Slot: vu.String(), Recipient: a}
		done, err := p.st.Recorded(p.ctx, k)
		if err != nil {
			return err
		}
		if !done {
			pl := p.digest(a)
			pl.Digest.EndNotice = &mail.EndNotice{ValidUntil: sv.LongDate(vu), DaysLeft: daysBetween(p.today, vu)}
			if tok := p.in.Tokens[store.AdminScope]; tok != "" { // the admins' own token: the notice goes to them only
				l := links.New(cfg.HTTP.BaseURL)
				pl.Digest.EndNotice.ReportURL = l.Abs(l.Report(tok, false, 0, ""))
			}
			pl.Keys = append(pl.Keys, k)
		}
	}
	return nil
}

func (p *planner) alert(a Alert) error {
	for _, adm := range p.in.Config.Admins {
		k := store.Key{Kind: KindAlert, Subject: a.Name, Slot: a.Slot, Recipient: adm}
		done, err := p.st.Recorded(p.ctx, k)
		if err != nil {
			return err
		}
		if !done {
			pl := p.digest(adm)
			pl.Digest.Alerts = append(pl.Digest.Alerts, a.Text)
			pl.Keys = append(pl.Keys, k)
		}
	}
	return nil
}
