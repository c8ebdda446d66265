package app

import (
	"maps"
	"slices"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// What an uploaded workbook changes in a unit's web items and plans: its
// rows and plans, checked, against the records stored. A row is compared
// as the record it makes over the stored one, with the stored one made
// into a row and back the same way, so that a row saying what is stored
// changes nothing; an entry nothing changes in is kept as stored.

// workbookDiff is an upload's changes: for the preview, and the entries
// to save and remove, and all the unit's web entries after it.
type workbookDiff struct {
	added, changed, removed []UploadChange
	same                    int
	save                    []store.WebItem
	remove                  []string
	entries                 []calendar.WebEntry
}

// placedRow is an activity row as the record it makes, and the stored
// record it came from (had), by the id it had (from).
type placedRow struct {
	rec, old webdoc.Item
	had      bool
	from, to string // PLAN.ID or ID, before and after
	plan     string
	same     bool
}

func diffWorkbook(prog *wheel.Programme, u *wheel.Unit, web *webRecords, wb *aktivitetsplan.Workbook) (*workbookDiff, error) {
	d := &workbookDiff{}
	oldItems := map[string]webdoc.Item{}
	for _, it := range web.items {
		oldItems[it.ID] = it
	}
	oldPlans := map[string]webdoc.Plan{}
	oldActs := map[string]webdoc.Item{} // by PLAN.ID
	for _, p := range web.plans {
		oldPlans[p.ID] = p
		for _, a := range p.Activities {
			oldActs[p.ID+"."+a.ID] = a
		}
	}

	var rows []placedRow
	for _, r := range wb.Rows {
		row := maps.Clone(r.Values)
		rid := row["id"]
		if rid == "" {
			rid = aktivitetsplan.RowID(row["title"], row["start"])
		}
		pr := placedRow{plan: row["plan"]}
		own := calendar.ActivityID(rid)
		switch {
		case strings.Contains(rid, "."):
			pr.old, pr.had = oldActs[rid]
			pr.from = rid
		case pr.plan != "" && oldActs[pr.plan+"."+rid].ID != "":
			pr.from = pr.plan + "." + rid
			pr.old, pr.had = oldActs[pr.from]
		default:
			pr.old, pr.had = oldItems[rid]
			pr.from = rid
		}
		pr.to = own
		if pr.plan != "" {
			pr.to = pr.plan + "." + own
		}
		row["id"] = own
		rec, err := aktivitetsplan.ToItem(row, pr.old, prog, u.Public)
		if err != nil {
			return nil, err
		}
		pr.rec = rec
		if pr.had && pr.from == pr.to {
			was, err := aktivitetsplan.ToItem(aktivitetsplan.FromItem(pr.old, prog, u.Public), pr.old, prog, u.Public)
			if err != nil {
				return nil, err
			}
			if pr.same = encodes(&was) == encodes(&rec); pr.same {
				pr.rec = pr.old
			}
		}
		rows = append(rows, pr)
	}

	claimed := map[string]bool{} // stored ids a row carries on
	for _, pr := range rows {
		if pr.had {
			claimed[pr.from] = true
		}
		switch {
		case pr.same:
			d.same++
		case pr.had:
			ch := rowChange(pr.to, pr.rec, prog, u.Public, pr.plan)
			ch.Fields = rowFields(aktivitetsplan.FromItem(pr.old, prog, u.Public), planOf(pr.from), aktivitetsplan.FromItem(pr.rec, prog, u.Public), pr.plan)
			d.changed = append(d.changed, ch)
		default:
			d.added = append(d.added, rowChange(pr.to, pr.rec, prog, u.Public, pr.plan))
		}
		if pr.plan == "" {
			e := calendar.WebEntry{ID: pr.rec.ID}
			if pr.same {
				e.YAML = web.stored[pr.rec.ID].YAML
			} else {
				e.YAML = encodes(&pr.rec)
				d.save = append(d.save, store.WebItem{ID: e.ID, YAML: e.YAML})
			}
			d.entries = append(d.entries, e)
		}
	}
	for _, it := range web.items {
		if !claimed[it.ID] {
			d.removed = append(d.removed, rowChange(it.ID, it, prog, u.Public, ""))
		}
		if !slices.ContainsFunc(rows, func(pr placedRow) bool { return pr.plan == "" && pr.rec.ID == it.ID }) {
			d.remove = append(d.remove, it.ID)
		}
	}

	onSheet := map[string]bool{}
	for _, r := range wb.Plans {
		row := r.Values
		id := row["id"]
		onSheet[id] = true
		old, had := oldPlans[id]
		head := aktivitetsplan.ToPlan(row, old, prog, u.Public)
		head.Activities = nil
		sameHead := false
		if had {
			was := aktivitetsplan.ToPlan(aktivitetsplan.FromPlan(old, prog, u.Public), old, prog, u.Public)
			was.Activities = nil
			sameHead = encodes(&was) == encodes(&head)
		}
		mine := slices.DeleteFunc(slices.Clone(rows), func(pr placedRow) bool { return pr.plan != id })
		dirty := !sameHead || slices.ContainsFunc(mine, func(pr placedRow) bool { return !pr.same })
		for _, a := range old.Activities {
			full := id + "." + a.ID
			if !slices.ContainsFunc(mine, func(pr placedRow) bool { return pr.same && pr.from == full }) {
				dirty = true
			}
		}
		title := "Kommunikationsplan: " + head.Title
		switch {
		case !had:
			d.added = append(d.added, UploadChange{ID: id, Title: title})
		case sameHead:
			d.same++
		default:
			d.changed = append(d.changed, UploadChange{ID: id, Title: title,
				Fields: planFields(aktivitetsplan.FromPlan(old, prog, u.Public), aktivitetsplan.FromPlan(head, prog, u.Public))})
		}
		e := calendar.WebEntry{ID: id, Plan: true}
		if !dirty {
			e.YAML = web.stored[id].YAML
		} else {
			p := head
			for _, pr := range mine {
				p.Activities = append(p.Activities, pr.rec)
			}
			e.YAML = encodes(&p)
			d.save = append(d.save, store.WebItem{ID: id, YAML: e.YAML, Plan: true})
		}
		d.entries = append(d.entries, e)
	}
	for _, p := range web.plans {
		if !onSheet[p.ID] {
			d.removed = append(d.removed, UploadChange{ID: p.ID, Title: "Kommunikationsplan: " + p.Title})
			d.remove = append(d.remove, p.ID)
		}
		for _, a := range p.Activities {
			if full := p.ID + "." + a.ID; !claimed[full] {
				d.removed = append(d.removed, rowChange(full, a, prog, u.Public, p.ID))
			}
		}
	}
	return d, nil
}

// encodes is a record's YAML, to compare; records of the web always
// encode.
func encodes(doc any) string {
	s, _ := webdoc.Encode(doc)
	return s
}

func planOf(fullID string) string {
	p, _, ok := strings.Cut(fullID, ".")
	if !ok {
		return ""
	}
	return p
}

func rowChange(id string, d webdoc.Item, prog *wheel.Programme, unitPublic bool, plan string) UploadChange {
	row := aktivitetsplan.FromItem(d, prog, unitPublic)
	title := d.Title
	if plan != "" {
		title += " (plan " + plan + ")"
	}
	return UploadChange{ID: id, Title: title, When: when(row)}
}

// rowFields says what a row changes, column by column in the workbook's
// words: "upprepas: varje tisdag 09.00 → varje onsdag 09.00".
func rowFields(old aktivitetsplan.Row, oldPlan string, now aktivitetsplan.Row, plan string) string {
	old["plan"], now["plan"] = oldPlan, plan
	return aktivitetsplan.Changes(old, now, false)
}

func planFields(old, now aktivitetsplan.Row) string {
	return aktivitetsplan.Changes(old, now, true)
}
