// Package holidays computes Sweden's public holidays (röda dagar) for a
// year, Easter included, so that planners see them on the wheel. It follows
// the Public Holidays Act (lag (1989:253) om allmänna helgdagar).
package holidays

import (
	"sort"
	"sync"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Holiday is one public holiday.
type Holiday struct {
	Date wheel.Date
	Name string
}

// Sweden lists the year's public holidays in date order. Sundays are
// public holidays too; only the named ones are listed.
func Sweden(year int) []Holiday {
	easter := Easter(year)
	d := func(m time.Month, day int) wheel.Date { return wheel.Date{Year: year, Month: m, Day: day} }
	list := []Holiday{
		{d(time.January, 1), "Nyårsdagen"},
		{d(time.January, 6), "Trettondedag jul"},
		{easter.AddDays(-2), "Långfredagen"},
		{easter, "Påskdagen"},
		{easter.AddDays(1), "Annandag påsk"},
		{d(time.May, 1), "Första maj"},
		{easter.AddDays(39), "Kristi himmelsfärdsdag"},
		{easter.AddDays(49), "Pingstdagen"},
		{d(time.June, 6), "Sveriges nationaldag"},
		{saturdayFrom(d(time.June, 20)), "Midsommardagen"},
		{saturdayFrom(d(time.October, 31)), "Alla helgons dag"},
		{d(time.December, 25), "Juldagen"},
		{d(time.December, 26), "Annandag jul"},
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Date.Before(list[j].Date) })
	return list
}

// saturdayFrom is the first Saturday on or after d (midsommardagen is the
// Saturday in 20–26 June, alla helgons dag the one in 31 October–6 November).
func saturdayFrom(d wheel.Date) wheel.Date {
	for d.Weekday() != time.Saturday {
		d = d.AddDays(1)
	}
	return d
}

// Easter is Easter Sunday in the Gregorian calendar (the anonymous
// Gregorian algorithm, "Meeus/Jones/Butcher").
func Easter(year int) wheel.Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return wheel.Date{Year: year, Month: time.Month(month), Day: day}
}

// NonWorking says whether d is a day Swedish working life does not work,
// and its name: Saturdays and Sundays, the public holidays, and the eves
// treated as holidays (julafton, nyårsafton, midsommarafton). No reminder
// goes out on such a day.
func NonWorking(d wheel.Date) (string, bool) {
	switch d.Weekday() {
	case time.Saturday:
		return "lördag", true
	case time.Sunday:
		return "söndag", true
	}
	name, ok := yearOf(d.Year)[d]
	return name, ok
}

// years caches each year's named days off work: schedules ask for every
// run they consider.
var years sync.Map // int → map[wheel.Date]string

func yearOf(y int) map[wheel.Date]string {
	if m, ok := years.Load(y); ok {
		return m.(map[wheel.Date]string)
	}
	m := map[wheel.Date]string{
		{Year: y, Month: time.December, Day: 24}:                                 "Julafton",
		{Year: y, Month: time.December, Day: 31}:                                 "Nyårsafton",
		saturdayFrom(wheel.Date{Year: y, Month: time.June, Day: 20}).AddDays(-1): "Midsommarafton",
	}
	for _, h := range Sweden(y) {
		m[h.Date] = h.Name
	}
	years.Store(y, m)
	return m
}

// Named is the public holiday or eve nobody works on d (not a plain
// weekend, when public events are often held): what the wheel marks and
// `check` warns of.
func Named(d wheel.Date) (string, bool) {
	name, no := NonWorking(d)
	if !no || name == "lördag" || name == "söndag" {
		return "", false
	}
	return name, true
}

// Working is !NonWorking, for schedules.
func Working(d wheel.Date) bool {
	_, no := NonWorking(d)
	return !no
}
