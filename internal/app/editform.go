package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// The editor's forms to and from the records a calendar file holds, so
// that what the web stores is read by the files' own code and `arshjul
// export` writes it out as it is. An item and a plan's activity say when
// in the same fields (an activity's with its row's prefix, "act2_"), so
// that both can be anything the files can say: one day, a day with a time
// and a length, a span of days, or a weekly, monthly or yearly series
// with its first and last day.

// whenKeys are the fields that say when, without their prefix.
var whenKeys = []string{"kind", "date", "time", "duration", "to", "weekday", "nth", "day"}

// itemKeys are the item form's fields besides when; activityKeys a plan's
// activity row's.
var (
	itemKeys     = []string{"id", "title", "description", "location", "owner", "focus", "followup_after", "followup_how", "public", "status", "links", "remind", "noremind"}
	planKeys     = []string{"id", "title", "what", "why", "know", "feel", "do", "owner", "focus", "followup_after", "followup_how", "public", "entry"}
	activityKeys = []string{"id", "title", "status"}
)

// FormKeys are every field an item's or a plan's form posts, besides the
// activity rows (ActivityKeys) and the lists (audiences, channels).
func FormKeys() []string {
	out := append(append(append([]string{"version"}, itemKeys...), planKeys...), whenKeys...)
	return out
}

// ActivityKeys are the fields of one activity row, without its prefix.
func ActivityKeys() []string { return append(append([]string{}, activityKeys...), whenKeys...) }

// rowPrefix is the prefix of a plan's row n's fields.
func rowPrefix(n int) string { return "act" + strconv.Itoa(n) + "_" }

// formField is the form's field for a key of the record ("date" for the
// day an item or series begins; "act1_title" for a plan's second
// activity's title), so that a problem is shown where it was typed.
func formField(key string) string {
	pre := ""
	if rest, ok := strings.CutPrefix(key, "activities."); ok {
		n, k, _ := strings.Cut(rest, ".")
		pre, key = "act"+n+"_", k
		if key == "id" {
			key = "title"
		}
	}
	switch key {
	case "date", "from", "start", "yearly", "monthly", "weekly", "yearly.date", "weekly.first", "monthly.first", "yearly.first", "monthly.day", "except":
		return pre + "date"
	case "to", "weekly.last", "monthly.last", "yearly.last":
		return pre + "to"
	case "duration", "end", "weekly.duration", "monthly.duration", "yearly.duration":
		return pre + "duration"
	case "weekly.time", "monthly.time", "yearly.time":
		return pre + "time"
	case "weekly.weekday", "monthly.weekday", "monthly.nth":
		return pre + "weekday"
	case "follow_up":
		return "followup"
	case "title", "status", "links", "remind", "channels", "owner", "focus", "audiences", "description", "location":
		return pre + key
	case "":
		return ""
	}
	if pre != "" {
		return pre + "title"
	}
	return key
}

// text is a typed field as stored: trimmed, and a textarea's line breaks
// (CRLF as browsers send them) as LF.
func text(f map[string]string, key string) string {
	return strings.TrimSpace(strings.ReplaceAll(f[key], "\r\n", "\n"))
}

// followUp is the form's follow-up, or nil for none.
func followUp(f map[string]string) *webdoc.FollowUp {
	a := text(f, "followup_after")
	if a == "" {
		return nil
	}
	if _, err := strconv.Atoi(a); err == nil {
		a += "d"
	}
	return &webdoc.FollowUp{After: a, How: text(f, "followup_how")}
}

// weekdayCodes are the files' weekday names by Go's weekday.
var weekdayCodes = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// setWhen puts the when fields with prefix p into d. A series begins on
// its first day, which also gives the weekday (weekly), the day of the
// month (monthly, unless an nth weekday is chosen) and the day of the
// year (yearly), so that no one has to say the same thing twice.
func setWhen(d *webdoc.Item, f map[string]string, p string) {
	date, clock, dur, to := text(f, p+"date"), text(f, p+"time"), text(f, p+"duration"), text(f, p+"to")
	first, _ := wheel.ParseDate(date)
	known := date != "" && first.Year != 0
	rule := &webdoc.Rule{Time: clock, Duration: dur, Last: to}
	if len(date) == 10 {
		rule.First = date
	}
	switch f[p+"kind"] {
	case "time":
		d.Start = strings.TrimSpace(date + " " + clock)
		if clock == "" {
			d.Start = date
		}
		d.Duration = dur
	case "span":
		d.From, d.To = date, to
		if to == "" {
			d.To = date
		}
	case "weekly":
		rule.Weekday = f[p+"weekday"]
		if rule.Weekday == "" && known {
			rule.Weekday = weekdayCodes[first.Weekday()]
		}
		d.Weekly = rule
	case "monthly":
		switch {
		case f[p+"nth"] != "":
			rule.Nth, rule.Weekday = webdoc.Number(f[p+"nth"]), f[p+"weekday"]
			if rule.Weekday == "" && known {
				rule.Weekday = weekdayCodes[first.Weekday()]
			}
		case text(f, p+"day") != "":
			rule.Day = webdoc.Number(text(f, p+"day"))
		case known:
			rule.Day = webdoc.Number(strconv.Itoa(first.Day))
		default:
			rule.Day = webdoc.Number(date)
		}
		d.Monthly = rule
	case "yearly":
		rule.Date = date
		if known {
			rule.Date = fmt.Sprintf("%02d-%02d", first.Month, first.Day)
		}
		d.Yearly = rule
	default:
		d.Date = date
	}
}

