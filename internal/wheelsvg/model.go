// Package wheelsvg draws an annual wheel as SVG on the server: twelve month
// sectors from the top, ISO week ticks, one ring per focus area or plan with
// each occurrence an arc, follow-up deadlines, today, and optionally the
// public holidays. It is a pure function from a Wheel to bytes: no clock,
// no store, so that the picture is the same for the same data and a test
// can count what it draws.
package wheelsvg

import (
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Wheel is what one picture shows.
type Wheel struct {
	Title      string // e.g. "HR-avdelningen"
	Subtitle   string // e.g. "Kommunikationsprogram 2026–2028"
	Year       int
	StartMonth time.Month // the month at the top; the wheel runs twelve months from it
	Today      *wheel.Date
	Rings      []Ring
	Deadlines  []Deadline
	Holidays   []Holiday // an extra thin ring when not empty
	// Public is a wheel drawn for anyone: follow-ups are internal work,
	// so the legend does not mention them (and Deadlines is empty).
	Public bool
	// Units are the units of a combined wheel, for its legend of colours;
	// empty for one unit's wheel.
	Units []UnitKey
}

// UnitKey is a unit's colour in the legend of a combined wheel.
type UnitKey struct{ Name, Color string }

// Ring is one circle of arcs: a focus area, or a plan.
type Ring struct {
	Label string
	Arcs  []Arc
}

// Arc is one occurrence.
type Arc struct {
	ID       string // the occurrence id
	Item     string // the item's key (UNIT/ITEM): its occurrences have one label
	Series   string // for a weekly or monthly item, its rule in words: drawn as one band
	Title    string
	Detail   string // for the tooltip: date, owner
	From, To wheel.Date
	Color    string // #RRGGBB
	Href     string
	DayOff   string // the holiday it starts on ("Nyårsdagen"), outlined in red
}

// Deadline is a follow-up's due date.
type Deadline struct {
	ID, Title  string
	Due        wheel.Date
	State      string // open, overdue, done: a CSS class and the mark drawn
	StateWords string // the state in words, for the label
	Href       string
}

// Holiday is a public holiday.
type Holiday struct {
	Date wheel.Date
	Name string
}

// Span is the first day the wheel shows and the first day after it.
func (w *Wheel) Span() (from, to wheel.Date) {
	m := w.StartMonth
	if m < time.January || m > time.December {
		m = time.January
	}
	from = wheel.Date{Year: w.Year, Month: m, Day: 1}
	return from, wheel.DateOf(time.Date(w.Year+1, m, 1, 0, 0, 0, 0, time.UTC))
}
