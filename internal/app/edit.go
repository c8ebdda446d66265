package app

import (
	"context"
	"errors"
	"fmt"
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
	return c.storedForm(v, u, w), nil
}

// storedForm is the form of a stored web entry, with its version.
func (c *Core) storedForm(v *view, u *wheel.Unit, w store.WebItem) *EditForm {
	var f *EditForm
	if w.Plan {
		fields, lists := fromPlanYAML(webYAML(w))
		f = c.form(v, u, false, w.ID, fields, lists)
		c.planForm(v, f, nil)
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
	fields["id"] = id
	doc, err := entryYAML(fields, lists, plan)
	if err != nil {
		return nil, err
	}
	rec, err := recordOf(doc, plan)
	if err != nil {
		return nil, err
	}
	ids := unitIDs(v.Snapshot, unit, id)
	entry, probs := calendar.CheckRecord(&v.Config.Programme, u, ids, rec)
	if isNew && (v.Snapshot.Item(unit, id) != nil || slices.ContainsFunc(v.Snapshot.Plans[unit], func(r snapshot.PlanRecord) bool { return r.Plan.ID == id })) {
		if probs == nil {
			probs = map[string][]string{}
		}
		probs["id"] = append(probs["id"], taken(id))
	}
	if len(probs) > 0 {
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

// keepStored keeps in entry (an item saved from the form) what the form
// does not hold of the stored item: an imported event's UID and source,
// and dates the form cannot show (several spans, a span's own title),
// when the form left them as it showed them.
func keepStored(entry wheel.Entry, stored wheel.Entry, rec any) {
	it, was := entry.Item, stored.Item
	if it == nil || was == nil {
		return
	}
	it.UID, it.Source = was.UID, was.Source
	if d, ok := rec.(*webdoc.Item); ok && !webdoc.HoldsDates(*was) && webdoc.SameDates(*d, webdoc.FromItem(*was)) {
		it.Rule, it.Spans = was.Rule, was.Spans
	}
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

// withProblems is the form again with its problems (by the YAML key they
// are at).
func (c *Core) withProblems(v *view, u *wheel.Unit, isNew bool, item string, fields map[string]string, lists map[string][]string, plan bool, probs map[string][]string) *EditForm {
	f := c.form(v, u, isNew, item, fields, lists)
	f.Version, _ = strconv.ParseInt(fields["version"], 10, 64)
	f.Errors = map[string][]string{}
	for k, msgs := range probs {
		f.Errors[formField(k)] = append(f.Errors[formField(k)], msgs...)
	}
	if plan {
		c.planForm(v, f, f.Errors)
	}
	return f
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
