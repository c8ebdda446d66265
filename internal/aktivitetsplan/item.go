package aktivitetsplan

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// A row to and from a web item's record. The row holds what its columns
// say; what they cannot (reminders, a follow-up's how and owner) stays as
// it was when a row is uploaded.

// FromItem is a web item (or a plan's activity) as a row, catalogue
// entries by their names. A recurring item's rule is in the upprepas
// column's words; the from and to columns (the series' first and last
// day) are the caller's, who knows the occurrences.
func FromItem(d webdoc.Item, prog *wheel.Programme, unitPublic bool) Row {
	row := Row{"id": d.ID, "title": d.Title, "description": d.Description, "location": d.Location, "owner": d.Owner}
	if d.Focus != "" {
		row["focus"] = prog.FocusAreas.Name(d.Focus)
	}
	row["audiences"] = strings.Join(prog.Audiences.NamesOf(d.Audiences), ", ")
	row["channels"] = strings.Join(prog.Channels.NamesOf(d.Channels), ", ")
	switch {
	case d.Yearly != nil || d.Monthly != nil || d.Weekly != nil:
		if r, err := RuleOf(d); err == nil {
			row["repeat"] = RuleWords(r)
		}
	case d.Date != "":
		row["start"] = d.Date
	case d.From != "":
		row["start"], row["end"] = d.From, d.To
	case d.Start != "":
		// As the reader gives a date and time back: with a space.
		row["start"], row["end"] = strings.Replace(d.Start, "T", " ", 1), strings.Replace(d.End, "T", " ", 1)
		if dur, err := wheel.ParseDuration(d.Duration); err == nil && row["end"] == "" {
			if t, err := time.Parse("2006-01-02 15:04", row["start"]); err == nil {
				row["end"] = t.Add(dur).Format("2006-01-02 15:04")
			}
		}
	}
	if fu := d.FollowUp; fu != nil {
		if fu.After != "" {
			row["follow_up"] = "+" + strings.TrimPrefix(fu.After, "+")
		} else {
			row["follow_up"] = fu.Date
		}
	}
	public := unitPublic
	if d.Public != nil {
		public = *d.Public
	}
	row["public"] = yesNo(public)
	return row
}

func yesNo(b bool) string { return map[bool]string{true: "ja", false: "nej"}[b] }

// LockedRow is an item of the unit's files as a row, marked with where
// it is defined: shown for the whole wheel, never read back. An item
// whose dates one row cannot hold (several spans, as from an ICS file)
// shows its first and last and says so.
func LockedRow(it *wheel.Item, prog *wheel.Programme, where string) Row {
	row := Row{"id": it.ID, "title": it.Title, "description": it.Description, "location": it.Location,
		"owner": it.Owner, "admin": where, "public": yesNo(it.Public)}
	if it.Focus != "" {
		row["focus"] = prog.FocusAreas.Name(it.Focus)
	}
	row["audiences"] = strings.Join(prog.Audiences.NamesOf(it.Audiences), ", ")
	row["channels"] = strings.Join(prog.Channels.NamesOf(it.Channels), ", ")
	if it.Plan != nil {
		row["plan"] = it.Plan.ID
	}
	if it.Rule != nil {
		row["repeat"] = RuleWords(it.Rule)
	}
	if n := len(it.Spans); n > 0 {
		first, last := it.Spans[0], it.Spans[n-1]
		if first.AllDay {
			row["start"], row["end"] = first.From.String(), last.To.String()
			if row["end"] == row["start"] {
				row["end"] = ""
			}
		} else {
			loc := prog.Location
			row["start"], row["end"] = first.Start.In(loc).Format("2006-01-02 15:04"), last.End.In(loc).Format("2006-01-02 15:04")
		}
		if n > 1 {
			row["admin"] = fmt.Sprintf("%s (%d tillfällen från %s till %s; en rad visar bara det första och det sista)", where, n, row["start"], row["end"])
		}
	}
	if fu := it.FollowUp; fu != nil {
		if fu.Date != nil {
			row["follow_up"] = fu.Date.String()
		} else {
			row["follow_up"] = fmt.Sprintf("+%dd", fu.After)
		}
	}
	return row
}

// RuleOf is a web item's recurrence as the rule the loader makes of it.
func RuleOf(d webdoc.Item) (*wheel.Rule, error) {
	r := &wheel.Rule{}
	var w *webdoc.Rule
	switch {
	case d.Yearly != nil:
		r.Freq, w = wheel.Yearly, d.Yearly
	case d.Monthly != nil:
		r.Freq, w = wheel.Monthly, d.Monthly
	case d.Weekly != nil:
		r.Freq, w = wheel.Weekly, d.Weekly
	default:
		return nil, fmt.Errorf("återkommer inte")
	}
	md := func(s string) (time.Month, int, error) {
		m, d, ok := strings.Cut(s, "-")
		if !ok {
			return 0, 0, fmt.Errorf("%q är ingen dag på året", s)
		}
		return monthDay(m, d)
	}
	var err error
	switch {
	case w.Date != "":
		r.Month, r.Day, err = md(w.Date)
	case w.From != "":
		if r.Month, r.Day, err = md(w.From); err == nil {
			r.ToMonth, r.ToDay, err = md(w.To)
		}
	}
	if err != nil {
		return nil, err
	}
	if w.Day != "" {
		r.Day = atoi(string(w.Day))
	}
	r.Week, r.Nth = atoi(string(w.Week)), atoi(string(w.Nth))
	if w.Month != "" {
		r.Month = time.Month(atoi(string(w.Month)))
	}
	if w.Weekday != "" {
		wd, err := wheel.ParseWeekday(w.Weekday)
		if err != nil {
			return nil, err
		}
		r.Weekday = &wd
	}
	if w.Time != "" {
		c, err := wheel.ParseClock(w.Time)
		if err != nil {
			return nil, err
		}
		r.Time, r.Duration = &c, time.Hour
		if w.Duration != "" {
			if r.Duration, err = wheel.ParseDuration(w.Duration); err != nil {
				return nil, err
			}
		}
	}
	for _, s := range d.Except {
		day, err := wheel.ParseDate(s)
		if err != nil {
			return nil, err
		}
		r.Exceptions = append(r.Exceptions, day)
	}
	return r, nil
}

