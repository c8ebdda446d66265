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

// Sheet names. The sheets with a header row are read; the others are
// skipped.
const (
	planSheet         = "Aktivitetsplan"
	plansSheet        = "Kommunikationsplaner"
	instructionsSheet = "Instruktioner"
	choicesSheet      = "Val"
)

// Write writes unit's rows and its plans (none: an empty template) as
// the workbook people download: one activity a row in the columns the
// readers read back, a plan a row with its answers to the programme's
// seven questions, dates as Excel dates, dropdowns of the programme's
// audiences, channels and focus areas, and a sheet of instructions in
// klarspråk. Rows marked as kept in the unit's files (the admin column)
// are locked, the others and the empty rows below them open. A workbook
// it writes and nobody changes reads back as the same rows. The sheets
// are the activities, the instructions, the plans, and the dropdowns'
// choices (hidden).
func Write(w io.Writer, prog *wheel.Programme, unit string, rows, plans []Row) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", planSheet); err != nil {
		return err
	}
	if err := writeSheet(x, planSheet, columns, rows); err != nil {
		return err
	}
	if err := validations(x, prog); err != nil {
		return err
	}
	if err := writeInstructions(x, prog, unit); err != nil {
		return err
	}
	if _, err := x.NewSheet(plansSheet); err != nil {
		return err
	}
	if err := writeSheet(x, plansSheet, planColumns, plans); err != nil {
		return err
	}
	if err := writeChoices(x, prog); err != nil {
		return err
	}
	x.SetActiveSheet(0)
	x.SetDocProps(&excelize.DocProperties{Title: "Aktivitetsplan " + unit, Creator: "arshjul", Language: "sv-SE"})
	return x.Write(w)
}

// cellStyles are a sheet's styles for a cell: plain, a date, a date and
// time, wrapped text; open to edit or locked (greyed).
type cellStyles struct{ plain, day, timed, wrap [2]int }

func newCellStyles(x *excelize.File) (cellStyles, error) {
	var cs cellStyles
	for i, locked := range []bool{false, true} {
		base := excelize.Style{Protection: &excelize.Protection{Locked: locked}}
		if locked {
			base.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}}
			base.Font = &excelize.Font{Color: "595959"}
		}
		for _, s := range []struct {
			to  *int
			set func(*excelize.Style)
		}{
			{&cs.plain[i], func(*excelize.Style) {}},
			{&cs.day[i], func(st *excelize.Style) { st.CustomNumFmt = ptr("yyyy-mm-dd") }},
			{&cs.timed[i], func(st *excelize.Style) { st.CustomNumFmt = ptr("yyyy-mm-dd hh:mm") }},
			{&cs.wrap[i], func(st *excelize.Style) { st.Alignment = &excelize.Alignment{WrapText: true, Vertical: "top"} }},
		} {
			st := base
			s.set(&st)
			id, err := x.NewStyle(&st)
			if err != nil {
				return cs, err
			}
			*s.to = id
		}
	}
	return cs, nil
}

// writeSheet writes rows under cols' header. The sheet is protected
// without a password: the rows kept in the files are locked (and never
// read back, whatever is typed in them), the others and the empty rows
// below open, and filters, sorting and new rows allowed.
func writeSheet(x *excelize.File, s string, cols []column, rows []Row) error {
	header, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Alignment:  &excelize.Alignment{Vertical: "center"},
		Protection: &excelize.Protection{Locked: true}})
	if err != nil {
		return err
	}
	cs, err := newCellStyles(x)
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	for i, c := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.SetCellStr(s, col+"1", c.header)
		if err := x.SetColWidth(s, col, col, c.width); err != nil {
			return err
		}
	}
	if err := x.SetColStyle(s, "A:"+last, cs.plain[0]); err != nil {
		return err
	}
	x.SetCellStyle(s, "A1", last+"1", header)
	for r, row := range rows {
		lock := 0
		if row["admin"] != "" {
			lock = 1
		}
		for i, c := range cols {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			v := row[c.field]
			style := cs.plain[lock]
			if c.field == "description" || c.field == "admin" {
				style = cs.wrap[lock]
			}
			if c.field == "start" || c.field == "end" {
				style = cs.day[lock] // typed in later, a date is a date cell
			}
			if t, day, ok := dateCell(c.field, v); ok {
				x.SetCellValue(s, cell, t)
				style = cs.timed[lock]
				if day {
					style = cs.day[lock]
				}
			} else if v != "" {
				x.SetCellStr(s, cell, v)
			}
			x.SetCellStyle(s, cell, cell, style)
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
	return x.ProtectSheet(s, &excelize.SheetProtectionOptions{AutoFilter: true, Sort: true, FormatCells: true,
		FormatColumns: true, FormatRows: true, InsertRows: true, DeleteRows: true,
		SelectLockedCells: true, SelectUnlockedCells: true})
}

// dateCell is a date column's text as an Excel date, and whether it is
// a day (not a time). Excel's dates have no zone: the wall time is
// written as it is.
func dateCell(field, v string) (time.Time, bool, bool) {
	switch field {
	case "start", "end", "follow_up", "from", "to":
	default:
		return time.Time{}, false, false
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t, true, true
	}
	if t, err := time.Parse("2006-01-02 15:04", v); err == nil && field != "follow_up" {
		return t, false, true
	}
	return time.Time{}, false, false
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
		{"", "En aktivitet som återkommer har start tom och regeln i kolumnen upprepas, t.ex. \"varje tisdag 09.00\"; från och till visar seriens första och sista dag."},
		{"", "Bladet Kommunikationsplaner har en plan per rad med svaren på programmets sju frågor. En aktivitet hör till en plan när planens id står i kolumnen plan."},
		{"", "Grå, låsta rader finns i enhetens kalenderfiler och ändras av administratören (filen och raden står i sista kolumnen). De läses inte när du laddar upp."},
		{"", "Skriv inga formler och slå inte ihop celler på bladet Aktivitetsplan: skriv in värdena."},
		{"", ""},
		{"Kolumn", "Vad du skriver"},
	}
	headRow := len(lines)
	for _, c := range columns {
		lines = append(lines, [2]string{c.header, c.help})
	}
	lines = append(lines, [2]string{"", ""}, [2]string{"upprepas", strings.Join(RuleForms, "\n")}, [2]string{"", ""})
	for _, c := range planColumns {
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
	x.SetCellStyle(s, fmt.Sprintf("A%d", headRow), fmt.Sprintf("B%d", headRow), bold)
	return nil
}

func ptr[T any](v T) *T { return &v }
