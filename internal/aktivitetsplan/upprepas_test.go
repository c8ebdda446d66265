package aktivitetsplan_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/aktivitetsplan"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

func wd(d time.Weekday) *time.Weekday { return &d }

func clock(h, m int) *wheel.Clock { return &wheel.Clock{Hour: h, Minute: m} }

// everyRule is one rule of every form wheel.Rule takes (calendar's
// rule.go: yearly by date, by a span of days, by ISO week, by the nth
// weekday of a month; monthly by day, by the nth weekday; weekly), with
// and without a time, with a time's every kind of length, and with
// exceptions.
var everyRule = []struct {
	words string
	rule  wheel.Rule
}{
	{"varje tisdag", wheel.Rule{Freq: wheel.Weekly, Weekday: wd(time.Tuesday)}},
	{"varje tisdag 09.00", wheel.Rule{Freq: wheel.Weekly, Weekday: wd(time.Tuesday), Time: clock(9, 0), Duration: time.Hour}},
	{"varje tisdag 09.00–10.30", wheel.Rule{Freq: wheel.Weekly, Weekday: wd(time.Tuesday), Time: clock(9, 0), Duration: 90 * time.Minute}},
	{"varje söndag 22.30–01.00", wheel.Rule{Freq: wheel.Weekly, Weekday: wd(time.Sunday), Time: clock(22, 30), Duration: 150 * time.Minute}},
	{"varje fredag 08.00 i 26h", wheel.Rule{Freq: wheel.Weekly, Weekday: wd(time.Friday), Time: clock(8, 0), Duration: 26 * time.Hour}},
	{"varje lördag 10.00 i 24h30m", wheel.Rule{Freq: wheel.Weekly, Weekday: wd(time.Saturday), Time: clock(10, 0), Duration: 24*time.Hour + 30*time.Minute}},
	{"den 1 varje månad", wheel.Rule{Freq: wheel.Monthly, Day: 1}},
	{"den 31 varje månad 15.00", wheel.Rule{Freq: wheel.Monthly, Day: 31, Time: clock(15, 0), Duration: time.Hour}},
	{"första måndagen varje månad", wheel.Rule{Freq: wheel.Monthly, Nth: 1, Weekday: wd(time.Monday)}},
	{"andra onsdagen varje månad 13.15–14.00", wheel.Rule{Freq: wheel.Monthly, Nth: 2, Weekday: wd(time.Wednesday), Time: clock(13, 15), Duration: 45 * time.Minute}},
	{"tredje torsdagen varje månad", wheel.Rule{Freq: wheel.Monthly, Nth: 3, Weekday: wd(time.Thursday)}},
	{"fjärde fredagen varje månad", wheel.Rule{Freq: wheel.Monthly, Nth: 4, Weekday: wd(time.Friday)}},
	{"sista fredagen varje månad", wheel.Rule{Freq: wheel.Monthly, Nth: -1, Weekday: wd(time.Friday)}},
	{"varje år 10-05", wheel.Rule{Freq: wheel.Yearly, Month: 10, Day: 5}},
	{"varje år 02-29 10.00", wheel.Rule{Freq: wheel.Yearly, Month: 2, Day: 29, Time: clock(10, 0), Duration: time.Hour}},
	{"varje år 10-05–10-23", wheel.Rule{Freq: wheel.Yearly, Month: 10, Day: 5, ToMonth: 10, ToDay: 23}},
	{"varje år 12-20–01-06", wheel.Rule{Freq: wheel.Yearly, Month: 12, Day: 20, ToMonth: 1, ToDay: 6}},
	{"vecka 41 varje år", wheel.Rule{Freq: wheel.Yearly, Week: 41}},
	{"vecka 53 varje år", wheel.Rule{Freq: wheel.Yearly, Week: 53}},
	{"första måndagen i oktober varje år", wheel.Rule{Freq: wheel.Yearly, Month: 10, Nth: 1, Weekday: wd(time.Monday)}},
	{"sista söndagen i mars varje år 09.00–12.00", wheel.Rule{Freq: wheel.Yearly, Month: 3, Nth: -1, Weekday: wd(time.Sunday), Time: clock(9, 0), Duration: 3 * time.Hour}},
	{"varje tisdag 09.00 utom 2027-04-06, 2027-12-28", wheel.Rule{Freq: wheel.Weekly, Weekday: wd(time.Tuesday), Time: clock(9, 0), Duration: time.Hour,
		Exceptions: []wheel.Date{{Year: 2027, Month: 4, Day: 6}, {Year: 2027, Month: 12, Day: 28}}}},
	{"vecka 8 varje år utom 2028-02-21", wheel.Rule{Freq: wheel.Yearly, Week: 8, Exceptions: []wheel.Date{{Year: 2028, Month: 2, Day: 21}}}},
}

