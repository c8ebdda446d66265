package calendar

import (
	_ "embed"
	"encoding/xml"
	"strings"
	"sync"
	"time"
	"unicode"
)

// windowsZonesXML is CLDR's table of the Windows time zone names Outlook and
// Exchange write as TZID, each with the IANA zone of the same rules; the
// file says where it came from.
//
//go:embed zones/windowsZones.xml
var windowsZonesXML []byte

// zoneTables are read from windowsZonesXML once: Windows name → IANA name,
// and every IANA name it lists by its lower-case form, to find a TZID
// written in the wrong case.
var zoneTables = sync.OnceValues(func() (windows, lower map[string]string) {
	var doc struct {
		Zones []struct {
			Other     string `xml:"other,attr"`
			Territory string `xml:"territory,attr"`
			Type      string `xml:"type,attr"`
		} `xml:"windowsZones>mapTimezones>mapZone"`
	}
	if err := xml.Unmarshal(windowsZonesXML, &doc); err != nil {
		panic("windowsZones.xml: " + err.Error()) // embedded at build time: a test catches it
	}
	windows, lower = map[string]string{}, map[string]string{}
	for _, z := range doc.Zones {
		names := strings.Fields(z.Type)
		if z.Territory == "001" && len(names) > 0 {
			windows[z.Other] = names[0]
		}
		for _, n := range names {
			lower[strings.ToLower(n)] = n
		}
	}
	return windows, lower
})

// ianaLocation resolves a TZID that names an IANA zone: as it is, behind a
// vendor prefix ("/mozilla.org/20050126_1/Europe/Stockholm"), or in the
// wrong case ("Europe/lisbon"), as pytz accepts it.
func ianaLocation(tzid string) (*time.Location, bool) {
	tzid = strings.Trim(strings.TrimSpace(tzid), `"`)
	_, lower := zoneTables()
	for tzid != "" {
		tzid = strings.TrimPrefix(tzid, "/")
		for _, name := range []string{tzid, lower[strings.ToLower(tzid)], titleCase(tzid)} {
			if name == "" || name == "Local" {
				continue
			}
			if loc, err := time.LoadLocation(name); err == nil {
				return loc, true
			}
		}
		_, rest, found := strings.Cut(tzid, "/")
		if !found {
			break
		}
		tzid = rest
	}
	return nil, false
}

// windowsDisplayNames are Windows zones by the display name that older
// Outlooks write as a TZID, sometimes without a VTIMEZONE; CLDR's table
// knows only the zones' ids. Sweden's own is the one that matters here.
var windowsDisplayNames = map[string]string{
	"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna": "W. Europe Standard Time",
}

// windowsLocation resolves a Windows zone name by CLDR's table.
func windowsLocation(tzid string) (*time.Location, bool) {
	windows, _ := zoneTables()
	tzid = strings.Trim(strings.TrimSpace(tzid), `"`)
	if id, ok := windowsDisplayNames[tzid]; ok {
		tzid = id
	}
	iana, ok := windows[tzid]
	if !ok {
		return nil, false
	}
	loc, err := time.LoadLocation(iana)
	return loc, err == nil
}

// titleCase writes an IANA-like name the way most IANA names are written:
// each word capitalised ("europe/lisbon" → "Europe/Lisbon").
func titleCase(s string) string {
	r := []rune(strings.ToLower(s))
	for i := range r {
		if i == 0 || strings.ContainsRune("/_-", r[i-1]) {
			r[i] = unicode.ToUpper(r[i])
		}
	}
	return string(r)
}
