package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// The canonical form of an item is what a subscriber sees of it: the
// fields that reach a feed's events, the wheel and the item page, written
// out here one by one. Its hash decides whether SEQUENCE and
// LAST-MODIFIED move. A field added to wheel.Item enters it only when it
// is added here too, so a new field (or one only reminders read, like
// remind) never bumps every event of every subscribed calendar;
// TestCanonicalFormNamesEveryField makes each new field a decision.
//
// Two things events print are decided elsewhere, on purpose. An event's
// address (URL: and DESCRIPTION's last line) follows from the unit and
// item ids, which are in it already. The name people: gives an owner's
// address is not in it: the store never sees the config's people, and a
// name added or corrected there says nothing new about what happens when,
// so a subscriber takes it with the next change to the item; the release
// that began printing names raised the feed's wording revision instead
// (package feed), which moved every event once.

type canonItem struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Location    string         `json:"location,omitempty"` // omitted when empty: items without one keep their hash
	UID         string         `json:"uid,omitempty"`      // an import's own, which its events carry
	Owner       string         `json:"owner"`
	Focus       string         `json:"focus"`
	Audiences   []string       `json:"audiences"`
	Channels    []string       `json:"channels"`
	FollowUp    *canonFollowUp `json:"follow_up"`
	Public      bool           `json:"public"`
	Plan        *canonPlan     `json:"plan"`
	Rule        *canonRule     `json:"rule"`
	Spans       []canonSpan    `json:"spans"`
	Names       canonNames     `json:"names"`
	// Status and Links reach the events (STATUS:CANCELLED, the
	// description); omitted when unset, so that items without them keep
	// their hash.
	Status string   `json:"status,omitempty"`
	Links  []string `json:"links,omitempty"`
}

// canonNames are the display names events print for an entry's keys (the
// unit before each title in all.ics, focus areas and audiences in
// CATEGORIES, channels in DESCRIPTION): renaming one in the config changes
// every event that names it, so it is content.
type canonNames struct {
	Unit      string   `json:"unit"`
	Focus     string   `json:"focus"`
	Audiences []string `json:"audiences"`
	Channels  []string `json:"channels"`
	PlanFocus string   `json:"plan_focus,omitempty"`
	PlanAud   []string `json:"plan_audiences,omitempty"`
}

// canonicalVersion names the canonical form. A database whose content
// hashes were made under another (before names were part of it; before
// an empty list and none were one) has them filled in anew once,
// quietly: the form changed, not what anyone sees.
const canonicalVersion = "3"

// namer gives the display names an entry's canonical form holds.
type namer struct {
	prog *wheel.Programme
	unit string
}

func (n namer) of(focus string, audiences, channels []string) canonNames {
	if n.prog == nil {
		return canonNames{Unit: n.unit}
	}
	c := canonNames{Unit: n.unit, Audiences: n.prog.Audiences.NamesOf(audiences), Channels: n.prog.Channels.NamesOf(channels)}
	if focus != "" {
		c.Focus = n.prog.FocusAreas.Name(focus)
	}
	return c
}

func (n namer) item(it *wheel.Item) canonNames {
	c := n.of(it.Focus, it.Audiences, it.Channels)
	if p := it.Plan; p != nil && n.prog != nil {
		if p.Focus != "" {
			c.PlanFocus = n.prog.FocusAreas.Name(p.Focus)
		}
		c.PlanAud = n.prog.Audiences.NamesOf(p.Audiences)
	}
	return c
}

type canonPlan struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	What      string         `json:"what"`
	Why       string         `json:"why"`
	Audiences []string       `json:"audiences"`
	Know      string         `json:"know"`
	Feel      string         `json:"feel"`
	Do        string         `json:"do"`
	Focus     string         `json:"focus"`
	Owner     string         `json:"owner"` // a follow-up's owner when the activity names none
	FollowUp  *canonFollowUp `json:"follow_up"`
	Public    bool           `json:"public"`
}

type canonFollowUp struct {
	After int    `json:"after"`
	Date  string `json:"date"`
	Owner string `json:"owner"`
	How   string `json:"how"`
}

