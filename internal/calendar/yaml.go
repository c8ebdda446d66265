package calendar

import (
	"fmt"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
	"github.com/avesta-kommun/arshjul/internal/yamlfile"
)

func (f *fileCtx) loadYAML(data []byte, cal *wheel.Calendar) {
	var raw rawCalendar
	if !yamlfile.Decode(f.name, data, &raw, f.probs) {
		return
	}
	for i := range raw.Wheel {
		if it, ok := f.wheelItem(&raw.Wheel[i], nil); ok && f.admit(&it, raw.Wheel[i].Line) {
			cal.Items = append(cal.Items, it)
		}
	}
	for i := range raw.Plans {
		f.plan(&raw.Plans[i], cal)
	}
}

// loadWebEntry reads one web entry (an item, or a plan with its
// activities) as the files' code reads one in a file.
func (f *fileCtx) loadWebEntry(data []byte, plan bool, cal *wheel.Calendar) {
	if plan {
		var r rawPlan
		if yamlfile.Decode(f.name, data, &r, f.probs) {
			f.plan(&r, cal)
		}
		return
	}
	var r rawWheelItem
	if !yamlfile.Decode(f.name, data, &r, f.probs) {
		return
	}
	if it, ok := f.wheelItem(&r, nil); ok && f.admit(&it, r.Line) {
		cal.Items = append(cal.Items, it)
	}
}

// wheelItem reads a wheel item, or a plan's activity when plan is set (its
// id is then PLAN.ACTIVITY and it inherits the plan's answers).
func (f *fileCtx) wheelItem(r *rawWheelItem, plan *wheel.Plan) (wheel.Item, bool) {
	probsBefore := f.probs.Len()
	it := wheel.Item{
		ID: r.ID, Source: "yaml", Title: r.Title, Description: r.Description, Location: strings.TrimSpace(r.Location),
		Owner:     f.owner(r.Owner, lineOr(r.Lines["owner"], r.Line)),
		Focus:     f.focus(r.Focus, r.Lines["focus"]),
		Audiences: f.audiences(r.Audiences, r.Lines["audiences"]),
		Channels:  f.channels(r.Channels, r.Lines["channels"]),
		Remind:    f.remind(r.Remind, r.Lines["remind"]),
		NoRemind:  r.Remind != nil && len(r.Remind) == 0,
		Public:    f.unit.Public && (r.Public == nil || *r.Public),
	}
	if plan != nil {
		it.ID = plan.ID + "." + r.ID
		it.Plan = plan
		it.Public = it.Public && plan.Public
		if it.Owner == "" {
			it.Owner = plan.Owner
		}
		if it.Focus == "" {
			it.Focus = plan.Focus
		}
		if len(it.Audiences) == 0 {
			it.Audiences = plan.Audiences
		}
		if err := wheel.ValidID(r.ID); err != nil {
			f.add(lineOr(r.Lines["id"], r.Line), "%v", err)
		}
	} else {
		f.claimID(r.ID, lineOr(r.Lines["id"], r.Line))
	}
	if err := wheel.CheckTitle(r.Title); err != nil {
		f.add(lineOr(r.Lines["title"], r.Line), "%v", err)
	}
	st, err := wheel.ParseStatus(r.Status)
	if err != nil {
		f.add(lineOr(r.Lines["status"], r.Line), "%v", err)
	}
	it.Status = st
	for _, l := range r.Links {
		if err := wheel.ValidLink(strings.TrimSpace(l)); err != nil {
			f.add(lineOr(r.Lines["links"], r.Line), "länk: %v", err)
			continue
		}
		it.Links = append(it.Links, strings.TrimSpace(l))
	}
	if r.FollowUp != nil {
		fu := r.FollowUp
		it.FollowUp = f.followUp(fu.After, fu.Date, fu.Owner, fu.How, lineOr(fu.Line, r.Lines["follow_up"]))
	}
	f.when(&r.rawWhen, r.Line, r.Lines, &it)
	f.seriesLeads(&it, lineOr(r.Lines["remind"], r.Line))
	return it, f.probs.Len() == probsBefore
}

