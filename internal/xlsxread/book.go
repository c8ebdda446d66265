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
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := b.decode(wbPart, &wb); err != nil {
		return nil, err
	}
	b.Date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	dir := path.Dir(wbPart)
	rels, err := b.rels(path.Join(dir, "_rels", path.Base(wbPart)+".rels"), dir)
	if err != nil {
		return nil, err
	}
	for _, s := range wb.Sheets {
		for _, a := range s.Attrs {
			// r:id, under whichever prefix and namespace (transitional or strict) the file uses.
			if a.Name.Local != "id" || a.Name.Space == "" {
				continue
			}
			if r, ok := rels[a.Value]; ok && strings.HasSuffix(r.Type, "/worksheet") {
				b.Sheets = append(b.Sheets, SheetRef{Name: s.Name, part: r.Target})
			}
		}
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
	var doc struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
			Mode   string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if b.file(part) == nil {
		return relMap{}, nil
	}
	if err := b.decode(part, &doc); err != nil {
		return nil, err
	}
	m := relMap{}
	for _, r := range doc.Rels {
		if r.Mode == "External" {
			continue
		}
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		m[r.ID] = rel{Type: r.Type, Target: t}
	}
	return m, nil
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

func (b *Book) decode(part string, v any) error {
	rc, err := b.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("delen %s är ingen giltig XML: %v", part, err)
	}
	return nil
}
