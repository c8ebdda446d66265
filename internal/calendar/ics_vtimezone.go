package calendar

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// The transitions a file's own VTIMEZONE is computed over: up to the last
// year an event may have (plausibleYear), from well before any programme.
// rrule-go stops a series after 292 years (its iterator counts in a
// time.Duration), so the span must stay shorter than that.
var (
	vtzFirst = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	vtzLast  = time.Date(2201, 1, 1, 0, 0, 0, 0, time.UTC)
)

// maxOnsets bounds one observance's transitions: a real one has one a year
// (231 over the span above); a VTIMEZONE with an hourly rule is hostile or
// broken, and must not cost minutes.
const maxOnsets = 1000

// zoneChange is one transition: from at on, the offset (seconds east of
// UTC) is offset.
type zoneChange struct {
	at     time.Time
	offset int
	dst    bool
	name   string
}

// vtimezoneLocation computes a time zone from a VTIMEZONE's own
// observances (STANDARD and DAYLIGHT, each an offset that starts at its
// DTSTART and again at every RRULE or RDATE instance), for a TZID that no
// table knows: Outlook's "Customized Time Zone", which a user edited, is
// the common case. The transitions become TZif data, the format Go reads
// its own zones from, so that times and recurrences in the zone behave as
// in any other.
func vtimezoneLocation(tzid string, c *ical.Component) (loc *time.Location, err error) {
	defer func() {
		if r := recover(); r != nil { // rrule-go panics on some rules
			loc, err = nil, fmt.Errorf("%v", r)
		}
	}()
	var changes []zoneChange
	first := 0 // the offset before the first transition
	for _, obs := range c.Children {
		dst := obs.Name == ical.CompTimezoneDaylight
		if !dst && obs.Name != ical.CompTimezoneStandard {
			continue
		}
		from, err := utcOffset(obs.Props.Get(ical.PropTimezoneOffsetFrom))
		if err != nil {
			return nil, fmt.Errorf("%s: TZOFFSETFROM %v", obs.Name, err)
		}
		to, err := utcOffset(obs.Props.Get(ical.PropTimezoneOffsetTo))
		if err != nil {
			return nil, fmt.Errorf("%s: TZOFFSETTO %v", obs.Name, err)
		}
		walls, err := onsets(obs)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", obs.Name, err)
		}
		name := ""
		if p := obs.Props.Get(ical.PropTimezoneName); p != nil {
			name = p.Value
		}
		for i, wall := range walls {
			// An onset is a wall clock time in the offset in force before it.
			at := wall.Add(-time.Duration(from) * time.Second)
			if i == 0 && (len(changes) == 0 || at.Before(changes[0].at)) {
				first = from
			}
			changes = append(changes, zoneChange{at, to, dst, name})
		}
	}
	if len(changes) == 0 {
		return nil, fmt.Errorf("varken STANDARD eller DAYLIGHT har någon övergång")
	}
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].at.Before(changes[j].at) })
	return time.LoadLocationFromTZData(tzid, tzif(first, changes))
}

