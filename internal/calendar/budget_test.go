package calendar_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// dailyICS is what took 1 min 55 s and 3.3 GB before: n events, each a
// daily rule over the whole programme, in about 200 KB.
func dailyICS(n int) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//SV\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:daglig-%d@example.se\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260401\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Daglig %d\r\nEND:VEVENT\r\n", i, i)
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

// TestOccurrenceBudget: a unit may not grow past 50,000 occurrences, nor
// one item past 2,000: the 1,000 daily series are refused at the series
// that crosses the unit's budget, with the number and what a real wheel
// has, and without expanding the rest.
func TestOccurrenceBudget(t *testing.T) {
	start := time.Now()
	_, _, err := loadTree(t, map[string]string{"calendars/enhet/daglig.ics": dailyICS(1000)})
	t.Logf("1,000 daily series: refused in %v", time.Since(start))
	if err == nil {
		t.Fatal("1,000 daily series over three years were accepted")
	}
	probs := problems(t, err)
	if len(probs) != 1 {
		t.Fatalf("want one problem, got %d:\n%v", len(probs), err)
	}
	p := probs[0]
	// 1,006 days from 2026-04-01 to 2028-12-31 each: the 50th series crosses.
	if !strings.HasSuffix(p.File, "daglig.ics") || p.Line != 4+49*7 || !strings.Contains(p.Msg, "fler än 50 000 tillfällen") || !strings.Contains(p.Msg, "omkring 3 000") {
		t.Errorf("want daglig.ics:%d saying the unit's limit, got %s:%d: %s", 4+49*7, p.File, p.Line, p.Msg)
	}

	// 49 fit; one item of more than 2,000 (every hour) does not.
	if _, _, err := loadTree(t, map[string]string{"calendars/enhet/daglig.ics": dailyICS(49)}); err != nil {
		t.Errorf("49 daily series refused: %v", err)
	}
	hourly := strings.Replace(dailyICS(1), "FREQ=DAILY", "FREQ=HOURLY", 1)
	_, _, err = loadTree(t, map[string]string{"calendars/enhet/tim.ics": hourly})
	if err == nil || !strings.Contains(err.Error(), "tim.ics:4: RRULE ger fler än 2 000 tillfällen inom programmet") {
		t.Errorf("an hourly series: want tim.ics:4 and the item's limit, got %v", err)
	}

	// The same budget in YAML: 344 weekly meetings of 145 each fit
	// (49,880), the 345th crosses it, at its own line.
	var y strings.Builder
	y.WriteString("wheel:\n")
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&y, "  - {id: mote-%d, title: Möte %d, weekly: {weekday: mon}}\n", i, i)
	}
	_, _, err = loadTree(t, map[string]string{"calendars/enhet/moten.yaml": y.String()})
	probs = problems(t, err)
	if len(probs) != 1 || probs[0].Line != 2+344 || !strings.Contains(probs[0].Msg, `med "mote-344" fler än 50 000`) {
		t.Fatalf("400 weekly meetings: want one problem at mote-344, line 346, got %v", err)
	}
}
