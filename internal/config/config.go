// Package config reads config/arshjul.yaml: the programme, where data lives,
// how feeds and mail are served, the schedules, and the units with the
// calendar files they name. It validates everything and reports all problems
// at once as FILE:LINE; a config with problems is never half used.
package config

import (
	"time"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Config is a validated configuration.
type Config struct {
	Files     Files
	Path      string // the config file, a path of Files
	Programme wheel.Programme
	Database  string // OS path
	HTTP      HTTP
	Auth      Auth
	Feeds     Feeds
	Mail      Mail
	Schedule  Schedule
	Reminders Reminders
	Admins    []string
	// People names the addresses the files use ("ekonomichef@…": "Eva
	// Ek"), so that mail says who, not which mailbox. Optional; by lower-case
	// address.
	People map[string]string
	Units  []wheel.Unit
	// CalendarLines are the lines of the units' calendar: keys, by unit
	// id: `check` points there at a unit whose wheel was imported into
	// the web.
	CalendarLines map[string]int
	// Warnings are what is valid but no longer does anything (a key from
	// an older version), for `arshjul check` to show.
	Warnings []diag.Problem
}

// HTTP is where the daemon listens and the address people reach it at.
type HTTP struct {
	Listen  string
	BaseURL string // without a trailing slash
	// EmbedOrigins are the sites (scheme://host[:port]) that may show the
	// wheel pages and /embed/ in a frame, e.g. the intranet. Empty: no one.
	EmbedOrigins []string
	// EmbedInternal lets those origins frame an internal unit's pages too
	// (/wheel/TOKEN/… and /embed/TOKEN/…): the token is in the frame's
	// address, so everyone who can read the intranet page can open it.
	EmbedInternal bool
}

// Auth is how people sign in besides the e-mail link.
type Auth struct {
	// Domains are the organisation's mail domains: anyone signed in with
	// an address in one reads every internal wheel (editing needs a place
	// in the config).
	Domains []string
	OIDC    *OIDC // nil: sign-in by e-mail link only
}

// OIDC is an OpenID Connect provider (Microsoft Entra ID, or any other).
type OIDC struct {
	Issuer    string
	ClientID  string
	SecretEnv string // the environment variable holding the client secret; never the secret
	// VerifiedClaim names a boolean claim that, true, vouches for the
	// e-mail claim as email_verified does, for a provider that verifies
	// addresses by other means (Entra ID's xms_edov). Empty: only
	// email_verified: true vouches.
	VerifiedClaim string
	// TenantID, when set, takes the upn claim as the address of a token
	// whose tid is this tenant: the tenant's own admins set the UPN.
	TenantID string
}

// Feeds tunes the iCalendar feeds.
type Feeds struct {
	// PastMonths keeps occurrences that ended more than this many months ago
	// out of feeds. Ahead there is no date limit: a feed runs to the
	// programme's valid_until, so that a plan two years off is in Outlook
	// as it is on the wheel; MaxBytes keeps the size.
	PastMonths int
	// MaxBytes bounds one feed's body: past it the occurrences farthest
	// ahead are left out, and the feed says so. 1 MB is what Google and
	// Outlook on the web take; a feed of 40 MB (all.ics of 50 busy units)
	// would stall every client that polls it.
	MaxBytes int
	// Refresh is what REFRESH-INTERVAL and X-PUBLISHED-TTL ask clients for.
	Refresh time.Duration
}

// Mail is how reminder e-mail leaves.
type Mail struct {
	From      string
	Transport string // file or smtp
	Outbox    string // OS path of the file transport's folder
	SMTP      SMTP
	// AlertAfter is how long mail may wait in the outbox before the admins
	// are told (and the log says) that it is stuck.
	AlertAfter time.Duration
}

// SMTP is the relay for the smtp transport.
type SMTP struct {
	Host        string
	Port        int
	TLS         string // starttls, tls or none
	Username    string
	PasswordEnv string
}

// Schedule holds the cron expressions (5 fields, programme time zone).
type Schedule struct {
	Reminders string
	Overdue   string
	// WorkingDays is "swedish" (no mail on weekends, röda dagar, julafton,
	// nyårsafton, midsommarafton: a run that falls on one is made on the
	// next working day) or "all" (the cron expressions as they are).
	WorkingDays string
}

// Reminders are the programme-wide reminder settings.
type Reminders struct {
	Before        []wheel.Days
	EscalateAfter wheel.Days
	EndNotice     wheel.Days
}

// Unit returns the unit with id, or nil.
func (c *Config) Unit(id string) *wheel.Unit {
	for i := range c.Units {
		if c.Units[i].ID == id {
			return &c.Units[i]
		}
	}
	return nil
}

// UnitIDs lists the units' ids in the config's order, for messages that
// say which are valid.
func (c *Config) UnitIDs() []string {
	ids := make([]string, len(c.Units))
	for i, u := range c.Units {
		ids[i] = u.ID
	}
	return ids
}
