package aktivitetsplan

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Sheet names. The plan's sheet is the one with the header row; the
// reader skips the others.
const (
	planSheet         = "Aktivitetsplan"
	instructionsSheet = "Instruktioner"
	choicesSheet      = "Val"
)

// Write writes unit's rows (none: an empty template) as the workbook
// people download: one activity a row in the columns the readers read
// back, dates as Excel dates, dropdowns of the programme's audiences,
// channels and focus areas, and a sheet of instructions in klarspråk. A
// workbook it writes and nobody changes reads back as the same rows.
// The sheets are the plan, then the instructions, then the dropdowns'
// choices (hidden).
func Write(w io.Writer, prog *wheel.Programme, unit string, rows []Row) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", planSheet); err != nil {
		return err
	}
	if err := writePlan(x, prog, rows); err != nil {
		return err
	}
	if err := writeInstructions(x, prog, unit); err != nil {
		return err
	}
	if err := writeChoices(x, prog); err != nil {
		return err
	}
	x.SetActiveSheet(0)
	x.SetDocProps(&excelize.DocProperties{Title: "Aktivitetsplan " + unit, Creator: "arshjul", Language: "sv-SE"})
	return x.Write(w)
}

func writePlan(x *excelize.File, prog *wheel.Programme, rows []Row) error {
	s := planSheet
	header, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return err
	}
	day, err := x.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")})
	if err != nil {
		return err
	}
	timed, err := x.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm")})
	if err != nil {
		return err
	}
	wrap, err := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	for i, c := range columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.SetCellStr(s, col+"1", c.header)
		if err := x.SetColWidth(s, col, col, c.width); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(columns))
	x.SetCellStyle(s, "A1", last+"1", header)
	for r, row := range rows {
		for i, c := range columns {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			v := row[c.field]
			if v == "" {
				continue
			}
			if t, style, ok := dateCell(c.field, v, day, timed); ok {
				x.SetCellValue(s, cell, t)
				x.SetCellStyle(s, cell, cell, style)
				continue
			}
			x.SetCellStr(s, cell, v)
			if c.field == "description" {
				x.SetCellStyle(s, cell, cell, wrap)
			}
		}
	}
	// The header stays in view while scrolling, and filters sort and pick.
	if err := x.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := x.AutoFilter(s, "A1:"+last+"1", nil); err != nil {
		return err
	}
	return validations(x, prog)
}

// dateCell is a date column's text as an Excel date, with its format.
// Excel's dates have no zone: the wall time is written as it is.
func dateCell(field, v string, day, timed int) (time.Time, int, bool) {
	if field != "start" && field != "end" && field != "follow_up" {
		return time.Time{}, 0, false
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t, day, true
	}
	if t, err := time.Parse("2006-01-02 15:04", v); err == nil && field != "follow_up" {
		return t, timed, true
	}
	return time.Time{}, 0, false
}

// rowsWithRules is how far down the dropdowns and prompts reach: far past
// any plan, without making the file large.
const rowsWithRules = 2000

// choice is a dropdown's list, in its column of the Val sheet: the
// plan's column it is for, and whether a cell there may hold several.
type choice struct {
	field string
	names []string
	multi bool
}

// choices are the dropdowns' lists, in the Val sheet's columns from A.
func choices(prog *wheel.Programme) []choice {
	return []choice{
		{"audiences", prog.Audiences.NamesOf(prog.Audiences.Keys), true},
		{"channels", prog.Channels.NamesOf(prog.Channels.Keys), true},
		{"focus", prog.FocusAreas.NamesOf(prog.FocusAreas.Keys), false},
		{"public", []string{"ja", "nej"}, false},
	}
}

