// Package clock is the daemon's idea of "now": the wall clock, or, for tests
// and drills, a clock that starts at a given time (--now) and runs on.
package clock

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

// Real is the wall clock.
type Real struct{}

// Now returns time.Now().
func (Real) Now() time.Time { return time.Now() }

// Offset is a clock that started at a chosen time and runs at normal speed.
type Offset struct {
	start time.Time
	real  time.Time
}

// StartingAt returns a clock that reads t now and runs on from there.
func StartingAt(t time.Time) *Offset { return &Offset{start: t, real: time.Now()} }

// Now returns the chosen start plus the time elapsed since.
func (o *Offset) Now() time.Time { return o.start.Add(time.Since(o.real)) }

// Parse reads a --now value: RFC 3339, or YYYY-MM-DD[THH:MM] in loc.
func Parse(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--now %q: skriv RFC 3339 (2026-10-05T07:00:00+02:00) eller ÅÅÅÅ-MM-DD[TTT:MM] i programmets tidszon", s)
}

// Manual is a clock that moves only when told: for simulations that step
// through months of the programme in a test.
type Manual struct {
	mu sync.Mutex
	t  time.Time
}

// NewManual returns a clock reading t.
func NewManual(t time.Time) *Manual { return &Manual{t: t} }

// Now returns the set time.
func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.t
}

// Set moves the clock to t.
func (m *Manual) Set(t time.Time) {
	m.mu.Lock()
	m.t = t
	m.mu.Unlock()
}

// Advance moves the clock on by d.
func (m *Manual) Advance(d time.Duration) {
	m.mu.Lock()
	m.t = m.t.Add(d)
	m.mu.Unlock()
}
