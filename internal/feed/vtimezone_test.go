package feed

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

func TestVTimezone(t *testing.T) {
	cases := map[string]string{
		// Europe since 1996: last Sunday of March and October, written as rules.
		"Europe/Stockholm": "BEGIN:DAYLIGHT|DTSTART:19700329T020000|RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU|TZNAME:CEST|TZOFFSETFROM:+0100|TZOFFSETTO:+0200|END:DAYLIGHT|" +
			"BEGIN:STANDARD|DTSTART:19701025T030000|RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU|TZNAME:CET|TZOFFSETFROM:+0200|TZOFFSETTO:+0100|END:STANDARD",
		// No daylight saving: one observance.
		"UTC": "BEGIN:STANDARD|DTSTART:19700101T000000|TZNAME:UTC|TZOFFSETFROM:+0000|TZOFFSETTO:+0000|END:STANDARD",
	}
	for name, want := range cases {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		// 2030–2045 crosses 2037, where Go's zone data switches to a rule.
		var b strings.Builder
		cal := ical.NewCalendar()
		cal.Props.SetText(ical.PropVersion, "2.0")
		cal.Props.SetText(ical.PropProductID, "x")
		cal.Children = []*ical.Component{vtimezone(loc, 2030, 2045)}
		if err := ical.NewEncoder(&b).Encode(cal); err != nil {
			t.Fatal(err)
		}
		got := strings.ReplaceAll(b.String(), "\\r\\n", "|")
		got = strings.ReplaceAll(got, "\r\n", "|")
		if !strings.Contains(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}