// validations are the dropdowns (the choices from the Val sheet, by their
// Swedish names) and the prompts that say what each column wants. The
// list columns may hold several choices, so a value not in the list only
// informs.
func validations(x *excelize.File, prog *wheel.Programme) error {
	lists := choices(prog)
	for i, c := range columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, rowsWithRules)
		dv.SetInput(c.header, c.help)
		if j := slices.IndexFunc(lists, func(l choice) bool { return l.field == c.field }); j >= 0 {
			lc, _ := excelize.ColumnNumberToName(j + 1)
			dv.SetSqrefDropList(fmt.Sprintf("%s!$%s$2:$%s$%d", choicesSheet, lc, lc, len(lists[j].names)+1))
			if lists[j].multi {
				dv.SetError(excelize.DataValidationErrorStyleInformation, c.header, "Skriv flera åtskilda med komma, t.ex. \"Medarbetare, Kommuninvånare\".")
			} else {
				dv.SetError(excelize.DataValidationErrorStyleStop, c.header, "Välj ur listan.")
			}
		}
		if err := x.AddDataValidation(planSheet, dv); err != nil {
			return err
		}
	}
	return nil
}

// writeChoices is the sheet the dropdowns take their choices from,
// hidden: the instructions list them for reading.
func writeChoices(x *excelize.File, prog *wheel.Programme) error {
	if _, err := x.NewSheet(choicesSheet); err != nil {
		return err
	}
	if err := x.SetSheetVisible(choicesSheet, false); err != nil {
		return err
	}
	for i, l := range choices(prog) {
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.SetCellStr(choicesSheet, col+"1", columnName(l.field))
		x.SetColWidth(choicesSheet, col, col, 40)
		for j, n := range l.names {
			x.SetCellStr(choicesSheet, fmt.Sprintf("%s%d", col, j+2), n)
		}
	}
	return nil
}

func writeInstructions(x *excelize.File, prog *wheel.Programme, unit string) error {
	s := instructionsSheet
	if _, err := x.NewSheet(s); err != nil {
		return err
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	wrap, err := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	x.SetColWidth(s, "A", "A", 18)
	x.SetColWidth(s, "B", "B", 90)
	lines := [][2]string{
		{"Aktivitetsplan " + unit, ""},
		{"", "Så här fyller du i arbetsboken. Varje rad på bladet Aktivitetsplan är en aktivitet i årshjulet."},
		{"", "Skriv en aktivitet per rad. Aktivitet och start måste finnas; resten fyller du i när du vet."},
		{"", "Ladda upp arbetsboken på enhetens sida i årshjulet. Du ser först vad som läggs till, ändras och tas bort, och inget sparas förrän du bekräftar."},
		{"", "Tar du bort en rad tas aktiviteten bort ur årshjulet när du laddar upp. Ändra inte id på raderna som finns."},
		{"", "Återkommande aktiviteter och kommunikationsplaner (med programmets sju frågor) ändrar du i webbens redigerare, inte här."},
		{"", "Skriv inga formler och slå inte ihop celler på bladet Aktivitetsplan: skriv in värdena."},
		{"", ""},
		{"Kolumn", "Vad du skriver"},
	}
	for _, c := range columns {
		lines = append(lines, [2]string{c.header, c.help})
	}
	lines = append(lines, [2]string{"", ""},
		[2]string{"Målgrupper", strings.Join(prog.Audiences.NamesOf(prog.Audiences.Keys), ", ")},
		[2]string{"Kanaler", strings.Join(prog.Channels.NamesOf(prog.Channels.Keys), ", ")},
		[2]string{"Fokusområden", strings.Join(prog.FocusAreas.NamesOf(prog.FocusAreas.Keys), ", ")})
	for i, l := range lines {
		x.SetCellStr(s, fmt.Sprintf("A%d", i+1), l[0])
		x.SetCellStr(s, fmt.Sprintf("B%d", i+1), l[1])
		x.SetCellStyle(s, fmt.Sprintf("B%d", i+1), fmt.Sprintf("B%d", i+1), wrap)
	}
	x.SetCellStyle(s, "A1", "A1", bold)
	x.SetCellStyle(s, "A9", "B9", bold)
	return nil
}

func ptr[T any](v T) *T { return &v }
