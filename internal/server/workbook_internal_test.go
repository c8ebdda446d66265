package server

import (
	"strings"
	"testing"
)

// TestUploadName: the name the preview and the history show of an
// uploaded file is its last part, without control characters, short.
func TestUploadName(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\kim\Dokument\plan våren.xlsx`: "plan våren.xlsx",
		"../../etc/plan.xlsx":                   "plan.xlsx",
		"plan\r\nX-Injected: 1.xlsx":            "planX-Injected: 1.xlsx",
		"":                                      "arbetsbok.xlsx",
		strings.Repeat("å", 200) + ".xlsx":      strings.Repeat("å", 80),
	} {
		if got := uploadName(in); got != want {
			t.Errorf("uploadName(%q) = %q, want %q", in, got, want)
		}
	}
}
