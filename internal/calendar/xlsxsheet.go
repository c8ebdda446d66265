package calendar

import (
	"strconv"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/xlsxread"
)

// headerWithin is how far down a sheet its header row may be: a template
// may have a title above it.
const headerWithin = 10

// sheetReader reads a workbook's sheets as streams, one row held at a
// time: a cell outside the header's columns is skipped as it is read, and
// the rows stop at MaxWorkbookRows, counted across the sheets, before the
// rest is read.
type sheetReader struct {
	f       *fileCtx
	book    *xlsxread.Book
	wb      *Workbook
	headers int // sheets with a header row
	rows    int // rows with text under the headers
}

// sheet reads one sheet's rows into r.wb; false when the workbook is past
// its limits and is refused whole.
func (r *sheetReader) sheet(ref xlsxread.SheetRef) bool {
	f := r.f
	s, err := r.book.Sheet(ref)
	if err != nil {
		f.add(0, "bladet %q går inte att läsa: %v", ref.Name, err)
		return true
	}
	defer s.Close()
	hr := 0                 // the header's row, 0 until found
	var cols map[string]int // field → column
	for s.Next() {
		n := s.Row()
		if hr == 0 {
			if n > headerWithin {
				return true // an instructions sheet, a list of choices
			}
			if cols = r.header(ref.Name, n, s.Cells()); cols != nil {
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
		if n-hr > MaxWorkbookRows {
			f.cell = ref.Name + "!A" + strconv.Itoa(hr+1)
			f.add(hr+1, "bladet har fler än %d rader under rubrikraden; gränsen är %d rader. Dela upp arbetsboken", MaxWorkbookRows, MaxWorkbookRows)
			return false
		}
		if r.rows++; r.rows > MaxWorkbookRows {
			f.add(0, "arbetsbokens blad har tillsammans fler än %d rader; gränsen är %d. Dela upp arbetsboken", MaxWorkbookRows, MaxWorkbookRows)
			return false
		}
		if ok {
			r.wb.Rows = append(r.wb.Rows, row)
		}
	}
	if err := s.Err(); err != nil {
		f.add(0, "bladet %q går inte att läsa: %v", ref.Name, err)
		return true
	}
	if hr > 0 {
		r.mergedHeader(ref.Name, hr, s.Merges())
	}
	return true
}

func keepColumns(cols map[string]int) func(int) bool {
	keep := map[int]bool{}
	for _, c := range cols {
		keep[c] = true
	}
	return func(c int) bool { return keep[c] }
}

// header reads row n as a header row: the column of each field when it
// has the aktivitet and start columns, nil when not. A header row with
// unknown columns is one, with problems.
func (r *sheetReader) header(sheet string, n int, cells []xlsxread.Cell) map[string]int {
	cols := map[string]int{}
	var unknown []xlsxread.Cell
	for _, c := range cells {
		key := strings.ToLower(strings.TrimSpace(c.Value))
		if key == "" {
			continue
		}
		if field, ok := csvColumns[key]; ok {
			cols[field] = c.Col
		} else {
			unknown = append(unknown, c)
		}
	}
	_, title := cols["title"]
	_, start := cols["start"]
	if !title || !start {
		return nil
	}
	for _, c := range unknown {
		r.f.cell = cellName(sheet, c.Col, n)
		r.f.add(n, "okänd kolumn %q; giltiga kolumner är %s", c.Value, validColumns)
	}
	r.f.cell = ""
	return cols
}

// mergedHeader refuses merged cells in the header row: a merged header
// names one column and leaves the next without a name.
func (r *sheetReader) mergedHeader(sheet string, hr int, merges []string) {
	for _, m := range merges {
		from, to, ok := strings.Cut(m, ":")
		if !ok {
			to = from
		}
		r.f.cell = sheet + "!" + from
		r.f.add(hr, "rubrikraden har sammanfogade celler (%s:%s); dela upp dem så att varje kolumn har en egen rubrik", from, to)
	}
	r.f.cell = ""
}

// row reads row n (its cells in the header's columns) into text as the
// CSV would say it. text says the row has any (in any column); ok that
// it has no problems.
func (r *sheetReader) row(sheet string, n int, cells []xlsxread.Cell, other bool, cols map[string]int) (row WorkbookRow, text, ok bool) {
	f := r.f
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
	row = WorkbookRow{Sheet: sheet, Row: n, Values: map[string]string{}, Cells: map[string]string{}}
	before := f.probs.Len()
	for field, col := range cols {
		cell := cellName(sheet, col, n)
		row.Cells[field] = cell
		c := byCol[col]
		if c.HasFormula {
			f.cell = cell
			if c.Formula != "" {
				f.add(n, "cellen har en formel (=%s); skriv in värdet i stället, t.ex. genom att kopiera och klistra in som värden", c.Formula)
			} else {
				f.add(n, "cellen har en formel; skriv in värdet i stället, t.ex. genom att kopiera och klistra in som värden")
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
		case field == "start" || field == "end" || field == "follow_up":
			v = f.workbookDate(field, v, c.Type, r.book.Date1904, n, cell)
		}
		row.Values[field] = v
	}
	f.cell = ""
	return row, true, f.probs.Len() == before
}
