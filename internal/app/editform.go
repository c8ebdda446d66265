package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

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

// toYAML writes the form as the YAML of one item, one key a line, as a
// calendar file would hold it: what the files' code then reads and what
// `arshjul export` writes out.
func toYAML(f map[string]string, lists map[string][]string) string {
	var b strings.Builder
	put := func(key string, v any) {
		out, _ := yaml.Marshal(map[string]any{key: v})
		s := strings.TrimRight(string(out), "\n")
		b.WriteString(strings.ReplaceAll(s, "\n", " ") + "\n")
	}
	flow := func(key string, m map[string]string, order ...string) {
		var parts []string
		for _, k := range order {
			if m[k] == "" {
				continue
			}
			var val any = m[k]
			if n, err := strconv.Atoi(m[k]); err == nil && (k == "day" || k == "nth") {
				val = n // a number, as a file writes it
			}
			v, _ := yaml.Marshal(val)
			parts = append(parts, k+": "+strings.TrimSpace(string(v)))
		}
		b.WriteString(key + ": {" + strings.Join(parts, ", ") + "}\n")
	}
	put("id", f["id"])
	put("title", strings.TrimSpace(f["title"]))
	if d := strings.TrimSpace(f["description"]); d != "" {
		put("description", d)
	}
	if l := strings.TrimSpace(f["location"]); l != "" {
		put("location", l)
	}
	switch f["kind"] {
	case "yearly":
		flow("yearly", map[string]string{"date": strings.TrimSpace(f["date"])}, "date")
	case "monthly":
		m := map[string]string{"weekday": f["weekday"], "nth": f["nth"], "time": strings.TrimSpace(f["time"])}
		if f["weekday"] == "" {
			m = map[string]string{"day": strings.TrimSpace(f["day"]), "time": strings.TrimSpace(f["time"])}
		}
		flow("monthly", m, "day", "weekday", "nth", "time")
	case "weekly":
		flow("weekly", map[string]string{"weekday": f["weekday"], "time": strings.TrimSpace(f["time"]), "duration": strings.TrimSpace(f["duration"])}, "weekday", "time", "duration")
	default:
		put("date", strings.TrimSpace(f["date"]))
	}
	if o := strings.TrimSpace(f["owner"]); o != "" {
		put("owner", o)
	}
	if fo := f["focus"]; fo != "" {
		put("focus", fo)
	}
	if len(lists["audiences"]) > 0 {
		b.WriteString("audiences: [" + strings.Join(lists["audiences"], ", ") + "]\n")
	}
	if len(lists["channels"]) > 0 {
		b.WriteString("channels: [" + strings.Join(lists["channels"], ", ") + "]\n")
	}
	if a := strings.TrimSpace(f["followup_after"]); a != "" {
		if _, err := strconv.Atoi(a); err == nil {
			a += "d"
		}
		flow("follow_up", map[string]string{"after": a, "how": strings.TrimSpace(f["followup_how"])}, "after", "how")
	}
	if f["public"] == "1" {
		put("public", true)
	} else {
		put("public", false)
	}
	return b.String()
}

// fromYAML reads a stored web item back into the form's fields.
func fromYAML(doc string) (map[string]string, map[string][]string) {
	var m map[string]any
	yaml.Unmarshal([]byte(doc), &m)
	f := map[string]string{"kind": "date"}
	lists := map[string][]string{}
	for _, k := range []string{"id", "title", "description", "location", "owner", "focus"} {
		f[k] = str(m[k])
	}
	f["date"] = str(m["date"])
	for _, kind := range []string{"yearly", "monthly", "weekly"} {
		if r, ok := m[kind].(map[string]any); ok {
			f["kind"] = kind
			for _, k := range []string{"date", "day", "weekday", "nth", "time", "duration"} {
				if r[k] != nil {
					f[k] = str(r[k])
				}
			}
		}
	}
	for _, k := range []string{"audiences", "channels"} {
		if l, ok := m[k].([]any); ok {
			for _, x := range l {
				lists[k] = append(lists[k], str(x))
			}
		}
	}
	if fu, ok := m["follow_up"].(map[string]any); ok {
		f["followup_after"] = strings.TrimSuffix(str(fu["after"]), "d")
		f["followup_how"] = str(fu["how"])
	}
	if b, ok := m["public"].(bool); ok && b {
		f["public"] = "1"
	}
	return f, lists
}

