package wheel

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ParseDays reads a lead time or delay written as `14d`.
func ParseDays(s string) (Days, error) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "d"))
	if err != nil || !strings.HasSuffix(strings.TrimSpace(s), "d") || n < 0 || n > 3650 {
		return 0, fmt.Errorf("%q är inget antal dagar; skriv t.ex. 14d", s)
	}
	return Days(n), nil
}

// ParseClock reads a time of day written HH:MM.
func ParseClock(s string) (Clock, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return Clock{}, fmt.Errorf("%q är inget klockslag; skriv TT:MM, t.ex. 09:00", s)
	}
	return Clock{Hour: t.Hour(), Minute: t.Minute()}, nil
}

// ParseDuration reads a length such as 1h, 90m or 1h30m (at most a week).
func ParseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 || d > 7*24*time.Hour || d%time.Minute != 0 {
		return 0, fmt.Errorf("%q är ingen längd; skriv t.ex. 1h, 45m eller 1h30m (högst en vecka)", s)
	}
	return d, nil
}

// Weekdays in the files: English three-letter names, Swedish accepted too.
var weekdays = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday,
	"fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
	"mån": time.Monday, "tis": time.Tuesday, "ons": time.Wednesday, "tor": time.Thursday,
	"fre": time.Friday, "lör": time.Saturday, "sön": time.Sunday,
}

// ParseWeekday reads mon…sun (or mån…sön).
func ParseWeekday(s string) (time.Weekday, error) {
	if wd, ok := weekdays[strings.ToLower(strings.TrimSpace(s))]; ok {
		return wd, nil
	}
	return 0, fmt.Errorf("%q är ingen veckodag; giltiga är mon, tue, wed, thu, fri, sat, sun", s)
}

var idRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ValidID reports whether s can be an id: it goes into URLs, UIDs and
// occurrence ids, so lowercase ASCII letters, digits, - and _ only.
func ValidID(s string) error {
	if !idRe.MatchString(s) {
		return fmt.Errorf("%q duger inte som id; använd små bokstäver a–z, siffror, - och _ (högst 64 tecken), t.ex. medarbetarenkat", s)
	}
	return nil
}

// ValidAddress reports whether s is one e-mail address.
func ValidAddress(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || !strings.Contains(a.Address, "@") {
		return fmt.Errorf("%q är ingen e-postadress; skriv t.ex. namn@avesta.se", s)
	}
	return nil
}

// MaxTitle is the longest title, in characters: a title is a calendar
// entry's subject and a mail's line, not a paragraph.
const MaxTitle = 120

// CheckTitle refuses an empty or too long title.
func CheckTitle(s string) error {
	switch n := utf8.RuneCountInString(s); {
	case strings.TrimSpace(s) == "":
		return fmt.Errorf("skriv en titel")
	case n > MaxTitle:
		return fmt.Errorf("titeln är %d tecken; den får vara högst %d", n, MaxTitle)
	}
	return nil
}

// ValidLink reports whether s is a web address people may follow: https
// with a host, nothing else (no javascript:, no mail or file links).
func ValidLink(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || strings.ContainsAny(s, " \t\n\"<>") {
		return fmt.Errorf("%q är ingen webbadress; skriv hela adressen med https://, t.ex. https://www.avesta.se", s)
	}
	return nil
}

// Slug makes an id from a title: "Pressträff om budget" → "presstraff-om-budget".
func Slug(s string) string {
	repl := strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e", "ü", "u")
	s = repl.Replace(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if len(out) > 40 {
		out = strings.TrimRight(out[:40], "-")
	}
	if out == "" {
		out = "aktivitet"
	}
	return out
}
