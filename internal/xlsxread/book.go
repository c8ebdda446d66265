// Package xlsxread reads the cells of an .xlsx workbook as a stream, one
// row at a time, without building a sheet in memory: a row holds only the
// cells written in the file (a cell in column XFD is one cell, not 16,384),
// and a reader that has what it needs stops. The zip itself enforces each
// part's declared size; the caller bounds those before opening.
package xlsxread

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Book is an opened workbook: its worksheets in the workbook's order, its
// date system and its shared strings.
type Book struct {
	z        *zip.Reader
	Sheets   []SheetRef
	Date1904 bool // serial dates count from 1904 (old Mac Excel)
	strs     strTable
}

// SheetRef is one worksheet: its name and the part that holds it.
type SheetRef struct {
	Name string
	part string
}

// maxSheets bounds a workbook's worksheets, and maxRels the relationships
// of one part: far above any real workbook's, and what a few KB of
// hostile XML could otherwise make into a large map.
const (
	maxSheets = 1000
	maxRels   = 10000
)

// Open reads a workbook's structure and its shared strings; the sheets
// are read as streams by Sheet.
func Open(data []byte) (*Book, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errors.New("filen är ingen zip-fil")
	}
	b := &Book{z: z}
	root, err := b.rels("_rels/.rels", "")
	if err != nil {
		return nil, err
	}
	wbPart := "xl/workbook.xml"
	if p := root.target("/officeDocument"); p != "" {
		wbPart = p
	}
	dir := path.Dir(wbPart)
	rels, err := b.rels(path.Join(dir, "_rels", path.Base(wbPart)+".rels"), dir)
	if err != nil {
		return nil, err
	}
	read := map[string]bool{} // a part is read once, however many sheets name it
	err = b.each(wbPart, func(e xml.StartElement) error {
		switch e.Name.Local {
		case "workbookPr":
			v := attr(e, "date1904")
			b.Date1904 = v == "1" || v == "true"
		case "sheet":
			for _, a := range e.Attr {
				// r:id, under whichever prefix and namespace (transitional
				// or strict) the file uses.
				if a.Name.Local != "id" || a.Name.Space == "" {
					continue
				}
				r, ok := rels[a.Value]
				if !ok || !strings.HasSuffix(r.Type, "/worksheet") || read[r.Target] {
					continue
				}
				if len(b.Sheets) == maxSheets {
					return fmt.Errorf("arbetsboken har fler än %d blad", maxSheets)
				}
				read[r.Target] = true
				b.Sheets = append(b.Sheets, SheetRef{Name: attr(e, "name"), part: r.Target})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if p := rels.target("/sharedStrings"); p != "" {
		if err := b.readStrings(p); err != nil {
			return nil, err
		}
	}
	return b, nil
}

type rel struct{ Type, Target string }

type relMap map[string]rel

func (m relMap) target(typeSuffix string) string {
	for _, r := range m {
		if strings.HasSuffix(r.Type, typeSuffix) {
			return r.Target
		}
	}
	return ""
}

// rels reads a relationships part, its targets as paths in the zip (dir:
// the folder relative targets start from). A missing part has none.
func (b *Book) rels(part, dir string) (relMap, error) {
	m := relMap{}
	if b.file(part) == nil {
		return m, nil
	}
	err := b.each(part, func(e xml.StartElement) error {
		if e.Name.Local != "Relationship" || attr(e, "TargetMode") == "External" {
			return nil
		}
		if len(m) == maxRels {
			return fmt.Errorf("delen %s har fler än %d relationer", part, maxRels)
		}
		t := attr(e, "Target")
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		m[attr(e, "Id")] = rel{Type: attr(e, "Type"), Target: t}
		return nil
	})
	return m, err
}

func (b *Book) file(part string) *zip.File {
	for _, f := range b.z.File {
		if f.Name == part {
			return f
		}
	}
	return nil
}

func (b *Book) open(part string) (io.ReadCloser, error) {
	f := b.file(part)
	if f == nil {
		return nil, fmt.Errorf("delen %s saknas", part)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("delen %s går inte att packa upp: %v", part, err)
	}
	return rc, nil
}

// each calls fn with every element's start in part, as a stream.
func (b *Book) each(part string, fn func(xml.StartElement) error) error {
	rc, err := b.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("delen %s är ingen giltig XML: %v", part, err)
		}
		if e, ok := tok.(xml.StartElement); ok {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
}
