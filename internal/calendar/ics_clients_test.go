package calendar_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/occur"
)

// TestClientExports loads, for each client family, a file written the way
// that client exports (quirks lists what each reproduces besides its own
// X- properties) and requires the occurrences
// inside the programme to be those a reference parser reads from the very
// same file. The reference is Python's recurring_ical_events, except where
// Debian's version of it (2.0.1) cannot read a file: it refuses several
// distinct RRULEs and ignores RANGE=THISANDFUTURE. Zimbra's file (a
// THISANDFUTURE override) is read by ical.js, Thunderbird's parser, which
// applies it; Cyrus's (two RRULEs, an RDATE list) by libical, Evolution's
// parser, since ical.js ends a union of RRULEs when the first one ends and
// drops DTSTART from an event with only RDATEs, both against RFC 5545.
// None of the three reads RDATE;VALUE=PERIOD as RFC 5545 does (Python
// fails, ical.js crashes, libical drops them), so no file here uses it:
// TestRDATE covers it.
func TestClientExports(t *testing.T) {
	for _, c := range []struct{ file, reference, quirks string }{
		{"google.ics", icalcheck.Python, "ATTENDEE folded inside a parameter and before its colon; X-WR-TIMEZONE; EXDATE and a moved instance; a yearly all-day series from 1990; a series held only as moved instances (its master deleted); LOCATION over several lines"},
		{"outlook.ics", icalcheck.Python, "Windows TZIDs in quotes with VTIMEZONEs from 1601; a user-edited \"Customized Time Zone\" whose DST rules are not Europe's; \"Tokyo Standard Time\"; BYSETPOS=-1 with COUNT; an EXDATE list; a 112-digit UID folded; ATTENDEE folded before its colon"},
		{"zimbra.ics", icalcheck.ICALJS, "a Zimbra display-name TZID folded mid-name, defined by its VTIMEZONE; RANGE=THISANDFUTURE; X-ALT-DESC; ORGANIZER with SENT-BY folded in its address"},
		{"thunderbird.ics", icalcheck.Python, "EXDATE in UTC against a zoned series; an old Sunbird vendor-prefixed TZID (/mozilla.org/20050126_1/…) from 2005; an invitation to two instances of someone else's series (moved instances, no master) with ATTENDEE folded before its colon; X-MOZ-*"},
		{"evolution.ics", icalcheck.Python, "/freeassociation.sourceforge.net/ TZID; a value folded right after the colon and in the middle of an RDATE; RDATEs with no RRULE; an all-day monthly series with an EXDATE"},
		{"apple.ics", icalcheck.Python, "X-APPLE-STRUCTURED-LOCATION folded before its colon; multi-line LOCATION; a moved instance; ATTENDEE with EMAIL= folded inside a quoted value"},
		{"sabredav-davx5.ics", icalcheck.Python, "two VCALENDARs in one file (a Nextcloud export and a DAVx5 event); DURATION instead of DTEND; a VTIMEZONE after the event that uses it"},
		{"cyrus.ics", icalcheck.Libical, "two RRULEs; DURATION; a moved instance with its own duration; RDATE in UTC beside a zoned DTSTART"},
		{"confluence.ics", icalcheck.Python, "ORGANIZER and ATTENDEE folded before the colon; multi-week all-day events; a moved instance"},
		{"blackberry.ics", icalcheck.Python, "bare LF line ends; Windows TZIDs with no VTIMEZONE (\"Singapore Standard Time\" is not among the few Windows names known before); UTC series; UNTIL as a date"},
	} {
		t.Run(c.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "ics", c.file))
			if err != nil {
				t.Fatal(err)
			}
			cal, cfg, err := loadTree(t, map[string]string{"calendars/enhet/" + c.file: string(src)})
			if err != nil {
				t.Fatal(err)
			}
			var got []icalcheck.Instance
			for i := range cal.Items {
				for _, o := range occur.Expand(&cfg.Programme, "enhet", &cal.Items[i]) {
					got = append(got, icalcheck.FromOccurrence(o.Title, o))
				}
			}
			if len(got) == 0 {
				t.Fatal("the file gives no occurrence inside the programme")
			}
			p := &cfg.Programme
			want := icalcheck.Expand(t, c.reference, src, p.Starts, p.ValidUntil.AddDays(1))
			icalcheck.Same(t, c.reference, want, got)
		})
	}
}
