package testenv

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// WideWorkbook writes an aktivitetsplan of rows valid rows (aktivitet and
// start), each with one more cell far out in column XFD, the last: a small
// file that a reader padding every row to its widest cell makes into
// 16,384 cells a row. Written by excelize's stream writer, which writes
// the cells as they are.
func WideWorkbook(w io.Writer, rows int) error {
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"aktivitet", "start"}); err != nil {
		return err
	}
	row := make([]any, excelize.MaxColumns)
	day := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		row[0] = fmt.Sprintf("Aktivitet %d", i+1)
		row[1] = day.AddDate(0, 0, i%365).Format("2006-01-02")
		row[excelize.MaxColumns-1] = "x"
		if err := sw.SetRow(fmt.Sprintf("A%d", i+2), row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(w)
}
