package wheel

import (
	"fmt"
	"strings"
)

// CheckText refuses the characters no field may hold: every control
// character below U+0020 and DEL, except a line break in a field that is
// prose (a description, a plan's answers, how a follow-up is done). A
// carriage return in a title used to break every feed that held it (and
// could smuggle a header into a line-based format); ESC or NUL made the
// SVG ill-formed. The error says which character, in words an
// administrator can look for.
func CheckText(s string, prose bool) error {
	for i, r := range s {
		if r == '\n' && prose {
			continue
		}
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("innehåller styrtecknet %s på plats %d%s", controlName(r), i+1, proseHint(prose))
		}
	}
	return nil
}

// Prose makes a prose field's Windows line ends (Excel's CSV, a pasted
// text) plain line breaks before it is checked.
func Prose(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

func proseHint(prose bool) string {
	if prose {
		return "; bara radbrytningar är tillåtna"
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
	}
	return fmt.Sprintf("U+%04X", r)
}
