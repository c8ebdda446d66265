package calendar

import (
	"fmt"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/holidays"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// MaxPerItem bounds one item's occurrences inside the programme. Something
// every day of 2026–2028 is 1,096; more than 2,000 is an hourly rule or an
// export of someone's whole mailbox, not a plan.
const MaxPerItem = 2000

// MaxPerUnit bounds one unit's occurrences inside the programme. A busy
// unit's wheel (300 items, a few weekly meetings) has about 3,000; the
// generated 1,000-item unit the tests and benchmarks use, with 167 weekly
// meetings, has 32,000. 50,000 leaves that room and keeps a unit's
// database and reloads small (feeds are bounded in bytes, apart). Without
// it, 1,000 daily series in a 200 KB file made a million occurrences, a
// 173 MB feed and minutes of work on every reload.
const MaxPerUnit = 50_000

// unitBudget counts a unit's occurrences across its files.
type unitBudget struct {
	n    int
	over bool // said once; later items are dropped unexpanded
}

// admit checks an item's text and its share of the unit's occurrences; an
// item that fails either is left out, with the problem at its line.
func (f *fileCtx) admit(it *wheel.Item, line int) bool {
	it.Line = line
	if !f.textOK(it, line) {
		return false
	}
	if f.budget.over {
		return false
	}
	occs := occur.Expand(f.prog, f.unit.ID, it)
	f.warnGap(it, occs, line)
	f.warnHoliday(it, occs, line)
	n := len(occs)
	if n > MaxPerItem {
		f.add(line, "%q har %s tillfällen inom programmet; gränsen är %s för en aktivitet (varje dag i tre år är 1 096). Gör serien glesare eller dela upp den", it.ID, sv.Number(n), sv.Number(MaxPerItem))
		return false
	}
	f.budget.n += n
	if f.budget.n > MaxPerUnit {
		f.budget.over = true
		f.add(line, "enheten %q har med %q fler än %s tillfällen inom programmet (ett årshjul på 300 aktiviteter har omkring 3 000); resten av enhetens aktiviteter är inte lästa. Gör täta serier glesare eller lägg dem i en egen enhet", f.unit.ID, it.ID, sv.Number(MaxPerUnit))
		return false
	}
	return true
}

// warnGap warns of a rule's time that does not exist on some of its days
// (the spring-forward hour): those occurrences come an hour later, which
// the feed and the pages show, but the planner likely did not mean.
func (f *fileCtx) warnGap(it *wheel.Item, occs []occur.Occurrence, line int) {
	r := it.Rule
	if r == nil || r.Time == nil || f.warns == nil {
		return
	}
	var days []string
	for _, o := range occs {
		if o.Start.Hour() != r.Time.Hour || o.Start.Minute() != r.Time.Minute {
			days = append(days, sv.LongDate(o.Date)+" blir "+o.Start.Format("15.04"))
		}
	}
	if len(days) > 0 {
		f.warn(line, "%q: klockan %02d.%02d finns inte när sommartiden börjar (%s); välj en tid utanför 02.00–03.00 om den ska gälla varje gång",
			it.ID, r.Time.Hour, r.Time.Minute, strings.Join(days, ", "))
	}
}

// warnHoliday warns of an activity on a public holiday or an eve nobody
// works (a breakfast for businesses on nyårsdagen): valid, and maybe
// meant, but its reminders then go out the working day before. Plain
// weekends are not named: public events are often on a Saturday.
func (f *fileCtx) warnHoliday(it *wheel.Item, occs []occur.Occurrence, line int) {
	if f.warns == nil {
		return
	}
	var days []string
	for _, o := range occs {
		if name, ok := holidays.Named(o.Date); ok {
			days = append(days, sv.LongDate(o.Date)+" ("+name+")")
		}
	}
	if len(days) == 0 {
		return
	}
	more := ""
	if len(days) > 4 {
		more = fmt.Sprintf(" och %d dagar till", len(days)-4)
		days = days[:4]
	}
	f.warn(line, "%q infaller på en dag då ingen arbetar: %s%s; påminnelserna går ut arbetsdagen före", it.ID, strings.Join(days, ", "), more)
}
