package config

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/wheel"
	"github.com/avesta-kommun/arshjul/internal/yamlfile"
)

// maxConfigSize keeps a mistaken path (a log, a dump) from being read whole.
const maxConfigSize = 1 << 20

// Load reads and validates the config at p (a path of files). On any problem
// it returns a *diag.Error with all of them and no config.
func Load(files Files, p string) (*Config, error) {
	var probs diag.List
	name := files.Display(p)
	data, err := files.ReadRegular(p, Root(p), maxConfigSize)
	var big *TooLargeError
	if errors.As(err, &big) {
		err = fmt.Errorf("filen är större än %d byte; är det rätt fil?", maxConfigSize)
	}
	if err != nil {
		probs.Add(name, 0, "%v", err)
		return nil, probs.Err()
	}
	var raw rawConfig
	if !yamlfile.Decode(name, data, &raw, &probs) {
		return nil, probs.Err()
	}
	c := &Config{Files: files, Path: p}
	v := validator{name: name, probs: &probs, files: files, path: p}
	v.programme(&raw, c)
	v.rest(&raw, c)
	v.units(&raw, c)
	applyEnv(c)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

type validator struct {
	name  string
	probs *diag.List
	files Files
	path  string
}

func (v *validator) add(line int, format string, args ...any) {
	v.probs.Add(v.name, line, format, args...)
}

// text refuses control characters in a name that every feed and page
// shows (programme, organisation, units, catalogue names).
func (v *validator) text(s string, line int, what string) {
	if err := wheel.CheckText(s, false); err != nil {
		v.add(line, "%s %v", what, err)
	}
}

func (v *validator) programme(raw *rawConfig, c *Config) {
	rp := &raw.Programme
	p := &c.Programme
	p.Name, p.Organisation = rp.Name, rp.Organisation
	if rp.Name == "" {
		v.add(raw.Lines["programme"], "programme.name saknas")
	}
	v.text(rp.Name, rp.Lines["name"], "programme.name")
	v.text(rp.Organisation, rp.Lines["organisation"], "programme.organisation")
	p.Starts = v.date(rp.Starts, rp.Lines["starts"], "programme.starts")
	p.ValidUntil = v.date(rp.ValidUntil, rp.Lines["valid_until"], "programme.valid_until")
	if !p.Starts.IsZero() && !p.ValidUntil.IsZero() && p.ValidUntil.Before(p.Starts) {
		v.add(rp.Lines["valid_until"], "programme.valid_until (%s) ligger före programme.starts (%s)", p.ValidUntil, p.Starts)
	}
	tz := rp.Timezone
	if tz == "" {
		tz = "Europe/Stockholm"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		v.add(rp.Lines["timezone"], "okänd tidszon %q; skriv ett IANA-namn som Europe/Stockholm", tz)
		loc = time.UTC
	}
	p.Location = loc
	p.FocusAreas = v.catalogue(rp.FocusAreas, rp.Lines["focus_areas"], "programme.focus_areas")
	p.FocusColors = v.focusColors(rp, p.FocusAreas)
	p.Audiences = v.catalogue(rp.Audiences, rp.Lines["audiences"], "programme.audiences")
	p.Channels = v.catalogue(rp.Channels, rp.Lines["channels"], "programme.channels")
}

// focusColors reads programme.focus_colors: a colour per focus area key.
func (v *validator) focusColors(rp *rawProgramme, areas wheel.Catalogue) map[string]string {
	out := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(rp.FocusColors)) {
		c := rp.FocusColors[k]
		switch {
		case !areas.Has(k):
			v.add(rp.Lines["focus_colors"], "programme.focus_colors: %q är inget fokusområde; giltiga är %s", k, diag.OneOf(areas.Keys))
		case !colorRe.MatchString(c):
			v.add(rp.Lines["focus_colors"], "programme.focus_colors.%s: %q är ingen färg; skriv #RRGGBB, t.ex. \"#00558C\"", k, c)
		default:
			out[k] = c
		}
	}
	return out
}

