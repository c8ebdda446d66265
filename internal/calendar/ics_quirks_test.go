package calendar_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/occur"
)

// ics joins content lines with CRLF inside one VCALENDAR.
func ics(lines ...string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//test//SV\r\n" + strings.Join(lines, "\r\n") + "\r\nEND:VCALENDAR\r\n"
}

// occurrencesOf loads one ICS file as the unit's calendar and lists every
// occurrence as "title start–end" (UTC, or dates for all-day ones).
func occurrencesOf(t *testing.T, src string) []string {
	t.Helper()
	cal, cfg, err := loadTree(t, map[string]string{"calendars/enhet/k.ics": src})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := range cal.Items {
		for _, o := range occur.Expand(&cfg.Programme, "enhet", &cal.Items[i]) {
			if o.AllDay {
				out = append(out, o.Title+" "+o.Date.String()+"–"+o.LastDay.String())
			} else {
				out = append(out, o.Title+" "+o.Start.UTC().Format("2006-01-02T15:04Z")+"–"+o.End.UTC().Format("15:04Z"))
			}
		}
	}
	slices.Sort(out)
	return out
}

func wantOccurrences(t *testing.T, got []string, want ...string) {
	t.Helper()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("occurrences:\n got %q\nwant %q", got, want)
	}
}

// TestFoldedBeforeColon guards unfolding before anything else: RFC 5545
// lets a line fold anywhere, and Google, Outlook and Apple fold ATTENDEE
// and X-APPLE-STRUCTURED-LOCATION inside the name or just before the colon.
// A broken line after such folds is still named at its own physical line.
func TestFoldedBeforeColon(t *testing.T) {
	got := occurrencesOf(t, ics("BEGIN:VEVENT", "UID:fold@x", "DTSTART:20260603T080000Z", "DTEND:20260603T090000Z",
		"SUMMARY:Vikt", "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Anna Andersson;X-NUM-GUES",
		" TS=0", " :mailto:anna.andersson@example.se",
		"X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-ADDRESS=Torggatan 1\\n774 81 Avesta;X-TITLE=Stadshuset",
		"\t:geo:60.145,16.168", "ORGANI", " ZER:mailto:kansli@example.se", "END:VEVENT"))
	wantOccurrences(t, got, "Vikt 2026-06-03T08:00Z–09:00Z")

	_, _, err := loadTree(t, map[string]string{"calendars/enhet/k.ics": ics("BEGIN:VEVENT", "UID:fold@x",
		"ATTENDEE;CN=Anna", " :mailto:a@example.se", "DTSTART:20260603T080000Z", "BROKEN LINE", "END:VEVENT")})
	if err == nil || !strings.Contains(err.Error(), `k.ics:9: trasig rad i ICS-filen: "BROKEN LINE" saknar NAMN:värde`) {
		t.Errorf("a broken line is named at its physical line: %v", err)
	}
}

// TestLoneOverrides guards a series the file holds only as moved
// instances (no master): every one of them is an occurrence.
func TestLoneOverrides(t *testing.T) {
	got := occurrencesOf(t, ics(
		"BEGIN:VEVENT", "UID:lone@x", "RECURRENCE-ID:20260907T080000Z", "DTSTART:20260908T080000Z", "DTEND:20260908T090000Z", "SUMMARY:Flyttad", "END:VEVENT",
		"BEGIN:VEVENT", "UID:lone@x", "RECURRENCE-ID:20261005T080000Z", "DTSTART:20261006T080000Z", "DTEND:20261006T090000Z", "SUMMARY:Flyttad", "END:VEVENT",
		"BEGIN:VEVENT", "UID:lone@x", "RECURRENCE-ID:20261102T080000Z", "DTSTART:20261102T120000Z", "DTEND:20261102T130000Z", "SUMMARY:Flyttad igen", "END:VEVENT"))
	wantOccurrences(t, got, "Flyttad 2026-09-08T08:00Z–09:00Z", "Flyttad 2026-10-06T08:00Z–09:00Z", "Flyttad igen 2026-11-02T12:00Z–13:00Z")
}

