package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// EditList is a unit's items for its editors: the web items, which they
// edit, and the files' items, which the admins do.
type EditList struct {
	Unit     wheel.Unit
	Web      []EditEntry
	Files    []EditEntry
	Person   *Person
	WheelURL string
}

// EditEntry is one item in the editor's list.
type EditEntry struct {
	ID, Title, When, File, Href string
}

// EditForm is the form of one web item: what was written (or is stored),
// the problems by field, and the choices.
type EditForm struct {
	Unit   wheel.Unit
	New    bool
	ID     string
	Fields map[string]string   // by the form's field names
	Lists  map[string][]string // audiences, channels
	Errors map[string][]string // by field; "" for the item as a whole
	// File is set for an item the files define: shown, not edited.
	File                           string
	Focus, Audiences, Channels     []Option
	Kinds, Weekdays, Nths          []Option
	UnitPublic, ChoicesForAudience bool
}

// editor is the person of session if they may edit unit: ErrSignInNeeded
// without a session, ErrForbidden for someone else, ErrNotFound for a
// unit the config does not have.
func (c *Core) editor(ctx context.Context, session, unit string) (*view, *wheel.Unit, *Person, error) {
	v, err := c.view()
	if err != nil {
		return nil, nil, nil, err
	}
	u := v.Config.Unit(unit)
	if u == nil {
		return nil, nil, nil, ErrNotFound
	}
	p, ok, err := c.Who(ctx, session)
	if err != nil {
		return nil, nil, nil, err
	}
	if !ok {
		return nil, nil, nil, ErrSignInNeeded
	}
	if !v.Config.MayEdit(p.Email, u) {
		return nil, nil, nil, ErrForbidden
	}
	return v, u, p, nil
}

// Edit is a unit's editor page.
func (c *Core) Edit(ctx context.Context, session, unit string) (*EditList, error) {
	v, u, p, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	l := &EditList{Unit: *u, Person: p, WheelURL: v.links.Wheel(c.state.Tokens().ByScope["unit:"+u.ID], u.ID)}
	for _, rec := range v.Snapshot.Items[unit] {
		it := &rec.Item
		e := EditEntry{ID: it.ID, Title: it.Title, When: describeItemWhen(v.Config, unit, it), File: it.File, Href: v.links.EditItem(unit, it.ID)}
		if it.File == calendar.WebName {
			l.Web = append(l.Web, e)
		} else {
			l.Files = append(l.Files, e)
		}
	}
	return l, nil
}

func describeItemWhen(cfg *config.Config, unit string, it *wheel.Item) string {
	if it.Rule != nil {
		return feed.DescribeRule(it.Rule)
	}
	if len(it.Spans) > 0 {
		s := it.Spans[0]
		if s.AllDay {
			return s.From.String()
		}
		return s.Start.In(cfg.Programme.Location).Format("2006-01-02 15:04")
	}
	return ""
}

// NewItemForm is the empty form of a new web item.
func (c *Core) NewItemForm(ctx context.Context, session, unit string) (*EditForm, error) {
	v, u, _, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	return c.form(v, u, true, "", map[string]string{"kind": "date"}, nil), nil
}

// ItemForm is the form of an item: a web item to edit, or a file's item
// to see with where it is defined.
func (c *Core) ItemForm(ctx context.Context, session, unit, item string) (*EditForm, error) {
	v, u, _, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	y, ok, err := c.store.WebItem(ctx, unit, item)
	if err != nil {
		return nil, err
	}
	if !ok {
		rec := v.Snapshot.Item(unit, item)
		if rec == nil {
			return nil, ErrNotFound
		}
		f := c.form(v, u, false, item, map[string]string{"title": rec.Item.Title}, nil)
		f.File = rec.Item.File
		return f, nil
	}
	fields, lists := fromYAML(y)
	return c.form(v, u, false, item, fields, lists), nil
}