func (v *validator) catalogue(m orderedMap, line int, what string) wheel.Catalogue {
	if len(m.Keys) == 0 {
		v.add(line, "%s saknas eller är tom; ange nyckel: namn, t.ex. {medarbetare: Medarbetare}", what)
	}
	for _, k := range m.Keys {
		if err := wheel.ValidID(k); err != nil {
			v.add(m.Lines[k], "%s: %v", what, err)
		}
		v.text(m.Names[k], m.Lines[k], what+"."+k)
	}
	return wheel.Catalogue{Keys: m.Keys, Names: m.Names}
}

func (v *validator) date(s string, line int, what string) wheel.Date {
	if s == "" {
		v.add(line, "%s saknas; skriv ett datum ÅÅÅÅ-MM-DD", what)
		return wheel.Date{}
	}
	d, err := wheel.ParseDate(s)
	if err != nil {
		v.add(line, "%s: %v", what, err)
	}
	return d
}

func (v *validator) days(s string, line int, what string, def wheel.Days) wheel.Days {
	if s == "" {
		return def
	}
	d, err := wheel.ParseDays(s)
	if err != nil {
		v.add(line, "%s: %v", what, err)
	}
	return d
}

func (v *validator) dayList(list []string, line int, what string) []wheel.Days {
	out := make([]wheel.Days, 0, len(list))
	for _, s := range list {
		out = append(out, v.days(s, line, what, 0))
	}
	return out
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

func (v *validator) rest(raw *rawConfig, c *Config) {
	db := raw.Storage.Database
	if db == "" {
		db = "../data/arshjul.db"
	}
	c.Database = v.files.OSPath(v.files.Resolve(v.path, db))

	c.HTTP.Listen = raw.HTTP.Listen
	if c.HTTP.Listen == "" {
		c.HTTP.Listen = "127.0.0.1:8080"
	}
	if _, _, err := net.SplitHostPort(c.HTTP.Listen); err != nil {
		v.add(raw.HTTP.Lines["listen"], "http.listen %q är ingen adress; skriv värd:port, t.ex. 127.0.0.1:8080 eller :8080", c.HTTP.Listen)
	}
	c.HTTP.BaseURL = strings.TrimRight(raw.HTTP.BaseURL, "/")
	if c.HTTP.BaseURL == "" {
		c.HTTP.BaseURL = "http://localhost:8080"
	}
	if u, err := url.Parse(c.HTTP.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		v.add(raw.HTTP.Lines["base_url"], "http.base_url %q är ingen adress; skriv t.ex. https://arshjul.avesta.se", c.HTTP.BaseURL)
	}
	c.HTTP.EmbedOrigins = v.embedOrigins(raw.HTTP.EmbedOrigins, raw.HTTP.Lines["embed_origins"])
	c.HTTP.EmbedInternal = raw.HTTP.EmbedInternal
	if c.HTTP.EmbedInternal && len(c.HTTP.EmbedOrigins) == 0 {
		v.add(raw.HTTP.Lines["embed_internal"], "http.embed_internal: true gör inget utan http.embed_origins; ange intranätets adress där, t.ex. [https://intranat.avesta.se]")
	}

	c.Feeds.PastMonths = 3
	if raw.Feeds.PastMonths != nil {
		c.Feeds.PastMonths = *raw.Feeds.PastMonths
		if c.Feeds.PastMonths < 0 || c.Feeds.PastMonths > 60 {
			v.add(raw.Feeds.Lines["past_months"], "feeds.past_months ska vara 0–60 månader")
		}
	}
	if raw.Feeds.FutureMonths != nil { // kept readable so that an older config still loads
		c.Warnings = append(c.Warnings, diag.Problem{File: v.name, Line: raw.Feeds.Lines["future_months"],
			Msg: "feeds.future_months används inte längre och kan tas bort: flödena går till programmets valid_until, och feeds.max_bytes håller storleken"})
	}
	c.Feeds.MaxBytes = DefaultFeedBytes
	if raw.Feeds.MaxBytes != "" {
		n, ok := parseBytes(raw.Feeds.MaxBytes)
		if !ok || n < 64<<10 || n > 100<<20 {
			v.add(raw.Feeds.Lines["max_bytes"], "feeds.max_bytes %q: skriv en storlek mellan 64KB och 100MB, t.ex. 1MB", raw.Feeds.MaxBytes)
		} else {
			c.Feeds.MaxBytes = n
		}
	}
	c.Feeds.Refresh = time.Hour
	if raw.Feeds.Refresh != "" {
		d, err := time.ParseDuration(raw.Feeds.Refresh)
		if err != nil || d < 15*time.Minute || d > 7*24*time.Hour || d%time.Minute != 0 {
			v.add(raw.Feeds.Lines["refresh"], "feeds.refresh %q: skriv en tid mellan 15m och 168h, t.ex. 1h", raw.Feeds.Refresh)
		} else {
			c.Feeds.Refresh = d
		}
	}
	v.mail(raw, c)
	v.auth(raw, c)

	c.Schedule.Reminders = v.cron(raw.Schedule.Reminders, "0 7 * * 1-5", raw.Schedule.Lines["reminders"], "schedule.reminders")
	c.Schedule.Overdue = v.cron(raw.Schedule.Overdue, "0 8 * * 1", raw.Schedule.Lines["overdue"], "schedule.overdue")
	switch c.Schedule.WorkingDays = raw.Schedule.WorkingDays; c.Schedule.WorkingDays {
	case "":
		c.Schedule.WorkingDays = "swedish"
	case "swedish", "all":
	default:
		v.add(raw.Schedule.Lines["working_days"], "schedule.working_days %q: skriv swedish (ingen e-post på helger, röda dagar, jul-, nyårs- och midsommarafton) eller all", raw.Schedule.WorkingDays)
	}

	r := &raw.Reminders
	c.Reminders.Before = []wheel.Days{14, 2}
	if r.Before != nil {
		c.Reminders.Before = v.dayList(r.Before, r.Lines["before"], "reminders.before")
	}
	c.Reminders.EscalateAfter = v.days(r.EscalateAfter, r.Lines["escalate_after"], "reminders.escalate_after", 14)
	c.Reminders.EndNotice = v.days(r.ProgrammeEndNotice, r.Lines["programme_end_notice"], "reminders.programme_end_notice", 90)

	for _, a := range raw.Admins {
		if err := wheel.ValidAddress(a); err != nil {
			v.add(raw.Lines["admins"], "admins: %v", err)
		}
	}
	c.Admins = raw.Admins
	c.People = map[string]string{}
	for addr, name := range raw.People {
		if err := wheel.ValidAddress(addr); err != nil {
			v.add(raw.Lines["people"], "people: %v", err)
		}
		if err := wheel.CheckText(name, false); err != nil || strings.TrimSpace(name) == "" {
			v.add(raw.Lines["people"], "people: namnet för %s ska vara en rad text", addr)
		}
		c.People[NormalAddress(addr)] = strings.TrimSpace(name)
	}
}

func (v *validator) mail(raw *rawConfig, c *Config) {
	m := &raw.Mail
	c.Mail.From = m.From
	if c.Mail.From == "" {
		c.Mail.From = "arshjul <arshjul@localhost>"
	}
	if _, err := mail.ParseAddress(c.Mail.From); err != nil {
		v.add(m.Lines["from"], "mail.from %q är ingen avsändare; skriv t.ex. \"Kommunikation <kommunikation@avesta.se>\"", c.Mail.From)
	}
	c.Mail.Transport = m.Transport
	if c.Mail.Transport == "" {
		c.Mail.Transport = "file"
	}
	outbox := m.Outbox
	if outbox == "" {
		outbox = "../data/outbox"
	}
	c.Mail.Outbox = v.files.OSPath(v.files.Resolve(v.path, outbox))
	c.Mail.AlertAfter = 4 * time.Hour
	if m.AlertAfter != "" {
		d, err := time.ParseDuration(m.AlertAfter)
		if err != nil || d < time.Minute {
			v.add(m.Lines["alert_after"], "mail.alert_after %q: skriv en tid på minst 1m, t.ex. 4h", m.AlertAfter)
		} else {
			c.Mail.AlertAfter = d
		}
	}
	s := &m.SMTP
	c.Mail.SMTP = SMTP{Host: s.Host, Port: s.Port, TLS: s.TLS, Username: s.Username, PasswordEnv: s.PasswordEnv}
	if c.Mail.SMTP.TLS == "" {
		c.Mail.SMTP.TLS = "starttls"
	}
	if c.Mail.SMTP.Port == 0 {
		c.Mail.SMTP.Port = map[string]int{"tls": 465, "none": 25}[c.Mail.SMTP.TLS]
		if c.Mail.SMTP.Port == 0 {
			c.Mail.SMTP.Port = 587
		}
	}
	switch c.Mail.Transport {
	case "file":
	case "smtp":
		if s.Host == "" {
			v.add(m.Lines["smtp"], "mail.smtp.host saknas; transport: smtp behöver en SMTP-server")
		}
	default:
		v.add(m.Lines["transport"], "mail.transport %q finns inte; giltiga är file och smtp", c.Mail.Transport)
	}
	if t := c.Mail.SMTP.TLS; t != "starttls" && t != "tls" && t != "none" {
		v.add(s.Lines["tls"], "mail.smtp.tls %q finns inte; giltiga är starttls, tls och none", t)
	}
	if c.Mail.SMTP.Port < 1 || c.Mail.SMTP.Port > 65535 {
		v.add(s.Lines["port"], "mail.smtp.port %d är ingen port (1–65535)", c.Mail.SMTP.Port)
	}
	if s.PasswordEnv != "" && !envNameRe.MatchString(s.PasswordEnv) {
		v.add(s.Lines["password_env"], "mail.smtp.password_env ska vara namnet på en miljövariabel, t.ex. ARSHJUL_SMTP_PASSWORD (aldrig lösenordet självt)")
	}
}

func lineOr(line, fallback int) int {
	if line > 0 {
		return line
	}
	return fallback
}

var envNameRe = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)

