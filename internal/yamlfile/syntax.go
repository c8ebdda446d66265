package yamlfile

import (
	"bytes"
	"fmt"
	"strings"
)

// The YAML decoder counts lines from 0 for the errors its parser finds
// (its scanner's it counts from 1), and names the line where the
// enclosing collection began, not where it went wrong: an item indented
// one space short showed as "line 1". syntaxError puts both right and
// words the problem in Swedish.
func syntaxError(data []byte, line int, msg string) (int, string) {
	scanner := scannerProblems[msg] != ""
	if !scanner && line > 0 {
		line++ // the parser's 0-based context line, now 1-based
	}
	if line == 0 && strings.HasPrefix(msg, "exceeded max depth") {
		line = 1 // the decoder gives no line; the nesting starts at the top
	}
	switch msg {
	case "control characters are not allowed":
		l, r := controlled(data)
		if l > 0 {
			return l, fmt.Sprintf("styrtecknet U+%04X står i filen; ta bort det (bara tabb och radbrytning hör hemma i en YAML-fil, och tabb inte i indraget)", r)
		}
	case "found a tab character that violates indentation", "found character that cannot start any token",
		"found a tab character where an indentation space is expected":
		if l := tabIndented(data, line); l > 0 {
			line = l
		}
	case "did not find expected key", "did not find expected '-' indicator":
		// The collection began at line; the problem is the first line
		// after it that steps back to an indentation nothing is open at.
		if l := misindented(data, line); l > 0 {
			line = l
		}
	}
	if sv := parserProblems[msg]; sv != "" {
		return line, sv
	}
	if sv := scannerProblems[msg]; sv != "" {
		return line, sv
	}
	for prefix, sv := range prefixProblems {
		if rest, ok := strings.CutPrefix(msg, prefix); ok {
			return line, fmt.Sprintf(sv, rest)
		}
	}
	return line, "ogiltig YAML (" + msg + ")"
}

var parserProblems = map[string]string{
	"did not find expected key":              "raden är indragen fel: väntade en nyckel (namn: värde) med samma indrag som raderna ovanför",
	"did not find expected '-' indicator":    "raden är indragen fel: väntade en ny punkt i listan (- …) med samma indrag som de andra",
	"did not find expected ',' or '}'":       "klammern { som öppnas här stängs aldrig med }",
	"did not find expected ',' or ']'":       "hakparentesen [ som öppnas här stängs aldrig med ]",
	"did not find expected node content":     "ett värde saknas",
	"did not find expected <document start>": "något står efter dokumentets slut",
}

var scannerProblems = map[string]string{
	"could not find expected ':'":                                  "en nyckel saknar kolon: skriv namn: värde",
	"mapping values are not allowed in this context":               "ett kolon för mycket på raden; skriv texten inom citattecken, t.ex. title: \"Budget: beslut\"",
	"found a tab character that violates indentation":              "tabbtecken i indraget; YAML dras in med mellanslag",
	"found character that cannot start any token":                  "ett tecken som inte kan börja ett värde (ofta ett tabbtecken i indraget; YAML dras in med mellanslag)",
	"found unexpected end of stream":                               "filen tar slut mitt i ett värde: ett citattecken (\" eller ') stängs aldrig",
	"found unknown escape character":                               "okänd kod efter \\ i en text inom \"…\"; skriv \\\\ för ett snedstreck, eller använd '…'",
	"found a tab character where an indentation space is expected": "tabbtecken i indraget; YAML dras in med mellanslag",
}

var prefixProblems = map[string]string{
	"unknown anchor ":        "okänt ankare %s",
	"exceeded max depth of ": "för djupt nästlad: mer än %s nivåer (ett årshjul behöver tre eller fyra)",
}

// misindented is the first content line after from (1-based) that steps
// back to an indentation no enclosing line has, or 0. Every content
// line's indentation is pushed; a dedent pops the deeper ones and must
// land on one that is left.
func misindented(data []byte, from int) int {
	var open []int
	for n, raw := range bytes.Split(data, []byte("\n")) {
		text := bytes.TrimRight(raw, " \r")
		trimmed := bytes.TrimLeft(text, " ")
		if len(trimmed) == 0 || trimmed[0] == '#' {
			continue
		}
		indent := len(text) - len(trimmed)
		dedent := false
		for len(open) > 0 && open[len(open)-1] > indent {
			open, dedent = open[:len(open)-1], true
		}
		if dedent && n+1 > from && (len(open) == 0 || open[len(open)-1] != indent) {
			return n + 1
		}
		if len(open) == 0 || open[len(open)-1] != indent {
			open = append(open, indent)
		}
	}
	return 0
}

// tabIndented is the first line from from (1-based) whose indentation
// holds a tab, or 0.
func tabIndented(data []byte, from int) int {
	for n, raw := range bytes.Split(data, []byte("\n")) {
		lead := raw[:len(raw)-len(bytes.TrimLeft(raw, " \t"))]
		if n+1 >= from && bytes.IndexByte(lead, '\t') >= 0 {
			return n + 1
		}
	}
	return 0
}

// controlled is the first line holding a control character the decoder
// refuses (anything below U+0020 but tab, LF and CR; DEL; C1), and it.
func controlled(data []byte) (int, rune) {
	line := 1
	for _, r := range string(data) {
		switch {
		case r == '\n':
			line++
		case r == '\t' || r == '\r':
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			return line, r
		}
	}
	return 0, 0
}
