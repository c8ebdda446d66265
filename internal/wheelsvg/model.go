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
	StartMonth time.Month // the month at the top; the wheel runs Months months from it
	// Months is how many months the circle holds: 12 (or 0) for a year; 1
	// to 6 for a zoom on a quarter or a month, with a tick for every day.
	Months int
	// Years, when set, makes the programme view: one ring per year, each
	// the same twelve months from StartMonth of its own year, an
	// occurrence's angle its date in its year (Rings then holds one ring
	// per year, labelled with it).
	Years    []int
	Today    *wheel.Date
	Rings    []Ring
	RingsAre string // what the rings show, for the legend: "fokusområden"

	Deadlines []Deadline
	Holidays  []Holiday // an extra thin ring when not empty
	// Public is a wheel drawn for anyone: follow-ups are internal work,
	// so the legend does not mention them (and Deadlines is empty).
	Public bool
	// Units are the units of a combined wheel, for its legend of colours;
	// empty for one unit's wheel.
	Units []UnitKey
}

// UnitKey is a unit's colour in the legend of a combined wheel.
type UnitKey struct{ Name, Color string }

// Ring is one circle of arcs: a focus area, a plan, a year, a channel, an
// audience or an owner.
type Ring struct {
	Label string
	// Color is the ring's colour (#RRGGBB), its arcs' where they name
	// none; "" takes the palette's for the ring's place.
	Color string
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
	Color    string // #RRGGBB; "" for the ring's (a combined wheel colours by unit)
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
	return from, wheel.DateOf(time.Date(w.Year, m+time.Month(w.months()), 1, 0, 0, 0, 0, time.UTC))
}

// months is how many months the circle holds.
func (w *Wheel) months() int {
	if w.Months < 1 || w.Months > 12 {
		return 12
	}
	return w.Months
}

// Zoomed reports whether the wheel holds less than a year.
func (w *Wheel) Zoomed() bool { return w.months() < 12 }
