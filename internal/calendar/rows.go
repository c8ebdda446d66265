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
func (f *fileCtx) loadXLSX(data []byte, cal *wheel.Calendar) *aktivitetsplan.Workbook {
	wb := aktivitetsplan.ReadWorkbook(f.name, data, f.probs)
	if wb != nil {
		for _, r := range wb.Rows {
			f.loadRow(r, cal)
		}
	}
	return wb
}

// loadRow admits a row that checks as an item. A workbook's problems are
// each at its field's cell, the title's for the row as a whole.
func (f *fileCtx) loadRow(r aktivitetsplan.Record, cal *wheel.Calendar) {
	if r.Cells != nil {
		f.cellOf = func(field string) string { return cmp.Or(r.Cells[field], r.Cells["title"]) }
		defer func() { f.cellOf, f.cell = nil, "" }()
	}
	f.at("title")
	it, ok := f.checkRow(r.Values, r.Line)
	f.at("start") // what admit finds is about when
	if ok && f.admit(&it, r.Line) {
		if r.Cells != nil {
			it.Source = "xlsx"
		}
		cal.Items = append(cal.Items, it)
	}
}

// checkRow checks a row against the programme and the unit, as the item
// it is; ok says it has no problems.
func (f *fileCtx) checkRow(row aktivitetsplan.Row, line int) (wheel.Item, bool) {
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
	f.claimID(id, line)
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
	f.at("title")
	return it, f.probs.Len() == before
}
