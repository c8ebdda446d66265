package xlsxread

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxCells is how many cells a row may have: Excel's columns, A to XFD.
const maxCells = 16384

// Cell is one cell as the file writes it.
type Cell struct {
	Col int // 1 for column A
	// Type is the cell's t attribute: "s" (a shared string), "inlineStr",
	// "str" (a formula's text), "b", "e", "d", or "" for a number.
	Type string
	// Value is a string cell's text, otherwise the value as written (a
	// date is its serial number).
	Value      string
	HasFormula bool
	Formula    string // the formula's text; empty in a cell sharing another's
}

// Sheet is a worksheet read row by row.
type Sheet struct {
	// Keep says which columns' cells a row holds; nil keeps all. The others
	// are skipped as they are read, only noted in Other.
	Keep func(col int) bool
	// MergesAt is the row whose merged ranges Merges keeps (0: none): a
	// sheet may list any number of them.
	MergesAt int

	b      *Book
	name   string
	rc     io.ReadCloser
	d      *xml.Decoder
	row    int
	cells  []Cell
	other  bool
	merges []string
	err    error
}

// Sheet opens a worksheet's stream; Close it.
func (b *Book) Sheet(s SheetRef) (*Sheet, error) {
	rc, err := b.open(s.part)
	if err != nil {
		return nil, err
	}
	return &Sheet{b: b, name: s.Name, rc: rc, d: xml.NewDecoder(rc)}, nil
}

// Close releases the stream.
func (s *Sheet) Close() error { return s.rc.Close() }

// Row is the current row's number, 1 for the first.
func (s *Sheet) Row() int { return s.row }

// Cells are the current row's kept cells, in the file's order; valid
// until the next call to Next.
func (s *Sheet) Cells() []Cell { return s.cells }

// Other says the current row has text in a column Keep did not keep.
func (s *Sheet) Other() bool { return s.other }

// Err is what stopped the stream, if not its end.
func (s *Sheet) Err() error { return s.err }

// Merges are the sheet's merged ranges ("E1:F1") over row MergesAt: the
// file lists them after the rows, so they are known once Next has
// returned false.
func (s *Sheet) Merges() []string { return s.merges }

// Next reads the next row that the file writes (rows without cells are
// often left out); false at the end or on an error.
func (s *Sheet) Next() bool {
	if s.err != nil {
		return false
	}
	for {
		tok, err := s.d.RawToken()
		if err == io.EOF {
			return false
		}
		if err != nil {
			s.fail("", err)
			return false
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch start.Name.Local {
		case "row":
			n := s.row + 1
			if r := attr(start, "r"); r != "" {
				if n, err = strconv.Atoi(r); err != nil || n < 1 || n > excelize.TotalRows {
					s.err = fmt.Errorf("bladet %q har ett ogiltigt radnummer %q", s.name, r)
					return false
				}
			}
			s.row = n
			return s.readRow()
		case "mergeCell":
			if ref := attr(start, "ref"); s.MergesAt > 0 && covers(ref, s.MergesAt) {
				s.merges = append(s.merges, ref)
			}
		}
	}
}

// readRow reads the current row's cells, up to its end.
func (s *Sheet) readRow() bool {
	s.cells, s.other = s.cells[:0], false
	col, seen := 0, 0
	for {
		tok, err := s.d.RawToken()
		if err != nil {
			s.fail("", err)
			return false
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == "row" {
				return true
			}
		case xml.StartElement:
			if t.Name.Local != "c" {
				continue
			}
			col++
			if r := attr(t, "r"); r != "" {
				c, _, err := excelize.CellNameToCoordinates(r)
				if err != nil {
					s.err = fmt.Errorf("bladet %q rad %d har en cell med ogiltig adress %q", s.name, s.row, r)
					return false
				}
				col = c
			}
			if seen++; seen > maxCells || col > maxCells {
				s.err = fmt.Errorf("bladet %q rad %d har fler än %d celler", s.name, s.row, maxCells)
				return false
			}
			if !s.readCell(t, col) {
				return false
			}
		}
	}
}

// readCell reads one cell to its end: kept, or only looked at for text.
func (s *Sheet) readCell(start xml.StartElement, col int) bool {
	keep := s.Keep == nil || s.Keep(col)
	typ := attr(start, "t")
	var v, text, formula []byte
	hasFormula, inline, in := false, false, ""
	phonetic := 0
	for {
		tok, err := s.d.RawToken()
		if err != nil {
			s.fail(cellName(col, s.row), err)
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v", "t":
				in = t.Name.Local
			case "f":
				in, hasFormula = "f", true
			case "is":
				inline = true
			case "rPh":
				phonetic++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "c":
				if typ == "inlineStr" && inline {
					v = appendUnescaped(nil, text)
				}
				return s.endCell(col, typ, v, formula, hasFormula, keep)
			case "rPh":
				phonetic--
			}
			in = ""
		case xml.CharData:
			switch {
			case in == "v":
				v = append(v, t...)
			case in == "t" && phonetic == 0:
				text = append(text, t...)
			case in == "f" && keep:
				formula = append(formula, t...)
			}
		}
	}
}

// endCell keeps the cell, or notes whether it has text; v is its value as
// written, an inline string's text.
func (s *Sheet) endCell(col int, typ string, v, formula []byte, hasFormula, keep bool) bool {
	var value []byte
	switch {
	case typ == "s" && len(bytes.TrimSpace(v)) > 0:
		i, err := strconv.Atoi(string(bytes.TrimSpace(v)))
		str, ok := s.b.strs.at(i)
		if err != nil || !ok {
			s.err = fmt.Errorf("cellen %s!%s pekar på en delad text som inte finns (%q)", s.name, cellName(col, s.row), v)
			return false
		}
		value = str
	default:
		value = v
	}
	if !keep {
		if len(bytes.TrimSpace(value)) > 0 {
			s.other = true
		}
		return true
	}
	s.cells = append(s.cells, Cell{Col: col, Type: typ, Value: string(value), HasFormula: hasFormula, Formula: string(formula)})
	return true
}

func (s *Sheet) fail(cell string, err error) {
	where := fmt.Sprintf("bladet %q rad %d", s.name, s.row)
	if cell != "" {
		where = fmt.Sprintf("cellen %s!%s", s.name, cell)
	}
	s.err = fmt.Errorf("%s går inte att läsa: %v", where, err)
}

// covers says the range ref ("E1:F2", or one cell) spans row.
func covers(ref string, row int) bool {
	from, to, ok := strings.Cut(ref, ":")
	if !ok {
		to = from
	}
	_, r1, err1 := excelize.SplitCellName(from)
	_, r2, err2 := excelize.SplitCellName(to)
	return err1 == nil && err2 == nil && r1 <= row && row <= r2
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func cellName(col, row int) string {
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row, col)
	}
	return c
}
