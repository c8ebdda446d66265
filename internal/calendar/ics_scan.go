package calendar

import (
	"bytes"
	"strconv"
	"strings"
)

// icsShape is what a first pass over an ICS file learns before go-ical reads
// it: where each top-level VEVENT begins, so that problems found later can
// name a line, and whether the file is whole.
type icsShape struct {
	eventLines []int
}

// icsLine is one content line after unfolding, with the physical line it
// starts on: an error in it is reported there, where an editor shows it.
type icsLine struct {
	text string
	line int
}

// unfoldICS joins folded lines (RFC 5545 3.1: a CRLF followed by a space or
// tab is removed, wherever it falls, even inside the property name or
// before its colon, as Google, Outlook and Apple write long ATTENDEE and
// X-APPLE-STRUCTURED-LOCATION lines). Blank lines, which some exporters
// add, are skipped.
func unfoldICS(data []byte) (lines []icsLine, physical int) {
	var cur *strings.Builder
	for len(data) > 0 {
		var raw []byte
		raw, data, _ = bytes.Cut(data, []byte("\n"))
		physical++
		l := strings.TrimSuffix(string(raw), "\r")
		if l != "" && (l[0] == ' ' || l[0] == '\t') && cur != nil {
			cur.WriteString(l[1:])
			continue
		}
		if cur != nil {
			lines[len(lines)-1].text = cur.String()
			cur = nil
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		lines = append(lines, icsLine{line: physical})
		cur = &strings.Builder{}
		cur.WriteString(l)
	}
	if cur != nil {
		lines[len(lines)-1].text = cur.String()
	}
	return lines, physical
}

// scanICS checks the nesting of BEGIN/END and that every content line has a
// name and a value. go-ical's own errors carry no line numbers; a file cut
// off by a failed download or a mail client is the common case and deserves
// a message that says so.
func (f *fileCtx) scanICS(data []byte) (icsShape, bool) {
	var shape icsShape
	type open struct {
		name string
		line int
	}
	var stack []open
	ok := true
	lines, physical := unfoldICS(data)
	for _, cl := range lines {
		l, lineNo := cl.text, cl.line
		if l[0] == ' ' || l[0] == '\t' {
			f.add(lineNo, "trasig rad i ICS-filen: %q börjar med blanksteg men följer ingen rad att fortsätta", abbreviate(l))
			ok = false
			continue
		}
		name, value, hasColon := strings.Cut(l, ":")
		name, _, _ = strings.Cut(name, ";")
		if !hasColon || name == "" {
			f.add(lineNo, "trasig rad i ICS-filen: %q saknar NAMN:värde", abbreviate(l))
			ok = false
			continue
		}
		switch strings.ToUpper(name) {
		case "BEGIN":
			v := strings.ToUpper(strings.TrimSpace(value))
			if v == "VEVENT" && len(stack) == 1 {
				shape.eventLines = append(shape.eventLines, lineNo)
			}
			stack = append(stack, open{v, lineNo})
		case "END":
			v := strings.ToUpper(strings.TrimSpace(value))
			if len(stack) == 0 || stack[len(stack)-1].name != v {
				want := "inget öppet block"
				if len(stack) > 0 {
					want = "END:" + stack[len(stack)-1].name + " (för BEGIN på rad " + strconv.Itoa(stack[len(stack)-1].line) + ")"
				}
				f.add(lineNo, "END:%s passar inte; väntade %s", v, want)
				return shape, false
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		top := stack[len(stack)-1]
		f.add(physical, "filen tar slut inne i %s som börjar på rad %d (END:%s saknas); filen verkar avklippt, exportera den igen", top.name, top.line, top.name)
		return shape, false
	}
	if len(lines) == 0 {
		f.add(0, "filen är tom")
		return shape, false
	}
	return shape, ok
}

func abbreviate(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
