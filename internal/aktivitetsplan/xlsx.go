package aktivitetsplan

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/xlsxread"
)

// Limits of a workbook, far above a real aktivitetsplan (a few hundred
// rows): what lies past them is a mistake or an attack (a zip bomb), and
// is refused before it takes the daemon's memory.
const (
	MaxRows = 5000
	// maxUnzipped bounds what a workbook may unpack to: Excel's own files
	// of MaxRows rows unpack to a few MB. It bounds the time a
	// workbook takes too: its XML is read at about 25 MB a second.
	maxUnzipped = 32 << 20
	// maxRatio is how much one part may grow when unpacked; real sheets
	// compress 5–20 times, bombs thousands.
	maxRatio = 200
)

// Workbook is what a workbook says, row by row, before it is checked
// against the programme: the rows with any cells, each cell's text as the
// CSV would say it.
type Workbook struct {
	Rows []Record
	// Plans are the rows of a Kommunikationsplaner sheet: a plan a row.
	Plans []Record
}

// ReadWorkbook reads a workbook's rows under their header rows, recording
// each problem (name:SHEET!CELL) in probs; nil when the workbook could not
// be read. The rows with problems are left out, and the rows that read
// are returned also when others did not: all problems are found at once.
func ReadWorkbook(name string, data []byte, probs *diag.List) *Workbook {
	r := &sheetReader{name: name, probs: probs, wb: &Workbook{}}
	if !r.saneZip(data) {
		return nil
	}
	book, err := xlsxread.Open(data)
	if err != nil {
		r.add("", 0, "arbetsboken går inte att öppna (%v); spara den som Excel-arbetsbok (.xlsx) och försök igen", err)
		return nil
	}
	r.book = book
	before := probs.Len()
	for _, sheet := range book.Sheets {
		if !r.sheet(sheet) {
			return nil
		}
	}
	if r.headers == 0 && probs.Len() == before {
		r.add("", 0, "arbetsboken har inget blad med en rubrikrad; den första raden ska vara t.ex. id, aktivitet, start, slut, ansvarig, målgrupper, kanaler, fokusområde, uppföljning, beskrivning")
	}
	return r.wb
}

// saneZip refuses what is not a workbook before anything is unpacked: an
// encrypted workbook (a compound file, not a zip), a corrupt file, and a
// zip whose parts would unpack to far more than a plan.
func (r *sheetReader) saneZip(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0}) {
		r.add("", 0, "arbetsboken är lösenordsskyddad (eller i det gamla .xls-formatet); ta bort lösenordet och spara som Excel-arbetsbok (.xlsx)")
		return false
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		r.add("", 0, "filen är ingen Excel-arbetsbok (.xlsx) eller är skadad; spara om den i Excel som .xlsx")
		return false
	}
	var total uint64
	for _, e := range z.File {
		total += e.UncompressedSize64
		if total > maxUnzipped || (e.CompressedSize64 > 0 && e.UncompressedSize64/e.CompressedSize64 > maxRatio && e.UncompressedSize64 > 1<<20) {
			r.add("", 0, "arbetsboken packas upp till mer än %d MB, långt mer än en aktivitetsplan; den är skadad eller inte en vanlig arbetsbok", maxUnzipped>>20)
			return false
		}
	}
	return true
}

// workbookDate turns a date cell into the text the CSV has: an Excel date
// (a serial number, with a time as its fraction) or text as written. A
// follow-up's plain number of days is "+Nd".
func (r *sheetReader) workbookDate(field, v, typ string, date1904 bool, n int, cell string) string {
	num, err := strconv.ParseFloat(v, 64)
	if err != nil || typ == "s" || typ == "inlineStr" {
		return v // text: read as the CSV reads it
	}
	if field == "follow_up" && num >= 0 && num < 3650 && num == math.Trunc(num) {
		return "+" + strconv.Itoa(int(num)) + "d"
	}
	t, err := excelize.ExcelDateToTime(num, date1904)
	if err != nil || t.Year() < 1990 || t.Year() > 2200 {
		r.add(cell, n, "%s: %s är inget datum; skriv datumet som ett Excel-datum eller som text ÅÅÅÅ-MM-DD", columnName(field), v)
		return ""
	}
	// Excel's serials have no zone: the wall time in the programme's.
	t = t.Round(time.Minute)
	if t.Hour() == 0 && t.Minute() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04")
}

// cellName names a cell ("Plan!C5"); col 1 is column A.
func cellName(sheet string, col, row int) string {
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		c = fmt.Sprintf("R%dC%d", row, col)
	}
	return sheet + "!" + c
}

// headerWithin is how far down a sheet its header row may be: a template
// may have a title above it.
const headerWithin = 10

// sheetReader reads a workbook's sheets as streams, one row held at a
// time: a cell outside the header's columns is skipped as it is read, and
// the rows stop at MaxRows, counted across the sheets, before the
// rest is read.
type sheetReader struct {
	name    string
	probs   *diag.List
	book    *xlsxread.Book
	wb      *Workbook
	headers int // sheets with a header row
	rows    int // rows with text under the headers
}

