// Package report is the programme's own follow-up, for the management
// team and the programme's revision: which of its priority audiences the
// units' items aim at in which focus areas and through which channels,
// how the follow-ups went and what they found, and which plans leave one
// of the programme's seven questions open. A pure function of the config
// and the stored wheel; the page, the CSV and the terminal table are
// drawn from it.
package report

import (
	"slices"
	"time"

	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Query is what a report covers.
type Query struct {
	Year int    // a calendar year of the programme; 0 for the whole programme
	Unit string // one unit's id; "" for the whole organisation
}

// Report is the coverage and follow-up of one period.
type Report struct {
	Programme *wheel.Programme
	Query     Query
	From, To  wheel.Date // the period, both days included
	Today     wheel.Date
	Focus     []Column // the programme's focus areas, then Without
	Audiences []Column // the programme's audiences
	Total     Part     // every unit the query covers, together
	Units     []Part   // each of them
}

// Column is a focus area or an audience as the config names it. Key ""
// is the column of items without a focus area.
type Column struct{ Key, Name string }

// Without names the column of items without a focus area.
const Without = "utan fokusområde"

// Heading is the column's name as a table heading.
func (c Column) Heading() string {
	if c.Key == "" && c.Name == Without {
		return "Utan fokusområde"
	}
	return c.Name
}

// Part is the report for one unit, or for several together.
type Part struct {
	ID, Name string
	Focus    []Column // the report's focus columns, for a table of the part alone
	// Coverage has a row per audience of the programme, a cell per focus
	// column: the items (not occurrences) aimed at that audience in that
	// focus area that occur in the period.
	Coverage   []Row
	Items      int // the items that occur in the period
	NoAudience int // of them, those aimed at no audience: counted apart
	// FollowUps has a row per focus column, for the follow-ups due in the
	// period; Done the follow-ups' results, oldest due first.
	FollowUps []FollowUpRow
	All       FollowUpRow // the rows summed
	Results   []Result
	Plans     int       // plans with an activity in the period
	Open      []PlanGap // of them, those that leave a question unanswered
}

// Row is one audience across the focus columns.
type Row struct {
	Audience Column
	Cells    []Cell
}

// Reached reports whether any item aims at the audience: a priority
// audience that nothing reaches is the finding.
func (r Row) Reached() bool {
	return slices.ContainsFunc(r.Cells, func(c Cell) bool { return c.Items > 0 })
}

// Cell is the items of one audience in one focus area.
type Cell struct {
	Items    int
	Channels []string // the channels they use, by name, in the programme's order
	channels map[string]bool
}

// FollowUpRow counts the follow-ups of one focus column due in the period.
type FollowUpRow struct {
	Focus Column
	// Subjects are the items and plans with a follow-up due in the period.
	Subjects int
	// OnTime and Late were done by the day they were due or after it;
	// Overdue are open after it; Pending are open and not yet due.
	OnTime, Late, Overdue, Pending int
	// Skipped were marked "ej aktuell" with a reason: neither done nor
	// left undone, and so counted apart from both.
	Skipped  int
	Noted    int // done with the result written
	subjects map[string]bool
}

// Due is every follow-up the row counts.
func (r FollowUpRow) Due() int { return r.OnTime + r.Late + r.Overdue + r.Pending + r.Skipped }

// Result is a follow-up done with its result written, for the evaluation
// to quote.
type Result struct {
	Unit, Title, Focus string
	Due, Done          wheel.Date
	Note               string
}

// Late reports whether the result came after the day it was due.
func (r Result) Late() bool { return r.Done.After(r.Due) }

// PlanGap is a plan that leaves questions unanswered.
type PlanGap struct {
	Unit, ID, Title string
	Questions       []wheel.Question
}

// Unreached lists the audiences no item of the part aims at.
func (p *Part) Unreached() []string {
	var out []string
	for _, r := range p.Coverage {
		if !r.Reached() {
			out = append(out, r.Audience.Name)
		}
	}
	return out
}

// Reached counts the audiences some item aims at.
func (p *Part) Reached() int { return len(p.Coverage) - len(p.Unreached()) }

// Period is the span a query covers: its year within the programme, or
// the whole programme. ok is false for a year outside it.
func Period(p *wheel.Programme, year int) (from, to wheel.Date, ok bool) {
	from, to = p.Starts, p.ValidUntil
	if year == 0 {
		return from, to, true
	}
	if year < from.Year || year > to.Year {
		return from, to, false
	}
	if y := (wheel.Date{Year: year, Month: time.January, Day: 1}); y.After(from) {
		from = y
	}
	if y := (wheel.Date{Year: year, Month: time.December, Day: 31}); y.Before(to) {
		to = y
	}
	return from, to, true
}

// Build makes the report of q. units are the config's, in its order; a
// q.Unit that is none of them gives a report of no unit (the caller
// checks the id first).
func Build(p *wheel.Programme, units []wheel.Unit, snap *snapshot.Snapshot, q Query, today wheel.Date) *Report {
	from, to, _ := Period(p, q.Year)
	r := &Report{Programme: p, Query: q, From: from, To: to, Today: today}
	for _, k := range p.FocusAreas.Keys {
		r.Focus = append(r.Focus, Column{k, p.FocusAreas.Name(k)})
	}
	r.Focus = append(r.Focus, Column{"", Without})
	for _, k := range p.Audiences.Keys {
		r.Audiences = append(r.Audiences, Column{k, p.Audiences.Name(k)})
	}
	r.Total = r.newPart("", p.Organisation)
	for i := range units {
		u := &units[i]
		if q.Unit != "" && u.ID != q.Unit {
			continue
		}
		part := r.newPart(u.ID, u.Name)
		r.unit(&part, u, snap)
		r.add(&r.Total, &part)
		r.Units = append(r.Units, part)
	}
	r.Total.finish(p)
	for i := range r.Units {
		r.Units[i].finish(p)
	}
	return r
}

func (r *Report) newPart(id, name string) Part {
	part := Part{ID: id, Name: name, Focus: r.Focus}
	for _, a := range r.Audiences {
		row := Row{Audience: a, Cells: make([]Cell, len(r.Focus))}
		for i := range row.Cells {
			row.Cells[i].channels = map[string]bool{}
		}
		part.Coverage = append(part.Coverage, row)
	}
	for _, f := range r.Focus {
		part.FollowUps = append(part.FollowUps, FollowUpRow{Focus: f, subjects: map[string]bool{}})
	}
	part.All.subjects = map[string]bool{}
	return part
}

// column is the focus column of a focus key ("" or one the programme no
// longer has: without).
func (r *Report) column(focus string) int {
	if i := slices.IndexFunc(r.Focus, func(c Column) bool { return c.Key == focus }); i >= 0 {
		return i
	}
	return len(r.Focus) - 1
}

func (r *Report) unit(part *Part, u *wheel.Unit, snap *snapshot.Snapshot) {
	p := r.Programme
	items := map[string]*wheel.Item{}
	activities := map[string][]*wheel.Item{}
	inPeriod := map[string]bool{} // plans with an activity in the period
	for i := range snap.Items[u.ID] {
		it := &snap.Items[u.ID][i].Item
		items[it.ID] = it
		occurs := slices.ContainsFunc(occur.Expand(p, u.ID, it), func(o occur.Occurrence) bool {
			return !o.Date.After(r.To) && !o.LastDay.Before(r.From)
		})
		if it.Plan != nil {
			activities[it.Plan.ID] = append(activities[it.Plan.ID], it)
			inPeriod[it.Plan.ID] = inPeriod[it.Plan.ID] || occurs
		}
		if !occurs {
			continue
		}
		part.Items++
		if len(it.Audiences) == 0 {
			part.NoAudience++
		}
		col := r.column(it.Focus)
		seen := map[string]bool{}
		for _, a := range it.Audiences {
			row := slices.IndexFunc(r.Audiences, func(c Column) bool { return c.Key == a })
			if row < 0 || seen[a] {
				continue
			}
			seen[a] = true
			cell := &part.Coverage[row].Cells[col]
			cell.Items++
			for _, ch := range it.Channels {
				cell.channels[ch] = true
			}
		}
	}
	plans := map[string]*wheel.Plan{}
	for i := range snap.Plans[u.ID] {
		pl := &snap.Plans[u.ID][i].Plan
		plans[pl.ID] = pl
		if !inPeriod[pl.ID] && r.Query.Year != 0 {
			continue // a year's report counts the plans at work in it
		}
		part.Plans++
		if open := pl.Unanswered(activities[pl.ID]); len(open) > 0 {
			part.Open = append(part.Open, PlanGap{Unit: u.Name, ID: pl.ID, Title: pl.Title, Questions: open})
		}
	}
	for _, fu := range snap.FollowUps[u.ID] {
		if fu.Due.Before(r.From) || fu.Due.After(r.To) {
			continue
		}
		focus := ""
		if it := items[fu.ItemID]; it != nil {
			focus = it.Focus
		} else if pl := plans[fu.ItemID]; pl != nil {
			focus = pl.Focus
		}
		col := r.column(focus)
		row := &part.FollowUps[col]
		row.subjects[fu.ItemID] = true
		switch {
		case fu.DoneAt != nil && fu.Skipped:
			row.Skipped++
		case fu.DoneAt != nil:
			done := wheel.DateOf(fu.DoneAt.In(p.Location))
			if done.After(fu.Due) {
				row.Late++
			} else {
				row.OnTime++
			}
			if fu.Note != "" {
				row.Noted++
				part.Results = append(part.Results, Result{Unit: u.Name, Title: fu.Title, Focus: r.Focus[col].Name, Due: fu.Due, Done: done, Note: fu.Note})
			}
		case fu.Due.Before(r.Today):
			row.Overdue++
		default:
			row.Pending++
		}
	}
}

// add sums a unit's part into the total.
func (r *Report) add(total, part *Part) {
	total.Items += part.Items
	total.NoAudience += part.NoAudience
	total.Plans += part.Plans
	total.Open = append(total.Open, part.Open...)
	total.Results = append(total.Results, part.Results...)
	for i := range part.Coverage {
		for j, c := range part.Coverage[i].Cells {
			t := &total.Coverage[i].Cells[j]
			t.Items += c.Items
			for ch := range c.channels {
				t.channels[ch] = true
			}
		}
	}
	for i, row := range part.FollowUps {
		t := &total.FollowUps[i]
		t.OnTime += row.OnTime
		t.Late += row.Late
		t.Overdue += row.Overdue
		t.Pending += row.Pending
		t.Skipped += row.Skipped
		t.Noted += row.Noted
		for s := range row.subjects {
			t.subjects[part.ID+"/"+s] = true
		}
	}
}

// finish names each cell's channels in the programme's order and sums
// the follow-up rows.
func (part *Part) finish(p *wheel.Programme) {
	for i := range part.Coverage {
		for j := range part.Coverage[i].Cells {
			c := &part.Coverage[i].Cells[j]
			for _, k := range p.Channels.Keys {
				if c.channels[k] {
					c.Channels = append(c.Channels, p.Channels.Name(k))
				}
			}
		}
	}
	all := FollowUpRow{Focus: Column{Name: "alla"}}
	for i := range part.FollowUps {
		row := &part.FollowUps[i]
		row.Subjects = len(row.subjects)
		all.Subjects += row.Subjects
		all.OnTime += row.OnTime
		all.Late += row.Late
		all.Overdue += row.Overdue
		all.Pending += row.Pending
		all.Skipped += row.Skipped
		all.Noted += row.Noted
	}
	part.All = all
	slices.SortStableFunc(part.Results, func(a, b Result) int { return a.Due.Compare(b.Due) })
}