// setRule writes r into d as the web record says a recurrence.
func setRule(d *webdoc.Item, r *wheel.Rule) {
	w := &webdoc.Rule{}
	switch {
	case r.Week != 0:
		w.Week = webdoc.Number(strconv.Itoa(r.Week))
	case r.ToMonth != 0:
		w.From, w.To = fmt.Sprintf("%02d-%02d", r.Month, r.Day), fmt.Sprintf("%02d-%02d", r.ToMonth, r.ToDay)
	case r.Freq == wheel.Yearly && r.Weekday == nil:
		w.Date = fmt.Sprintf("%02d-%02d", r.Month, r.Day)
	case r.Freq == wheel.Yearly:
		w.Month = webdoc.Number(strconv.Itoa(int(r.Month)))
	case r.Freq == wheel.Monthly && r.Weekday == nil:
		w.Day = webdoc.Number(strconv.Itoa(r.Day))
	}
	if r.Weekday != nil {
		w.Weekday = strings.ToLower(r.Weekday.String()[:3])
	}
	if r.Nth != 0 {
		w.Nth = webdoc.Number(strconv.Itoa(r.Nth))
	}
	if r.Time != nil {
		w.Time = fmt.Sprintf("%02d:%02d", r.Time.Hour, r.Time.Minute)
		if r.Duration != time.Hour {
			w.Duration = durationText(r.Duration)
		}
	}
	d.Except = nil
	for _, e := range r.Exceptions {
		d.Except = append(d.Except, e.String())
	}
	switch r.Freq {
	case wheel.Yearly:
		d.Yearly = w
	case wheel.Monthly:
		d.Monthly = w
	case wheel.Weekly:
		d.Weekly = w
	}
}

// keys are a list cell's choices as the programme's keys (the cell may
// name them by key or by name, as the reader accepts).
func keys(cat wheel.Catalogue, cell string) []string {
	var out []string
	for _, s := range SplitList(cell) {
		if k, ok := cat.Lookup(strings.TrimSpace(s)); ok {
			out = append(out, k)
		}
	}
	return out
}

// ToItem is a checked row as one web item's record: the row's columns
// over the item it was (old; the zero item for a new row), whose other
// fields (reminders, a follow-up's how and owner) stay. The same row
// always gives the same record: an unchanged row is seen to be unchanged.
func ToItem(row Row, old webdoc.Item, prog *wheel.Programme, unitPublic bool) (webdoc.Item, error) {
	d := old
	d.ID, d.Title, d.Description, d.Location, d.Owner = row["id"], row["title"], row["description"], row["location"], row["owner"]
	d.Date, d.From, d.To, d.Start, d.End, d.Duration = "", "", "", "", "", ""
	d.Yearly, d.Monthly, d.Weekly, d.Except = nil, nil, nil, nil
	start, end := row["start"], row["end"]
	switch {
	case row["repeat"] != "":
		r, err := ParseRule(row["repeat"])
		if err != nil {
			return d, err
		}
		setRule(&d, r)
	case strings.ContainsAny(start, " T"):
		d.Start, d.End = start, end
		if end == "" {
			d.Duration = "1h" // as the CSV reads a time without an end
		}
	case end == "" || end == start:
		d.Date = start
	default:
		d.From, d.To = start, end
	}
	d.Focus = ""
	if k, ok := prog.FocusAreas.Lookup(row["focus"]); ok {
		d.Focus = k
	}
	d.Audiences, d.Channels = keys(prog.Audiences, row["audiences"]), keys(prog.Channels, row["channels"])
	d.FollowUp = followUp(row["follow_up"], old.FollowUp)
	public, ok := Public(row["public"])
	if !ok {
		public = unitPublic
	}
	d.Public = &public
	return d, nil
}

// followUp is a follow-up cell over the one stored (old), whose how and
// owner stay; nil for an empty cell.
func followUp(cell string, old *webdoc.FollowUp) *webdoc.FollowUp {
	if cell == "" {
		return nil
	}
	var fu webdoc.FollowUp
	if old != nil {
		fu = webdoc.FollowUp{How: old.How, Owner: old.Owner}
	}
	if strings.HasPrefix(cell, "+") || strings.HasSuffix(cell, "d") {
		a := strings.TrimPrefix(cell, "+")
		if _, err := strconv.Atoi(a); err == nil {
			a += "d"
		}
		fu.After = a
	} else {
		fu.Date = cell
	}
	return &fu
}