// TestEveryRuleRoundTrip guards the upprepas column: every form of rule
// is written in words, into a workbook, read back from the workbook's
// cell, and parsed to the same rule; and the same rule goes through the
// web's record (as an upload stores it) unchanged.
func TestEveryRuleRoundTrip(t *testing.T) {
	var rows []aktivitetsplan.Row
	for i, c := range everyRule {
		words := aktivitetsplan.RuleWords(&c.rule)
		if words != c.words {
			t.Errorf("%+v in words: %q, want %q", c.rule, words, c.words)
		}
		rows = append(rows, aktivitetsplan.Row{"id": "r" + string(rune('a'+i)), "title": "Regel", "repeat": words})
	}
	var b bytes.Buffer
	if err := aktivitetsplan.Write(&b, &wheel.Programme{}, "Enheten", rows, nil); err != nil {
		t.Fatal(err)
	}
	var probs diag.List
	wb := aktivitetsplan.ReadWorkbook("plan.xlsx", b.Bytes(), &probs)
	if probs.Len() > 0 || wb == nil || len(wb.Rows) != len(everyRule) {
		t.Fatalf("read back: %v, %+v", probs.Problems(), wb)
	}
	for i, c := range everyRule {
		got, err := aktivitetsplan.ParseRule(wb.Rows[i].Values["repeat"])
		if err != nil {
			t.Errorf("%q: %v", c.words, err)
			continue
		}
		if !reflect.DeepEqual(*got, c.rule) {
			t.Errorf("%q read back as %+v, want %+v", c.words, *got, c.rule)
		}
		d, err := aktivitetsplan.ToItem(aktivitetsplan.Row{"id": "x", "title": "X", "repeat": c.words}, webdoc.Item{}, &wheel.Programme{}, true)
		if err != nil {
			t.Fatal(err)
		}
		back, err := aktivitetsplan.RuleOf(d)
		if err != nil || !reflect.DeepEqual(*back, c.rule) {
			t.Errorf("%q through the web's record: %+v, %v", c.words, back, err)
		}
	}
}

// TestRuleWordsAsTyped guards what people type: a time with a colon, a
// hyphen for the dash, capitals and extra spaces read as the words
// written; what is no rule is refused in Swedish with the forms listed.
func TestRuleWordsAsTyped(t *testing.T) {
	for typed, want := range map[string]string{
		"Varje  Tisdag 9:00":                          "varje tisdag 09.00",
		"varje tisdag kl. 09.00-10.30":                "varje tisdag 09.00–10.30",
		"första måndagen varje månad":                 "första måndagen varje månad",
		"varje år 10-05 - 10-23":                      "",
		"varje år 10-05—10-23":                        "varje år 10-05–10-23",
		"varje vecka":                                 "",
		"den 32 varje månad":                          "",
		"vecka 54 varje år":                           "",
		"varje år 02-30":                              "",
		"vecka 41 varje år 09.00":                     "",
		"varje tisdag 25.00":                          "",
		"varje tisdag utom 2027-13-01":                "",
		"femte måndagen varje månad":                  "",
		"varje år 02-29–03-05":                        "",
		"varje onsdag utom 2027-01-06 och 2027-01-13": "varje onsdag utom 2027-01-06, 2027-01-13",
	} {
		r, err := aktivitetsplan.ParseRule(typed)
		switch {
		case want == "" && err == nil:
			t.Errorf("%q read as %q", typed, aktivitetsplan.RuleWords(r))
		case want == "" && !strings.Contains(err.Error(), typed):
			t.Errorf("%q: the message does not quote it: %v", typed, err)
		case want != "" && err != nil:
			t.Errorf("%q: %v", typed, err)
		case want != "" && aktivitetsplan.RuleWords(r) != want:
			t.Errorf("%q read as %q, want %q", typed, aktivitetsplan.RuleWords(r), want)
		}
	}
	if _, err := aktivitetsplan.ParseRule("varje vecka"); err == nil || !strings.Contains(err.Error(), "första måndagen varje månad") {
		t.Errorf("the forms are not listed: %v", err)
	}
}