type canonRule struct {
	Freq       string   `json:"freq"`
	Month      int      `json:"month"`
	Day        int      `json:"day"`
	ToMonth    int      `json:"to_month"`
	ToDay      int      `json:"to_day"`
	Week       int      `json:"week"`
	Weekday    int      `json:"weekday"` // -1: none
	Nth        int      `json:"nth"`
	Time       string   `json:"time"` // "HH:MM", "" all-day
	Duration   int64    `json:"duration"`
	Exceptions []string `json:"exceptions"`
	First      string   `json:"first,omitempty"` // the series' bounds; omitted when unset, as above
	Last       string   `json:"last,omitempty"`
}

type canonSpan struct {
	AllDay bool   `json:"all_day"`
	From   string `json:"from"`
	To     string `json:"to"`
	Start  string `json:"start"`
	End    string `json:"end"`
	Title  string `json:"title"`
}

// itemContent is the hash of the item's canonical form.
func itemContent(it *wheel.Item, n namer) string {
	c := canonItem{Names: n.item(it), ID: it.ID, Title: it.Title, Description: it.Description, Location: it.Location, UID: it.UID, Owner: it.Owner, Focus: it.Focus,
		Audiences: list(it.Audiences), Channels: list(it.Channels), FollowUp: canonFU(it.FollowUp), Public: it.Public,
		Plan: canonPlanOf(it.Plan), Rule: canonRuleOf(it.Rule), Status: string(it.Status), Links: list(it.Links)}
	for _, s := range it.Spans {
		c.Spans = append(c.Spans, canonSpan{AllDay: s.AllDay, From: dateText(s.From), To: dateText(s.To),
			Start: timeText(s.Start), End: timeText(s.End), Title: s.Title})
	}
	return hashOf(c)
}

// planContent is the hash of the plan's canonical form.
func planContent(p *wheel.Plan, n namer) string {
	return hashOf(struct {
		Plan  *canonPlan `json:"plan"`
		Names canonNames `json:"names"`
	}{canonPlanOf(p), n.of(p.Focus, p.Audiences, nil)})
}

func canonPlanOf(p *wheel.Plan) *canonPlan {
	if p == nil {
		return nil
	}
	return &canonPlan{ID: p.ID, Title: p.Title, What: p.What, Why: p.Why, Audiences: list(p.Audiences), Know: p.Know,
		Feel: p.Feel, Do: p.Do, Focus: p.Focus, Owner: p.Owner, FollowUp: canonFU(p.FollowUp), Public: p.Public}
}

func canonFU(f *wheel.FollowUp) *canonFollowUp {
	if f == nil {
		return nil
	}
	c := &canonFollowUp{After: int(f.After), Owner: f.Owner, How: f.How}
	if f.Date != nil {
		c.Date = f.Date.String()
	}
	return c
}

func canonRuleOf(r *wheel.Rule) *canonRule {
	if r == nil {
		return nil
	}
	c := &canonRule{Freq: string(r.Freq), Month: int(r.Month), Day: r.Day, ToMonth: int(r.ToMonth), ToDay: r.ToDay,
		Week: r.Week, Weekday: -1, Nth: r.Nth, Duration: int64(r.Duration)}
	if r.Weekday != nil {
		c.Weekday = int(*r.Weekday)
	}
	if r.Time != nil {
		c.Time = time.Date(2000, 1, 1, r.Time.Hour, r.Time.Minute, 0, 0, time.UTC).Format("15:04")
	}
	for _, d := range r.Exceptions {
		c.Exceptions = append(c.Exceptions, d.String())
	}
	if r.First != nil {
		c.First = r.First.String()
	}
	if r.Last != nil {
		c.Last = r.Last.String()
	}
	return c
}

// list is l, or an empty list for none: a subscriber sees no difference,
// and a record read back from JSON has none where a file had an empty one.
func list(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func dateText(d wheel.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func hashOf(v any) string {
	b, err := json.Marshal(v) // of plain strings, numbers and slices: cannot fail
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
