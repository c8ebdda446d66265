// Package wheel holds the domain of the programme: the programme itself, its
// units, their wheel items and communication plans, and the follow-ups they
// promise. Loaders fill these types from files; the store keeps them; the
// occurrence expander, feeds and reminders read them. It has no I/O.
package wheel

import (
	"fmt"
	"strings"
	"time"
)

// Programme is the communication programme every unit's wheel serves.
type Programme struct {
	Name         string
	Organisation string
	Starts       Date // first day anything may be scheduled
	ValidUntil   Date // last day anything may be scheduled (inclusive)
	Location     *time.Location
	FocusAreas   Catalogue
	// FocusColors are the focus areas' colours on the wheel (#RRGGBB, by
	// key); an area without one takes the wheel's palette.
	FocusColors map[string]string
	Audiences   Catalogue
	Channels    Catalogue
}

// Ends is the first instant after the programme's validity.
func (p *Programme) Ends() time.Time { return p.ValidUntil.AddDays(1).In(p.Location) }

// Begins is the first instant of the programme's validity.
func (p *Programme) Begins() time.Time { return p.Starts.In(p.Location) }

// Catalogue is an ordered key → display name list (focus areas, audiences,
// channels). Order is the file's order, which is also the order shown.
type Catalogue struct {
	Keys  []string
	Names map[string]string
}

// Has reports whether key is in the catalogue.
func (c Catalogue) Has(key string) bool { _, ok := c.Names[key]; return ok }

// Name returns the display name of key, or key itself when unknown.
func (c Catalogue) Name(key string) string {
	if n, ok := c.Names[key]; ok {
		return n
	}
	return key
}

// NamesOf returns the display names of keys, in their order.
func (c Catalogue) NamesOf(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = c.Name(k)
	}
	return out
}

// Lookup finds a key by key or by display name, ignoring case: spreadsheets
// say "Medarbetare" where YAML says "medarbetare".
func (c Catalogue) Lookup(s string) (string, bool) {
	if c.Has(s) {
		return s, true
	}
	for _, k := range c.Keys {
		if strings.EqualFold(k, s) || strings.EqualFold(c.Names[k], s) {
			return k, true
		}
	}
	return "", false
}

// Calendar is everything a unit's calendar files say: its items and its
// plans (a plan's own follow-up needs the plan even before it has activities).
type Calendar struct {
	Items []Item
	Plans []Plan
}

// Unit is one verksamhet, förvaltning or bolag with a wheel of its own.
type Unit struct {
	ID        string
	Name      string
	Contacts  []string
	Manager   string
	Editors   []string // besides the contacts and the manager, who may edit the unit's wheel on the web
	Public    bool
	Color     string
	Reminders []Days // lead times; empty means the programme's
	// Calendars are the files that keep the unit's wheel; none when the
	// web keeps it.
	Calendars []string
	// StartsFrom are files a web-kept unit's wheel is imported from once,
	// when it was never started in the web (the example's units).
	StartsFrom []string
	// TeamsWebhookEnv names the environment variable that holds the
	// unit's Teams channel webhook (a secret); empty: no Teams.
	TeamsWebhookEnv string
}

// Days is a whole number of days (the `14d` of the files).
type Days int

// Item is one thing on a unit's wheel: a recurring wheel item, a plan's
// activity, or an event imported from a spreadsheet or an ICS file.
type Item struct {
	ID          string    `json:"id"`
	Source      string    `json:"source"` // yaml, csv, xlsx or ics
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Location    string    `json:"location,omitempty"` // where: a room, an address, a link
	UID         string    `json:"uid,omitempty"`      // an imported event's own UID, kept in feeds
	Owner       string    `json:"owner,omitempty"`
	Focus       string    `json:"focus,omitempty"`
	Audiences   []string  `json:"audiences,omitempty"`
	Channels    []string  `json:"channels,omitempty"`
	Remind      []Days    `json:"remind,omitempty"`
	NoRemind    bool      `json:"no_remind,omitempty"` // `remind: []`: no reminders at all
	FollowUp    *FollowUp `json:"follow_up,omitempty"`
	Public      bool      `json:"public"`
	Status      Status    `json:"status,omitempty"` // "" is planned
	Links       []string  `json:"links,omitempty"`  // https addresses people may follow
	Plan        *Plan     `json:"plan,omitempty"`   // set for a plan's activities
	Rule        *Rule     `json:"rule,omitempty"`   // recurring items
	Spans       []Span    `json:"spans,omitempty"`  // dated items
	// File is where the item is defined ("calendars/hr.yaml"), for the
	// history; not part of what the item is.
	File string `json:"-"`
	Line int    `json:"-"` // its line in File
}

