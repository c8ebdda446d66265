package app

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// A refused form says what is wrong in the words of the form, at the
// field it is about: the checks the form can make itself come first (a
// missing day, a time that is not one), and the files' own checks, which
// name the keys of a calendar file, are kept only for fields the form's
// checks found nothing wrong with, without the key they begin with.

// formChecks are the problems of the when, reminder fields the form
// can find itself, by form field.
func formChecks(f map[string]string, plan bool) map[string][]string {
	out := map[string][]string{}
	add := func(k, msg string) { out[k] = append(out[k], msg) }
	checkWhen := func(p string) {
		kind := f[p+"kind"]
		date, clock, dur, to := text(f, p+"date"), text(f, p+"time"), text(f, p+"duration"), text(f, p+"to")
		series := kind == "weekly" || kind == "monthly" || kind == "yearly"
		// A series kept without a first day (a file's, handed to the web)
		// runs from the programme's start on the day its rule names.
		ruled := kind == "weekly" && f[p+"weekday"] != "" || kind == "monthly" && (text(f, p+"day") != "" || f[p+"nth"] != "")
		switch {
		case date == "" && series && ruled:
		case date == "" && series:
			add(p+"date", "Skriv första gången, t.ex. 2027-04-01.")
		case date == "":
			add(p+"date", "Skriv datumet, t.ex. 2027-05-04.")
		case kind == "yearly" && len(date) == 5: // a yearly day without its first year, stored before series had one
		default:
			if _, err := wheel.ParseDate(date); err != nil {
				add(p+"date", sentence(err.Error()))
			}
		}
		if to != "" {
			if _, err := wheel.ParseDate(to); err != nil {
				add(p+"to", sentence(err.Error()))
			}
		} else if kind == "span" {
			add(p+"to", "Skriv sista dagen, t.ex. 2027-05-30.")
		}
		switch {
		case clock == "" && kind == "time":
			add(p+"time", "Skriv klockslaget, t.ex. 10:00.")
		case clock != "":
			if _, err := wheel.ParseClock(clock); err != nil {
				add(p+"time", sentence(err.Error()))
			}
		}
		switch {
		case dur == "" && kind == "time":
			add(p+"duration", "Skriv hur länge det pågår, t.ex. 1h, 90m eller 1h30m.")
		case dur != "":
			if _, err := wheel.ParseDuration(dur); err != nil {
				add(p+"duration", sentence(err.Error()))
			}
		}
	}
	if a := strings.TrimSuffix(text(f, "followup_after"), "d"); a != "" {
		if n, err := strconv.Atoi(a); err != nil || n < 0 {
			add("followup", "Skriv antal dagar som en siffra, t.ex. 14.")
		}
	}
	if !plan {
		checkWhen("")
		if f["noremind"] != "1" {
			for _, d := range strings.FieldsFunc(text(f, "remind"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
				if n, err := strconv.Atoi(strings.TrimSuffix(d, "d")); err != nil || n < 0 {
					add("remind", "Skriv antal dagar före som siffror, t.ex. 7, 1.")
					break
				}
			}
		}
		return out
	}
	for i := 0; i < rowCount(f); i++ {
		if !rowEmpty(f, i) {
			checkWhen(rowPrefix(i))
		}
	}
	return out
}

// sentence is a message begun with a capital and ended with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' || r[0] == 'å' || r[0] == 'ä' || r[0] == 'ö' {
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	}
	s = string(r)
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// keyPrefix is the calendar file's key or the item's quoted id that a
// check's message begins with ("date: ", "\"budget\": ").
var keyPrefix = regexp.MustCompile(`^("[^"]*"|[a-z_.]+|ansvarig|länk|planens namn): `)

// plain is a check's message as the form says it.
func plain(msg string) string {
	return sentence(keyPrefix.ReplaceAllString(msg, ""))
}

// fieldLabels are the fields as the form names them.
var fieldLabels = map[string]string{
	"id": "Id", "title": "Titel", "description": "Beskrivning", "kind": "Hur ofta", "date": "Datum",
	"time": "Klockslag", "duration": "Hur länge", "to": "Sista dagen", "weekday": "Veckodag", "nth": "Vilken i månaden",
	"day": "Dag i månaden", "location": "Plats", "owner": "Ansvarig", "focus": "Fokusområde", "audiences": "Målgrupper",
	"channels": "Kanaler", "remind": "Påminnelser", "status": "Status", "links": "Länkar", "followup": "Uppföljning",
	"what": "1. Vad vill vi göra?", "why": "2. Varför gör vi det?", "know": "Veta", "feel": "Känna", "do": "Göra",
}

// order is the fields in the order the forms show them.
var order = []string{"", "id", "title", "description", "what", "why", "audiences", "know", "feel", "do",
	"kind", "date", "time", "duration", "to", "weekday", "nth", "day", "location", "owner", "focus",
	"channels", "remind", "status", "links", "followup"}

// summary lists the form's problems in the order of its fields, a plan's
// activities between its fourth and sixth question.
func summary(errs map[string][]string, plan bool) []Problem {
	var out []Problem
	rank := func(k string) (int, int) {
		if rest, ok := strings.CutPrefix(k, "act"); ok {
			num, field, _ := strings.Cut(rest, "_")
			n, _ := strconv.Atoi(num)
			return slices.Index(order, "do") + 1 + n, slices.Index(order, field)
		}
		i := slices.Index(order, k)
		if i > slices.Index(order, "do") {
			i += 1000
		}
		return i, 0
	}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		a1, a2 := rank(a)
		b1, b2 := rank(b)
		if a1 != b1 {
			return a1 - b1
		}
		return a2 - b2
	})
	for _, k := range keys {
		for _, m := range errs[k] {
			out = append(out, Problem{Field: inputID(k), Label: fieldLabel(k, plan), Msg: m})
		}
	}
	return out
}

// fieldLabel is what the form calls field k.
func fieldLabel(k string, plan bool) string {
	if rest, ok := strings.CutPrefix(k, "act"); ok {
		num, field, _ := strings.Cut(rest, "_")
		n, _ := strconv.Atoi(num)
		l := fieldLabels[field]
		if field == "title" {
			l = "Vad"
		}
		return "Aktivitet " + strconv.Itoa(n+1) + ", " + strings.ToLower(l[:1]) + l[1:]
	}
	if k == "title" && plan {
		return "Planens namn"
	}
	return fieldLabels[k]
}

// inputID is the id of the input a problem of field k is shown at (the
// first box of a group of them).
func inputID(k string) string {
	switch {
	case k == "":
		return ""
	case k == "audiences":
		return "aud-0"
	case k == "channels":
		return "ch-0"
	case k == "followup":
		return "followup_after"
	case strings.HasSuffix(k, "_channels"):
		return strings.TrimSuffix(k, "_channels") + "-ch-0"
	}
	return k
}