func (c *Core) form(v *view, u *wheel.Unit, isNew bool, id string, fields map[string]string, lists map[string][]string) *EditForm {
	p := &v.Config.Programme
	if lists == nil {
		lists = map[string][]string{}
	}
	f := &EditForm{Unit: *u, New: isNew, ID: id, Fields: fields, Lists: lists, UnitPublic: u.Public}
	f.Focus = options(p.FocusAreas, fields["focus"], "Inget fokusområde")
	for _, k := range p.Audiences.Keys {
		f.Audiences = append(f.Audiences, Option{Value: k, Label: p.Audiences.Name(k), Selected: slices.Contains(lists["audiences"], k)})
	}
	for _, k := range p.Channels.Keys {
		f.Channels = append(f.Channels, Option{Value: k, Label: p.Channels.Name(k), Selected: slices.Contains(lists["channels"], k)})
	}
	for _, k := range [][2]string{{"date", "En gång (ett datum)"}, {"yearly", "Varje år (samma datum)"}, {"monthly", "Varje månad"}, {"weekly", "Varje vecka"}} {
		f.Kinds = append(f.Kinds, Option{Value: k[0], Label: k[1], Selected: fields["kind"] == k[0]})
	}
	for _, k := range [][2]string{{"", "–"}, {"mon", "måndag"}, {"tue", "tisdag"}, {"wed", "onsdag"}, {"thu", "torsdag"}, {"fri", "fredag"}, {"sat", "lördag"}, {"sun", "söndag"}} {
		f.Weekdays = append(f.Weekdays, Option{Value: k[0], Label: k[1], Selected: fields["weekday"] == k[0]})
	}
	for _, k := range [][2]string{{"", "–"}, {"1", "första"}, {"2", "andra"}, {"3", "tredje"}, {"4", "fjärde"}, {"-1", "sista"}} {
		f.Nths = append(f.Nths, Option{Value: k[0], Label: k[1], Selected: fields["nth"] == k[0]})
	}
	return f
}

// SaveItem validates a web item's form with the code that reads the
// files and, when all of it is valid, stores it and reloads: it is in the
// feeds, the pages and the reminders at once. With problems it returns
// the form again with them by field, and nothing is stored. item is ""
// for a new one.
func (c *Core) SaveItem(ctx context.Context, session, unit, item string, fields map[string]string, lists map[string][]string) (*EditForm, error) {
	v, u, p, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	isNew := item == ""
	id := item
	if isNew {
		id = strings.TrimSpace(fields["id"])
		if id == "" {
			id = wheel.Slug(fields["title"])
		}
	} else if _, ok, err := c.store.WebItem(ctx, unit, item); err != nil || !ok {
		if err == nil {
			err = ErrForbidden // a file's item: the admins change it
		}
		return nil, err
	}
	fields["id"] = id
	doc := toYAML(fields, lists)
	web, err := c.store.WebItems(ctx)
	if err != nil {
		return nil, err
	}
	var others []string
	for _, w := range web[unit] {
		if w.ID != id {
			others = append(others, w.YAML)
		}
	}
	probs := calendar.CheckWebItem(v.Config, unit, others, doc)
	if isNew && slices.ContainsFunc(web[unit], func(w store.WebItem) bool { return w.ID == id }) {
		probs["id"] = append(probs["id"], fmt.Sprintf("id %q finns redan bland enhetens aktiviteter; välj ett annat", id))
	}
	if len(probs) > 0 {
		f := c.form(v, u, isNew, item, fields, lists)
		f.Errors = map[string][]string{}
		for k, msgs := range probs {
			f.Errors[formField(k)] = append(f.Errors[formField(k)], msgs...)
		}
		return f, nil
	}
	if err := c.store.SaveWebItem(ctx, unit, id, doc, p.Email, c.clock.Now()); err != nil {
		return nil, err
	}
	c.log.Info("web item saved", "unit", unit, "item", id)
	if err := c.state.Reload(ctx); err != nil {
		c.log.Error("reload after a web edit failed", "err", err)
	}
	return nil, nil
}

// DeleteItem removes a web item.
func (c *Core) DeleteItem(ctx context.Context, session, unit, item string) error {
	_, _, p, err := c.editor(ctx, session, unit)
	if err != nil {
		return err
	}
	if _, ok, err := c.store.WebItem(ctx, unit, item); err != nil || !ok {
		if err == nil {
			err = ErrForbidden
		}
		return err
	}
	if err := c.store.DeleteWebItem(ctx, unit, item, p.Email, c.clock.Now()); err != nil {
		return err
	}
	return c.state.Reload(ctx)
}

// formField is the form's field for a YAML key of the item.
func formField(key string) string {
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
			if m[k] != "" {
				v, _ := yaml.Marshal(m[k])
				parts = append(parts, k+": "+strings.TrimSpace(string(v)))
			}
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
	str := func(v any) string {
		if v == nil {
			return ""
		}
		return fmt.Sprint(v)
	}
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
