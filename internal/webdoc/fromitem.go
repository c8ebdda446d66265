package webdoc

import (
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// FromItem is a stored item (or a plan's activity) as the record the web's
// form and workbook read and write, so that every stored item opens in
// the editor, whichever way it came in. Checked again (calendar.
// CheckRecord), the record gives the item back.
//
// Some items' dates are more than the record holds: several spans (an
// ICS export's RDATEs), a span of its own title, a rule the form has no
// words for. Their record holds the first span; HoldsDates says when that
// is so, and a save from the form that leaves the dates as they were then
// keeps the stored ones. An imported event's UID is no field of the
// record: a save keeps the stored one.
func FromItem(it wheel.Item) Item {
	d := Item{
		ID: it.ID, Title: it.Title, Description: it.Description, Location: it.Location,
		Owner: it.Owner, Focus: it.Focus, Audiences: it.Audiences, Channels: it.Channels,
		FollowUp: fromFollowUp(it.FollowUp), Status: string(it.Status), Links: it.Links,
	}
	if i := strings.LastIndexByte(it.ID, '.'); it.Plan != nil && i >= 0 {
		d.ID = it.ID[i+1:]
	}
	if !it.Public {
		no := false
		d.Public = &no
	}
	switch {
	case it.NoRemind:
		d.Remind = &[]string{}
	case len(it.Remind) > 0:
		r := make([]string, len(it.Remind))
		for i, n := range it.Remind {
			r[i] = days(n)
		}
		d.Remind = &r
	}
	if it.Rule != nil {
		fromRule(it.Rule, &d)
		return d
	}
	if len(it.Spans) > 0 {
		s := it.Spans[0]
		switch {
		case !s.AllDay:
			// A length, as the form asks for it ("1h", "3h30m"), not an end.
			d.Start, d.Duration = s.Start.Format(stamp), duration(s.End.Sub(s.Start))
		case s.From == s.To:
			d.Date = s.From.String()
		default:
			d.From, d.To = s.From.String(), s.To.String()
		}
	}
	return d
}

// stamp is how the record writes a time: in the zone the item was stored
// in, which is the programme's.
const stamp = "2006-01-02 15:04"

// HoldsDates says the record FromItem makes holds all of the item's dates
// (see FromItem).
func HoldsDates(it wheel.Item) bool {
	if r := it.Rule; r != nil {
		// The form says a yearly day by its date only, and has no field
		// for the days a series skips.
		yearlyOther := r.Freq == wheel.Yearly && (r.Week != 0 || r.ToMonth != 0 || r.Weekday != nil)
		return !yearlyOther && len(r.Exceptions) == 0
	}
	return len(it.Spans) == 1 && it.Spans[0].Title == "" &&
		(it.Spans[0].AllDay || it.Spans[0].Start.Second() == 0 && it.Spans[0].End.Second() == 0)
}

// SameDates says a and b (records) say the same about when.
func SameDates(a, b Item) bool {
	pick := func(d Item) Item {
		return Item{Yearly: d.Yearly, Monthly: d.Monthly, Weekly: d.Weekly, Date: d.Date, From: d.From, To: d.To,
			Start: d.Start, End: d.End, Duration: d.Duration, Except: d.Except}
	}
	x, _ := Encode(ptr(pick(a)))
	y, _ := Encode(ptr(pick(b)))
	return x == y
}

func ptr[T any](v T) *T { return &v }

// FromPlan is a stored plan and its activities as the record of it (see
// FromItem). An activity's owner, focus or audiences that are the plan's
// are left to be inherited, as a file would leave them.
func FromPlan(p wheel.Plan, activities []wheel.Item) Plan {
	d := Plan{
		ID: p.ID, Title: p.Title, What: p.What, Why: p.Why, Audiences: p.Audiences,
		Know: p.Know, Feel: p.Feel, Do: p.Do, Focus: p.Focus, Owner: p.Owner,
		FollowUp: fromFollowUp(p.FollowUp),
	}
	if !p.Public {
		no := false
		d.Public = &no
	}
	for _, a := range activities {
		r := FromItem(a)
		if a.Owner == p.Owner {
			r.Owner = ""
		}
		if a.Focus == p.Focus {
			r.Focus = ""
		}
		if slicesEqual(a.Audiences, p.Audiences) {
			r.Audiences = nil
		}
		if !p.Public || a.Public {
			r.Public = nil // inherited from the plan
		}
		d.Activities = append(d.Activities, r)
	}
	return d
}

// IDOf is the id of a record (an *Item or a *Plan).
func IDOf(doc any) string {
	switch d := doc.(type) {
	case *Item:
		return d.ID
	case *Plan:
		return d.ID
	}
	return ""
}

func fromRule(r *wheel.Rule, d *Item) {
	out := &Rule{}
	switch r.Freq {
	case wheel.Yearly:
		d.Yearly = out
		switch {
		case r.Week != 0:
			out.Week = Number(strconv.Itoa(r.Week))
		case r.ToMonth != 0:
			out.From, out.To = monthDay(r.Month, r.Day), monthDay(r.ToMonth, r.ToDay)
		case r.Weekday != nil:
			out.Month, out.Nth = Number(strconv.Itoa(int(r.Month))), Number(strconv.Itoa(r.Nth))
		default:
			out.Date = monthDay(r.Month, r.Day)
		}
	case wheel.Monthly:
		d.Monthly = out
		if r.Weekday != nil {
			out.Nth = Number(strconv.Itoa(r.Nth))
		} else {
			out.Day = Number(strconv.Itoa(r.Day))
		}
	case wheel.Weekly:
		d.Weekly = out
	}
	if r.Weekday != nil {
		out.Weekday = weekdayNames[*r.Weekday]
	}
	if r.Time != nil {
		out.Time = time.Date(0, 1, 1, r.Time.Hour, r.Time.Minute, 0, 0, time.UTC).Format("15:04")
		out.Duration = duration(r.Duration)
	}
	for _, x := range r.Exceptions {
		d.Except = append(d.Except, x.String())
	}
	if r.First != nil {
		out.First = r.First.String()
	}
	if r.Last != nil {
		out.Last = r.Last.String()
	}
}

var weekdayNames = map[time.Weekday]string{
	time.Monday: "mon", time.Tuesday: "tue", time.Wednesday: "wed", time.Thursday: "thu",
	time.Friday: "fri", time.Saturday: "sat", time.Sunday: "sun",
}

func monthDay(m time.Month, d int) string {
	return time.Date(2000, m, d, 0, 0, 0, 0, time.UTC).Format("01-02")
}

// duration writes a length as the files do: 1h, 45m, 1h30m.
func duration(d time.Duration) string {
	s := d.String() // 1h30m0s
	s = strings.TrimSuffix(s, "0s")
	return strings.TrimSuffix(s, "h0m") + map[bool]string{true: "h", false: ""}[strings.HasSuffix(s, "h0m")]
}

func days(n wheel.Days) string { return strconv.Itoa(int(n)) + "d" }

func fromFollowUp(fu *wheel.FollowUp) *FollowUp {
	if fu == nil {
		return nil
	}
	out := &FollowUp{How: fu.How, Owner: fu.Owner}
	if fu.Date != nil {
		out.Date = fu.Date.String()
	} else {
		out.After = days(fu.After)
	}
	return out
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
