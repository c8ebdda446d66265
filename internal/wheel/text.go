package wheel

import (
	"fmt"
	"strings"
)

// CheckText refuses the characters no field may hold: every control
// character (C0 below U+0020, DEL, C1 U+0080–U+009F), the line and
// paragraph separators and the bidirectional embeddings, overrides and
// isolates, except a line break (LF) in a field that is prose (a
// description, a plan's answers, how a follow-up is done, a result). A
// carriage return in a title used to break every feed that held it (and
// could smuggle a header into a line-based format); ESC or NUL made the
// SVG ill-formed; NEL, U+2028 and U+2029 are line breaks to some
// calendar clients and JavaScript, so a "single line" was not one; a
// right-to-left override shows a title other than the one stored. The
// prose fields take none of them either: LF is their one line break, and
// an override misleads in a paragraph as in a title. The error says which
// character, in words an administrator can look for.
func CheckText(s string, prose bool) error {
	for i, r := range s {
		if r == '\n' && prose {
			continue
		}
		if refused(r) {
			return fmt.Errorf("innehåller styrtecknet %s på plats %d%s", controlName(r), i+1, proseHint(prose))
		}
	}
	return nil
}

func refused(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f: // C0, DEL, C1
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separator
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings, overrides, isolates
		return true
	}
	return false
}

// Prose makes a prose field's Windows line ends (Excel's CSV, a pasted
// text) plain line breaks before it is checked.
func Prose(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

func proseHint(prose bool) string {
	if prose {
		return "; bara vanliga radbrytningar är tillåtna"
	}
	return "; fältet ska vara en enda rad utan styrtecken"
}

func controlName(r rune) string {
	switch r {
	case '\r':
		return "U+000D (vagnretur)"
	case '\n':
		return "U+000A (radbrytning)"
	case '\t':
		return "U+0009 (tabb)"
	case 0:
		return "U+0000 (NUL)"
	case 0x1b:
		return "U+001B (ESC)"
	case 0x85:
		return "U+0085 (NEL, radbrytning)"
	case 0x2028:
		return "U+2028 (radavgränsare)"
	case 0x2029:
		return "U+2029 (styckeavgränsare)"
	case 0x202e:
		return "U+202E (skrivriktning höger till vänster)"
	case 0x202d:
		return "U+202D (skrivriktning vänster till höger)"
	}
	if r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
		return fmt.Sprintf("U+%04X (skrivriktning)", r)
	}
	return fmt.Sprintf("U+%04X", r)
}
