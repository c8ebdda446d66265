package feed_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/avesta-kommun/arshjul/internal/snapshot"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden feeds in testdata/golden")

var stockholm, _ = time.LoadLocation("Europe/Stockholm")

// programmeStart is the moment the programme was adopted.
var programmeStart = time.Date(2026, 3, 23, 8, 0, 0, 0, stockholm)

// build makes the feed of scope as the daemon would at now.
func build(t *testing.T, ex *testenv.Example, snap *snapshot.Snapshot, scope string, f feed.Filter, now time.Time) (feed.Request, feed.Result) {
	t.Helper()
	req, ok := feed.NewRequest(ex.Config, snap, scope, f, now)
	if !ok {
		t.Fatalf("no feed %q", scope)
	}
	res, err := feed.Build(req)
	if err != nil {
		t.Fatal(err)
	}
	return req, res
}

// TestExampleFeeds checks the feeds of every example unit, all and public:
// against golden files, and through ical.js and libical, whose expansion of
// every recurrence over the whole validity must equal the service's own.
func TestExampleFeeds(t *testing.T) {
	ex := testenv.LoadExample(t, programmeStart)
	snap := ex.Snapshot(t)
	scopes := []string{feed.ScopeAll, feed.ScopePublic}
	for _, u := range ex.Config.Units {
		scopes = append(scopes, u.ID)
	}
	for _, scope := range scopes {
		t.Run(scope, func(t *testing.T) {
			req, res := build(t, ex, snap, scope, feed.Filter{FollowUps: true}, programmeStart)
			checkShape(t, res.Body)
			golden(t, scope+".ics", res.Body)
			from, to := icalcheck.Window(&ex.Config.Programme)
			icalcheck.Verify(t, res.Body, from, to, icalcheck.Expected(req))
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/feed -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./internal/feed -update and review the diff", name)
	}
}

var (
	byDayNumbered = regexp.MustCompile(`BYDAY=[^;:\r\n]*\d`)
	dtProp        = regexp.MustCompile(`^(DTSTART|DTEND|EXDATE|RECURRENCE-ID)([;:])`)
)

// checkShape asserts the rules Outlook and friends need on the raw text.
func checkShape(t *testing.T, body []byte) {
	t.Helper()
	if !bytes.HasSuffix(body, []byte("END:VCALENDAR\r\n")) {
		t.Error("feed does not end with END:VCALENDAR CRLF")
	}
	text := string(body)
	if strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\r") {
		t.Error("a line ends without CRLF")
	}
	inEvent := false
	var unfolded []string
	for _, l := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line splits a UTF-8 character: %q", l)
		}
		if strings.HasPrefix(l, " ") {
			unfolded[len(unfolded)-1] += l[1:]
			continue
		}
		unfolded = append(unfolded, l)
	}
	for _, l := range unfolded {
		switch {
		case l == "BEGIN:VEVENT":
			inEvent = true
		case l == "END:VEVENT":
			inEvent = false
		case strings.HasPrefix(l, "METHOD"):
			t.Error("a published feed must not have METHOD")
		case l == "BEGIN:VALARM":
			t.Error("feeds must not carry alarms: each client would pop them up")
		}
		if inEvent && strings.HasPrefix(l, "RRULE") && byDayNumbered.MatchString(l) {
			t.Errorf("Outlook reads an nth weekday only as BYDAY=XX;BYSETPOS=n: %s", l)
		}
		if inEvent && dtProp.MatchString(l) {
			name, rest, _ := strings.Cut(l, ":")
			if !strings.Contains(name, "VALUE=DATE") && !strings.Contains(name, "TZID=") && !strings.HasSuffix(rest, "Z") {
				t.Errorf("floating time: %s", l)
			}
			if strings.Contains(name, "TZID=") && !strings.Contains(text, "TZID:"+strings.SplitN(strings.SplitN(name, "TZID=", 2)[1], ";", 2)[0]+"\r\n") {
				t.Errorf("no VTIMEZONE for %s", l)
			}
		}
	}
	for _, p := range []string{"NAME:", "X-WR-CALNAME:", "REFRESH-INTERVAL;VALUE=DURATION:", "X-PUBLISHED-TTL:", "VERSION:2.0", "PRODID:"} {
		if !strings.Contains(text, "\r\n"+p) {
			t.Errorf("calendar lacks %s", p)
		}
	}
}
