package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// The editor's forms to and from the YAML a calendar file holds, so that
// what the web stores is read by the files' own code and `arshjul export`
// writes it out as it is.

// formField is the form's field for a YAML key of the item ("when" for
// any of the ways to say when; "act1_title" for a plan's second
// activity's title).
func formField(key string) string {
	if rest, ok := strings.CutPrefix(key, "activities."); ok {
		n, k, _ := strings.Cut(rest, ".")
		switch k {
		case "title", "id":
			k = "title"
		case "date", "yearly", "monthly", "weekly":
			k = "when"
		case "channels":
		default:
			k = "other"
		}
		return "act" + n + "_" + k
	}
	switch key {
	case "date", "yearly", "monthly", "weekly":
		return "when"
	case "follow_up":
		return "followup"
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

// toYAML is the form as the YAML of one item, as a calendar file would
// hold it: only the fields the form has, each value a string the encoder
// quotes as it needs.
func toYAML(f map[string]string, lists map[string][]string) (string, error) {
	public := f["public"] == "1"
	d := webdoc.Item{
		ID: f["id"], Title: text(f, "title"), Description: text(f, "description"), Location: text(f, "location"),
		Owner: text(f, "owner"), Focus: f["focus"], Audiences: lists["audiences"], Channels: lists["channels"],
		FollowUp: followUp(f), Public: &public,
	}
	switch f["kind"] {
	case "yearly":
		d.Yearly = &webdoc.Rule{Date: text(f, "date")}
	case "monthly":
		d.Monthly = &webdoc.Rule{Weekday: f["weekday"], Nth: webdoc.Number(f["nth"]), Time: text(f, "time")}
		if f["weekday"] == "" {
			d.Monthly = &webdoc.Rule{Day: webdoc.Number(text(f, "day")), Time: text(f, "time")}
		}
	case "weekly":
		d.Weekly = &webdoc.Rule{Weekday: f["weekday"], Time: text(f, "time"), Duration: text(f, "duration")}
	default:
		d.Date = text(f, "date")
	}
	return webdoc.Encode(&d)
}

// fromYAML reads a stored web item back into the form's fields.
func fromYAML(doc string) (map[string]string, map[string][]string) {
	d, _ := webdoc.DecodeItem(doc)
	f := map[string]string{"kind": "date", "id": d.ID, "title": d.Title, "description": d.Description, "location": d.Location,
		"owner": d.Owner, "focus": d.Focus, "date": d.Date}
	lists := map[string][]string{"audiences": d.Audiences, "channels": d.Channels}
	for kind, r := range map[string]*webdoc.Rule{"yearly": d.Yearly, "monthly": d.Monthly, "weekly": d.Weekly} {
		if r == nil {
			continue
		}
		f["kind"] = kind
		for k, v := range map[string]string{"date": r.Date, "day": string(r.Day), "weekday": r.Weekday, "nth": string(r.Nth), "time": r.Time, "duration": r.Duration} {
			if v != "" {
				f[k] = v
			}
		}
	}
	fromFollowUp(f, d.FollowUp)
	if d.Public != nil && *d.Public {
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

// toPlanYAML is a plan's form as the YAML of one plan with its
// activities (the rows with a title or a date), as a calendar file holds
// it.
func toPlanYAML(f map[string]string, lists map[string][]string) (string, error) {
	public := f["public"] == "1"
	d := webdoc.Plan{
		ID: f["id"], Title: text(f, "title"), What: text(f, "what"), Why: text(f, "why"), Audiences: lists["audiences"],
		Know: text(f, "know"), Feel: text(f, "feel"), Do: text(f, "do"), Focus: text(f, "focus"), Owner: text(f, "owner"),
		FollowUp: followUp(f), Public: &public,
	}
	ids := map[string]bool{}
	for i := 0; i <= 20; i++ {
		title := text(f, fmt.Sprintf("act%d_title", i))
		date := text(f, fmt.Sprintf("act%d_date", i))
		if title == "" && date == "" {
			continue
		}
		id := wheel.Slug(title)
		if id == "" {
			id = fmt.Sprintf("aktivitet-%d", i+1)
		}
		for n := 2; ids[id]; n++ {
			id = fmt.Sprintf("%s-%d", wheel.Slug(title), n)
		}
		ids[id] = true
		d.Activities = append(d.Activities, webdoc.Item{ID: id, Title: title, Date: date, Channels: lists[fmt.Sprintf("act%d_channels", i)]})
	}
	return webdoc.Encode(&d)
}

// fromPlanYAML reads a stored web plan back into the plan form's fields.
func fromPlanYAML(doc string) (map[string]string, map[string][]string) {
	d, _ := webdoc.DecodePlan(doc)
	f := map[string]string{"entry": "plan", "id": d.ID, "title": d.Title, "what": d.What, "why": d.Why,
		"know": d.Know, "feel": d.Feel, "do": d.Do, "focus": d.Focus, "owner": d.Owner}
	lists := map[string][]string{"audiences": d.Audiences}
	fromFollowUp(f, d.FollowUp)
	if d.Public != nil && *d.Public {
		f["public"] = "1"
	}
	for i, a := range d.Activities {
		f[fmt.Sprintf("act%d_title", i)] = a.Title
		f[fmt.Sprintf("act%d_date", i)] = a.Date
		lists[fmt.Sprintf("act%d_channels", i)] = a.Channels
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
