package app

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
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
	// Summary is every problem in the form's order, each with the field
	// it is at, for the list at the top of the page.
	Summary []Problem
	// File is set for an item the files define: shown, not edited.
	File string
	// Version is the stored version the form was made from; a save
	// carries it back.
	Version int64
	// KeptDates says the stored item has dates the form cannot show
	// (several, from a calendar export): the form shows the first, and a
	// save that leaves it so keeps them all (webdoc.HoldsDates).
	KeptDates bool
	// Conflict is set when someone else changed or removed the item
	// since the form was made: nothing was stored.
	Conflict *Conflict
	// Taken is a new item refused because its id was taken meanwhile.
	Taken bool
	// Plan is a communication plan's form: the programme's seven
	// questions, and its activities as rows.
	Plan                       bool
	Activities                 []ActivityRow
	When                       When
	Focus, Audiences, Channels []Option
	Statuses                   []Option
	UnitPublic                 bool
}

// Problem is one problem of a refused form: the field it is about (its
// input's id, "" for the form as a whole), what that field is called, and
// what is wrong.
type Problem struct {
	Field, Label, Msg string
}

// When is the fields that say when an item or an activity happens, with
// the prefix of their names ("" for an item, "act2_" for a plan's third
// activity).
type When struct {
	P                          string
	Kind, Date, Time, Duration string
	To, Weekday, Nth, Day      string
	Kinds, Weekdays, Nths      []Option
	Errors                     map[string][]string // by field, without the prefix
}

// ActivityRow is one activity of a plan's form.
type ActivityRow struct {
	N         int
	ID, Title string
	When      When
	Channels  []Option
	Statuses  []Option
	Errors    map[string][]string // by field, without the prefix
}

// planRows is how many activities a new plan's form offers.
const planRows = 3