// when reads exactly one of: yearly, monthly, weekly, date, from/to, start/end.
func (f *fileCtx) when(w *rawWhen, line int, lines map[string]int, it *wheel.Item) {
	n := 0
	for _, set := range []bool{w.Yearly != nil, w.Monthly != nil, w.Weekly != nil, w.Date != "", w.From != "" || w.To != "", w.Start != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		f.add(line, "%q: ange precis ett av yearly, monthly, weekly, date, from/to eller start/end (nu %d)", it.ID, n)
		return
	}
	switch {
	case w.Yearly != nil:
		it.Rule = f.rule(wheel.Yearly, w.Yearly)
	case w.Monthly != nil:
		it.Rule = f.rule(wheel.Monthly, w.Monthly)
	case w.Weekly != nil:
		it.Rule = f.rule(wheel.Weekly, w.Weekly)
	case w.Date != "":
		if d, ok := f.date(w.Date, lines["date"], "date"); ok && f.within(d, d, lines["date"]) {
			it.Spans = []wheel.Span{{AllDay: true, From: d, To: d}}
		}
	case w.Start != "":
		f.timedSpan(w, lineOr(lines["start"], line), it)
	default:
		f.daySpan(w.From, w.To, lineOr(lines["from"], line), it, [2]string{"from", "to"})
	}
	if it.Rule != nil {
		for _, s := range w.Except {
			if d, ok := f.date(s, lines["except"], "except"); ok {
				it.Rule.Exceptions = append(it.Rule.Exceptions, d)
			}
		}
	} else if len(w.Except) > 0 {
		f.add(lines["except"], "%q: except gäller bara återkommande aktiviteter (yearly, monthly, weekly)", it.ID)
	}
}

// seriesLeads refuses an item's own lead time that is not shorter than
// the gap between its occurrences: a weekly item reminded 30 days ahead
// would have four reminders out at once. (The unit's and the
// programme's lead times are filtered for a series instead; see
// remind's leads.)
func (f *fileCtx) seriesLeads(it *wheel.Item, line int) {
	if it.Rule == nil {
		return
	}
	gap := it.Rule.Interval()
	for _, d := range it.Remind {
		if d >= gap {
			f.add(line, "påminnelse %d dagar före går inte för något som återkommer %s; välj högst %d dagar", d, often[it.Rule.Freq], gap-1)
			return
		}
	}
}

var often = map[wheel.Frequency]string{wheel.Weekly: "varje vecka", wheel.Monthly: "varje månad", wheel.Yearly: "varje år"}

// daySpan reads first and last day; names are the fields as the file calls
// them (from/to in YAML, start/slut in a spreadsheet).
func (f *fileCtx) daySpan(fromS, toS string, line int, it *wheel.Item, names [2]string) {
	if fromS == "" || toS == "" {
		f.add(line, "%q: ange både %s och %s (första och sista dagen)", it.ID, names[0], names[1])
		return
	}
	from, ok := f.date(fromS, line, names[0])
	if !ok {
		return
	}
	to := from
	if toS != fromS {
		if to, ok = f.date(toS, line, names[1]); !ok {
			return
		}
	}
	if to.Before(from) {
		f.add(line, "%q: sista dagen (%s) ligger före första dagen (%s)", it.ID, to, from)
		return
	}
	if f.within(from, to, line) {
		it.Spans = []wheel.Span{{AllDay: true, From: from, To: to}}
	}
}

