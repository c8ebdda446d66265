package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/wheel"
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

// parseQuery refuses a query string that cannot be read, where net/http
// would silently drop the broken part and serve an unfiltered feed.
func parseQuery(raw string) (url.Values, error) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, fmt.Errorf("frågesträngen går inte att läsa: %w", err)
	}
	return q, nil
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

// parseFilter reads focus=, audience=, channel= and followups=, refusing
// unknown values with the valid ones (a typo must not give an empty feed
// that looks right). canon is the filter in a fixed form, for the cache.
func parseFilter(q url.Values, p *wheel.Programme) (feed.Filter, string, error) {
	f := feed.Filter{FollowUps: true}
	for key := range q {
		switch key {
		case "focus", "audience", "channel", "followups":
		default:
			return f, "", fmt.Errorf("okänd parameter %q; giltiga är focus, audience, channel och followups", key)
		}
	}
	pick := func(key string, cat wheel.Catalogue, what string) (string, error) {
		v := q.Get(key)
		if v == "" {
			return "", nil
		}
		if !cat.Has(v) {
			return "", fmt.Errorf("okänd %s %q; giltiga är %s", what, v, diag.OneOf(cat.Keys))
		}
		return v, nil
	}
	var err error
	if f.Focus, err = pick("focus", p.FocusAreas, "focus"); err != nil {
		return f, "", err
	}
	if f.Audience, err = pick("audience", p.Audiences, "audience"); err != nil {
		return f, "", err
	}
	if f.Channel, err = pick("channel", p.Channels, "channel"); err != nil {
		return f, "", err
	}
	switch q.Get("followups") {
	case "", "1":
	case "0":
		f.FollowUps = false
	default:
		return f, "", fmt.Errorf("followups ska vara 0 eller 1")
	}
	canon := fmt.Sprintf("f=%s&a=%s&c=%s&u=%t", f.Focus, f.Audience, f.Channel, f.FollowUps)
	return f, canon, nil
}
