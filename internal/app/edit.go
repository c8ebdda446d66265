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
	File string
	// Plan is a communication plan's form: the programme's seven
	// questions, and its activities as rows.
	Plan                           bool
	Activities                     []ActivityRow
	Focus, Audiences, Channels     []Option
	Kinds, Weekdays, Nths          []Option
	UnitPublic, ChoicesForAudience bool
}

// ActivityRow is one activity of a plan's form.
type ActivityRow struct {
	N                  int
	Title, Date        string
	Channels           []Option
	TitleErr, DateErr  []string
	ChannelsErr, Other []string
}

// planRows is how many activities a new plan's form offers.
const planRows = 3

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
	for _, rec := range v.Snapshot.Plans[unit] {
		if pl := &rec.Plan; pl.File == calendar.WebName {
			l.Web = append(l.Web, EditEntry{ID: pl.ID, Title: "Kommunikationsplan: " + pl.Title, File: pl.File, Href: v.links.EditItem(unit, pl.ID)})
		}
	}
	for _, rec := range v.Snapshot.Items[unit] {
		it := &rec.Item
		e := EditEntry{ID: it.ID, Title: it.Title, When: describeItemWhen(v.Config, unit, it), File: where(it.File, it.Line), Href: v.links.EditItem(unit, it.ID)}
		switch {
		case it.File == calendar.WebName && it.Plan != nil:
			continue // a web plan's activity: edited in its plan
		case it.File == calendar.WebName:
			l.Web = append(l.Web, e)
		default:
			l.Files = append(l.Files, e)
		}
	}
	return l, nil
}

// where says where a file's item is defined: "calendars/hr.yaml rad 42".
func where(file string, line int) string {
	if line > 0 {
		return file + " rad " + strconv.Itoa(line)
	}
	return file
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
func (c *Core) NewItemForm(ctx context.Context, session, unit string, plan bool) (*EditForm, error) {
	v, u, _, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	f := c.form(v, u, true, "", map[string]string{"kind": "date"}, nil)
	if plan {
		f.Fields["entry"] = "plan"
		c.planForm(v, f, nil)
	}
	return f, nil
}

// planForm makes a plan's form of f: its activity rows, from what was
// written (acts), and as many empty ones as a new plan offers.
func (c *Core) planForm(v *view, f *EditForm, errs map[string][]string) {
	f.Plan = true
	p := &v.Config.Programme
	n := planRows
	for i := 0; ; i++ {
		if _, ok := f.Fields[fmt.Sprintf("act%d_title", i)]; !ok && i >= n {
			break
		}
		if i > 20 {
			break
		}
		if i >= n {
			n = i + 1
		}
	}
	for i := 0; i < n; i++ {
		row := ActivityRow{N: i, Title: f.Fields[fmt.Sprintf("act%d_title", i)], Date: f.Fields[fmt.Sprintf("act%d_date", i)]}
		sel := f.Lists[fmt.Sprintf("act%d_channels", i)]
		for _, k := range p.Channels.Keys {
			row.Channels = append(row.Channels, Option{Value: k, Label: p.Channels.Name(k), Selected: slices.Contains(sel, k)})
		}
		pre := fmt.Sprintf("act%d_", i)
		row.TitleErr, row.DateErr, row.ChannelsErr = errs[pre+"title"], errs[pre+"when"], errs[pre+"channels"]
		row.Other = errs[pre+"other"]
		f.Activities = append(f.Activities, row)
	}
}

// ItemForm is the form of an item: a web item to edit, or a file's item
// to see with where it is defined.
func (c *Core) ItemForm(ctx context.Context, session, unit, item string) (*EditForm, error) {
	v, u, _, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	w, ok, err := c.store.WebItem(ctx, unit, item)
	if err != nil {
		return nil, err
	}
	if !ok {
		rec := v.Snapshot.Item(unit, item)
		if rec == nil {
			return nil, ErrNotFound
		}
		f := c.form(v, u, false, item, map[string]string{"title": rec.Item.Title}, nil)
		f.File = where(rec.Item.File, rec.Item.Line)
		return f, nil
	}
	if w.Plan {
		fields, lists := fromPlanYAML(w.YAML)
		f := c.form(v, u, false, item, fields, lists)
		c.planForm(v, f, nil)
		return f, nil
	}
	fields, lists := fromYAML(w.YAML)
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
	plan := fields["entry"] == "plan"
	if !isNew {
		w, _, _ := c.store.WebItem(ctx, unit, item)
		plan = w.Plan
		if plan {
			fields["entry"] = "plan"
		}
	}
	doc := toYAML(fields, lists)
	if plan {
		doc = toPlanYAML(fields, lists)
	}
	web, err := c.store.WebItems(ctx)
	if err != nil {
		return nil, err
	}
	var others []calendar.WebEntry
	for _, w := range web[unit] {
		if w.ID != id {
			others = append(others, calendar.WebEntry{YAML: w.YAML, Plan: w.Plan})
		}
	}
	probs := calendar.CheckWebItem(v.Config, unit, others, calendar.WebEntry{YAML: doc, Plan: plan})
	if isNew && slices.ContainsFunc(web[unit], func(w store.WebItem) bool { return w.ID == id }) {
		probs["id"] = append(probs["id"], fmt.Sprintf("id %q finns redan bland enhetens aktiviteter; välj ett annat", id))
	}
	if len(probs) > 0 {
		f := c.form(v, u, isNew, item, fields, lists)
		f.Errors = map[string][]string{}
		for k, msgs := range probs {
			f.Errors[formField(k)] = append(f.Errors[formField(k)], msgs...)
		}
		if plan {
			c.planForm(v, f, f.Errors)
		}
		return f, nil
	}
	if err := c.store.SaveWebItem(ctx, unit, store.WebItem{ID: id, YAML: doc, Plan: plan}, p.Email, c.clock.Now()); err != nil {
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

// str is a YAML value as the form shows it ("" for none).
func str(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}
