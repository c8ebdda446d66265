package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Conflict is what someone else did to an item since a person's form was
// made: removed it, or saved it as Fields show, beside what the person
// wrote.
type Conflict struct {
	Removed  bool
	Deleting bool // the person's action was to remove it
	Fields   []ConflictField
}

// ConflictField is one field where what is stored now and what the
// person wrote differ.
type ConflictField struct {
	Label, Stored, Yours string
}

// conflictLabels are the fields compared, as the forms name them.
var conflictLabels = [][2]string{
	{"title", "Titel"}, {"description", "Beskrivning"}, {"what", "Vad vill vi göra"}, {"why", "Varför"},
	{"know", "Veta"}, {"feel", "Känna"}, {"do", "Göra"}, {"kind", "Hur ofta"}, {"date", "Datum"},
	{"day", "Dag i månaden"}, {"weekday", "Veckodag"}, {"nth", "Vilken i månaden"}, {"time", "Klockslag"},
	{"duration", "Hur länge"}, {"location", "Plats"}, {"owner", "Ansvarig"}, {"focus", "Fokusområde"},
	{"audiences", "Målgrupper"}, {"channels", "Kanaler"}, {"activities", "Aktiviteter"},
	{"followup_after", "Uppföljning, dagar efter"}, {"followup_how", "Uppföljning, hur"}, {"public", "Visa för alla"},
}

// conflict is the answer to a save or removal based on a stale form: the
// person's input kept (none when removing), the stored item beside it,
// and the version stored now, so that saving again replaces what is seen.
func (c *Core) conflict(ctx context.Context, v *view, u *wheel.Unit, item string, fields map[string]string, lists map[string][]string, plan, deleting bool) (*EditForm, error) {
	w, ok, err := c.store.WebItem(ctx, u.ID, item)
	if err != nil {
		return nil, err
	}
	if deleting {
		if !ok {
			return nil, ErrNotFound
		}
		f := c.storedForm(v, u, w)
		f.Conflict = &Conflict{Deleting: true}
		return f, nil
	}
	f := c.form(v, u, false, item, fields, lists)
	if plan {
		c.planForm(v, f, 0)
	}
	if !ok {
		f.Conflict = &Conflict{Removed: true}
		return f, nil
	}
	f.Version = w.Version
	f.Conflict = &Conflict{}
	// Both read back from their YAML, so that only real differences show.
	stored, storedLists := readEntry(webYAML(w), w.Plan)
	mine := map[string]string{}
	mineLists := map[string][]string{}
	if doc, err := entryYAML(withID(fields, item), lists, plan); err == nil {
		mine, mineLists = readEntry(doc, plan)
	}
	for _, l := range conflictLabels {
		a, b := shown(l[0], stored, storedLists), shown(l[0], mine, mineLists)
		if a != b {
			f.Conflict.Fields = append(f.Conflict.Fields, ConflictField{Label: l[1], Stored: a, Yours: b})
		}
	}
	return f, nil
}

func withID(fields map[string]string, id string) map[string]string {
	out := make(map[string]string, len(fields)+1)
	for k, v := range fields {
		out[k] = v
	}
	out["id"] = id
	return out
}

func readEntry(doc string, plan bool) (map[string]string, map[string][]string) {
	if plan {
		return fromPlanYAML(doc)
	}
	return fromYAML(doc)
}

// shown is a field's value as the conflict's table shows it.
func shown(key string, f map[string]string, lists map[string][]string) string {
	switch key {
	case "audiences", "channels":
		return strings.Join(lists[key], ", ")
	case "public":
		return map[bool]string{true: "ja", false: "nej"}[f[key] == "1"]
	case "activities":
		var acts []string
		for i := 0; ; i++ {
			t, ok := f[fmt.Sprintf("act%d_title", i)]
			if !ok {
				break
			}
			a := strings.TrimSpace(t + " " + f[fmt.Sprintf("act%d_date", i)])
			if ch := lists[fmt.Sprintf("act%d_channels", i)]; len(ch) > 0 {
				a += " (" + strings.Join(ch, ", ") + ")"
			}
			acts = append(acts, a)
		}
		return strings.Join(acts, "; ")
	}
	return f[key]
}

// fileEntry reports whether unit's item or plan id is defined by a file.
func fileEntry(v *view, unit, id string) bool {
	if rec := v.Snapshot.Item(unit, id); rec != nil && rec.Item.File != calendar.WebName {
		return true
	}
	return slices.ContainsFunc(v.Snapshot.Plans[unit], func(p snapshot.PlanRecord) bool { return p.Plan.ID == id && p.Plan.File != calendar.WebName })
}
