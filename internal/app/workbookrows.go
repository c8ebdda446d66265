package app

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/avesta-kommun/arshjul/internal/wheel"
	"github.com/avesta-kommun/arshjul/internal/workbook"
)

// A workbook row to and from a web item's YAML. The workbook holds what
// its columns say; what they cannot (reminders, a follow-up's how and
// owner) stays as it was when a row is uploaded.

// whenKeys are the ways a one-off item says when; a workbook row holds
// them as start and slut.
var whenKeys = []string{"date", "from", "to", "start", "end", "duration"}

// recurringKeys make an item recurring: not a workbook row.
var recurringKeys = []string{"yearly", "monthly", "weekly", "except"}

// rowKeys are what a row's columns fill; the rest of an item's YAML stays.
var rowKeys = append([]string{"id", "title", "description", "location", "owner", "focus", "audiences", "channels", "follow_up", "public"}, whenKeys...)

// itemRow is a stored web item as a workbook row (catalogue entries by
// their names) and what of it the row does not hold; ok is false for an
// item no row can hold (a recurring one).
func itemRow(doc string, prog *wheel.Programme, unitPublic bool) (workbook.Row, map[string]any, bool) {
	var m map[string]any
	if err := yaml.Unmarshal([]byte(doc), &m); err != nil || m == nil {
		return nil, nil, false
	}
	for _, k := range recurringKeys {
		if _, ok := m[k]; ok {
			return nil, nil, false
		}
	}
	row := workbook.Row{}
	for _, k := range []string{"id", "title", "description", "location", "owner"} {
		row[k] = str(m[k])
	}
	if fo := str(m["focus"]); fo != "" {
		row["focus"] = prog.FocusAreas.Name(fo)
	}
	row["audiences"] = names(prog.Audiences, m["audiences"])
	row["channels"] = names(prog.Channels, m["channels"])
	switch {
	case str(m["date"]) != "":
		row["start"] = str(m["date"])
	case str(m["from"]) != "":
		row["start"], row["end"] = str(m["from"]), str(m["to"])
	case str(m["start"]) != "":
		// As the reader gives a date and time back: with a space.
		row["start"], row["end"] = strings.Replace(str(m["start"]), "T", " ", 1), strings.Replace(str(m["end"]), "T", " ", 1)
		if d, err := wheel.ParseDuration(str(m["duration"])); err == nil && row["end"] == "" {
			if t, err := time.Parse("2006-01-02 15:04", row["start"]); err == nil {
				row["end"] = t.Add(d).Format("2006-01-02 15:04")
			}
		}
	}
	rest := map[string]any{}
	for k, v := range m {
		if !slices.Contains(rowKeys, k) {
			rest[k] = v
		}
	}
	if fu, ok := m["follow_up"].(map[string]any); ok {
		if a := str(fu["after"]); a != "" {
			row["follow_up"] = "+" + strings.TrimPrefix(a, "+")
		} else {
			row["follow_up"] = str(fu["date"])
		}
		keep := map[string]any{}
		for _, k := range []string{"how", "owner"} {
			if fu[k] != nil {
				keep[k] = fu[k]
			}
		}
		if len(keep) > 0 {
			rest["follow_up"] = keep
		}
	}
	public := unitPublic
	if b, ok := m["public"].(bool); ok {
		public = b
	}
	row["public"] = map[bool]string{true: "ja", false: "nej"}[public]
	return row, rest, true
}

func names(cat wheel.Catalogue, v any) string {
	l, _ := v.([]any)
	out := make([]string, len(l))
	for i, x := range l {
		out[i] = cat.Name(str(x))
	}
	return strings.Join(out, ", ")
}

// keys are a list cell's choices as the programme's keys (the cell may
// name them by key or by name, as the reader accepts).
func keys(cat wheel.Catalogue, cell string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(cell, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if k, ok := cat.Lookup(strings.TrimSpace(s)); ok {
			out = append(out, k)
		}
	}
	return out
}

// rowYAML writes a checked row, with what of the item it does not hold
// (rest), as the YAML of one web item, one key a line. The same row
// always gives the same text: an unchanged row is seen to be unchanged.
func rowYAML(row workbook.Row, rest map[string]any, prog *wheel.Programme, unitPublic bool) string {
	var b strings.Builder
	put := func(key string, v any) { b.WriteString(key + ": " + scalar(v) + "\n") }
	flow := func(key string, l []string) { b.WriteString(key + ": [" + strings.Join(l, ", ") + "]\n") }
	put("id", row["id"])
	put("title", row["title"])
	for _, k := range []string{"description", "location"} {
		if row[k] != "" {
			put(k, row[k])
		}
	}
	start, end := row["start"], row["end"]
	switch {
	case strings.ContainsAny(start, " T"):
		put("start", start)
		if end != "" {
			put("end", end)
		} else {
			put("duration", "1h") // as the CSV reads a time without an end
		}
	case end == "" || end == start:
		put("date", start)
	default:
		put("from", start)
		put("to", end)
	}
	if row["owner"] != "" {
		put("owner", row["owner"])
	}
	if k, ok := prog.FocusAreas.Lookup(row["focus"]); ok {
		put("focus", k)
	}
	if l := keys(prog.Audiences, row["audiences"]); len(l) > 0 {
		flow("audiences", l)
	}
	if l := keys(prog.Channels, row["channels"]); len(l) > 0 {
		flow("channels", l)
	}
	var restKeys []string
	for k := range rest {
		if k != "follow_up" {
			restKeys = append(restKeys, k)
		}
	}
	slices.Sort(restKeys)
	for _, k := range restKeys {
		put(k, rest[k])
	}
	if fu := row["follow_up"]; fu != "" {
		parts := []string{}
		if strings.HasPrefix(fu, "+") || strings.HasSuffix(fu, "d") {
			a := strings.TrimPrefix(fu, "+")
			if _, err := strconv.Atoi(a); err == nil {
				a += "d"
			}
			parts = append(parts, "after: "+scalar(a))
		} else {
			parts = append(parts, "date: "+scalar(fu))
		}
		if keep, ok := rest["follow_up"].(map[string]any); ok {
			for _, k := range []string{"how", "owner"} {
				if keep[k] != nil {
					parts = append(parts, k+": "+scalar(keep[k]))
				}
			}
		}
		b.WriteString("follow_up: {" + strings.Join(parts, ", ") + "}\n")
	}
	public := unitPublic
	switch strings.ToLower(row["public"]) {
	case "ja", "j", "x", "true", "yes":
		public = true
	case "nej", "n", "false", "no":
		public = false
	}
	put("public", public)
	return b.String()
}

// scalar is v as YAML on one line: lists and mappings (what the stored
// item has that a row does not, like remind) in flow style.
func scalar(v any) string {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return `""`
	}
	var flow func(*yaml.Node)
	flow = func(n *yaml.Node) {
		if n.Kind == yaml.SequenceNode || n.Kind == yaml.MappingNode {
			n.Style |= yaml.FlowStyle
		}
		for _, c := range n.Content {
			flow(c)
		}
	}
	flow(&n)
	out, _ := yaml.Marshal(&n)
	return strings.ReplaceAll(strings.TrimSpace(string(out)), "\n", " ")
}
