package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// The aktivitetsplan in Excel (SPEC: Sign-in and editing). The workbook's
// rows are the unit's one-off web items; its recurring web items and plans
// are edited in the web's forms and its files' items by the admins, so an
// upload neither shows nor touches them.

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
	var rows []aktivitetsplan.Row
	name := "aktivitetsplan-" + u.ID + ".xlsx"
	if template {
		name = "aktivitetsplan-mall.xlsx"
	} else {
		cur, _, err := c.workbookItems(ctx, v, u)
		if err != nil {
			return nil, "", err
		}
		for _, e := range cur {
			rows = append(rows, e.row)
		}
		slices.SortStableFunc(rows, func(a, b aktivitetsplan.Row) int { return strings.Compare(a["start"], b["start"]) })
	}
	var b bytes.Buffer
	if err := aktivitetsplan.Write(&b, &v.Config.Programme, u.Name, rows); err != nil {
		return nil, "", err
	}
	return b.Bytes(), name, nil
}

// rowItem is a web item as the workbook holds it.
type rowItem struct {
	w    store.WebItem
	row  aktivitetsplan.Row
	rest webdoc.Item // the item, whose fields the row does not hold stay
}

// workbookItems are unit's web items a workbook holds (by id, in the
// order they were made) and those it does not (its plans and recurring
// items), which an upload keeps.
func (c *Core) workbookItems(ctx context.Context, v *view, u *wheel.Unit) ([]rowItem, []store.WebItem, error) {
	web, err := c.store.WebItems(ctx)
	if err != nil {
		return nil, nil, err
	}
	var rows []rowItem
	var keep []store.WebItem
	for _, w := range web[u.ID] {
		if !w.Plan {
			if row, rest, ok := aktivitetsplan.FromItem(w.YAML, &v.Config.Programme, u.Public); ok {
				rows = append(rows, rowItem{w: w, row: row, rest: rest})
				continue
			}
		}
		keep = append(keep, w)
	}
	return rows, keep, nil
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
	if err := c.store.ApplyWebItems(ctx, unit, plan.save, plan.remove, p.Email, "uppladdad arbetsbok "+pu.name, c.clock.Now()); err != nil {
		return nil, err
	}
	c.log.Info("workbook uploaded", "unit", unit, "file", pu.name, "added", len(plan.preview.Added), "changed", len(plan.preview.Changed), "removed", len(plan.preview.Removed))
	if err := c.state.Reload(ctx); err != nil {
		c.log.Error("reload after an upload failed", "err", err)
	}
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
	cur, keep, err := c.workbookItems(ctx, v, u)
	if err != nil {
		return nil, err
	}
	kept := make([]calendar.WebEntry, len(keep))
	for i, w := range keep {
		kept[i] = calendar.WebEntry{ID: w.ID, YAML: w.YAML, Plan: w.Plan}
	}
	wb, probs := calendar.CheckWorkbook(v.Config, u.ID, kept, name, data)
	if len(probs) > 0 || wb == nil {
		pv.Problems = groupProblems(probs)
		return plan, nil
	}
	prog := &v.Config.Programme
	byID := map[string]rowItem{}
	for _, e := range cur {
		byID[e.w.ID] = e
	}
	seen := map[string]bool{}
	entries := kept
	h := sha256.New()
	for _, r := range wb.Rows {
		row := r.Values
		if row["id"] == "" {
			row["id"] = aktivitetsplan.RowID(row["title"], row["start"])
		}
		id := row["id"]
		seen[id] = true
		old, exists := byID[id]
		doc, err := aktivitetsplan.ToItem(row, old.rest, prog, u.Public)
		if err != nil {
			return nil, err
		}
		was, err := aktivitetsplan.ToItem(old.row, old.rest, prog, u.Public)
		if err != nil {
			return nil, err
		}
		ch := UploadChange{ID: id, Title: row["title"], When: when(row)}
		switch {
		case !exists:
			pv.Added = append(pv.Added, ch)
		case was == doc:
			pv.Same++
			entries = append(entries, calendar.WebEntry{ID: id, YAML: old.w.YAML})
			continue
		default:
			ch.Fields = changedYAML(old.w.YAML, doc)
			ch.Changes = fieldChanges(v, old.w.YAML, doc)
			pv.Changed = append(pv.Changed, ch)
		}
		entries = append(entries, calendar.WebEntry{ID: id, YAML: doc})
		plan.save = append(plan.save, store.WebItem{ID: id, YAML: doc})
		fmt.Fprintf(h, "save %s\x00%s\x00%s\x00", id, old.w.YAML, doc)
	}
	for _, e := range cur {
		if !seen[e.w.ID] {
			pv.Removed = append(pv.Removed, UploadChange{ID: e.w.ID, Title: e.row["title"], When: when(e.row)})
			plan.remove = append(plan.remove, e.w.ID)
			fmt.Fprintf(h, "remove %s\x00%s\x00", e.w.ID, e.w.YAML)
		}
	}
	// The rows as the web items they become, read again as a whole: what
	// is stored is what `check` accepts.
	if probs := calendar.CheckWebEntries(v.Config, u.ID, entries); len(probs) > 0 {
		pv.Problems = groupProblems(probs)
		pv.Added, pv.Changed, pv.Removed = nil, nil, nil
		return plan, nil
	}
	plan.digest = hex.EncodeToString(h.Sum(nil))
	return plan, nil
}

func when(row aktivitetsplan.Row) string {
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
