package calendar

import (
	"cmp"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// An aktivitetsplan's rows, read by package aktivitetsplan from a CSV
// file (Excel's export) or a workbook, checked here as items.

func (f *fileCtx) loadCSV(data []byte, cal *wheel.Calendar) {
	for r := range aktivitetsplan.CSVRows(f.name, data, f.probs) {
		f.loadRow(r, cal)
	}
}

// loadXLSX returns the workbook's rows as read, nil when it could not be.
// Its plans come first, so that its rows may name them.
func (f *fileCtx) loadXLSX(data []byte, cal *wheel.Calendar) *aktivitetsplan.Workbook {
	wb := aktivitetsplan.ReadWorkbook(f.name, data, f.probs)
	if wb != nil {
		for _, r := range wb.Plans {
			f.loadPlanRow(r, cal)
		}
		for _, r := range wb.Rows {
			f.loadRow(r, cal)
		}
	}
	return wb
}

// rowCells makes the problems found next in r be at its cells.
func (f *fileCtx) rowCells(r aktivitetsplan.Record) func() {
	if r.Cells == nil {
		return func() {}
	}
	f.cellOf = func(field string) string { return cmp.Or(r.Cells[field], r.Cells["title"]) }
	return func() { f.cellOf, f.cell = nil, "" }
}

// loadPlanRow admits a row of a Kommunikationsplaner sheet that checks
// as a plan, by the rules a plan in YAML has.
func (f *fileCtx) loadPlanRow(r aktivitetsplan.Record, cal *wheel.Calendar) {
	defer f.rowCells(r)()
	row, line := r.Values, r.Line
	before := f.probs.Len()
	f.at("id")
	if !f.claimID(row["id"], line) {
		return
	}
	pl := &wheel.Plan{ID: row["id"], Title: row["title"], What: row["what"], Why: row["why"],
		Know: row["know"], Feel: row["feel"], Do: row["do"], Public: f.unit.Public, Line: line}
	f.at("audiences")
	pl.Audiences = f.audiences(aktivitetsplan.SplitList(row["audiences"]), line)
	f.at("focus")
	pl.Focus = f.focus(row["focus"], line)
	f.at("owner")
	pl.Owner = f.owner(row["owner"], line)
	f.at("public")
	pl.Public = f.public(row["public"], line) && pl.Public
	f.at("title")
	if pl.Title == "" {
		f.add(line, "plan %q: kommunikationsplan (planens namn) saknas", pl.ID)
	}
	f.at("follow_up")
	switch fu := row["follow_up"]; {
	case fu == "" && row["follow_up_how"] != "":
		f.add(line, "plan %q: skriv när den följs upp (ett datum eller +30d) när du skriver hur", pl.ID)
	case strings.HasPrefix(fu, "+") || strings.HasSuffix(fu, "d"):
		pl.FollowUp = f.followUp(fu, "", "", row["follow_up_how"], line)
	case fu != "":
		pl.FollowUp = f.followUp("", fu, "", row["follow_up_how"], line)
	}
	f.at("title")
	if f.planTextOK(pl, line) && f.probs.Len() == before {
		cal.Plans = append(cal.Plans, *pl)
	}
}

// public reads a publik cell: false only for nej.
func (f *fileCtx) public(cell string, line int) bool {
	public, ok := aktivitetsplan.Public(cell)
	if !ok && cell != "" {
		f.add(line, "publik %q: skriv ja eller nej", cell)
	}
	return !ok || public
}

// loadRow admits a row that checks as an item. A workbook's problems are
// each at its field's cell, the title's for the row as a whole.
func (f *fileCtx) loadRow(r aktivitetsplan.Record, cal *wheel.Calendar) {
	defer f.rowCells(r)()
	f.at("title")
	it, ok := f.checkRow(r.Values, r.Line, cal)
	f.at("start") // what admit finds is about when
	if ok && f.admit(&it, r.Line) {
		if r.Cells != nil {
			it.Source = "xlsx"
		}
		cal.Items = append(cal.Items, it)
	}
}

// checkRow checks a row against the programme and the unit, as the item
// it is; ok says it has no problems. A row naming a plan (one read
// before it, in this file or another of the unit's) is the plan's
// activity, PLAN.ID, with the plan's answers where it has none.
func (f *fileCtx) checkRow(row aktivitetsplan.Row, line int, cal *wheel.Calendar) (wheel.Item, bool) {
	before := f.probs.Len()
	title := row["title"]
	id := row["id"]
	if id == "" {
		id = aktivitetsplan.RowID(title, row["start"])
		f.at("title")
	} else {
		f.at("id")
	}
	it := wheel.Item{ID: id, Source: "csv", Title: title, Description: row["description"], Location: row["location"], Public: f.unit.Public}
	var plan *wheel.Plan
	if p := row["plan"]; p != "" {
		f.at("plan")
		for i := range cal.Plans {
			if cal.Plans[i].ID == p {
				plan = &cal.Plans[i]
			}
		}
		if plan == nil {
			f.add(line, "planen %q finns inte; skriv id för en plan på bladet Kommunikationsplaner, eller lämna plan tom", p)
		}
	}
	if plan != nil {
		f.at("id")
		id = ActivityID(id)
		if err := wheel.ValidID(id); err != nil {
			f.add(line, "%v", err)
		}
		it.ID, it.Plan = plan.ID+"."+id, plan
		// A plan's activities are unique in it, as in a file's plan.
		if first, dup := f.ids[it.ID]; dup {
			f.add(line, "aktiviteten %q finns redan i planen %q (%s)", id, plan.ID, first)
		} else {
			f.ids[it.ID] = f.where(line)
		}
	} else {
		f.claimID(id, line)
	}
	f.at("owner")
	it.Owner = f.owner(row["owner"], line)
	f.at("focus")
	it.Focus = f.focus(row["focus"], line)
	f.at("audiences")
	it.Audiences = f.audiences(aktivitetsplan.SplitList(row["audiences"]), line)
	f.at("channels")
	it.Channels = f.channels(aktivitetsplan.SplitList(row["channels"]), line)
	f.at("title")
	if title == "" {
		f.add(line, "aktivitet saknas (kolumnen aktivitet är tom)")
	}
	f.at("public")
	switch public, ok := aktivitetsplan.Public(row["public"]); {
	case ok && !public:
		it.Public = false
	case !ok && row["public"] != "":
		f.add(line, "publik %q: skriv ja eller nej", row["public"])
	}
	start, end := row["start"], row["end"]
	f.at("start")
	switch {
	case row["repeat"] != "" && (start != "" || end != ""):
		f.add(line, "skriv antingen start (en gång) eller upprepas (återkommande), inte båda")
	case row["repeat"] != "":
		f.at("repeat")
		r, err := aktivitetsplan.ParseRule(row["repeat"])
		if err != nil {
			f.add(line, "%v", err)
		}
		it.Rule = r
	case start == "":
		f.add(line, "start saknas; skriv ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM")
	case strings.ContainsAny(start, " T"):
		w := rawWhen{Start: start, End: end}
		if end == "" {
			w.Duration = "1h"
		}
		f.timedSpan(&w, line, &it)
	default:
		if end == "" {
			end = start
		} else if _, err := wheel.ParseDate(start); err == nil {
			f.at("end") // the start is fine: what is wrong is in the end
		}
		f.daySpan(start, end, line, &it, [2]string{"start", "slut"})
	}
	if fu := row["follow_up"]; fu != "" {
		f.at("follow_up")
		if strings.HasPrefix(fu, "+") || strings.HasSuffix(fu, "d") {
			it.FollowUp = f.followUp(fu, "", "", "", line)
		} else {
			it.FollowUp = f.followUp("", fu, "", "", line)
		}
	}
	if plan != nil {
		it.Public = it.Public && plan.Public
		it.Owner = cmp.Or(it.Owner, plan.Owner)
		it.Focus = cmp.Or(it.Focus, plan.Focus)
		if len(it.Audiences) == 0 {
			it.Audiences = plan.Audiences
		}
	}
	f.at("title")
	return it, f.probs.Len() == before
}

// ActivityID is a plan's activity's own id from a row's id, which may
// carry a plan's id before it ("plan.aktivitet", as the download writes
// it; another plan's when the row has moved between plans).
func ActivityID(rowID string) string {
	if _, own, ok := strings.Cut(rowID, "."); ok {
		return own
	}
	return rowID
}
