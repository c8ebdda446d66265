// Package diag collects problems found in administrators' files, each with
// the file and line it is on, so that `arshjul check`, the log and /healthz
// can show all of them at once in the FILE:LINE: message form editors jump to.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong at one place in one file. Line 0 means the
// problem concerns the whole file (it is missing, too large, not readable).
// In a workbook, Line is the row and Cell names the cell ("Plan!C5"),
// which is where a spreadsheet user looks.
type Problem struct {
	File string
	Line int
	Cell string
	Msg  string
}

func (p Problem) String() string {
	if p.Cell != "" {
		return p.File + ":" + p.Cell + ": " + p.Msg
	}
	if p.Line <= 0 {
		return p.File + ": " + p.Msg
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// List gathers problems; its zero value is ready to use.
type List struct {
	problems []Problem
}

// Add records a problem at file:line.
func (l *List) Add(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// AddCell records a problem at a workbook's cell (cell "Plan!C5", on row
// line).
func (l *List) AddCell(file string, line int, cell, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Cell: cell, Msg: fmt.Sprintf(format, args...)})
}

// Merge appends every problem of other.
func (l *List) Merge(other *List) {
	if other != nil {
		l.problems = append(l.problems, other.problems...)
	}
}

// Len is the number of problems recorded.
func (l *List) Len() int { return len(l.problems) }

// Problems returns the problems ordered by file and line.
func (l *List) Problems() []Problem {
	out := slices.Clone(l.problems)
	slices.SortStableFunc(out, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(len(a.Cell), len(b.Cell)), cmp.Compare(a.Cell, b.Cell))
	})
	return out
}

// Err returns nil when nothing was recorded, else an *Error holding them all.
func (l *List) Err() error {
	if len(l.problems) == 0 {
		return nil
	}
	return &Error{Problems: l.Problems()}
}

// Error is every problem of one load; its message has one problem a line.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// OneOf words the valid choices for a Swedish message: "a, b eller c".
func OneOf(choices []string) string {
	switch len(choices) {
	case 0:
		return "(inga angivna)"
	case 1:
		return choices[0]
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " eller " + choices[len(choices)-1]
}