func (v *validator) cron(expr, def string, line int, what string) string {
	if expr == "" {
		return def
	}
	if _, err := cronParser.Parse(expr); err != nil {
		v.add(line, "%s %q är inget cron-uttryck med fem fält (minut timme dag månad veckodag), t.ex. \"0 7 * * 1-5\": %v", what, expr, err)
	}
	return expr
}

var colorRe = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// reservedUnitIDs would collide with the feed URLs /feeds/TOKEN/all.ics and
// /feeds/public.ics.
var reservedUnitIDs = map[string]bool{"all": true, "public": true}

func (v *validator) units(raw *rawConfig, c *Config) {
	if len(raw.Units) == 0 {
		v.add(raw.Lines["units"], "units saknas; ange minst en enhet med id och name")
	}
	seen := map[string]int{}
	for _, ru := range raw.Units {
		u := wheel.Unit{
			ID: ru.ID, Name: ru.Name, Contacts: ru.Contacts, Manager: ru.Manager, Editors: ru.Editors,
			Public: ru.Public, Color: ru.Color,
		}
		if err := wheel.ValidID(ru.ID); err != nil {
			v.add(ru.Line, "units: %v", err)
		} else if reservedUnitIDs[ru.ID] {
			v.add(ru.Lines["id"], "units: id %q är reserverat för flödesadresserna; välj ett annat", ru.ID)
		} else if first, dup := seen[ru.ID]; dup {
			v.add(ru.Lines["id"], "units: id %q finns redan på rad %d", ru.ID, first)
		}
		seen[ru.ID] = ru.Lines["id"]
		if ru.Name == "" {
			v.add(ru.Line, "enhet %q: name saknas", ru.ID)
		}
		nameLine := ru.Lines["name"]
		if nameLine == 0 {
			nameLine = ru.Line
		}
		v.text(ru.Name, nameLine, "enhet "+ru.ID+": name")
		for _, a := range ru.Contacts {
			if err := wheel.ValidAddress(a); err != nil {
				v.add(ru.Lines["contacts"], "enhet %q: contacts: %v", ru.ID, err)
			}
		}
		for _, a := range ru.Editors {
			if err := wheel.ValidAddress(a); err != nil {
				v.add(ru.Lines["editors"], "enhet %q: editors: %v", ru.ID, err)
			}
		}
		if ru.Manager != "" {
			if err := wheel.ValidAddress(ru.Manager); err != nil {
				v.add(ru.Lines["manager"], "enhet %q: manager: %v", ru.ID, err)
			}
		}
		if u.Color == "" {
			u.Color = "#00558C"
		} else if !colorRe.MatchString(u.Color) {
			v.add(ru.Lines["color"], "enhet %q: color %q är ingen färg; skriv #RRGGBB, t.ex. \"#00558C\"", ru.ID, ru.Color)
		}
		if ru.Reminders != nil && ru.Reminders.Before != nil {
			u.Reminders = v.dayList(ru.Reminders.Before, ru.Reminders.Lines["before"], "enhet "+ru.ID+": reminders.before")
		}
		if ru.Teams != nil {
			u.TeamsWebhookEnv = ru.Teams.WebhookEnv
			if !envNameRe.MatchString(u.TeamsWebhookEnv) {
				v.add(lineOr(ru.Teams.Lines["webhook_env"], ru.Lines["teams"]), "enhet %q: teams.webhook_env ska vara namnet på en miljövariabel som håller webhookens adress, t.ex. ARSHJUL_TEAMS_%s (aldrig adressen själv)", ru.ID, envSuffix(ru.ID))
			}
		}
		// Without calendar: the unit's wheel is kept in the web.
		for _, ref := range ru.Calendar {
			u.Calendars = append(u.Calendars, v.calendarFiles(ref, ru.Lines["calendar"], ru.ID)...)
		}
		if len(ru.Calendar) > 0 {
			if c.CalendarLines == nil {
				c.CalendarLines = map[string]int{}
			}
			c.CalendarLines[ru.ID] = lineOr(ru.Lines["calendar"], ru.Line)
		}
		switch {
		case len(ru.StartsFrom) > 0 && len(ru.Calendar) > 0:
			v.add(ru.Lines["starts_from"], "enhet %q: starts_from gäller en enhet som hålls i webben; ta bort calendar eller starts_from", ru.ID)
		case len(ru.StartsFrom) > 0:
			for _, ref := range ru.StartsFrom {
				u.StartsFrom = append(u.StartsFrom, v.calendarFiles(ref, ru.Lines["starts_from"], ru.ID)...)
			}
		}
		c.Units = append(c.Units, u)
	}
}

