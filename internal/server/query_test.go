package server_test

import (
	"strings"
	"testing"
	"time"
)

// TestOnePolicyForQueries: the editor's pages read their parameters as
// the feeds and wheels do: one they do not know is ignored, a known one
// with another value is a 400 that lists the valid ones.
func TestOnePolicyForQueries(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	b := f.signInAs(t, "hr@example.se")
	for _, c := range []struct {
		path string
		code int
		says string
	}{
		{"/edit/hr/new?kind=plan&utm_source=x", 200, ""},
		{"/edit/hr/new?kind=planer", 400, `okänt värde "planer" på kind; giltiga är plan`},
		{"/edit/hr/aktivitetsplan.xlsx?mall=1&v=2", 200, ""},
		{"/edit/hr/aktivitetsplan.xlsx?mall=ja", 400, `okänt värde "ja" på mall; giltiga är 0 eller 1`},
		{"/wheel/public?year=2027&colour=red", 200, ""},
		{"/wheel/public?year=tjugo", 400, "year"},
	} {
		code, body := b.get(c.path)
		if code != c.code || !strings.Contains(body, c.says) {
			t.Errorf("%s: %d, want %d saying %q\n%.300s", c.path, code, c.code, c.says, body)
		}
	}
}