// TestSeveralRRULEs guards the union of several RRULEs in one VEVENT.
func TestSeveralRRULEs(t *testing.T) {
	got := occurrencesOf(t, ics("BEGIN:VEVENT", "UID:two@x", "DTSTART:20260601T080000Z", "DURATION:PT1H", "SUMMARY:Två regler",
		"RRULE:FREQ=MONTHLY;BYMONTHDAY=1;COUNT=2", "RRULE:FREQ=MONTHLY;BYMONTHDAY=15;COUNT=2", "END:VEVENT"))
	wantOccurrences(t, got, "Två regler 2026-06-01T08:00Z–09:00Z", "Två regler 2026-07-01T08:00Z–09:00Z",
		"Två regler 2026-06-15T08:00Z–09:00Z", "Två regler 2026-07-15T08:00Z–09:00Z")
}

// TestRDATE guards RDATE as RFC 5545 defines it: VALUE=PERIOD with an end
// or a duration gives instances of their own length, and DTSTART is always
// the first instance even when only RDATEs follow.
func TestRDATE(t *testing.T) {
	got := occurrencesOf(t, ics("BEGIN:VEVENT", "UID:rdate@x", "DTSTART:20260601T080000Z", "DTEND:20260601T090000Z", "SUMMARY:Extra",
		"RDATE;VALUE=PERIOD:20260610T120000Z/20260610T150000Z,20260611T070000Z/PT30M", "RDATE:20260612T080000Z", "END:VEVENT"))
	wantOccurrences(t, got, "Extra 2026-06-01T08:00Z–09:00Z", "Extra 2026-06-10T12:00Z–15:00Z", "Extra 2026-06-11T07:00Z–07:30Z", "Extra 2026-06-12T08:00Z–09:00Z")
}

// TestFileTimeZones guards TZIDs that are not IANA names: a zone the file
// defines itself (Outlook's user-edited "Customized Time Zone", here with
// its own offsets and transition days) is computed from its VTIMEZONE; a
// Windows name the file does not define comes from CLDR's table; an IANA
// name in the wrong case is the IANA zone.
func TestFileTimeZones(t *testing.T) {
	custom := []string{"BEGIN:VTIMEZONE", "TZID:Customized Time Zone",
		"BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0200", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "END:STANDARD",
		"BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0300", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "END:DAYLIGHT",
		"END:VTIMEZONE"}
	lines := append(custom,
		// 2026-04-05 is the first Sunday of April: +03:00 from then on.
		"BEGIN:VEVENT", "UID:tz1@x", "DTSTART;TZID=Customized Time Zone:20260404T100000", "DTEND;TZID=Customized Time Zone:20260404T110000", "SUMMARY:Före", "END:VEVENT",
		"BEGIN:VEVENT", "UID:tz2@x", "DTSTART;TZID=Customized Time Zone:20260406T100000", "DTEND;TZID=Customized Time Zone:20260406T110000", "SUMMARY:Efter", "END:VEVENT",
		"BEGIN:VEVENT", "UID:tz3@x", "DTSTART;TZID=Tokyo Standard Time:20260406T100000", "DTEND;TZID=Tokyo Standard Time:20260406T110000", "SUMMARY:Tokyo", "END:VEVENT",
		"BEGIN:VEVENT", "UID:tz4@x", "DTSTART;TZID=Europe/lisbon:20260706T100000", "DTEND;TZID=Europe/lisbon:20260706T110000", "SUMMARY:Lissabon", "END:VEVENT",
		// An older Outlook's display name, with no VTIMEZONE.
		"BEGIN:VEVENT", "UID:tz5@x", `DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260706T100000`,
		`DTEND;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260706T110000`, "SUMMARY:Stockholm", "END:VEVENT")
	got := occurrencesOf(t, ics(lines...))
	wantOccurrences(t, got, "Före 2026-04-04T08:00Z–09:00Z", "Efter 2026-04-06T07:00Z–08:00Z", "Tokyo 2026-04-06T01:00Z–02:00Z", "Lissabon 2026-07-06T09:00Z–10:00Z",
		"Stockholm 2026-07-06T08:00Z–09:00Z")

	_, _, err := loadTree(t, map[string]string{"calendars/enhet/k.ics": ics("BEGIN:VEVENT", "UID:tz@x",
		"DTSTART;TZID=Mars Standard Time:20260406T100000", "SUMMARY:Okänd", "END:VEVENT")})
	if err == nil || !strings.Contains(err.Error(), `k.ics:4: DTSTART: okänd tidszon "Mars Standard Time", och filen har ingen VTIMEZONE med det TZID:t`) {
		t.Errorf("a zone neither IANA, Windows nor defined in the file is refused at its event: %v", err)
	}
}

