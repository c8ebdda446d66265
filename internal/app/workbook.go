package app

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// The aktivitetsplan in Excel (SPEC: Sign-in and editing): the unit's
// whole wheel, a row an activity and a row a plan. Its web items and
// plans are edited in the workbook as in the forms; its files' items and
// plans are shown locked, with where they are defined, and an upload
// neither reads nor touches them.

// MaxUpload bounds an uploaded workbook: a plan of aktivitetsplan.MaxRows rows
// saved by Excel is well under it.
const MaxUpload = 4 << 20

// Workbook is unit's aktivitetsplan as an .xlsx file (with none of its
// rows: an empty template) and the file's name.
func (c *Core) Workbook(ctx context.Context, session, unit string, template bool) ([]byte, string, error) {
	v, u, _, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, "", err
	}
	var rows, plans []aktivitetsplan.Row
	name := "aktivitetsplan-" + u.ID + ".xlsx"
	if template {
		name = "aktivitetsplan-mall.xlsx"
	} else {
		web, err := c.webRecords(ctx, u)
		if err != nil {
			return nil, "", err
		}
		rows, plans = wheelRows(v, u, web)
	}
	var b bytes.Buffer
	if err := aktivitetsplan.Write(&b, &v.Config.Programme, u.Name, rows, plans); err != nil {
		return nil, "", err
	}
	return b.Bytes(), name, nil
}

// webRecords are unit's web items and plans as stored, as records.
type webRecords struct {
	items []webdoc.Item // in the order they were made
	plans []webdoc.Plan
	// stored is each entry as stored, by id.
	stored map[string]store.WebItem
}

func (c *Core) webRecords(ctx context.Context, u *wheel.Unit) (*webRecords, error) {
	all, err := c.store.WebItems(ctx)
	if err != nil {
		return nil, err
	}
	w := &webRecords{stored: map[string]store.WebItem{}}
	for _, e := range all[u.ID] {
		// The upload compares and decides on the records' YAML, the
		// form the workbook's rows become.
		e.YAML = webYAML(e)
		w.stored[e.ID] = e
		if e.Plan {
			p, err := webdoc.DecodePlan(e.YAML)
			if err != nil {
				return nil, fmt.Errorf("web plan %s/%s: %w", u.ID, e.ID, err)
			}
			w.plans = append(w.plans, p)
			continue
		}
		d, err := webdoc.DecodeItem(e.YAML)
		if err != nil {
			return nil, fmt.Errorf("web item %s/%s: %w", u.ID, e.ID, err)
		}
		w.items = append(w.items, d)
	}
	return w, nil
}

// wheelRows are every item of unit as a row and every plan as a plan's
// row: the web's from their records, open; the files' from what was
// read of them, locked, with where. A recurring row's från and till are
// its series' first and last day in the programme. Rows are in the order
// of their first day.
func wheelRows(v *view, u *wheel.Unit, web *webRecords) (rows, plans []aktivitetsplan.Row) {
	prog := &v.Config.Programme
	series := func(id string, row aktivitetsplan.Row) aktivitetsplan.Row {
		if row["repeat"] == "" {
			return row
		}
		if rec := v.Snapshot.Item(u.ID, id); rec != nil {
			if occs := occur.Expand(prog, u.ID, &rec.Item); len(occs) > 0 {
				row["from"], row["to"] = occs[0].Date.String(), occs[len(occs)-1].LastDay.String()
			}
		}
		return row
	}
	for _, d := range web.items {
		rows = append(rows, series(d.ID, aktivitetsplan.FromItem(d, prog, u.Public)))
	}
	for _, p := range web.plans {
		plans = append(plans, aktivitetsplan.FromPlan(p, prog, u.Public))
		for _, a := range p.Activities {
			row := aktivitetsplan.FromItem(a, prog, u.Public)
			row["id"], row["plan"] = p.ID+"."+a.ID, p.ID
			rows = append(rows, series(row["id"], row))
		}
	}
	activities := map[string][]string{}
	for _, rec := range v.Snapshot.Items[u.ID] {
		it := &rec.Item
		if it.Plan != nil {
			activities[it.Plan.ID] = append(activities[it.Plan.ID], it.ID)
		}
		if it.File == calendar.WebName {
			continue
		}
		rows = append(rows, series(it.ID, aktivitetsplan.LockedRow(it, prog, fileLine(it.File, it.Line))))
	}
	for _, rec := range v.Snapshot.Plans[u.ID] {
		if p := &rec.Plan; p.File != calendar.WebName {
			plans = append(plans, aktivitetsplan.LockedPlanRow(p, prog, fileLine(p.File, p.Line), activities[p.ID]))
		}
	}
	first := func(r aktivitetsplan.Row) string { return cmp.Or(r["start"], r["from"]) }
	slices.SortStableFunc(rows, func(a, b aktivitetsplan.Row) int { return strings.Compare(first(a), first(b)) })
	return rows, plans
}

