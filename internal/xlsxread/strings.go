package xlsxread

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// strTable is the shared strings, one arena of text and where each ends:
// millions of tiny strings cost a few bytes each, not a string header and
// an allocation each.
type strTable struct {
	text []byte
	ends []uint32
}

func (t *strTable) at(i int) ([]byte, bool) {
	if i < 0 || i >= len(t.ends) {
		return nil, false
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.text[start:t.ends[i]], true
}

// readStrings reads the shared strings part as a stream: each item's text
// is its runs' text, without the phonetic guides (rPh) East Asian text
// carries.
func (b *Book) readStrings(part string) error {
	rc, err := b.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var item []byte
	inItem, inText, phonetic := false, false, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("delen %s är ingen giltig XML: %v", part, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inItem, item = true, item[:0]
			case "rPh":
				phonetic++
			case "t":
				inText = inItem && phonetic == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				b.strs.text = appendUnescaped(b.strs.text, item)
				b.strs.ends = append(b.strs.ends, uint32(len(b.strs.text)))
				inItem = false
			case "rPh":
				phonetic--
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText {
				item = append(item, t...)
			}
		}
	}
}

// appendUnescaped appends s with Excel's escapes of characters XML 1.0
// cannot hold (_x000D_ for CR; _x005F_ for a literal underscore) undone.
func appendUnescaped(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		if s[i] == '_' && i+7 <= len(s) && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(string(s[i+2:i+6]), 16, 16); err == nil {
				dst = utf8.AppendRune(dst, rune(n))
				i += 7
				continue
			}
		}
		dst = append(dst, s[i])
		i++
	}
	return dst
}
