package feed

import (
	"bytes"
	"unicode/utf8"
)

// maxLine is RFC 5545's limit on a content line, in octets, without CRLF.
const maxLine = 75

// fold splits every content line of an unfolded iCalendar stream at 75
// octets, continuing with CRLF + space, and never inside a UTF-8 character
// (go-ical writes unfolded lines; Outlook and others reject or garble longer
// ones, and a split multi-byte "å" turns into mojibake).
func fold(in []byte) []byte {
	out := bytes.NewBuffer(make([]byte, 0, len(in)+len(in)/64))
	for len(in) > 0 {
		line, rest, found := bytes.Cut(in, []byte("\r\n"))
		in = rest
		limit := maxLine
		for len(line) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			out.Write(line[:cut])
			out.WriteString("\r\n ")
			line = line[cut:]
			limit = maxLine - 1 // the leading space counts
		}
		out.Write(line)
		if found {
			out.WriteString("\r\n")
		}
	}
	return out.Bytes()
}