// fileLine says where a file's item is, as `check` does: FILE:LINE.
func fileLine(file string, line int) string {
	if line > 0 {
		return file + ":" + strconv.Itoa(line)
	}
	return file
}

// UploadPreview is what an uploaded workbook would do, or its problems.
type UploadPreview struct {
	Unit wheel.Unit
	Name string // the file's name
	// Problems are the workbook's, row by row; nothing is stored while
	// there are any.
	Problems []UploadRow
	Added    []UploadChange
	Changed  []UploadChange
	Removed  []UploadChange
	Same     int // rows that change nothing
	// Upload names the checked workbook for its confirmation.
	Upload string
	// Stale is a confirmation of a preview that no longer holds (the
	// unit's items changed meanwhile): here is the new one.
	Stale bool
	// Stored is the confirmation done.
	Stored  bool
	EditURL string
}

// UploadRow is one row's problems (row 0: the workbook's as a whole).
type UploadRow struct {
	Where    string // "Aktivitetsplan rad 5"
	Problems []UploadCell
}

// UploadCell is one problem and the cell it is in.
type UploadCell struct{ Cell, Msg string }

// UploadChange is one item an upload adds, changes or removes.
type UploadChange struct {
	ID, Title, When string
	Fields          string        // what changes: "start, kanaler"
	Changes         []FieldChange // each changed field, old → new
}

// Empty says the upload changes nothing.
func (p *UploadPreview) Empty() bool {
	return len(p.Added)+len(p.Changed)+len(p.Removed) == 0
}

// MayEdit is nil when session may edit unit: an adapter asks before it
// reads an upload's body, so that no one else gets further than that.
func (c *Core) MayEdit(ctx context.Context, session, unit string) error {
	_, _, _, err := c.editor(ctx, session, unit)
	return err
}

// plannedUpload is a checked upload: what it stores and removes.
type plannedUpload struct {
	preview *UploadPreview
	save    []store.WebItem
	remove  []string
	digest  string // of what it changes, from what is stored now
}

// PreviewUpload checks an uploaded workbook whole, with the code that
// reads workbooks in files, and says what it would add, change and
// remove. Nothing is stored: the preview's Upload confirms it.
func (c *Core) PreviewUpload(ctx context.Context, session, unit, name string, data []byte) (*UploadPreview, error) {
	v, u, p, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	plan, err := c.planUpload(ctx, v, u, name, data)
	if err != nil {
		return nil, err
	}
	if len(plan.preview.Problems) == 0 && !plan.preview.Empty() {
		id, ok := c.uploads.put(pendingUpload{unit: unit, who: p.Email, name: name, data: data, digest: plan.digest, at: c.clock.Now()})
		if !ok {
			return nil, errUploadsFull
		}
		plan.preview.Upload = id
	}
	return plan.preview, nil
}

// ConfirmUpload stores a previewed upload, if what it would do is still
// what was previewed; otherwise (the unit's items changed meanwhile) it
// returns the new preview, Stale, and stores nothing.
func (c *Core) ConfirmUpload(ctx context.Context, session, unit, upload string) (*UploadPreview, error) {
	v, u, p, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	pu, ok := c.uploads.take(upload, unit, p.Email, c.clock.Now())
	if !ok {
		return nil, invalid("Uppladdningen finns inte längre (den gäller en timme, och en gång). Ladda upp arbetsboken igen.")
	}
	plan, err := c.planUpload(ctx, v, u, pu.name, pu.data)
	if err != nil {
		return nil, err
	}
	if len(plan.preview.Problems) > 0 || subtle.ConstantTimeCompare([]byte(plan.digest), []byte(pu.digest)) != 1 {
		plan.preview.Stale = true
		if len(plan.preview.Problems) == 0 && !plan.preview.Empty() {
			pu.digest = plan.digest
			id, ok := c.uploads.put(pu)
			if !ok {
				return nil, errUploadsFull
			}
			plan.preview.Upload = id
		}
		return plan.preview, nil
	}
	if err := c.applyUpload(ctx, v, u, plan, p.Email, "uppladdad arbetsbok "+pu.name); err != nil {
		return nil, err
	}
	c.log.Info("workbook uploaded", "unit", unit, "file", pu.name, "added", len(plan.preview.Added), "changed", len(plan.preview.Changed), "removed", len(plan.preview.Removed))
	plan.preview.Stored = true
	return plan.preview, nil
}

