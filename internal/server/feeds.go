package server

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

func (s *Server) handlePublicFeed(w http.ResponseWriter, r *http.Request) {
	cur, ok := s.current(w)
	if !ok {
		return
	}
	s.serveFeed(w, r, cur, feed.ScopePublic, publicCache)
}

// handleFeed serves /feeds/TOKEN/UNIT.ics and /feeds/TOKEN/all.ics. A wrong
// token and an unknown unit get the same 404, so the answer tells an
// outsider nothing about which units exist.
func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) {
	cur, ok := s.current(w)
	if !ok {
		return
	}
	scope, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || !s.authorized(cur, r.PathValue("token"), scope) {
		http.NotFound(w, r)
		return
	}
	s.serveFeed(w, r, cur, scope, privateCache)
}

// authorized compares in constant time. The admin token opens every feed;
// a unit's token opens only its own.
func (s *Server) authorized(cur *state.State, token, scope string) bool {
	toks := s.state.Tokens()
	admin := equalToken(token, toks[store.AdminScope])
	if scope == feed.ScopeAll {
		return admin
	}
	if cur.Config.Unit(scope) == nil {
		return false
	}
	unit := equalToken(token, toks[store.UnitScope(scope)])
	return admin || unit
}

func equalToken(given, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(given), []byte(want)) == 1
}

func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, cur *state.State, scope string, cacheControl []string) {
	f, canon := feed.Filter{FollowUps: true}, ""
	if r.URL.RawQuery != "" {
		var err error
		if f, canon, err = parseFilter(r.URL.Query(), &cur.Config.Programme); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
	}
	now := s.clock.Now()
	today := wheel.DateOf(now.In(cur.Config.Programme.Location))
	e, err := s.feeds.get(cacheKey{version: cur.Version, day: today, scope: scope, filter: canon}, func() ([]byte, time.Time, error) {
		req, ok := feed.NewRequest(cur.Config, cur.Snapshot, scope, f, now)
		if !ok {
			return nil, time.Time{}, fmt.Errorf("unknown scope %q", scope)
		}
		res, err := feed.Build(req)
		lm := res.LastModified
		if cur.Snapshot.Changed.After(lm) {
			lm = cur.Snapshot.Changed // an item removed moves nothing else
		}
		return res.Body, lm, err
	})
	if err != nil {
		s.log.Error("feed failed", "scope", scope, "err", err)
		http.Error(w, "flödet kunde inte skapas; se tjänstens logg", http.StatusInternalServerError)
		return
	}
	body, etag := e.body, e.etag
	gz := acceptsGzip(r.Header.Get("Accept-Encoding"))
	if gz {
		body, etag = e.gz, e.gzETag
	}
	// Referrer-Policy matters even here: the token is in the URL.
	h := w.Header()
	h["Etag"] = etag
	h["Cache-Control"] = cacheControl
	h["Vary"] = varyEncoding
	h["Referrer-Policy"] = noReferrer
	if notModified(r, etag[0], e.lastModified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["X-Content-Type-Options"] = nosniff
	h["Last-Modified"] = e.lastModifiedText
	h["Content-Type"] = calendarType
	h["Content-Disposition"] = []string{`inline; filename="` + scope + `.ics"`}
	if gz {
		h["Content-Encoding"] = gzipEncoding
	}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

var (
	calendarType = []string{"text/calendar; charset=utf-8"}
	varyEncoding = []string{"Accept-Encoding"}
	gzipEncoding = []string{"gzip"}
	privateCache = []string{"private, max-age=300"}
	publicCache  = []string{"public, max-age=300"}
)

// notModified applies RFC 9110: If-None-Match decides when present,
// otherwise If-Modified-Since (to the second).
func notModified(r *http.Request, etag string, lastMod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
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
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !lastMod.After(t)
	}
	return false
}

// acceptsGzip reads Accept-Encoding, honouring gzip;q=0.
func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
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
