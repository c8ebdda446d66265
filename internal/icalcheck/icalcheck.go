// Package icalcheck is for tests: it runs a feed through three independent,
// real calendar parsers — Mozilla's ical.js (Thunderbird), libical
// (Evolution, via its GObject bindings) and Python's icalendar with
// recurring_ical_events — and checks that each parses it cleanly and
// expands every recurrence to exactly the instances the service itself
// computed. A feed that one client would read differently fails.
package icalcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Instance is one expanded occurrence: Start/End are "D:YYYYMMDD" for
// all-day events and "T:YYYYMMDDTHHMMSSZ" (UTC) for timed ones.
type Instance struct {
	UID     string `json:"uid"`
	Summary string `json:"summary"`
	Start   string `json:"start"`
	End     string `json:"end"`
}

func (i Instance) key() string { return i.Summary + " | " + i.Start + " | " + i.End }

// FromOccurrence is the instance a feed should show for o under summary.
func FromOccurrence(summary string, o occur.Occurrence) Instance {
	if o.AllDay {
		return Instance{Summary: summary, Start: "D:" + compact(o.Date), End: "D:" + compact(o.LastDay.AddDays(1))}
	}
	return Instance{Summary: summary, Start: "T:" + o.Start.UTC().Format("20060102T150405Z"), End: "T:" + o.End.UTC().Format("20060102T150405Z")}
}

// AllDay is the instance of an all-day event on day d.
func AllDay(summary string, d wheel.Date) Instance {
	return Instance{Summary: summary, Start: "D:" + compact(d), End: "D:" + compact(d.AddDays(1))}
}

func compact(d wheel.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

// Verify parses body with every parser, expands everything between from and
// to, and requires each parser's list to equal want (order aside).
func Verify(t testing.TB, body []byte, from, to wheel.Date, want []Instance) {
	t.Helper()
	wantKeys := keys(want)
	for name, got := range Parse(t, body, from, to) {
		if !slices.Equal(keys(got), wantKeys) {
			t.Errorf("%s expands the feed differently from the service:\n%s", name, diff(wantKeys, keys(got)))
		}
	}
}

// Subset is Verify for a feed that holds part of want (one cut to
// feeds.max_bytes): the parsers must all read the same instances, each of
// them in want, and at least one.
func Subset(t testing.TB, body []byte, from, to wheel.Date, want []Instance) {
	t.Helper()
	all := map[string]bool{}
	for _, k := range keys(want) {
		all[k] = true
	}
	var first []string
	for name, got := range Parse(t, body, from, to) {
		k := keys(got)
		if len(k) == 0 {
			t.Errorf("%s reads no instance", name)
		}
		for _, s := range k {
			if !all[s] {
				t.Errorf("%s reads %s, which the service does not have", name, s)
			}
		}
		if first == nil {
			first = k
		} else if !slices.Equal(first, k) {
			t.Errorf("the parsers disagree:\n%s", diff(first, k))
		}
	}
}

// Parse expands body between from and to with each parser.
func Parse(t testing.TB, body []byte, from, to wheel.Date) map[string][]Instance {
	t.Helper()
	requireParsers(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "feed.ics")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	parsers := commands(toolsDir(t), file, from, to)
	results := make([][]Instance, len(parsers))
	errs := make([]error, len(parsers))
	var wg sync.WaitGroup
	for i, p := range parsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = run(p.cmd)
		}()
	}
	wg.Wait()
	out := make(map[string][]Instance, len(parsers))
	for i, p := range parsers {
		if errs[i] != nil {
			t.Fatalf("%s could not read the feed: %v\n(is it installed? run scripts/test.sh, which installs the parsers)", p.name, errs[i])
		}
		out[p.name] = results[i]
	}
	return out
}

// The parsers' names, as Parse and Expand know them.
const (
	ICALJS  = "ical.js"
	Libical = "libical"
	Python  = "python icalendar"
)

type parser struct {
	name string
	cmd  *exec.Cmd
}

