package app

import (
	"fmt"
	"net/url"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// parseQuery refuses a query string that cannot be read, where net/http
// would silently drop the broken part and serve an unfiltered feed.
func parseQuery(raw string) (url.Values, error) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, invalid("frågesträngen går inte att läsa: %v", err)
	}
	return q, nil
}

// parseFilter reads focus=, audience=, channel= and followups=, refusing
// unknown values of them with the valid ones (a typo must not give an empty feed
// that looks right). canon is the filter in a fixed form, for the cache.
func parseFilter(q url.Values, p *wheel.Programme) (feed.Filter, string, error) {
	// Other parameters are ignored (SPEC): clients and proxies append their
	// own (cache busters, tracking), and a subscription must not break on
	// them. They do not enter the cache key either.
	f := feed.Filter{FollowUps: true}
	pick := func(key string, cat wheel.Catalogue, what string) (string, error) {
		v := q.Get(key)
		if v == "" {
			return "", nil
		}
		if !cat.Has(v) {
			return "", invalid("okänd %s %q; giltiga är %s", what, v, diag.OneOf(cat.Keys))
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
		return f, "", invalid("followups ska vara 0 eller 1")
	}
	canon := fmt.Sprintf("f=%s&a=%s&c=%s&u=%t", f.Focus, f.Audience, f.Channel, f.FollowUps)
	return f, canon, nil
}
