package server

import (
	"net/http"
	"strings"
	"time"
)

// notModified applies RFC 9110: If-None-Match decides when present,
// otherwise If-Modified-Since (to the second).
func notModified(inm, ims, etag string, lastMod time.Time) bool {
	if inm != "" {
		for inm != "" {
			var t string
			t, inm, _ = strings.Cut(inm, ",")
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == etag || t == "*" {
				return true
			}
		}
		return false
	}
	if ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !lastMod.After(t)
	}
	return false
}

// acceptsGzip reads Accept-Encoding, honouring gzip;q=0.
func acceptsGzip(ae string) bool {
	for ae != "" {
		var part string
		part, ae, _ = strings.Cut(ae, ",")
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.TrimSpace(params)
		return !(strings.HasPrefix(q, "q=0") && strings.Trim(strings.TrimPrefix(q, "q="), "0.") == "")
	}
	return false
}
