package aktivitetsplan

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// A recurring activity's rule in the words of the upprepas column: what
// RuleWords writes, ParseRule reads back as the same rule, so that a row
// downloaded and uploaded unchanged changes nothing.

// RuleForms lists the forms the upprepas column takes, for messages and
// the instructions.
var RuleForms = []string{
	"varje tisdag",
	"varje tisdag 09.00 (en timme)",
	"varje tisdag 09.00–10.30",
	"den 1 varje månad",
	"första måndagen varje månad (andra, tredje, fjärde, sista)",
	"varje år 10-05",
	"varje år 10-05–10-23",
	"vecka 41 varje år",
	"första måndagen i oktober varje år",
	"… 09.00 i 26h (längre än ett dygn)",
	"… utom 2027-04-06, 2027-12-29",
}

var (
	weekdays   = []string{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"}
	months     = []string{"", "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
	ordinals   = map[int]string{1: "första", 2: "andra", 3: "tredje", 4: "fjärde", -1: "sista"}
	ordinalOf  = map[string]int{"första": 1, "andra": 2, "tredje": 3, "fjärde": 4, "sista": -1}
	weekdayAlt = strings.Join(weekdays, "|")
	monthAlt   = strings.Join(months[1:], "|")
	ordinalAlt = "första|andra|tredje|fjärde|sista"
)

// RuleWords is r in the upprepas column's words: "varje tisdag 09.00",
// "första måndagen varje månad", "varje år 10-05–10-23 utom 2027-10-05".
func RuleWords(r *wheel.Rule) string {
	var s string
	switch {
	case r.Freq == wheel.Weekly:
		s = "varje " + weekdays[weekday(r)]
	case r.Freq == wheel.Monthly && r.Weekday != nil:
		s = ordinals[r.Nth] + " " + weekdays[weekday(r)] + "en varje månad"
	case r.Freq == wheel.Monthly:
		s = "den " + strconv.Itoa(r.Day) + " varje månad"
	case r.Weekday != nil:
		s = ordinals[r.Nth] + " " + weekdays[weekday(r)] + "en i " + months[r.Month] + " varje år"
	case r.Week != 0:
		s = "vecka " + strconv.Itoa(r.Week) + " varje år"
	case r.ToMonth != 0:
		s = fmt.Sprintf("varje år %02d-%02d–%02d-%02d", r.Month, r.Day, r.ToMonth, r.ToDay)
	default:
		s = fmt.Sprintf("varje år %02d-%02d", r.Month, r.Day)
	}
	if c := r.Time; c != nil {
		s += fmt.Sprintf(" %02d.%02d", c.Hour, c.Minute)
		switch d := r.Duration; {
		case d == time.Hour:
		case d > 0 && d < 24*time.Hour && d%time.Minute == 0:
			end := (time.Duration(c.Hour)*time.Hour + time.Duration(c.Minute)*time.Minute + d) % (24 * time.Hour)
			s += fmt.Sprintf("–%02d.%02d", int(end.Hours()), int(end.Minutes())%60)
		default:
			s += " i " + durationText(d)
		}
	}
	if len(r.Exceptions) > 0 {
		days := make([]string, len(r.Exceptions))
		for i, d := range r.Exceptions {
			days[i] = d.String()
		}
		s += " utom " + strings.Join(days, ", ")
	}
	return s
}

func weekday(r *wheel.Rule) time.Weekday {
	if r.Weekday == nil {
		return time.Monday
	}
	return *r.Weekday
}

var (
	clockRE = regexp.MustCompile(`^(.*?)\s+(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})(?:\s*[–—-]\s*(\d{1,2})[.:](\d{2})|\s+i\s+(\S+))?$`)
	ruleREs = []struct {
		re   *regexp.Regexp
		read func(m []string, r *wheel.Rule) error
	}{
		{regexp.MustCompile(`^varje (` + weekdayAlt + `)$`), func(m []string, r *wheel.Rule) error {
			r.Freq, r.Weekday = wheel.Weekly, ptr(time.Weekday(slices.Index(weekdays, m[1])))
			return nil
		}},
		{regexp.MustCompile(`^(` + ordinalAlt + `) (` + weekdayAlt + `)en varje månad$`), func(m []string, r *wheel.Rule) error {
			r.Freq, r.Nth, r.Weekday = wheel.Monthly, ordinalOf[m[1]], ptr(time.Weekday(slices.Index(weekdays, m[2])))
			return nil
		}},
		{regexp.MustCompile(`^den (\d{1,2}) varje månad$`), func(m []string, r *wheel.Rule) error {
			r.Freq, r.Day = wheel.Monthly, atoi(m[1])
			if r.Day < 1 || r.Day > 31 {
				return fmt.Errorf("den %s finns inte; skriv en dag 1–31 (29–31 blir månadens sista dag i kortare månader)", m[1])
			}
			return nil
		}},
		{regexp.MustCompile(`^(` + ordinalAlt + `) (` + weekdayAlt + `)en i (` + monthAlt + `) varje år$`), func(m []string, r *wheel.Rule) error {
			r.Freq, r.Nth, r.Weekday = wheel.Yearly, ordinalOf[m[1]], ptr(time.Weekday(slices.Index(weekdays, m[2])))
			r.Month = time.Month(slices.Index(months, m[3]))
			return nil
		}},
		{regexp.MustCompile(`^vecka (\d{1,2}) varje år$`), func(m []string, r *wheel.Rule) error {
			r.Freq, r.Week = wheel.Yearly, atoi(m[1])
			if r.Week < 1 || r.Week > 53 {
				return fmt.Errorf("vecka %s finns inte; ISO-veckor är 1–53", m[1])
			}
			return nil
		}},
		{regexp.MustCompile(`^varje år (\d{2})-(\d{2})$`), func(m []string, r *wheel.Rule) error {
			r.Freq = wheel.Yearly
			var err error
			r.Month, r.Day, err = monthDay(m[1], m[2])
			return err
		}},
		{regexp.MustCompile(`^varje år (\d{2})-(\d{2})\s*[–—]\s*(\d{2})-(\d{2})$`), func(m []string, r *wheel.Rule) error {
			r.Freq = wheel.Yearly
			var err1, err2 error
			r.Month, r.Day, err1 = monthDay(m[1], m[2])
			r.ToMonth, r.ToDay, err2 = monthDay(m[3], m[4])
			if err1 != nil {
				return err1
			}
			if err2 != nil {
				return err2
			}
			if (r.Month == 2 && r.Day == 29) || (r.ToMonth == 2 && r.ToDay == 29) {
				return fmt.Errorf("en period kan inte börja eller sluta 02-29, som bara finns vart fjärde år")
			}
			return nil
		}},
	}
)

// ParseRule reads the upprepas column's words as RuleWords writes them
// (a time as 09.00 or 09:00, a dash as – or -, in any case), or says in
// Swedish why it cannot, listing the forms it takes.
func ParseRule(s string) (*wheel.Rule, error) {
	text := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	r := &wheel.Rule{}
	if head, except, ok := strings.Cut(text, " utom "); ok {
		text = head
		for _, d := range strings.FieldsFunc(except, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			if d == "och" {
				continue
			}
			day, err := wheel.ParseDate(d)
			if err != nil {
				return nil, fmt.Errorf("upprepas %q: %q efter utom är inget datum; skriv ÅÅÅÅ-MM-DD, åtskilda med komma", s, d)
			}
			r.Exceptions = append(r.Exceptions, day)
		}
	}
	if m := clockRE.FindStringSubmatch(text); m != nil {
		text = m[1]
		c, err := wheel.ParseClock(fmt.Sprintf("%02d:%s", atoi(m[2]), m[3]))
		if err != nil {
			return nil, fmt.Errorf("upprepas %q: %v", s, err)
		}
		r.Time, r.Duration = &c, time.Hour
		switch {
		case m[4] != "":
			end, err := wheel.ParseClock(fmt.Sprintf("%02d:%s", atoi(m[4]), m[5]))
			if err != nil {
				return nil, fmt.Errorf("upprepas %q: sluttiden: %v", s, err)
			}
			r.Duration = time.Duration((end.Hour*60+end.Minute)-(c.Hour*60+c.Minute)) * time.Minute
			if r.Duration <= 0 {
				r.Duration += 24 * time.Hour // ends after midnight
			}
		case m[6] != "":
			if r.Duration, err = wheel.ParseDuration(m[6]); err != nil {
				return nil, fmt.Errorf("upprepas %q: %v", s, err)
			}
		}
	}
	for _, f := range ruleREs {
		if m := f.re.FindStringSubmatch(text); m != nil {
			if err := f.read(m, r); err != nil {
				return nil, fmt.Errorf("upprepas %q: %v", s, err)
			}
			if r.Time != nil && (r.Week != 0 || r.ToMonth != 0) {
				return nil, fmt.Errorf("upprepas %q: en vecka eller en period är heldag och tar inget klockslag", s)
			}
			return r, nil
		}
	}
	return nil, fmt.Errorf("upprepas %q går inte att läsa; skriv t.ex. %s", s, strings.Join(RuleForms, "; "))
}

// durationText is a length as the files write it: 26h, 45m, 1h30m.
func durationText(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case m == 0:
		return fmt.Sprintf("%dh", h)
	case h == 0:
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%dh%dm", h, m)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// monthDay reads MM and DD as a day that exists in some year.
func monthDay(ms, ds string) (time.Month, int, error) {
	m, d := atoi(ms), atoi(ds)
	if m < 1 || m > 12 || d < 1 || d > [12]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1] {
		return 0, 0, fmt.Errorf("%s-%s är ingen dag på året; skriv MM-DD, t.ex. 10-05", ms, ds)
	}
	return time.Month(m), d, nil
}