// Plan is a communication plan's answers to the programme's seven questions.
// Its activities are Items that point back at it.
type Plan struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	What      string    `json:"what,omitempty"`
	Why       string    `json:"why,omitempty"`
	Audiences []string  `json:"audiences,omitempty"`
	Know      string    `json:"know,omitempty"`
	Feel      string    `json:"feel,omitempty"`
	Do        string    `json:"do,omitempty"`
	Focus     string    `json:"focus,omitempty"`
	Owner     string    `json:"owner,omitempty"`
	FollowUp  *FollowUp `json:"follow_up,omitempty"`
	Public    bool      `json:"public"`
	File      string    `json:"-"` // where it is defined, for the history
	Line      int       `json:"-"` // its line in File
}

// FollowUp says when and how an item's or plan's effect is checked: a fixed
// date, or a number of days after each occurrence ends.
type FollowUp struct {
	After Days   `json:"after,omitempty"`
	Date  *Date  `json:"date,omitempty"`
	Owner string `json:"owner,omitempty"`
	How   string `json:"how,omitempty"`
}

// Frequency of a recurring rule.
type Frequency string

const (
	Yearly  Frequency = "yearly"
	Monthly Frequency = "monthly"
	Weekly  Frequency = "weekly"
)

// Rule is a recurrence as the files state it. Exactly one shape is set per
// frequency: yearly by Month+Day, by From..To, by ISO Week, or by Month+Nth
// Weekday; monthly by Day or by Nth Weekday; weekly by Weekday.
type Rule struct {
	Freq       Frequency     `json:"freq"`
	Month      time.Month    `json:"month,omitempty"`
	Day        int           `json:"day,omitempty"`
	ToMonth    time.Month    `json:"to_month,omitempty"` // yearly ranges
	ToDay      int           `json:"to_day,omitempty"`
	Week       int           `json:"week,omitempty"`
	Weekday    *time.Weekday `json:"weekday,omitempty"`
	Nth        int           `json:"nth,omitempty"`  // 1–4, or -1 for the last
	Time       *Clock        `json:"time,omitempty"` // nil: all-day
	Duration   time.Duration `json:"duration,omitempty"`
	Exceptions []Date        `json:"exceptions,omitempty"` // dates skipped
	// First and Last bound the series (inclusive); nil is the
	// programme's first or last day.
	First *Date `json:"first,omitempty"`
	Last  *Date `json:"last,omitempty"`
}

// Interval is the shortest gap between two of the rule's occurrences, in
// days: a reminder earlier than that would arrive before the previous
// occurrence and say nothing the person can act on.
func (r *Rule) Interval() Days {
	switch r.Freq {
	case Weekly:
		return 7
	case Monthly:
		return 28
	}
	return 365
}

// Status is where an item stands: planned, done or cancelled.
type Status string

const (
	Planned   Status = ""
	Done      Status = "genomförd"
	Cancelled Status = "inställd"
)

// ParseStatus reads a status as files and forms write it (with or
// without the Swedish letters, any case); "" and "planerad" are planned.
func ParseStatus(s string) (Status, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "planerad":
		return Planned, nil
	case "genomförd", "genomford":
		return Done, nil
	case "inställd", "installd":
		return Cancelled, nil
	}
	return "", fmt.Errorf("status %q finns inte; välj planerad, genomförd eller inställd", s)
}

// Name is the status as people read it.
func (s Status) Name() string {
	if s == Planned {
		return "planerad"
	}
	return string(s)
}

// Clock is a wall-clock time of day in the programme's time zone.
type Clock struct {
	Hour   int `json:"hour"`
	Minute int `json:"minute"`
}

// Span is one dated occurrence as a file states it. All-day spans use the
// dates (End inclusive); timed spans use Start and End.
type Span struct {
	AllDay bool      `json:"all_day"`
	From   Date      `json:"from,omitzero"`
	To     Date      `json:"to,omitzero"`
	Start  time.Time `json:"start,omitzero"`
	End    time.Time `json:"end,omitzero"`
	Title  string    `json:"title,omitempty"` // an ICS override's own title
}