func commands(tools, file string, from, to wheel.Date) []parser {
	lo, hi := compact(from), compact(to)
	return []parser{
		{ICALJS, exec.Command("node", filepath.Join(tools, "icaljs_expand.mjs"), file, lo, hi)},
		{Libical, exec.Command("/usr/bin/python3", filepath.Join(tools, "libical_expand.py"), file, lo, hi)},
		{Python, exec.Command("/usr/bin/python3", filepath.Join(tools, "pyical_expand.py"), file, lo, hi)},
	}
}

// Expand expands body between from and to with the one parser named, for
// a test that compares a file with how one client family reads it.
func Expand(t testing.TB, name string, body []byte, from, to wheel.Date) []Instance {
	t.Helper()
	requireParsers(t)
	file := filepath.Join(t.TempDir(), "in.ics")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range commands(toolsDir(t), file, from, to) {
		if p.name == name {
			got, err := run(p.cmd)
			if err != nil {
				t.Fatalf("%s could not read the file: %v", name, err)
			}
			return got
		}
	}
	t.Fatalf("no parser is called %q", name)
	return nil
}

// Same fails t unless got lists the same instances (summary, start, end) as
// want, order aside; name says whose list want is.
func Same(t testing.TB, name string, want, got []Instance) {
	t.Helper()
	if w, g := keys(want), keys(got); !slices.Equal(w, g) {
		t.Errorf("the service reads the file differently from %s (missing: what %s has; extra: what only the service has):\n%s", name, name, diff(w, g))
	}
}

func run(cmd *exec.Cmd) ([]Instance, error) {
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var out []Instance
	dec := json.NewDecoder(&stdout)
	for dec.More() {
		var in Instance
		if err := dec.Decode(&in); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

func keys(list []Instance) []string {
	out := make([]string, len(list))
	for i, in := range list {
		out[i] = in.key()
	}
	sort.Strings(out)
	return out
}

// diff lists what is missing and what is extra, at most 20 lines of each.
func diff(want, got []string) string {
	count := func(l []string) map[string]int {
		m := map[string]int{}
		for _, s := range l {
			m[s]++
		}
		return m
	}
	w, g := count(want), count(got)
	var b strings.Builder
	n := 0
	for _, s := range want {
		if g[s] < w[s] && n < 20 {
			fmt.Fprintf(&b, "  missing: %s\n", s)
			g[s]++
			n++
		}
	}
	n = 0
	w2 := count(want)
	for _, s := range got {
		if w2[s] == 0 && n < 20 {
			fmt.Fprintf(&b, "  extra:   %s\n", s)
			n++
		} else {
			w2[s]--
		}
	}
	fmt.Fprintf(&b, "  (want %d instances, got %d)", len(want), len(got))
	return b.String()
}

var toolsOnce struct {
	sync.Once
	dir string
	err error
}

// toolsDir finds tools/icalcheck beside this source file's module root, so
// that tests which change their working directory still find it.
func toolsDir(t testing.TB) string {
	toolsOnce.Do(func() {
		_, self, _, ok := runtime.Caller(0)
		if !ok {
			toolsOnce.err = fmt.Errorf("cannot locate the icalcheck package source")
			return
		}
		toolsOnce.dir = filepath.Join(filepath.Dir(self), "..", "..", "tools", "icalcheck")
		if _, err := os.Stat(filepath.Join(toolsOnce.dir, "node_modules", "ical.js")); err != nil {
			toolsOnce.err = fmt.Errorf("ical.js is not installed in %s: run scripts/test.sh (or npm ci --prefix tools/icalcheck)", toolsOnce.dir)
		}
	})
	if toolsOnce.err != nil {
		t.Fatal(toolsOnce.err)
	}
	return toolsOnce.dir
}

// Window is the range to expand for a programme: the whole validity.
func Window(p *wheel.Programme) (wheel.Date, wheel.Date) {
	return p.Starts.AddDays(-1), p.ValidUntil.AddDays(2)
}
