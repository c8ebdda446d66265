package yamlfile_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/yamlfile"
)

type item struct {
	ID     string         `yaml:"id"`
	Title  string         `yaml:"title"`
	Focus  string         `yaml:"focus"`
	Owner  string         `yaml:"owner"`
	Yearly map[string]int `yaml:"yearly"`
	Line   int            `yaml:"-"`
}

type doc struct {
	Wheel []item `yaml:"wheel"`
}

// TestSyntaxErrorsNameTheirLine: the mistakes administrators make, each
// reported at the line to fix, in Swedish. The decoder put several of
// them a line early, one at line 1, and one in Go's English.
func TestSyntaxErrorsNameTheirLine(t *testing.T) {
	for _, c := range []struct {
		yaml string
		line int
		want string
	}{
		{"wheel:\n  - id: a\n    title: A\n    yearly: {week: 41\n  - id: b\n", 4, "klammern { som öppnas här stängs aldrig"},
		{"wheel:\n  - id: a\n    title: [A\n    focus: x\n  - id: b\n", 3, "hakparentesen [ som öppnas här stängs aldrig"},
		{"wheel:\n  - id: a\n    title: A\n  - id: b\n    title: \"B\n  - id: c\n", 5, "citattecken"},
		{"wheel:\n  - id: a\n    title: A\n    owner x@y\n    focus: f\n", 4, "saknar kolon"},
		{"wheel:\n  - id: a\n    title: A\n   focus: x\n", 4, "indragen fel"},
		{"wheel:\n  - id: a\n    title: A\n\n  # en kommentar\n - id: b\n", 6, "indragen fel"},
		{"wheel:\n  - id: a\n    title: A\n\tfocus: x\n", 4, "tabb"},
		{"wheel:\n  - id: a\n    title: A: B\n", 3, "ett kolon för mycket"},
		{"wheel:\n  - id: a\n    title: A\n  - - x\n    - y\n", 4, "en lista passar inte här; väntade en mappning"},
		{"wheel: " + strings.Repeat("[", 20000) + "\n", 1, "för djupt nästlad: mer än 10000 nivåer"},
		{"wheel:\n  - id: a\n    title: Röd\x1b[31m\n", 3, "styrtecknet U+001B står i filen"},
	} {
		var probs diag.List
		var d doc
		yamlfile.Decode("a.yaml", []byte(c.yaml), &d, &probs)
		err := probs.Err()
		if err == nil {
			t.Errorf("%q: no problem found", c.yaml)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "a.yaml:"+itoa(c.line)+":") || !strings.Contains(msg, c.want) {
			t.Errorf("%q:\nwant a.yaml:%d: …%s…\ngot  %s", c.yaml, c.line, c.want, msg)
		}
		for _, english := range []string{"did not", "cannot", "found ", "expected", "unmarshal"} {
			if strings.Contains(msg, english) {
				t.Errorf("%q: English in %s", c.yaml, msg)
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
