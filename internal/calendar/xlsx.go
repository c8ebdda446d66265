package calendar

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/avesta-kommun/arshjul/internal/wheel"
	"github.com/avesta-kommun/arshjul/internal/xlsxread"
)

// Limits of a workbook, far above a real aktivitetsplan (a few hundred
// rows): what lies past them is a mistake or an attack (a zip bomb), and
// is refused before it takes the daemon's memory.
const (
	MaxWorkbookRows = 5000
	// maxUnzipped bounds what a workbook may unpack to: Excel's own files
	// of MaxWorkbookRows rows unpack to a few MB. It bounds the time a
	// workbook takes too: its XML is read at about 25 MB a second.
	maxUnzipped = 32 << 20
	// maxRatio is how much one part may grow when unpacked; real sheets
	// compress 5–20 times, bombs thousands.
	maxRatio = 200
)

// Workbook is what a workbook says, row by row, before it is checked
// against the programme: the cells of each row that has any, by the field
// its column fills, as the CSV's text would say it.
type Workbook struct {
	Rows []WorkbookRow
}

// WorkbookRow is one row of a sheet with a header row.
type WorkbookRow struct {
	Sheet string
	Row   int
	// Values by field ("title", "start"…): dates as YYYY-MM-DD[ HH:MM],
	// whatever the cell's type.
	Values map[string]string
	// Cells names each field's cell ("Plan!C5").
	Cells map[string]string
}

// loadXLSX reads a workbook's rows as the CSV's, each problem at its
// cell; it returns the rows as read, nil when the workbook could not be.
func (f *fileCtx) loadXLSX(data []byte, cal *wheel.Calendar) *Workbook {
	wb, ok := f.readWorkbook(data)
	if !ok {
		return nil
	}
	for _, r := range wb.Rows {
		row := r
		f.cellOf = func(field string) string {
			if c, ok := row.Cells[field]; ok {
				return c
			}
			return row.Cells["title"]
		}
		get := func(field string) string { return row.Values[field] }
		f.at("title")
		it, ok := f.csvRow(get, r.Row)
		f.at("start") // what admit finds is about when
		if ok && f.admit(&it, r.Row) {
			it.Source = "xlsx"
			cal.Items = append(cal.Items, it)
		}
	}
	f.cellOf, f.cell = nil, ""
	return wb
}

func (f *fileCtx) readWorkbook(data []byte) (*Workbook, bool) {
	if !f.saneZip(data) {
		return nil, false
	}
	book, err := xlsxread.Open(data)
	if err != nil {
		f.add(0, "arbetsboken går inte att öppna (%v); spara den som Excel-arbetsbok (.xlsx) och försök igen", err)
		return nil, false
	}
	r := &sheetReader{f: f, book: book, wb: &Workbook{}}
	before := f.probs.Len()
	for _, sheet := range book.Sheets {
		if !r.sheet(sheet) {
			f.cell = ""
			return nil, false
		}
	}
	if r.headers == 0 && f.probs.Len() == before {
		f.add(0, "arbetsboken har inget blad med en rubrikrad; den första raden ska vara t.ex. id, aktivitet, start, slut, ansvarig, målgrupper, kanaler, fokusområde, uppföljning, beskrivning")
	}
	f.cell = ""
	// The rows that read, also when others did not: their problems are
	// found too, all at once.
	return r.wb, true
}

// saneZip refuses what is not a workbook before anything is unpacked: an
// encrypted workbook (a compound file, not a zip), a corrupt file, and a
// zip whose parts would unpack to far more than a plan.
func (f *fileCtx) saneZip(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0}) {
		f.add(0, "arbetsboken är lösenordsskyddad (eller i det gamla .xls-formatet); ta bort lösenordet och spara som Excel-arbetsbok (.xlsx)")
		return false
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		f.add(0, "filen är ingen Excel-arbetsbok (.xlsx) eller är skadad; spara om den i Excel som .xlsx")
		return false
	}
	var total uint64
	for _, e := range z.File {
		total += e.UncompressedSize64
		if total > maxUnzipped || (e.CompressedSize64 > 0 && e.UncompressedSize64/e.CompressedSize64 > maxRatio && e.UncompressedSize64 > 1<<20) {
			f.add(0, "arbetsboken packas upp till mer än %d MB, långt mer än en aktivitetsplan; den är skadad eller inte en vanlig arbetsbok", maxUnzipped>>20)
			return false
		}
	}
	return true
}

// workbookDate turns a date cell into the text the CSV has: an Excel date
// (a serial number, with a time as its fraction) or text as written. A
// follow-up's plain number of days is "+Nd".
func (f *fileCtx) workbookDate(field, v, typ string, date1904 bool, n int, cell string) string {
	num, err := strconv.ParseFloat(v, 64)
	if err != nil || typ == "s" || typ == "inlineStr" {
		return v // text: read as the CSV reads it
	}
	if field == "follow_up" && num >= 0 && num < 3650 && num == math.Trunc(num) {
		return "+" + strconv.Itoa(int(num)) + "d"
	}
	t, err := excelize.ExcelDateToTime(num, date1904)
	if err != nil || t.Year() < 1990 || t.Year() > 2200 {
		f.cell = cell
		f.add(n, "%s: %s är inget datum; skriv datumet som ett Excel-datum eller som text ÅÅÅÅ-MM-DD", columnName(field), v)
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

// columnName is a field's Swedish column header.
func columnName(field string) string {
	for _, h := range []string{"id", "aktivitet", "start", "slut", "ansvarig", "målgrupper", "kanaler", "fokusområde", "uppföljning", "beskrivning", "plats", "publik"} {
		if csvColumns[h] == field {
			return h
		}
	}
	return field
}
