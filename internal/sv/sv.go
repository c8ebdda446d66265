// Package sv writes dates and spans the Swedish way, as people read them in
// e-mails, pages and calendar descriptions: "måndag 5 oktober 2026",
// "5–23 okt". One place, so that every surface says it the same way.
package sv

import (
	"fmt"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Weekdays and Months by Go's numbering (Months[0] is empty).
var (
	Weekdays = [7]string{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"}
	Months   = [13]string{"", "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
	short    = [13]string{"", "jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"}
)

// Long is "måndag 5 oktober 2026".
func Long(t time.Time) string {
	return fmt.Sprintf("%s %d %s %d", Weekdays[t.Weekday()], t.Day(), Months[t.Month()], t.Year())
}

// LongDate is Long for a civil date.
func LongDate(d wheel.Date) string { return Long(d.In(time.UTC)) }

// Short is "5 okt".
func Short(d wheel.Date) string { return fmt.Sprintf("%d %s", d.Day, short[d.Month]) }

// Span is "5 okt", "5–23 okt" or "28 sep–2 okt".
func Span(from, to wheel.Date) string {
	switch {
	case from == to:
		return Short(from)
	case from.Year == to.Year && from.Month == to.Month:
		return fmt.Sprintf("%d–%s", from.Day, Short(to))
	}
	return Short(from) + "–" + Short(to)
}

// Number writes n with a space between thousands, as Swedish prose does
// ("10 000", "1 096").
func Number(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
