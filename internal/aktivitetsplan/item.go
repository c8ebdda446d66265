package aktivitetsplan

import (
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// A row to and from a web item's YAML. The row holds what its columns
// say; what they cannot (reminders, a follow-up's how and owner) stays as
// it was when a row is uploaded.

// FromItem is a stored web item as a row (catalogue entries by
// their names) and the item itself, whose fields the row does not hold
// stay when the row is uploaded; ok is false for an item no row can hold
// (a recurring one).
func FromItem(doc string, prog *wheel.Programme, unitPublic bool) (Row, webdoc.Item, bool) {
	d, err := webdoc.DecodeItem(doc)
	if err != nil || d.Yearly != nil || d.Monthly != nil || d.Weekly != nil || len(d.Except) > 0 {
		return nil, d, false
	}
	row := Row{"id": d.ID, "title": d.Title, "description": d.Description, "location": d.Location, "owner": d.Owner}
	if d.Focus != "" {
		row["focus"] = prog.FocusAreas.Name(d.Focus)
	}
	row["audiences"] = strings.Join(prog.Audiences.NamesOf(d.Audiences), ", ")
	row["channels"] = strings.Join(prog.Channels.NamesOf(d.Channels), ", ")
	switch {
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
	row["public"] = map[bool]string{true: "ja", false: "nej"}[public]
	return row, d, true
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

// ToItem is a checked row as the YAML of one web item: the row's
// columns over the item it was (old; the zero item for a new row), whose
// other fields (reminders, a follow-up's how and owner) stay. The same
// row always gives the same text: an unchanged row is seen to be
// unchanged.
func ToItem(row Row, old webdoc.Item, prog *wheel.Programme, unitPublic bool) (string, error) {
	d := old
	d.ID, d.Title, d.Description, d.Location, d.Owner = row["id"], row["title"], row["description"], row["location"], row["owner"]
	d.Date, d.From, d.To, d.Start, d.End, d.Duration = "", "", "", "", "", ""
	start, end := row["start"], row["end"]
	switch {
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
	var kept webdoc.FollowUp
	if old.FollowUp != nil {
		kept = webdoc.FollowUp{How: old.FollowUp.How, Owner: old.FollowUp.Owner}
	}
	d.FollowUp = nil
	if fu := row["follow_up"]; fu != "" {
		d.FollowUp = &kept
		if strings.HasPrefix(fu, "+") || strings.HasSuffix(fu, "d") {
			a := strings.TrimPrefix(fu, "+")
			if _, err := strconv.Atoi(a); err == nil {
				a += "d"
			}
			d.FollowUp.After = a
		} else {
			d.FollowUp.Date = fu
		}
	}
	public, ok := Public(row["public"])
	if !ok {
		public = unitPublic
	}
	d.Public = &public
	return webdoc.Encode(&d)
}
