package app

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// A change's fields as people read them: the stored versions decoded,
// compared, and named and written in the form's words.

// decodeDoc reads a stored version (JSON, or a web item's YAML) as a map;
// nil when it is neither.
func decodeDoc(doc string) map[string]any {
	var m map[string]any
	if doc == "" {
		return nil
	}
	if rec, ok := recordText(doc); ok {
		doc = rec
	}
	if json.Unmarshal([]byte(doc), &m) == nil {
		return m
	}
	var y map[string]any
	if yaml.Unmarshal([]byte(doc), &y) != nil {
		return nil
	}
	b, _ := json.Marshal(y) // YAML's dates and numbers as JSON's
	json.Unmarshal(b, &m)
	return m
}

// recordText is an entry kept as the JSON of the domain's types (how the
// web keeps its entries) as the record the form shows, so that a change
// reads in the form's fields ("Hur länge: 1h → 2h"), not in the stored
// times it makes.
func recordText(doc string) (string, bool) {
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(doc), &obj) != nil {
		return "", false
	}
	_, hasPlan := obj["plan"]
	_, hasActs := obj["activities"]
	e, err := store.DecodeEntry(doc, hasPlan && hasActs)
	var rec any
	switch {
	case err != nil:
		return "", false
	case e.Plan != nil:
		p := webdoc.FromPlan(*e.Plan, e.Activities)
		rec = &p
	case e.Item != nil && e.Item.ID != "":
		it := webdoc.FromItem(*e.Item)
		rec = &it
	default:
		return "", false
	}
	text, err := webdoc.Encode(rec)
	return text, err == nil
}

// fieldChanges are the fields that differ between two stored versions,
// in the form's order and words, each with its value before and after.
func fieldChanges(v *view, before, after string) []FieldChange {
	b, a := decodeDoc(before), decodeDoc(after)
	if b == nil || a == nil {
		return nil
	}
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var out []FieldChange
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if reflect.DeepEqual(a[k], b[k]) || k == "source" || k == "id" {
			continue
		}
		out = append(out, FieldChange{Name: fieldName(k), Before: valueText(v, k, b[k]), After: valueText(v, k, a[k])})
	}
	slices.SortStableFunc(out, func(x, y FieldChange) int { return fieldRank(x.Name) - fieldRank(y.Name) })
	return out
}

// fieldName is a stored field's name as the form says it.
func fieldName(k string) string {
	if n := fieldNames[k]; n != "" {
		return strings.ToUpper(n[:1]) + n[1:]
	}
	return k
}

func fieldRank(name string) int {
	for i, n := range fieldOrder {
		if strings.EqualFold(n, name) {
			return i
		}
	}
	return len(fieldOrder)
}

var fieldOrder = []string{"titel", "beskrivning", "vad", "varför", "målgrupper", "veta", "känna", "göra", "datum", "klockslag och datum",
	"första dagen", "sista dagen", "hur länge", "varje vecka", "varje månad", "varje år", "upprepning", "plats", "ansvarig", "fokusområde",
	"kanaler", "påminnelser", "status", "länkar", "uppföljning", "aktiviteter", "publik"}

// valueText is a stored value as people read it: names for the
// catalogues' keys, dates as dates, lists joined, a follow-up or a rule
// in words; "–" for none.
func valueText(v *view, key string, x any) string {
	p := &v.Config.Programme
	var s string
	switch t := x.(type) {
	case nil:
		return "–"
	case string:
		s = t
		switch key {
		case "focus":
			s = p.FocusAreas.Name(t)
		case "status":
			s = wheel.Status(t).Name()
		}
	case bool:
		s = map[bool]string{true: "ja", false: "nej"}[t]
	case float64:
		s = strconv.FormatFloat(t, 'f', -1, 64)
	case []any:
		var parts []string
		for _, e := range t {
			switch key {
			case "audiences":
				parts = append(parts, p.Audiences.Name(fmt.Sprint(e)))
			case "channels":
				parts = append(parts, p.Channels.Name(fmt.Sprint(e)))
			case "activities":
				if m, ok := e.(map[string]any); ok {
					parts = append(parts, activityText(v, m))
					continue
				}
				parts = append(parts, valueText(v, "", e))
			default:
				parts = append(parts, valueText(v, "", e))
			}
		}
		if len(parts) == 0 {
			return "inga"
		}
		sep := ", "
		if key == "activities" {
			sep = "; "
		}
		s = strings.Join(parts, sep)
	case map[string]any:
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if t[k] == nil || t[k] == "" || t[k] == false || t[k] == float64(0) {
				continue
			}
			parts = append(parts, strings.ToLower(fieldName(k))+" "+valueText(v, k, t[k]))
		}
		s = strings.Join(parts, ", ")
	default:
		s = fmt.Sprint(t)
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + " …"
	}
	if s == "" {
		return "–"
	}
	return s
}

// activityText is a plan's activity as the history shows it: its title
// and when.
func activityText(v *view, m map[string]any) string {
	t, _ := m["title"].(string)
	var when []string
	for _, k := range []string{"date", "from", "to", "start", "duration", "weekly", "monthly", "yearly"} {
		if m[k] != nil {
			when = append(when, strings.ToLower(fieldName(k))+" "+valueText(v, k, m[k]))
		}
	}
	if len(when) > 0 {
		t += " (" + strings.Join(when, ", ") + ")"
	}
	return t
}

// fieldNames are the stored fields (of the files' records and the web's)
// in the words of the forms.
var fieldNames = map[string]string{
	"title": "titel", "description": "beskrivning", "location": "plats", "owner": "ansvarig", "focus": "fokusområde",
	"audiences": "målgrupper", "channels": "kanaler", "remind": "påminnelser", "no_remind": "inga påminnelser",
	"follow_up": "uppföljning", "public": "visa för alla", "plan": "kommunikationsplanen", "rule": "upprepning", "spans": "datum",
	"what": "vad", "why": "varför", "know": "veta", "feel": "känna", "do": "göra", "uid": "uid", "source": "källa",
	"date": "datum", "from": "första dagen", "to": "sista dagen", "start": "klockslag och datum", "end": "slut",
	"duration": "hur länge", "weekly": "varje vecka", "monthly": "varje månad", "yearly": "varje år", "except": "utom",
	"status": "status", "links": "länkar", "activities": "aktiviteter", "first": "första gången", "last": "sista gången",
	"time": "klockslag", "weekday": "veckodag", "nth": "vilken i månaden", "day": "dag i månaden", "after": "dagar efter",
	"how": "hur", "freq": "hur ofta", "month": "månad", "all_day": "hela dagen", "exceptions": "utom",
}

// changedFields names the fields that differ between two stored versions.
func changedFields(before, after string) string {
	var b, a map[string]any
	if json.Unmarshal([]byte(before), &b) != nil || json.Unmarshal([]byte(after), &a) != nil {
		return ""
	}
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	var names []string
	dup := map[string]bool{}
	for k := range seen {
		if reflect.DeepEqual(a[k], b[k]) {
			continue
		}
		n := fieldNames[k]
		if n == "" {
			n = k
		}
		if !dup[n] {
			dup[n] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// changedYAML names the fields that differ between two versions of a web
// item's YAML.
func changedYAML(before, after string) string {
	var b, a map[string]any
	if yaml.Unmarshal([]byte(before), &b) != nil || yaml.Unmarshal([]byte(after), &a) != nil {
		return ""
	}
	bj, _ := json.Marshal(b)
	aj, _ := json.Marshal(a)
	return changedFields(string(bj), string(aj))
}