// TestSecondVCALENDAR guards a file of several VCALENDARs one after the
// other: the events of each are read.
func TestSecondVCALENDAR(t *testing.T) {
	src := ics("BEGIN:VEVENT", "UID:a@x", "DTSTART:20260601T080000Z", "DTEND:20260601T090000Z", "SUMMARY:Första", "END:VEVENT") +
		ics("BEGIN:VEVENT", "UID:b@x", "DTSTART:20260602T080000Z", "DTEND:20260602T090000Z", "SUMMARY:Andra", "END:VEVENT")
	wantOccurrences(t, occurrencesOf(t, src), "Första 2026-06-01T08:00Z–09:00Z", "Andra 2026-06-02T08:00Z–09:00Z")
}

// TestMultiLineLocation guards a LOCATION written as an address over
// several lines (Apple, Google): it is read as one line, not refused.
func TestMultiLineLocation(t *testing.T) {
	cal, _, err := loadTree(t, map[string]string{"calendars/enhet/k.ics": ics("BEGIN:VEVENT", "UID:loc@x",
		"DTSTART:20260603T080000Z", "DTEND:20260603T090000Z", "SUMMARY:Möte",
		"LOCATION:Stadshuset\\nTorggatan 1\\n774 81 Avesta\\nSverige", "END:VEVENT")})
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Items) != 1 || cal.Items[0].Location != "Stadshuset, Torggatan 1, 774 81 Avesta, Sverige" {
		t.Errorf("location: %+v", cal.Items)
	}
}

// TestAllDayEndEqualsStart guards an all-day event whose DTEND equals its
// DTSTART: clients read it as that one day.
func TestAllDayEndEqualsStart(t *testing.T) {
	got := occurrencesOf(t, ics("BEGIN:VEVENT", "UID:day@x", "DTSTART;VALUE=DATE:20260610", "DTEND;VALUE=DATE:20260610", "SUMMARY:Dagen", "END:VEVENT"))
	wantOccurrences(t, got, "Dagen 2026-06-10–2026-06-10")
}

// TestThisAndFuture guards RANGE=THISANDFUTURE: the override's shift,
// length and title apply to its instance and every later one; a later
// single override still wins, and earlier instances are untouched.
func TestThisAndFuture(t *testing.T) {
	got := occurrencesOf(t, ics(
		"BEGIN:VEVENT", "UID:fut@x", "DTSTART;TZID=Europe/Stockholm:20260601T090000", "DTEND;TZID=Europe/Stockholm:20260601T100000",
		"RRULE:FREQ=WEEKLY;COUNT=5", "SUMMARY:Avstämning", "END:VEVENT",
		"BEGIN:VEVENT", "UID:fut@x", "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Stockholm:20260615T090000",
		"DTSTART;TZID=Europe/Stockholm:20260615T130000", "DTEND;TZID=Europe/Stockholm:20260615T133000", "SUMMARY:Avstämning (ny tid)", "END:VEVENT",
		"BEGIN:VEVENT", "UID:fut@x", "RECURRENCE-ID;TZID=Europe/Stockholm:20260622T090000",
		"DTSTART;TZID=Europe/Stockholm:20260623T080000", "DTEND;TZID=Europe/Stockholm:20260623T090000", "SUMMARY:Avstämning (flyttad)", "END:VEVENT"))
	wantOccurrences(t, got, "Avstämning 2026-06-01T07:00Z–08:00Z", "Avstämning 2026-06-08T07:00Z–08:00Z",
		"Avstämning (ny tid) 2026-06-15T11:00Z–11:30Z", "Avstämning (flyttad) 2026-06-23T06:00Z–07:00Z", "Avstämning (ny tid) 2026-06-29T11:00Z–11:30Z")
}