// calendarExts are the formats a calendar folder may hold.
var calendarExts = map[string]bool{".yaml": true, ".yml": true, ".csv": true, ".ics": true, ".xlsx": true}

// calendarFiles resolves one calendar reference: a file, or a folder whose
// .yaml, .csv, .ics and .xlsx files are read in name order.
func (v *validator) calendarFiles(ref string, line int, unit string) []string {
	p := v.files.Resolve(v.path, ref)
	st, err := fs.Stat(v.files.FS, p)
	if err != nil {
		v.add(line, "enhet %q: kalenderfilen %s finns inte", unit, v.files.Display(p))
		return nil
	}
	if !st.IsDir() {
		if !calendarExts[strings.ToLower(path.Ext(p))] {
			v.add(line, "enhet %q: %s: okänt format; kalendrar är .yaml, .csv, .ics eller .xlsx", unit, v.files.Display(p))
			return nil
		}
		return []string{p}
	}
	entries, err := fs.ReadDir(v.files.FS, p)
	if err != nil {
		v.add(line, "enhet %q: mappen %s går inte att läsa: %v", unit, v.files.Display(p), err)
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && calendarExts[strings.ToLower(path.Ext(e.Name()))] && !strings.HasPrefix(e.Name(), ".") && !strings.HasPrefix(e.Name(), "~$") {
			out = append(out, path.Join(p, e.Name()))
		}
	}
	if len(out) == 0 {
		v.add(line, "enhet %q: mappen %s har inga .yaml-, .csv-, .ics- eller .xlsx-filer", unit, v.files.Display(p))
	}
	return out
}

// applyEnv lets a container set what depends on where it runs rather than
// on the programme: ARSHJUL_LISTEN (e.g. ":8080") and ARSHJUL_DATA, a folder
// for the database (arshjul.db) and the file transport's outbox (outbox/).
// They are read at every load, so a reload never drops them.
func applyEnv(c *Config) {
	if v := os.Getenv("ARSHJUL_LISTEN"); v != "" {
		c.HTTP.Listen = v
	}
	if v := os.Getenv("ARSHJUL_DATA"); v != "" {
		c.Database = filepath.Join(v, "arshjul.db")
		c.Mail.Outbox = filepath.Join(v, "outbox")
	}
}
