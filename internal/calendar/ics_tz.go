package calendar

import (
	"strings"
	"time"
)

// windowsZones maps the time zone names Outlook writes in its ICS exports to
// IANA zones with the same rules (from CLDR's windowsZones). Only zones a
// Swedish municipality's partners plausibly use are listed; others must be
// named by their IANA name.
var windowsZones = map[string]string{
	"W. Europe Standard Time":        "Europe/Berlin",
	"Central Europe Standard Time":   "Europe/Budapest",
	"Central European Standard Time": "Europe/Warsaw",
	"Romance Standard Time":          "Europe/Paris",
	"GMT Standard Time":              "Europe/London",
	"Greenwich Standard Time":        "Atlantic/Reykjavik",
	"FLE Standard Time":              "Europe/Helsinki",
	"E. Europe Standard Time":        "Europe/Chisinau",
	"GTB Standard Time":              "Europe/Bucharest",
	"Russian Standard Time":          "Europe/Moscow",
	"UTC":                            "UTC",
	"Coordinated Universal Time":     "UTC",
	"Eastern Standard Time":          "America/New_York",
	"Pacific Standard Time":          "America/Los_Angeles",
	"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna": "Europe/Berlin",
}

// location resolves a TZID as exporters write it: IANA names, IANA names
// behind a vendor prefix ("/mozilla.org/20050126_1/Europe/Stockholm"), or
// Windows names.
func location(tzid string) (*time.Location, bool) {
	tzid = strings.Trim(strings.TrimSpace(tzid), `"`)
	if iana, ok := windowsZones[tzid]; ok {
		tzid = iana
	}
	for tzid != "" {
		tzid = strings.TrimPrefix(tzid, "/")
		if tzid != "Local" {
			if loc, err := time.LoadLocation(tzid); err == nil && tzid != "" {
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