// toPlanYAML writes a plan's form as the YAML of one plan with its
// activities (the rows with a title), as a calendar file holds it.
func toPlanYAML(f map[string]string, lists map[string][]string) string {
	var b strings.Builder
	put := func(indent, key string, v any) {
		out, _ := yaml.Marshal(map[string]any{key: v})
		b.WriteString(indent + strings.ReplaceAll(strings.TrimRight(string(out), "\n"), "\n", " ") + "\n")
	}
	put("", "id", f["id"])
	put("", "title", strings.TrimSpace(f["title"]))
	for _, k := range []string{"what", "why"} {
		if v := strings.TrimSpace(f[k]); v != "" {
			put("", k, v)
		}
	}
	if len(lists["audiences"]) > 0 {
		b.WriteString("audiences: [" + strings.Join(lists["audiences"], ", ") + "]\n")
	}
	for _, k := range []string{"know", "feel", "do", "focus", "owner"} {
		if v := strings.TrimSpace(f[k]); v != "" {
			put("", k, v)
		}
	}
	if a := strings.TrimSpace(f["followup_after"]); a != "" {
		if _, err := strconv.Atoi(a); err == nil {
			a += "d"
		}
		how, _ := yaml.Marshal(strings.TrimSpace(f["followup_how"]))
		line := "follow_up: {after: " + a
		if strings.TrimSpace(f["followup_how"]) != "" {
			line += ", how: " + strings.TrimSpace(string(how))
		}
		b.WriteString(line + "}\n")
	}
	put("", "public", f["public"] == "1")
	ids := map[string]bool{}
	first := true
	for i := 0; i <= 20; i++ {
		title := strings.TrimSpace(f[fmt.Sprintf("act%d_title", i)])
		date := strings.TrimSpace(f[fmt.Sprintf("act%d_date", i)])
		if title == "" && date == "" {
			continue
		}
		if first {
			b.WriteString("activities:\n")
			first = false
		}
		id := wheel.Slug(title)
		if id == "" {
			id = fmt.Sprintf("aktivitet-%d", i+1)
		}
		for n := 2; ids[id]; n++ {
			id = fmt.Sprintf("%s-%d", wheel.Slug(title), n)
		}
		ids[id] = true
		put("  - ", "id", id)
		put("    ", "title", title)
		put("    ", "date", date)
		if ch := lists[fmt.Sprintf("act%d_channels", i)]; len(ch) > 0 {
			b.WriteString("    channels: [" + strings.Join(ch, ", ") + "]\n")
		}
	}
	return b.String()
}

// fromPlanYAML reads a stored web plan back into the plan form's fields.
func fromPlanYAML(doc string) (map[string]string, map[string][]string) {
	var m map[string]any
	yaml.Unmarshal([]byte(doc), &m)
	f := map[string]string{"entry": "plan"}
	lists := map[string][]string{}
	for _, k := range []string{"id", "title", "what", "why", "know", "feel", "do", "focus", "owner"} {
		f[k] = str(m[k])
	}
	if l, ok := m["audiences"].([]any); ok {
		for _, x := range l {
			lists["audiences"] = append(lists["audiences"], str(x))
		}
	}
	if fu, ok := m["follow_up"].(map[string]any); ok {
		f["followup_after"] = strings.TrimSuffix(str(fu["after"]), "d")
		f["followup_how"] = str(fu["how"])
	}
	if b, ok := m["public"].(bool); ok && b {
		f["public"] = "1"
	}
	if acts, ok := m["activities"].([]any); ok {
		for i, a := range acts {
			am, _ := a.(map[string]any)
			f[fmt.Sprintf("act%d_title", i)] = str(am["title"])
			f[fmt.Sprintf("act%d_date", i)] = str(am["date"])
			if l, ok := am["channels"].([]any); ok {
				for _, x := range l {
					lists[fmt.Sprintf("act%d_channels", i)] = append(lists[fmt.Sprintf("act%d_channels", i)], str(x))
				}
			}
		}
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