func (f *fileCtx) timedSpan(w *rawWhen, line int, it *wheel.Item) {
	start, ok := f.localTime(w.Start, line, "start")
	if !ok {
		return
	}
	var end time.Time
	switch {
	case w.End != "" && w.Duration != "":
		f.add(line, "%q: ange end eller duration, inte båda", it.ID)
		return
	case w.End != "":
		if end, ok = f.localTime(w.End, line, "end"); !ok {
			return
		}
	case w.Duration != "":
		d, err := wheel.ParseDuration(w.Duration)
		if err != nil {
			f.add(line, "duration: %v", err)
			return
		}
		end = start.Add(d)
	default:
		f.add(line, "%q: ange end (ÅÅÅÅ-MM-DD TT:MM) eller duration (t.ex. 1h)", it.ID)
		return
	}
	if !end.After(start) {
		f.add(line, "%q: end (%s) ligger inte efter start (%s)", it.ID, end.Format("2006-01-02 15:04"), start.Format("2006-01-02 15:04"))
		return
	}
	if f.within(wheel.DateOf(start), wheel.DateOf(end.Add(-time.Nanosecond)), line) {
		it.Spans = []wheel.Span{{Start: start, End: end}}
	}
}

func (f *fileCtx) plan(r *rawPlan, cal *wheel.Calendar) {
	if !f.claimID(r.ID, lineOr(r.Lines["id"], r.Line)) {
		return
	}
	pl := &wheel.Plan{
		ID: r.ID, Title: r.Title, What: r.What, Why: r.Why,
		Audiences: f.audiences(r.Audiences, r.Lines["audiences"]),
		Know:      r.Know, Feel: r.Feel, Do: r.Do,
		Focus:  f.focus(r.Focus, r.Lines["focus"]),
		Owner:  f.owner(r.Owner, r.Lines["owner"]),
		Public: f.unit.Public && (r.Public == nil || *r.Public),
		Line:   r.Line,
	}
	if err := wheel.CheckTitle(r.Title); err != nil {
		f.add(lineOr(r.Lines["title"], r.Line), "planens namn: %v", err)
	}
	if r.FollowUp != nil {
		fu := r.FollowUp
		pl.FollowUp = f.followUp(fu.After, fu.Date, fu.Owner, fu.How, lineOr(fu.Line, r.Lines["follow_up"]))
	}
	planOK := f.planTextOK(pl, r.Line)
	seen := map[string]int{}
	var activities []*wheel.Item
	for i := range r.Activities {
		a := &r.Activities[i]
		if first, dup := seen[a.ID]; dup {
			f.add(lineOr(a.Lines["id"], a.Line), "aktiviteten %q finns redan i planen %q (rad %d)", a.ID, r.ID, first)
			continue
		}
		seen[a.ID] = lineOr(a.Lines["id"], a.Line)
		if it, ok := f.wheelItem(a, pl); ok && f.admit(&it, a.Line) {
			cal.Items = append(cal.Items, it)
			activities = append(activities, &it)
		}
	}
	if planOK {
		cal.Plans = append(cal.Plans, *pl)
		f.warnUnanswered(pl, activities, r.Line)
	}
}

// answeredBy is what a plan writes to answer each of the programme's
// questions, for the warning to say.
var answeredBy = [7]string{"what:", "why:", "audiences:", "know:, feel: eller do:", "activities:", "owner:", "follow_up:"}

// warnUnanswered warns (check exits 0) of a plan that leaves one of the
// programme's seven questions unanswered, in the programme's words, and
// what would answer it.
func (f *fileCtx) warnUnanswered(pl *wheel.Plan, activities []*wheel.Item, line int) {
	if f.warns == nil {
		return
	}
	open := pl.Unanswered(activities)
	if len(open) == 0 {
		return
	}
	var qs, keys []string
	for _, q := range open {
		qs = append(qs, fmt.Sprintf("%d. %s", q.N, q.Words))
		keys = append(keys, answeredBy[q.N-1])
	}
	f.warn(line, "planen %q svarar inte på programmets %s: %s (skriv %s)",
		pl.ID, map[bool]string{true: "fråga", false: "frågor"}[len(open) == 1], strings.Join(qs, "; "), strings.Join(keys, ", "))
}

func lineOr(line, fallback int) int {
	if line > 0 {
		return line
	}
	return fallback
}
