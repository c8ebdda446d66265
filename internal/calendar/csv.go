package calendar

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// csvColumns maps every accepted header (Swedish, English, common variants)
// to the field it fills.
var csvColumns = map[string]string{
	"id":        "id",
	"aktivitet": "title", "title": "title", "titel": "title", "rubrik": "title",
	"start": "start", "datum": "start", "startdatum": "start",
	"slut": "end", "end": "end", "slutdatum": "end",
	"ansvarig": "owner", "owner": "owner",
	"målgrupper": "audiences", "målgrupp": "audiences", "audiences": "audiences",
	"kanaler": "channels", "kanal": "channels", "channels": "channels",
	"fokusområde": "focus", "focus": "focus",
	"uppföljning": "follow_up", "follow_up": "follow_up",
	"beskrivning": "description", "description": "description",
	"plats": "location", "location": "location", "lokal": "location",
	"publik": "public", "public": "public",
}

// decodeText turns a spreadsheet export into UTF-8: a BOM is dropped, and a
// file that is not valid UTF-8 is Excel's Windows-1252.
func decodeText(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return data
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// sniffDelimiter reads Excel's "sep=;" line when there is one, else picks the
// more frequent of ; , and tab in the header line. It returns how many lines
// it consumed.
func sniffDelimiter(data []byte) (rune, []byte, int) {
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	first = bytes.TrimRight(first, "\r")
	if s := string(first); strings.HasPrefix(strings.ToLower(s), "sep=") && utf8.RuneCountInString(s) == 5 {
		r, _ := utf8.DecodeRuneInString(s[4:])
		return r, rest, 1
	}
	best, n := ';', bytes.Count(first, []byte(";"))
	for _, c := range []rune{',', '\t'} {
		if k := bytes.Count(first, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best, data, 0
}

func (f *fileCtx) loadCSV(data []byte, cal *wheel.Calendar) {
	comma, body, skipped := sniffDelimiter(decodeText(data))
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = comma
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		f.csvError(err, skipped)
		return
	}
	cols := map[string]int{}
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(h))
		if key == "" {
			continue
		}
		field, ok := csvColumns[key]
		if !ok {
			f.add(1+skipped, "okänd kolumn %q; giltiga kolumner är %s", h, validColumns)
			continue
		}
		cols[field] = i
	}
	_, hasTitle := cols["title"]
	_, hasStart := cols["start"]
	if !hasTitle || !hasStart {
		f.add(1+skipped, "rubrikraden saknar aktivitet eller start; den ska vara t.ex. id;aktivitet;start;slut;ansvarig;målgrupper;kanaler;fokusområde;uppföljning;beskrivning")
		return
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			f.csvError(err, skipped)
			return
		}
		line, _ := r.FieldPos(0)
		line += skipped
		get := func(field string) string {
			if i, ok := cols[field]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // Excel leaves empty rows at the end
		}
		if it, ok := f.csvRow(get, line); ok && f.admit(&it, line) {
			cal.Items = append(cal.Items, it)
		}
	}
}

func (f *fileCtx) csvError(err error, skipped int) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		switch pe.Err {
		case csv.ErrBareQuote:
			msg = `citattecken mitt i ett fält utan citattecken runt; skriv fältet inom "…" och dubbla citattecknen inuti ("")`
		case csv.ErrQuote:
			msg = `ett citerat fält tar aldrig slut; saknas ett avslutande "?`
		}
		f.add(pe.Line+skipped, "trasig CSV-rad: %s (tecken %d)", msg, pe.Column)
		return
	}
	f.add(1+skipped, "CSV-filen går inte att läsa: %v", err)
}

func (f *fileCtx) csvRow(get func(string) string, line int) (wheel.Item, bool) {
	before := f.probs.Len()
	title := get("title")
	id := get("id")
	if id == "" {
		id = RowID(title, get("start"))
		f.at("title")
	} else {
		f.at("id")
	}
	it := wheel.Item{ID: id, Source: "csv", Title: title, Description: get("description"), Location: get("location"), Public: f.unit.Public}
	f.claimID(id, line)
	f.at("owner")
	it.Owner = f.owner(get("owner"), line)
	f.at("focus")
	it.Focus = f.focus(get("focus"), line)
	f.at("audiences")
	it.Audiences = f.audiences(splitList(get("audiences")), line)
	f.at("channels")
	it.Channels = f.channels(splitList(get("channels")), line)
	f.at("title")
	if title == "" {
		f.add(line, "aktivitet saknas (kolumnen aktivitet är tom)")
	}
	f.at("public")
	switch strings.ToLower(get("public")) {
	case "", "ja", "j", "x", "true", "yes":
	case "nej", "n", "false", "no":
		it.Public = false
	default:
		f.add(line, "publik %q: skriv ja eller nej", get("public"))
	}
	start, end := get("start"), get("end")
	f.at("start")
	switch {
	case start == "":
		f.add(line, "start saknas; skriv ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM")
	case strings.ContainsAny(start, " T"):
		w := rawWhen{Start: start, End: end}
		if end == "" {
			w.Duration = "1h"
		}
		f.timedSpan(&w, line, &it)
	default:
		if end == "" {
			end = start
		} else if _, err := wheel.ParseDate(start); err == nil {
			f.at("end") // the start is fine: what is wrong is in the end
		}
		f.daySpan(start, end, line, &it, [2]string{"start", "slut"})
	}
	if fu := get("follow_up"); fu != "" {
		f.at("follow_up")
		if strings.HasPrefix(fu, "+") || strings.HasSuffix(fu, "d") {
			it.FollowUp = f.followUp(fu, "", "", "", line)
		} else {
			it.FollowUp = f.followUp("", fu, "", "", line)
		}
	}
	f.at("title")
	return it, f.probs.Len() == before
}

// RowID is the id of a spreadsheet row that has none: its title and its
// start date ("pressmeddelande-20260820"), stable while neither changes.
func RowID(title, start string) string {
	return wheel.Slug(title) + "-" + strings.ReplaceAll(strings.Fields(start + " x")[0], "-", "")
}

// splitList reads a cell listing several values: "medarbetare, kommuninvanare".
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
}

const validColumns = "id, aktivitet, start, slut, ansvarig, målgrupper, kanaler, fokusområde, uppföljning, beskrivning, plats, publik " +
	"(eller på engelska id, title, start, end, owner, audiences, channels, focus, follow_up, description, location, public)"