// getWhen reads an item's when back into the fields with prefix p.
func getWhen(d webdoc.Item, f map[string]string, p string) {
	set := func(k, v string) {
		if v != "" {
			f[p+k] = v
		}
	}
	f[p+"kind"] = "date"
	set("date", d.Date)
	switch {
	case d.Start != "":
		f[p+"kind"] = "time"
		date, clock, _ := strings.Cut(d.Start, " ")
		set("date", date)
		set("time", clock)
		set("duration", d.Duration)
	case d.From != "":
		f[p+"kind"] = "span"
		set("date", d.From)
		set("to", d.To)
	}
	for kind, r := range map[string]*webdoc.Rule{"yearly": d.Yearly, "monthly": d.Monthly, "weekly": d.Weekly} {
		if r == nil {
			continue
		}
		f[p+"kind"] = kind
		set("date", r.First)
		if r.First == "" {
			set("date", r.Date) // a yearly rule without a first day: its MM-DD
		}
		set("to", r.Last)
		set("time", r.Time)
		set("duration", r.Duration)
		set("nth", string(r.Nth))
		// The weekday and the day of the month are shown only where they
		// are not the first day's, which the form puts in when they are
		// left empty: the form then shows what was typed.
		first, err := wheel.ParseDate(r.First)
		if err != nil || weekdayCodes[first.Weekday()] != r.Weekday {
			set("weekday", r.Weekday)
		}
		if err != nil || strconv.Itoa(first.Day) != string(r.Day) {
			set("day", string(r.Day))
		}
	}
}

// remindList is the form's reminders: "7, 1" as [7d 1d]; nil for the
// unit's own lead times, and an empty list for none at all.
func remindList(f map[string]string) *[]string {
	if f["noremind"] == "1" {
		return &[]string{}
	}
	s := text(f, "remind")
	if s == "" {
		return nil
	}
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		part = strings.TrimSuffix(strings.TrimSpace(part), "d")
		out = append(out, part+"d")
	}
	return &out
}