// sheet reads one sheet's rows into r.wb; false when the workbook is past
// its limits and is refused whole.
func (r *sheetReader) sheet(ref xlsxread.SheetRef) bool {
	s, err := r.book.Sheet(ref)
	if err != nil {
		r.add("", 0, "bladet %q går inte att läsa: %v", ref.Name, err)
		return true
	}
	defer s.Close()
	hr := 0                 // the header's row, 0 until found
	var cols map[string]int // field → column
	var plans bool          // a sheet of plans, not activities
	for s.Next() {
		n := s.Row()
		if hr == 0 {
			if n > headerWithin {
				return true // an instructions sheet, a list of choices
			}
			if cols, plans = r.header(ref.Name, n, s.Cells()); cols != nil {
				hr = n
				r.headers++
				s.Keep, s.MergesAt = keepColumns(cols), n
			}
			continue
		}
		row, text, ok := r.row(ref.Name, n, s.Cells(), s.Other(), cols)
		if !text {
			continue // Excel leaves empty rows, and formatted ones
		}
		if n-hr > MaxRows {
			r.add(ref.Name+"!A"+strconv.Itoa(hr+1), hr+1, "bladet har fler än %d rader under rubrikraden; gränsen är %d rader. Dela upp arbetsboken", MaxRows, MaxRows)
			return false
		}
		if r.rows++; r.rows > MaxRows {
			r.add("", 0, "arbetsbokens blad har tillsammans fler än %d rader; gränsen är %d. Dela upp arbetsboken", MaxRows, MaxRows)
			return false
		}
		switch {
		case !ok || row.Values["admin"] != "":
			// A row kept in the unit's files is shown, never read back.
		case plans:
			r.wb.Plans = append(r.wb.Plans, row)
		default:
			r.wb.Rows = append(r.wb.Rows, row)
		}
	}
	if err := s.Err(); err != nil {
		r.add("", 0, "bladet %q går inte att läsa: %v", ref.Name, err)
		return true
	}
	if hr > 0 {
		r.mergedHeader(ref.Name, hr, s.Merges())
	}
	return true
}

// add records a problem, at cell when there is one.
func (r *sheetReader) add(cell string, line int, format string, args ...any) {
	r.probs.AddCell(r.name, line, cell, format, args...)
}

func keepColumns(cols map[string]int) func(int) bool {
	keep := map[int]bool{}
	for _, c := range cols {
		keep[c] = true
	}
	return func(c int) bool { return keep[c] }
}

// header reads row n as a header row: the column of each field when it
// has the aktivitet and start (or upprepas) columns (plans false), or the id and
// kommunikationsplan columns of a sheet of plans (plans true); nil when
// neither. A header row with unknown columns is one, with problems.
func (r *sheetReader) header(sheet string, n int, cells []xlsxread.Cell) (map[string]int, bool) {
	for _, set := range []struct {
		cols  []column
		needs [2]string
	}{{columns, [2]string{"title", "start"}}, {planColumns, [2]string{"id", "title"}}} {
		cols := map[string]int{}
		var unknown []xlsxread.Cell
		for _, c := range cells {
			if strings.TrimSpace(c.Value) == "" {
				continue
			}
			if field, ok := fieldOf(set.cols, c.Value); ok {
				cols[field] = c.Col
			} else {
				unknown = append(unknown, c)
			}
		}
		_, a := cols[set.needs[0]]
		_, b := cols[set.needs[1]]
		if _, repeat := cols["repeat"]; repeat && set.needs[1] == "start" {
			b = true // a sheet of recurring activities alone
		}
		if !a || !b {
			continue
		}
		for _, c := range unknown {
			r.add(cellName(sheet, c.Col, n), n, "okänd kolumn %q; giltiga kolumner är %s", c.Value, validColumns(set.cols))
		}
		return cols, set.needs[0] == "id"
	}
	return nil, false
}

// mergedHeader refuses merged cells in the header row: a merged header
// names one column and leaves the next without a name.
func (r *sheetReader) mergedHeader(sheet string, hr int, merges []string) {
	for _, m := range merges {
		from, to, ok := strings.Cut(m, ":")
		if !ok {
			to = from
		}
		r.add(sheet+"!"+from, hr, "rubrikraden har sammanfogade celler (%s:%s); dela upp dem så att varje kolumn har en egen rubrik", from, to)
	}
}

// row reads row n (its cells in the header's columns) into text as the
// CSV would say it. text says the row has any (in any column); ok that
// it has no problems.
func (r *sheetReader) row(sheet string, n int, cells []xlsxread.Cell, other bool, cols map[string]int) (row Record, text, ok bool) {
	byCol := make(map[int]xlsxread.Cell, len(cells))
	text = other
	for _, c := range cells {
		byCol[c.Col] = c
		if strings.TrimSpace(c.Value) != "" {
			text = true
		}
	}
	if !text {
		return row, false, false
	}
	row = Record{Line: n, Values: Row{}, Cells: map[string]string{}}
	before := r.probs.Len()
	for field, col := range cols {
		cell := cellName(sheet, col, n)
		row.Cells[field] = cell
		c := byCol[col]
		if c.HasFormula {
			if c.Formula != "" {
				r.add(cell, n, "cellen har en formel (=%s); skriv in värdet i stället, t.ex. genom att kopiera och klistra in som värden", c.Formula)
			} else {
				r.add(cell, n, "cellen har en formel; skriv in värdet i stället, t.ex. genom att kopiera och klistra in som värden")
			}
			continue
		}
		v := strings.TrimSpace(c.Value)
		if v == "" {
			continue
		}
		switch {
		case c.Type == "b":
			v = map[string]string{"1": "ja", "0": "nej"}[v]
		case field == "start" || field == "end" || field == "follow_up" || field == "from" || field == "to":
			v = r.workbookDate(field, v, c.Type, r.book.Date1904, n, cell)
		}
		row.Values[field] = v
	}
	return row, true, r.probs.Len() == before
}
