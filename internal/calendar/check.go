package calendar

import (
	"fmt"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// fileCtx is what every loader needs while reading one file of one unit:
// where it is (for messages), the programme (for references and validity),
// and the unit's ids so far (ids are unique across the unit's files).
type fileCtx struct {
	name  string
	prog  *wheel.Programme
	unit  *wheel.Unit
	probs *diag.List
	warns *diag.List // valid but probably not meant
	ids   map[string]string
	// budget is shared by the unit's files, like ids.
	budget *unitBudget
	// cellOf names the cell a field of the current row is in, in a
	// workbook ("Plan!C5"); nil for other files. cell is the one the
	// problems found now are in.
	cellOf func(field string) string
	cell   string
}

func (f *fileCtx) add(line int, format string, args ...any) {
	if f.cell != "" {
		f.probs.AddCell(f.name, line, f.cell, format, args...)
		return
	}
	f.probs.Add(f.name, line, format, args...)
}

// warn records what is valid but probably not meant, where add would
// record a problem.
func (f *fileCtx) warn(line int, format string, args ...any) {
	if f.cell != "" {
		f.warns.AddCell(f.name, line, f.cell, format, args...)
		return
	}
	f.warns.Add(f.name, line, format, args...)
}

// at says that the problems found next are in field's cell of the row.
func (f *fileCtx) at(field string) {
	if f.cellOf != nil {
		f.cell = f.cellOf(field)
	}
}

func (f *fileCtx) where(line int) string {
	if f.cell != "" {
		return f.name + ":" + f.cell
	}
	return fmt.Sprintf("%s:%d", f.name, line)
}

// claimID checks an item or plan id and that the unit has it only once.
func (f *fileCtx) claimID(id string, line int) bool {
	if err := wheel.ValidID(id); err != nil {
		f.add(line, "%v", err)
		return false
	}
	if first, dup := f.ids[id]; dup {
		f.add(line, "id %q finns redan i enheten %q (%s); varje id får bara finnas en gång", id, f.unit.ID, first)
		return false
	}
	f.ids[id] = f.where(line)
	return true
}

// ref resolves one focus area, audience or channel, by key or by name.
func (f *fileCtx) ref(s string, cat wheel.Catalogue, line int, what string) (string, bool) {
	s = strings.TrimSpace(s)
	if k, ok := cat.Lookup(s); ok {
		return k, true
	}
	// By the names people see in the dropdowns and the form; the files
	// take a name as well as a key.
	f.add(line, "okänd %s %q; giltiga är: %s", what, s, diag.OneOf(cat.NamesOf(cat.Keys)))
	return "", false
}

func (f *fileCtx) refs(list []string, cat wheel.Catalogue, line int, what string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if strings.TrimSpace(s) == "" {
			continue
		}
		if k, ok := f.ref(s, cat, line, what); ok {
			out = append(out, k)
		}
	}
	return out
}

func (f *fileCtx) focus(s string, line int) string {
	if s == "" {
		return ""
	}
	k, _ := f.ref(s, f.prog.FocusAreas, line, "fokusområde")
	return k
}

func (f *fileCtx) audiences(list []string, line int) []string {
	return f.refs(list, f.prog.Audiences, line, "målgrupp")
}

func (f *fileCtx) channels(list []string, line int) []string {
	return f.refs(list, f.prog.Channels, line, "kanal")
}

func (f *fileCtx) owner(s string, line int) string {
	if s != "" {
		if err := wheel.ValidAddress(s); err != nil {
			f.add(line, "ansvarig: %v", err)
		}
	}
	return s
}

func (f *fileCtx) remind(list []string, line int) []wheel.Days {
	var out []wheel.Days
	for _, s := range list {
		d, err := wheel.ParseDays(s)
		if err != nil {
			f.add(line, "remind: %v", err)
			continue
		}
		out = append(out, d)
	}
	return out
}

func (f *fileCtx) date(s string, line int, what string) (wheel.Date, bool) {
	d, err := wheel.ParseDate(strings.TrimSpace(s))
	if err != nil {
		f.add(line, "%s: %v", what, err)
		return d, false
	}
	return d, true
}

// localTime reads YYYY-MM-DD HH:MM (or with T) in the programme's zone and
// refuses a wall time that the zone skips on its spring-forward day.
func (f *fileCtx) localTime(s string, line int, what string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		lt := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, f.prog.Location)
		if lt.Hour() != t.Hour() || lt.Minute() != t.Minute() {
			f.add(line, "%s: %s finns inte i %s (klockan ställs fram den dagen); välj en annan tid", what, s, f.prog.Location)
			return time.Time{}, false
		}
		return lt, true
	}
	f.add(line, "%s: %q är ingen tidpunkt; skriv ÅÅÅÅ-MM-DD TT:MM, t.ex. 2026-08-20 10:00", what, s)
	return time.Time{}, false
}

// within checks that a dated span lies inside the programme's validity.
func (f *fileCtx) within(from, to wheel.Date, line int) bool {
	switch {
	case from.Before(f.prog.Starts):
		f.add(line, "datumet %s ligger före programmets första dag %s", from, f.prog.Starts)
		return false
	case to.After(f.prog.ValidUntil):
		f.add(line, "datumet %s ligger efter programmets sista dag %s; inget kan planeras efter den", to, f.prog.ValidUntil)
		return false
	}
	return true
}

func (f *fileCtx) followUp(after, date, owner, how string, line int) *wheel.FollowUp {
	fu := &wheel.FollowUp{Owner: f.owner(owner, line), How: how}
	switch {
	case after != "" && date != "":
		f.add(line, "follow_up: ange antingen after eller date, inte båda")
		return nil
	case after != "":
		d, err := wheel.ParseDays(strings.TrimPrefix(strings.TrimSpace(after), "+"))
		if err != nil {
			f.add(line, "follow_up.after: %v", err)
			return nil
		}
		fu.After = d
	case date != "":
		d, ok := f.date(date, line, "follow_up.date")
		if !ok || !f.within(d, d, line) {
			return nil
		}
		fu.Date = &d
	default:
		f.add(line, "follow_up: ange after (t.ex. 21d) eller date (ÅÅÅÅ-MM-DD)")
		return nil
	}
	return fu
}