// linkList is the form's links, one a line.
func linkList(f map[string]string, key string) []string {
	var out []string
	for _, l := range strings.Split(text(f, key), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// status is the form's status as the record holds it: "" for planned.
func status(f map[string]string, key string) string {
	if s := f[key]; s != "planerad" {
		return s
	}
	return ""
}

// toYAML is the form as the YAML of one item, as a calendar file would
// hold it: only the fields the form has, each value a string the encoder
// quotes as it needs.
func toYAML(f map[string]string, lists map[string][]string) (string, error) {
	public := f["public"] == "1"
	d := webdoc.Item{
		ID: f["id"], Title: text(f, "title"), Description: text(f, "description"), Location: text(f, "location"),
		Owner: text(f, "owner"), Focus: f["focus"], Audiences: lists["audiences"], Channels: lists["channels"],
		FollowUp: followUp(f), Public: &public, Remind: remindList(f), Status: status(f, "status"), Links: linkList(f, "links"),
	}
	setWhen(&d, f, "")
	return webdoc.Encode(&d)
}

// fromYAML reads a stored web item back into the form's fields.
func fromYAML(doc string) (map[string]string, map[string][]string) {
	d, _ := webdoc.DecodeItem(doc)
	f := map[string]string{"id": d.ID, "title": d.Title, "description": d.Description, "location": d.Location,
		"owner": d.Owner, "focus": d.Focus, "status": d.Status, "links": strings.Join(d.Links, "\n")}
	getWhen(d, f, "")
	if d.Remind != nil {
		if len(*d.Remind) == 0 {
			f["noremind"] = "1"
		}
		var days []string
		for _, r := range *d.Remind {
			days = append(days, strings.TrimSuffix(r, "d"))
		}
		f["remind"] = strings.Join(days, ", ")
	}
	lists := map[string][]string{"audiences": d.Audiences, "channels": d.Channels}
	fromFollowUp(f, d.FollowUp)
	if d.Public == nil || *d.Public { // an item is public unless it says not
		f["public"] = "1"
	}
	return f, lists
}

func fromFollowUp(f map[string]string, fu *webdoc.FollowUp) {
	if fu != nil {
		f["followup_after"] = strings.TrimSuffix(fu.After, "d")
		f["followup_how"] = fu.How
	}
}

// rowEmpty reports whether a plan's row n holds nothing typed: such a
// row is not an activity.
func rowEmpty(f map[string]string, n int) bool {
	p := rowPrefix(n)
	return text(f, p+"title") == "" && text(f, p+"date") == ""
}

// toPlanYAML is a plan's form as the YAML of one plan with its
// activities (the rows with a title or a date), as a calendar file holds
// it. An activity keeps the id it was made with, so that renaming it
// keeps its history and follow-ups.
func toPlanYAML(f map[string]string, lists map[string][]string) (string, error) {
	public := f["public"] == "1"
	d := webdoc.Plan{
		ID: f["id"], Title: text(f, "title"), What: text(f, "what"), Why: text(f, "why"), Audiences: lists["audiences"],
		Know: text(f, "know"), Feel: text(f, "feel"), Do: text(f, "do"), Focus: text(f, "focus"), Owner: text(f, "owner"),
		FollowUp: followUp(f), Public: &public,
	}
	ids := map[string]bool{}
	for i := 0; i < rowCount(f); i++ {
		if rowEmpty(f, i) {
			continue
		}
		p := rowPrefix(i)
		title := text(f, p+"title")
		id := f[p+"id"]
		if id == "" || ids[id] {
			id = wheel.Slug(title)
			for n := 2; ids[id]; n++ {
				id = fmt.Sprintf("%s-%d", wheel.Slug(title), n)
			}
		}
		ids[id] = true
		a := webdoc.Item{ID: id, Title: title, Channels: lists[p+"channels"], Status: status(f, p+"status")}
		setWhen(&a, f, p)
		d.Activities = append(d.Activities, a)
	}
	return webdoc.Encode(&d)
}

// rowCount is one past the last activity row the fields hold.
func rowCount(f map[string]string) int {
	n := 0
	for k := range f {
		if rest, ok := strings.CutPrefix(k, "act"); ok {
			num, _, _ := strings.Cut(rest, "_")
			if i, err := strconv.Atoi(num); err == nil && i+1 > n {
				n = i + 1
			}
		}
	}
	return n
}

// CompactRows renumbers a plan form's activity rows from 0 without the
// empty ones (rows removed in the page leave gaps; empty rows are not
// activities), so that the record's n-th activity is the form's row n and
// a problem is shown at the row it is about.
func CompactRows(f map[string]string, lists map[string][]string) {
	n := rowCount(f)
	to := 0
	for i := 0; i < n; i++ {
		from := rowPrefix(i)
		empty := rowEmpty(f, i)
		vals := map[string]string{}
		for _, k := range ActivityKeys() {
			vals[k] = f[from+k]
			delete(f, from+k)
		}
		ch := lists[from+"channels"]
		delete(lists, from+"channels")
		if empty {
			continue
		}
		p := rowPrefix(to)
		for k, v := range vals {
			f[p+k] = v
		}
		lists[p+"channels"] = ch
		to++
	}
}

// fromPlanYAML reads a stored web plan back into the plan form's fields.
func fromPlanYAML(doc string) (map[string]string, map[string][]string) {
	d, _ := webdoc.DecodePlan(doc)
	f := map[string]string{"entry": "plan", "id": d.ID, "title": d.Title, "what": d.What, "why": d.Why,
		"know": d.Know, "feel": d.Feel, "do": d.Do, "focus": d.Focus, "owner": d.Owner}
	lists := map[string][]string{"audiences": d.Audiences}
	fromFollowUp(f, d.FollowUp)
	if d.Public == nil || *d.Public { // a plan is public unless it says not
		f["public"] = "1"
	}
	for i, a := range d.Activities {
		p := rowPrefix(i)
		f[p+"id"], f[p+"title"], f[p+"status"] = a.ID, a.Title, a.Status
		getWhen(a, f, p)
		lists[p+"channels"] = a.Channels
	}
	return f, lists
}

// str is a YAML value as the form shows it ("" for none). An unquoted
// date is a timestamp to YAML: it is shown as the file wrote it.
func str(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case time.Time:
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			return t.Format("2006-01-02")
		}
		return t.Format("2006-01-02 15:04")
	}
	return fmt.Sprint(v)
}
