package app

import (
	"sync/atomic"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// dayCache is the programme's date of an instant, kept with the seconds
// the day spans: every poll of a feed asks it, and the zone's rules and
// the calendar cost more than the rest of finding the feed. A day of 23
// or 25 hours (the clocks changing) spans what it spans.
type dayCache struct{ span atomic.Pointer[daySpan] }

type daySpan struct {
	loc         *time.Location
	day         wheel.Date
	from, until int64 // Unix seconds: the day's first, and the next day's first
}

func (c *dayCache) of(now time.Time, loc *time.Location) wheel.Date {
	sec := now.Unix()
	if s := c.span.Load(); s != nil && s.loc == loc && sec >= s.from && sec < s.until {
		return s.day
	}
	day := wheel.DateOf(now.In(loc))
	c.span.Store(&daySpan{loc: loc, day: day, from: day.In(loc).Unix(), until: day.AddDays(1).In(loc).Unix()})
	return day
}