// TestICSRefusals guards what is still refused, each for a reason a person
// can act on and at its line: no UID, a malformed value, two series under
// one UID, an RDATE period that ends before it starts, and a VTIMEZONE
// with an hourly rule (bounded, so that it costs no time).
func TestICSRefusals(t *testing.T) {
	_, _, err := loadTree(t, map[string]string{"calendars/enhet/k.ics": ics(
		"BEGIN:VEVENT", "DTSTART:20260601T080000Z", "SUMMARY:Utan UID", "END:VEVENT",
		"BEGIN:VEVENT", "UID:bad@x", "DTSTART:2026-06-01 08:00", "SUMMARY:Fel", "END:VEVENT",
		"BEGIN:VEVENT", "UID:twice@x", "DTSTART:20260601T080000Z", "SUMMARY:En", "END:VEVENT",
		"BEGIN:VEVENT", "UID:twice@x", "DTSTART:20260602T080000Z", "SUMMARY:Två", "END:VEVENT",
		"BEGIN:VEVENT", "UID:period@x", "DTSTART:20260601T080000Z", "RDATE;VALUE=PERIOD:20260610T120000Z/20260610T110000Z", "SUMMARY:Baklänges", "END:VEVENT",
		"BEGIN:VTIMEZONE", "TZID:Timvis", "BEGIN:DAYLIGHT", "DTSTART:19700101T000000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "RRULE:FREQ=HOURLY", "END:DAYLIGHT", "END:VTIMEZONE",
		"BEGIN:VEVENT", "UID:hourly@x", "DTSTART;TZID=Timvis:20260601T080000", "SUMMARY:Timvis zon", "END:VEVENT")})
	for _, want := range []string{"k.ics:4: VEVENT saknar UID", `k.ics:8: DTSTART "2026-06-01 08:00" är ingen tidpunkt`,
		`k.ics:18: UID "twice@x" finns redan på rad 13`, `k.ics:23: RDATE: perioden "20260610T120000Z/20260610T110000Z" slutar innan den börjar`,
		`k.ics:38: DTSTART: tidszonen "Timvis" går inte att räkna ut ur filens VTIMEZONE (DAYLIGHT: fler än 1000 övergångar; en tidszon har en eller två om året)`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
}

// TestManyOwnZones guards the bound on the zones a file defines itself:
// fifty are computed, the next is refused at its event, so that a file of
// thousands costs no time.
func TestManyOwnZones(t *testing.T) {
	var lines []string
	for i := 1; i <= 51; i++ {
		name := fmt.Sprintf("Zon %d", i)
		lines = append(lines, "BEGIN:VTIMEZONE", "TZID:"+name, "BEGIN:STANDARD", "DTSTART:19700101T000000",
			"TZOFFSETFROM:+0100", "TZOFFSETTO:+0100", "END:STANDARD", "END:VTIMEZONE",
			"BEGIN:VEVENT", fmt.Sprintf("UID:z%d@x", i), "DTSTART;TZID="+name+":20260601T100000", "SUMMARY:"+name, "END:VEVENT")
	}
	_, _, err := loadTree(t, map[string]string{"calendars/enhet/k.ics": ics(lines...)})
	probs := problems(t, err)
	if len(probs) != 1 || !strings.Contains(err.Error(), `k.ics:662: DTSTART: tidszonen "Zon 51" går inte att räkna ut ur filens VTIMEZONE (filen använder fler än 50 egna tidszoner)`) {
		t.Errorf("want only the 51st zone refused: %v", err)
	}
}
