package aktivitetsplan

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/avesta-kommun/arshjul/internal/diag"
)

// DecodeText turns a text file exported by Windows software (Excel's
// CSV, an older Outlook's .ics) into UTF-8: a BOM is dropped, and a file
// that is not valid UTF-8 is Windows-1252.
func DecodeText(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return data
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// sniffDelimiter reads Excel's "sep=;" line when there is one, else picks the
// more frequent of ; , and tab in the header line. It returns how many lines
// it consumed.
func sniffDelimiter(data []byte) (rune, []byte, int) {
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	first = bytes.TrimRight(first, "\r")
	if s := string(first); strings.HasPrefix(strings.ToLower(s), "sep=") && utf8.RuneCountInString(s) == 5 {
		r, _ := utf8.DecodeRuneInString(s[4:])
		return r, rest, 1
	}
	best, n := ';', bytes.Count(first, []byte(";"))
	for _, c := range []rune{',', '\t'} {
		if k := bytes.Count(first, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best, data, 0
}

// CSVRows reads a CSV file's rows that have any text, one at a time,
// recording the file's problems (name:LINE) in probs as they are met: a
// broken line ends the rows.
func CSVRows(name string, data []byte, probs *diag.List) iter.Seq[Record] {
	return func(yield func(Record) bool) {
		comma, body, skipped := sniffDelimiter(DecodeText(data))
		r := csv.NewReader(bytes.NewReader(body))
		r.Comma = comma
		r.FieldsPerRecord = -1
		header, err := r.Read()
		if err != nil {
			csvError(name, probs, err, skipped)
			return
		}
		cols := map[string]int{}
		for i, h := range header {
			if strings.TrimSpace(h) == "" {
				continue
			}
			field, ok := fieldOf(columns, h)
			if !ok {
				probs.Add(name, 1+skipped, "okänd kolumn %q; giltiga kolumner är %s", h, validColumns(columns))
				continue
			}
			cols[field] = i
		}
		_, hasTitle := cols["title"]
		_, hasStart := cols["start"]
		_, hasRepeat := cols["repeat"]
		if !hasTitle || !hasStart && !hasRepeat {
			probs.Add(name, 1+skipped, "rubrikraden saknar aktivitet eller start; den ska vara t.ex. id;aktivitet;start;slut;ansvarig;målgrupper;kanaler;fokusområde;uppföljning;beskrivning")
			return
		}
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				csvError(name, probs, err, skipped)
				return
			}
			if strings.TrimSpace(strings.Join(rec, "")) == "" {
				continue // Excel leaves empty rows at the end
			}
			line, _ := r.FieldPos(0)
			row := Row{}
			for field, i := range cols {
				if i < len(rec) {
					row[field] = strings.TrimSpace(rec[i])
				}
			}
			if row["admin"] != "" {
				continue // kept in the unit's files: shown, never read back
			}
			if !yield(Record{Line: line + skipped, Values: row}) {
				return
			}
		}
	}
}

func csvError(name string, probs *diag.List, err error, skipped int) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		switch pe.Err {
		case csv.ErrBareQuote:
			msg = `citattecken mitt i ett fält utan citattecken runt; skriv fältet inom "…" och dubbla citattecknen inuti ("")`
		case csv.ErrQuote:
			msg = `ett citerat fält tar aldrig slut; saknas ett avslutande "?`
		}
		probs.Add(name, pe.Line+skipped, "trasig CSV-rad: %s (tecken %d)", msg, pe.Column)
		return
	}
	probs.Add(name, 1+skipped, "CSV-filen går inte att läsa: %v", err)
}