// editor is the person of session if they may edit unit: ErrSignInNeeded
// without a session, ErrForbidden for someone else. A unit the config does
// not have is ErrForbidden too, but to an admin (who may edit every unit
// and knows them all) ErrNotFound: the answer tells no one else which
// units exist.
func (c *Core) editor(ctx context.Context, session, unit string) (*view, *wheel.Unit, *Person, error) {
	v, err := c.view()
	if err != nil {
		return nil, nil, nil, err
	}
	p, ok, err := c.Who(ctx, session)
	if err != nil {
		return nil, nil, nil, err
	}
	if !ok {
		return nil, nil, nil, ErrSignInNeeded
	}
	u := v.Config.Unit(unit)
	switch {
	case u == nil && p.Admin:
		return nil, nil, nil, ErrNotFound
	case u == nil || !v.Config.MayEdit(p.Email, u):
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
		e := EditEntry{ID: it.ID, Title: it.Title, When: describeItemWhen(v.Config, it), File: where(it.File, it.Line), Href: v.links.EditItem(unit, it.ID)}
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

func describeItemWhen(cfg *config.Config, it *wheel.Item) string {
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
		c.planForm(v, f, 0)
	}
	return f, nil
}

// planForm makes a plan's form of f: its activity rows, from what was
// written, and empty ones after them: as many as a new plan offers, one
// on a plan with activities, and extra more when the person asked for
// them.
func (c *Core) planForm(v *view, f *EditForm, extra int) {
	f.Plan = true
	p := &v.Config.Programme
	n := rowCount(f.Fields)
	empty := 1
	if f.New && n < planRows {
		empty = planRows - n
	}
	for i := 0; i < n+empty+extra; i++ {
		pre := rowPrefix(i)
		row := ActivityRow{N: i, ID: f.Fields[pre+"id"], Title: f.Fields[pre+"title"], Errors: map[string][]string{}}
		for k, msgs := range f.Errors {
			if rest, ok := strings.CutPrefix(k, pre); ok {
				row.Errors[rest] = msgs
			}
		}
		row.When = whenFields(f.Fields, pre, row.Errors, false)
		sel := f.Lists[pre+"channels"]
		for _, k := range p.Channels.Keys {
			row.Channels = append(row.Channels, Option{Value: k, Label: p.Channels.Name(k), Selected: slices.Contains(sel, k)})
		}
		row.Statuses = statuses(f.Fields[pre+"status"])
		f.Activities = append(f.Activities, row)
	}
}

// whenFields is the when fields with prefix p; full adds the ways only an
// item offers (the nth weekday of a month, a day of the month).
func whenFields(fields map[string]string, p string, errs map[string][]string, full bool) When {
	w := When{P: p, Kind: fields[p+"kind"], Date: fields[p+"date"], Time: fields[p+"time"], Duration: fields[p+"duration"],
		To: fields[p+"to"], Weekday: fields[p+"weekday"], Nth: fields[p+"nth"], Day: fields[p+"day"], Errors: errs}
	if w.Kind == "" {
		w.Kind = "date"
	}
	for _, k := range kinds {
		w.Kinds = append(w.Kinds, Option{Value: k[0], Label: k[1], Selected: w.Kind == k[0]})
	}
	for _, k := range [][2]string{{"", "samma veckodag som första gången"}, {"mon", "måndag"}, {"tue", "tisdag"}, {"wed", "onsdag"}, {"thu", "torsdag"}, {"fri", "fredag"}, {"sat", "lördag"}, {"sun", "söndag"}} {
		w.Weekdays = append(w.Weekdays, Option{Value: k[0], Label: k[1], Selected: w.Weekday == k[0]})
	}
	if full {
		for _, k := range [][2]string{{"", "samma dag i månaden som första gången"}, {"1", "första"}, {"2", "andra"}, {"3", "tredje"}, {"4", "fjärde"}, {"-1", "sista"}} {
			w.Nths = append(w.Nths, Option{Value: k[0], Label: k[1], Selected: w.Nth == k[0]})
		}
	}
	return w
}

// kinds are the ways to say when, as the form offers them.
var kinds = [][2]string{
	{"date", "En dag"}, {"time", "En dag med klockslag"}, {"span", "Flera dagar i följd"},
	{"weekly", "Varje vecka"}, {"monthly", "Varje månad"}, {"yearly", "Varje år"},
}

// statuses are the choices of status, with s chosen.
func statuses(s string) []Option {
	var out []Option
	for _, k := range [][2]string{{"", "Planerad"}, {"genomförd", "Genomförd"}, {"inställd", "Inställd"}} {
		out = append(out, Option{Value: k[0], Label: k[1], Selected: s == k[0] || (k[0] == "" && s == "planerad")})
	}
	return out
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
		if pl := rec.Item.Plan; pl != nil && rec.Item.File == calendar.WebName {
			// A web plan's activity is edited in its plan's form.
			if w, ok, err := c.store.WebItem(ctx, unit, pl.ID); err != nil || ok {
				if err != nil {
					return nil, err
				}
				return c.storedForm(v, u, w), nil
			}
		}
		f := c.form(v, u, false, item, map[string]string{"title": rec.Item.Title}, nil)
		f.File = where(rec.Item.File, rec.Item.Line)
		return f, nil
	}
	return c.storedForm(v, u, w), nil
}

// storedForm is the form of a stored web entry, with its version.
func (c *Core) storedForm(v *view, u *wheel.Unit, w store.WebItem) *EditForm {
	var f *EditForm
	if w.Plan {
		fields, lists := fromPlanYAML(webYAML(w))
		f = c.form(v, u, false, w.ID, fields, lists)
		c.planForm(v, f, 0)
	} else {
		fields, lists := fromYAML(webYAML(w))
		f = c.form(v, u, false, w.ID, fields, lists)
		f.KeptDates = w.Entry.Item != nil && !webdoc.HoldsDates(*w.Entry.Item)
	}
	f.Version = w.Version
	return f
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
	f.When = whenFields(fields, "", f.Errors, true)
	f.Statuses = statuses(fields["status"])
	return f
}

