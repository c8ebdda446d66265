// Package mail turns a recipient's reminders into one Swedish e-mail (text
// and HTML from templates, with an .ics for each activity) and delivers the
// outbox: over SMTP with go-mail, or into .eml files when no mail server is
// configured. What is due, and for whom, is decided in package remind.
package mail

import (
	"fmt"
	"strings"
	"time"
)

// Digest is everything one recipient gets from one run.
type Digest struct {
	To           string
	Programme    string
	Organisation string
	MessageID    string // without angle brackets; stable for the run and recipient
	Date         time.Time
	Upcoming     []Activity
	Overdue      []FollowUp
	Escalated    []FollowUp // follow-ups the recipient manages, overdue long enough to copy them
	EndNotice    *EndNotice
	Alerts       []string // operational warnings for admins
	// Help is the footer's last sentence: whom the reader turns to when
	// something is wrong, which depends on who the reader is.
	Help string
}

// MaxCalendarFiles is the most .ics files one message carries, for the
// soonest activities. A unit whose contacts are reminded of hundreds of
// activities at once (a first run over a large wheel) would otherwise get a
// message that Outlook shows as a wall of attachments and that a mail
// server may refuse for its size; every activity is still in the message's
// list, on the wheel and in the feed.
const MaxCalendarFiles = 25

// CalendarFiles is how many of the activities get an .ics: the first ones.
func (d *Digest) CalendarFiles() int { return min(len(d.Upcoming), MaxCalendarFiles) }

// Activity is an upcoming occurrence.
type Activity struct {
	ID        string // the occurrence id
	Unit      string
	Title     string
	When      string // in Swedish, e.g. "måndag 5 oktober 2026"
	In        string // "om 14 dagar", "i morgon"
	Plan      string
	Owner     string
	Location  string
	Links     []string // https addresses, shown as links
	Focus     string
	Audiences []string
	Channels  []string
	ItemURL   string // the activity's page at this occurrence
	ICSName   string
	// ICS makes the .ics attachment when the message is composed, so that
	// a run's plan holds no attachments: they are made one digest at a time.
	ICS func() ([]byte, error)
}

// FollowUp is an overdue follow-up.
type FollowUp struct {
	ID          string
	Item        string // UNIT/ITEM: the follow-ups of one item are one row
	Unit        string
	Title       string
	Due         string
	DaysOverdue int
	How         string
	Owner       string
	DoneURL     string
}

// EndNotice tells the admins the programme's validity is running out.
type EndNotice struct {
	ValidUntil string
	DaysLeft   int
	ReportURL  string // the programme report, the evaluation's starting point
}

// Empty reports whether there is nothing to send.
func (d *Digest) Empty() bool {
	return len(d.Upcoming)+len(d.Overdue)+len(d.Escalated)+len(d.Alerts) == 0 && d.EndNotice == nil
}

// Subject says in a few words what the digest holds.
func (d *Digest) Subject() string {
	if len(d.Alerts) > 0 && len(d.Upcoming)+len(d.Overdue)+len(d.Escalated) == 0 && d.EndNotice == nil {
		return "arshjul: driftvarning"
	}
	var parts []string
	switch n := len(d.Upcoming); {
	case n == 1:
		a := d.Upcoming[0]
		parts = append(parts, fmt.Sprintf("%s %s", a.Title, a.In))
	case n > 1:
		parts = append(parts, fmt.Sprintf("%d kommande aktiviteter", n))
	}
	switch n := len(d.Overdue); {
	case n == 1:
		parts = append(parts, "försenad uppföljning: "+d.Overdue[0].Title)
	case n > 1:
		parts = append(parts, fmt.Sprintf("%d försenade uppföljningar", n))
	}
	if n := len(d.Escalated); n > 0 {
		parts = append(parts, plural(n, "försenad uppföljning i din verksamhet", "försenade uppföljningar i din verksamhet"))
	}
	if d.EndNotice != nil {
		parts = append(parts, d.Programme+" behöver revideras")
	}
	if len(d.Alerts) > 0 {
		parts = append(parts, "driftvarning")
	}
	return "Årshjulet: " + strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// InDays says how far off something is: "i dag", "i morgon", "om 14 dagar".
func InDays(n int) string {
	switch n {
	case 0:
		return "i dag"
	case 1:
		return "i morgon"
	}
	return fmt.Sprintf("om %d dagar", n)
}