func (c *Core) planUpload(ctx context.Context, v *view, u *wheel.Unit, name string, data []byte) (*plannedUpload, error) {
	pv := &UploadPreview{Unit: *u, Name: name, EditURL: v.links.Edit(u.ID)}
	plan := &plannedUpload{preview: pv}
	if len(data) > MaxUpload {
		pv.Problems = []UploadRow{{Problems: []UploadCell{{Msg: fmt.Sprintf("filen är %.1f MB; gränsen är %d MB (%d rader räcker långt). Dela upp arbetsboken",
			float64(len(data))/(1<<20), MaxUpload>>20, aktivitetsplan.MaxRows)}}}}
		return plan, nil
	}
	web, err := c.webRecords(ctx, u)
	if err != nil {
		return nil, err
	}
	// The workbook holds the whole wheel: read after the unit's files
	// alone, as its rows and plans would be as the unit's web entries.
	wb, probs := calendar.CheckWorkbook(v.Config, u.ID, nil, name, data)
	if len(probs) == 0 && wb != nil {
		probs = filePlanRows(v, u, name, wb)
	}
	if len(probs) > 0 || wb == nil {
		pv.Problems = groupProblems(probs)
		return plan, nil
	}
	d, err := diffWorkbook(&v.Config.Programme, u, web, wb)
	if err != nil {
		return nil, err
	}
	pv.Added, pv.Changed, pv.Removed, pv.Same = d.added, d.changed, d.removed, d.same
	h := sha256.New()
	for _, e := range d.save {
		fmt.Fprintf(h, "save %s\x00%s\x00%s\x00", e.ID, web.stored[e.ID].YAML, e.YAML)
	}
	for _, id := range d.remove {
		fmt.Fprintf(h, "remove %s\x00%s\x00", id, web.stored[id].YAML)
	}
	plan.save, plan.remove = d.save, d.remove
	// The entries as they would be stored, read again as a whole: what
	// is stored is what `check` accepts.
	if probs := calendar.CheckWebEntries(v.Config, u.ID, d.entries); len(probs) > 0 {
		pv.Problems = groupProblems(probs)
		pv.Added, pv.Changed, pv.Removed = nil, nil, nil
		return plan, nil
	}
	plan.digest = hex.EncodeToString(h.Sum(nil))
	return plan, nil
}

// filePlanRows are the problems of rows that name a plan of the unit's
// files: its activities are the admins' to add, in its file.
func filePlanRows(v *view, u *wheel.Unit, name string, wb *aktivitetsplan.Workbook) []diag.Problem {
	onSheet := map[string]bool{}
	for _, r := range wb.Plans {
		onSheet[r.Values["id"]] = true
	}
	var out []diag.Problem
	for _, r := range wb.Rows {
		p := r.Values["plan"]
		if p == "" || onSheet[p] {
			continue
		}
		where := ""
		for _, rec := range v.Snapshot.Plans[u.ID] {
			if rec.Plan.ID == p {
				where = fileLine(rec.Plan.File, rec.Plan.Line)
			}
		}
		out = append(out, diag.Problem{File: name, Line: r.Line, Cell: r.Cells["plan"],
			Msg: fmt.Sprintf("planen %q finns i enhetens filer (%s) och ändras av administratören; en aktivitet i den läggs till där", p, where)})
	}
	return out
}

func when(row aktivitetsplan.Row) string {
	if r := row["repeat"]; r != "" {
		return r
	}
	if e := row["end"]; e != "" && e != row["start"] {
		return row["start"] + " – " + e
	}
	return row["start"]
}

// groupProblems orders problems by row, the cells of each together.
func groupProblems(probs []diag.Problem) []UploadRow {
	var out []UploadRow
	for _, p := range probs {
		where := "Arbetsboken"
		if sheet, _, ok := strings.Cut(p.Cell, "!"); ok && p.Line > 0 {
			where = fmt.Sprintf("%s rad %d", sheet, p.Line)
		} else if p.Line > 0 {
			where = fmt.Sprintf("rad %d", p.Line)
		}
		cell := p.Cell
		if _, c, ok := strings.Cut(cell, "!"); ok {
			cell = c
		}
		if n := len(out); n > 0 && out[n-1].Where == where {
			out[n-1].Problems = append(out[n-1].Problems, UploadCell{Cell: cell, Msg: p.Msg})
			continue
		}
		out = append(out, UploadRow{Where: where, Problems: []UploadCell{{Cell: cell, Msg: p.Msg}}})
	}
	return out
}