// onsets are the wall clock times an observance starts at: its DTSTART,
// every instance of its RRULEs and its RDATEs, within the plausible years.
func onsets(obs *ical.Component) ([]time.Time, error) {
	sp := obs.Props.Get(ical.PropDateTimeStart)
	if sp == nil {
		return nil, fmt.Errorf("DTSTART saknas")
	}
	start, err := time.Parse("20060102T150405", strings.TrimSuffix(sp.Value, "Z"))
	if err != nil {
		return nil, fmt.Errorf("DTSTART %q är ingen tidpunkt", sp.Value)
	}
	seen := map[time.Time]bool{}
	var out []time.Time
	steps := 0
	add := func(t time.Time) error {
		if steps++; steps > 2*maxOnsets {
			return fmt.Errorf("fler än %d övergångar; en tidszon har en eller två om året", maxOnsets)
		}
		if !t.Before(vtzFirst) && t.Before(vtzLast) && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
		if len(out) > maxOnsets {
			return fmt.Errorf("fler än %d övergångar; en tidszon har en eller två om året", maxOnsets)
		}
		return nil
	}
	if err := add(start); err != nil {
		return nil, err
	}
	for _, p := range obs.Props.Values(ical.PropRecurrenceRule) {
		opt, err := rrule.StrToROptionInLocation(p.Value, time.UTC)
		if err != nil {
			return nil, fmt.Errorf("RRULE %q: %v", p.Value, err)
		}
		opt.Dtstart = start
		if y := start.Year(); y < vtzFirst.Year() && opt.Freq == rrule.YEARLY && opt.Count == 0 {
			// Outlook starts every rule in 1601: a yearly rule gives the
			// same onsets from a start whole intervals later.
			step := max(opt.Interval, 1)
			opt.Dtstart = start.AddDate((vtzFirst.Year()-y+step-1)/step*step, 0, 0)
		}
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			return nil, fmt.Errorf("RRULE %q: %v", p.Value, err)
		}
		next := r.Iterator()
		for t, ok := next(); ok && t.Before(vtzLast); t, ok = next() {
			if err := add(t); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range obs.Props.Values(ical.PropRecurrenceDates) {
		for _, v := range strings.Split(p.Value, ",") {
			v, _, _ = strings.Cut(strings.TrimSpace(v), "/")
			t, err := time.Parse("20060102T150405", strings.TrimSuffix(v, "Z"))
			if err != nil {
				return nil, fmt.Errorf("RDATE %q är ingen tidpunkt", v)
			}
			if err := add(t); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// utcOffset reads a UTC-OFFSET value: "+0100", "-0500", "+053000".
func utcOffset(p *ical.Prop) (int, error) {
	if p == nil {
		return 0, fmt.Errorf("saknas")
	}
	v := strings.TrimSpace(p.Value)
	if (len(v) != 5 && len(v) != 7) || (v[0] != '+' && v[0] != '-') {
		return 0, fmt.Errorf("%q är ingen förskjutning (+HHMM)", v)
	}
	var parts [3]int
	for i := 0; 1+2*i < len(v); i++ {
		n, err := strconv.Atoi(v[1+2*i : 3+2*i])
		if err != nil {
			return 0, fmt.Errorf("%q är ingen förskjutning (+HHMM)", v)
		}
		parts[i] = n
	}
	if parts[0] > 23 || parts[1] > 59 || parts[2] > 59 {
		return 0, fmt.Errorf("%q är ingen förskjutning (+HHMM)", v)
	}
	s := parts[0]*3600 + parts[1]*60 + parts[2]
	if v[0] == '-' {
		s = -s
	}
	return s, nil
}

// tzif encodes transitions as version 2 TZif data (RFC 8536): an empty
// version 1 block, then the 64-bit one. The first local time type is the
// one in force before the first transition.
func tzif(first int, changes []zoneChange) []byte {
	type ttype struct {
		offset int
		dst    bool
		name   string
	}
	types := []ttype{{first, false, ""}}
	index := map[ttype]int{types[0]: 0}
	var idx []byte
	for _, c := range changes {
		k := ttype{c.offset, c.dst, c.name}
		i, ok := index[k]
		if !ok {
			if len(types) == 255 {
				break // a TZif file holds at most 256 types; no real zone comes near
			}
			i = len(types)
			index[k] = i
			types = append(types, k)
		}
		idx = append(idx, byte(i))
	}
	changes = changes[:len(idx)]
	// Abbreviations are indexed by a byte: one that does not fit is left
	// empty (offset 0), which only changes how a time prints.
	chars := bytes.NewBuffer([]byte{0})
	abbr := make([]int, len(types))
	for i, t := range types {
		if t.name != "" && chars.Len()+len(t.name) < 255 {
			abbr[i] = chars.Len()
			chars.WriteString(t.name)
			chars.WriteByte(0)
		}
	}
	var b bytes.Buffer
	header := func(ntime, ntype, nchar int) {
		b.WriteString("TZif2")
		b.Write(make([]byte, 15))
		for _, n := range []int{0, 0, 0, ntime, ntype, nchar} {
			_ = binary.Write(&b, binary.BigEndian, uint32(n))
		}
	}
	header(0, 0, 0)
	header(len(changes), len(types), chars.Len())
	for _, c := range changes {
		_ = binary.Write(&b, binary.BigEndian, c.at.Unix())
	}
	b.Write(idx)
	for i, t := range types {
		_ = binary.Write(&b, binary.BigEndian, int32(t.offset))
		isDST := byte(0)
		if t.dst {
			isDST = 1
		}
		b.Write([]byte{isDST, byte(abbr[i])})
	}
	b.Write(chars.Bytes())
	return b.Bytes()
}