// SaveItem validates a web item's form with the code that reads the
// files (calendar.CheckRecord, which reads no file) and, when all of it
// is valid, stores it as its unit's change (state.Change): it is in the
// feeds, the pages and the reminders at once, and no file is read. With problems it returns
// the form again with them by field, and nothing is stored. item is ""
// for a new one. A change carries the version its form was made from
// (fields["version"]): when someone else saved or removed the item since,
// nothing is stored and the form comes back with the person's input, the
// stored item beside it (Conflict) and the version now stored, so that
// saving again is a choice made seeing both. A new item never replaces
// one of its id (Taken).
func (c *Core) SaveItem(ctx context.Context, session, unit, item string, fields map[string]string, lists map[string][]string) (*EditForm, error) {
	v, u, p, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	isNew := item == ""
	id := item
	plan := fields["entry"] == "plan"
	var base int64
	var stored *wheel.Entry
	if isNew {
		id = strings.TrimSpace(fields["id"])
		if id == "" {
			id = wheel.Slug(fields["title"])
		}
	} else {
		w, ok, err := c.store.WebItem(ctx, unit, item)
		if err != nil {
			return nil, err
		}
		if !ok {
			if fileEntry(v, unit, item) {
				return nil, ErrForbidden // a file's item: the admins change it
			}
			return c.conflict(ctx, v, u, item, fields, lists, plan, false)
		}
		stored = &w.Entry
		plan = w.Plan // what it was made as, whatever the form says
		if plan {
			fields["entry"] = "plan"
		}
		// A form without a version is as stale as one with an old one.
		if base, err = strconv.ParseInt(fields["version"], 10, 64); err != nil || base != w.Version {
			return c.conflict(ctx, v, u, item, fields, lists, plan, false)
		}
	}
	typedID := fields["id"]
	fields["id"] = id
	if plan {
		CompactRows(fields, lists)
	}
	doc, err := entryYAML(fields, lists, plan)
	if err != nil {
		return nil, err
	}
	rec, err := recordOf(doc, plan)
	if err != nil {
		return nil, err
	}
	kept := keptWhen(stored, fields, rec)
	keepActivityFields(stored, rec)
	keepUnshown(stored, rec, u.Public)
	ids := unitIDs(v.Snapshot, unit, id)
	entry, probs := calendar.CheckRecord(&v.Config.Programme, u, ids, rec)
	if isNew && (v.Snapshot.Item(unit, id) != nil || slices.ContainsFunc(v.Snapshot.Plans[unit], func(r snapshot.PlanRecord) bool { return r.Plan.ID == id })) {
		if probs == nil {
			probs = map[string][]string{}
		}
		probs["id"] = append(probs["id"], taken(id))
	}
	checks := formChecks(fields, plan)
	if kept {
		for _, k := range whenKeys {
			delete(checks, k)
		}
	}
	if len(probs) > 0 || len(checks) > 0 {
		if isNew {
			fields["id"] = typedID // the form shows what was typed, not the id made of the title
		}
		return c.withProblems(v, u, isNew, item, fields, lists, plan, probs), nil
	}
	if stored != nil {
		keepStored(entry, *stored, rec)
	}
	err = c.state.Change(ctx, state.WebChange{Unit: unit, Who: p.Email, Via: wheel.WebFile,
		Save: []store.WebItem{{ID: id, Entry: entry, Plan: plan, Version: base}}})
	switch {
	case errors.Is(err, store.ErrTaken): // made by someone else since the check above
		f := c.withProblems(v, u, isNew, item, fields, lists, plan, map[string][]string{"id": {taken(id)}})
		f.Taken = true
		return f, nil
	case errors.Is(err, store.ErrChanged):
		return c.conflict(ctx, v, u, item, fields, lists, plan, false)
	case err != nil:
		return nil, err
	}
	c.log.Info("web item saved", "unit", unit, "item", id)
	return nil, nil
}

func taken(id string) string {
	return fmt.Sprintf("id %q finns redan bland enhetens aktiviteter; välj ett annat", id)
}

