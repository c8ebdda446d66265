package calendar

import (
	"fmt"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// The web's way in: a record the form or a workbook made (webdoc) becomes
// an entry of the domain's types by the code that reads the files, and
// nothing here reads a file.

// CheckRecord validates doc (a *webdoc.Item or a *webdoc.Plan) as one
// entry of unit u's wheel, by the rules the files are read by. ids are
// the ids the unit's other entries use (id → where), for the "id finns
// redan" check; nil when there are none. It returns the entry as the web
// keeps it (its publicity its own wish, see wheel.Entry) and the
// problems by the key of their field ("title", "date"; a plan's
// activity's as "activities.N.key"; "" for the entry as a whole), in the
// words `check` uses; none when it is valid.
func CheckRecord(prog *wheel.Programme, u *wheel.Unit, ids map[string]string, doc any) (wheel.Entry, map[string][]string) {
	text, err := webdoc.Encode(doc)
	if err != nil {
		return wheel.Entry{}, map[string][]string{"": {err.Error()}}
	}
	_, plan := doc.(*webdoc.Plan)
	e, probs := checkYAML(prog, u, ids, text, plan, webdoc.IDOf(doc))
	keyOf := lineKeys(text)
	out := map[string][]string{}
	for _, p := range probs {
		key := keyOf(p.Line)
		out[key] = append(out[key], p.Msg)
	}
	if len(out) > 0 {
		return wheel.Entry{}, out
	}
	return e, nil
}

// CheckRecordYAML is CheckRecord of an entry stored as the YAML a calendar
// file holds (how the web kept its entries before it kept records): for
// the one conversion of those rows. Its problems are as `check` words
// them, named by WebSource.
func CheckRecordYAML(prog *wheel.Programme, u *wheel.Unit, ids map[string]string, id, text string, plan bool) (wheel.Entry, []diag.Problem) {
	return checkYAML(prog, u, ids, text, plan, id)
}

func checkYAML(prog *wheel.Programme, u *wheel.Unit, ids map[string]string, text string, plan bool, id string) (wheel.Entry, []diag.Problem) {
	own := *u
	own.Public = true // the entry's own wish: see wheel.Entry
	taken := make(map[string]string, len(ids))
	for k, v := range ids {
		taken[k] = v
	}
	var probs, warns diag.List
	f := &fileCtx{name: WebSource(u.ID, id), prog: prog, unit: &own, probs: &probs, warns: &warns, ids: taken, budget: &unitBudget{}}
	cal := &wheel.Calendar{}
	f.loadWebEntry([]byte(text), plan, cal)
	if probs.Len() > 0 {
		return wheel.Entry{}, probs.Problems()
	}
	for i := range cal.Items {
		cal.Items[i].File, cal.Items[i].Line = wheel.WebFile, 0
	}
	switch {
	case plan && len(cal.Plans) == 1:
		pl := cal.Plans[0]
		pl.File, pl.Line = wheel.WebFile, 0
		for i := range cal.Items {
			cal.Items[i].Plan = &pl
		}
		return wheel.Entry{Plan: &pl, Activities: cal.Items}, nil
	case !plan && len(cal.Items) == 1:
		return wheel.Entry{Item: &cal.Items[0]}, nil
	}
	return wheel.Entry{}, []diag.Problem{{File: f.name, Msg: "posten är tom"}}
}

// Recheck checks a stored entry against the programme as configured now
// (its focus areas, audiences, channels, the owners' addresses and the
// programme's dates), in the words `check` uses, each problem named by
// WebSource, and returns it as it is served: its publicity its unit's
// (and its plan's) too. ids are the unit's ids so far (id → where),
// to which the entry's is added. A stored entry was valid when it was
// saved; this finds what a change of the config has made of it.
func Recheck(prog *wheel.Programme, u *wheel.Unit, ids map[string]string, e wheel.Entry) (wheel.Entry, []diag.Problem) {
	var probs diag.List
	f := &fileCtx{name: WebSource(u.ID, e.ID()), prog: prog, unit: u, probs: &probs, warns: &diag.List{}, ids: ids, budget: &unitBudget{}}
	f.claimID(e.ID(), 0)
	out := wheel.Entry{}
	if e.Plan != nil {
		pl := *e.Plan
		pl.File, pl.Line = wheel.WebFile, 0
		// Checked, and kept as stored: a list read anew is never nil,
		// and the canonical form tells nil from empty.
		f.focus(pl.Focus, 0)
		f.audiences(pl.Audiences, 0)
		f.owner(pl.Owner, 0)
		f.recheckFollowUp(pl.FollowUp)
		f.planTextOK(&pl, 0)
		pl.Public = u.Public && pl.Public
		out.Plan = &pl
		for _, a := range e.Activities {
			a.Plan = &pl
			a.Public = a.Public && pl.Public
			out.Activities = append(out.Activities, f.recheckItem(a))
		}
	} else if e.Item != nil {
		it := f.recheckItem(*e.Item)
		it.Public = u.Public && it.Public
		out.Item = &it
	} else {
		f.add(0, "posten är tom")
	}
	if probs.Len() > 0 {
		return wheel.Entry{}, probs.Problems()
	}
	return out, nil
}

func (f *fileCtx) recheckItem(it wheel.Item) wheel.Item {
	it.File, it.Line = wheel.WebFile, 0
	f.focus(it.Focus, 0)
	f.audiences(it.Audiences, 0)
	f.channels(it.Channels, 0)
	f.owner(it.Owner, 0)
	f.recheckFollowUp(it.FollowUp)
	for _, s := range it.Spans {
		from, to := s.From, s.To
		if !s.AllDay {
			from, to = wheel.DateOf(s.Start.In(f.prog.Location)), wheel.DateOf(s.End.In(f.prog.Location).Add(-1))
		}
		f.within(from, to, 0)
	}
	if it.Rule == nil && len(it.Spans) == 0 {
		f.add(0, "%q: saknar datum och upprepning", it.ID)
	}
	f.textOK(&it, 0)
	return it
}

func (f *fileCtx) recheckFollowUp(fu *wheel.FollowUp) {
	if fu == nil {
		return
	}
	f.owner(fu.Owner, 0)
	if fu.Date != nil {
		f.within(*fu.Date, *fu.Date, 0)
	}
}

// IDs are where the unit's entries so far are, for Recheck and
// CheckRecord: every item and plan of cal, by id.
func IDs(cal *wheel.Calendar) map[string]string {
	out := map[string]string{}
	if cal == nil {
		return out
	}
	for _, it := range cal.Items {
		if it.Plan == nil {
			out[it.ID] = where(it.File, it.Line)
		}
	}
	for _, p := range cal.Plans {
		out[p.ID] = where(p.File, p.Line)
	}
	return out
}

func where(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}