// entryYAML is the form as the YAML of an item or a plan.
func entryYAML(fields map[string]string, lists map[string][]string, plan bool) (string, error) {
	if plan {
		return toPlanYAML(fields, lists)
	}
	return toYAML(fields, lists)
}

// withProblems is the form again with its problems: the form's own
// checks (by field) and the files' checks (by the key they are at), the
// latter only where the form found nothing, in the form's words.
func (c *Core) withProblems(v *view, u *wheel.Unit, isNew bool, item string, fields map[string]string, lists map[string][]string, plan bool, probs map[string][]string) *EditForm {
	errs := formChecks(fields, plan)
	mine := maps.Clone(errs)
	// A when the form found wrong is not checked further: the files'
	// messages about it would be the same problem in other words.
	whenWrong := map[string]bool{}
	for k := range mine {
		p, w := whenPart(k)
		if w {
			whenWrong[p] = true
		}
	}
	for k, msgs := range probs {
		field := formField(k)
		if _, ok := mine[field]; ok {
			continue
		}
		if p, w := whenPart(field); w && whenWrong[p] {
			continue
		}
		for _, m := range msgs {
			if m = plain(m); !slices.Contains(errs[field], m) {
				errs[field] = append(errs[field], m)
			}
		}
	}
	return c.formAgain(v, u, isNew, item, fields, lists, plan, errs, 0)
}

// whenPart says whether a form field is one of the fields that say when,
// and the prefix of its row ("" for an item).
func whenPart(field string) (string, bool) {
	p := ""
	if strings.HasPrefix(field, "act") {
		if i := strings.IndexByte(field, '_'); i > 0 {
			p, field = field[:i+1], field[i+1:]
		}
	}
	return p, slices.Contains(whenKeys, field)
}

// formAgain is the form with what was written, its problems by field and
// extra empty activity rows.
func (c *Core) formAgain(v *view, u *wheel.Unit, isNew bool, item string, fields map[string]string, lists map[string][]string, plan bool, errs map[string][]string, extra int) *EditForm {
	f := c.form(v, u, isNew, item, fields, lists)
	f.Version, _ = strconv.ParseInt(fields["version"], 10, 64)
	f.Errors = errs
	f.When = whenFields(fields, "", errs, true)
	if len(errs) > 0 {
		f.Summary = summary(errs, plan)
	}
	if plan {
		c.planForm(v, f, extra)
	}
	return f
}

// MoreRows is a plan's form again as it was written, with one more
// activity row: the way to add one where the page runs no script.
// Nothing is checked or stored.
func (c *Core) MoreRows(ctx context.Context, session, unit, item string, fields map[string]string, lists map[string][]string) (*EditForm, error) {
	v, u, _, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	fields["entry"] = "plan"
	CompactRows(fields, lists)
	if item != "" {
		fields["id"] = item
	}
	return c.formAgain(v, u, item == "", item, fields, lists, true, nil, 1), nil
}

// DeleteItem removes a web item, if it is still the version the form
// was made from; otherwise nothing is removed and the form comes back
// with the item as it is stored now and what changed.
func (c *Core) DeleteItem(ctx context.Context, session, unit, item, version string) (*EditForm, error) {
	v, u, p, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	w, ok, err := c.store.WebItem(ctx, unit, item)
	if err != nil {
		return nil, err
	}
	if !ok {
		if fileEntry(v, unit, item) {
			return nil, ErrForbidden
		}
		return nil, ErrNotFound // removed already: what was asked is done
	}
	base, err := strconv.ParseInt(version, 10, 64)
	if err != nil {
		base = -1 // no version: stale
	}
	err = c.state.Change(ctx, state.WebChange{Unit: unit, Who: p.Email, Via: wheel.WebFile, Remove: map[string]int64{item: base}})
	if errors.Is(err, store.ErrChanged) {
		return c.conflict(ctx, v, u, item, nil, nil, w.Plan, true)
	}
	return nil, err
}
