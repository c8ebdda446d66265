package server

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

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
		http.Error(w, "flödet finns inte; kontrollera adressen eller be om en ny", http.StatusNotFound)
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

// serveFeed answers from the encoded cache. Every header value is a slice
// made once with the cached feed and assigned, not set: a 304 to a polling
// calendar is the answer the service gives most, and this keeps it free of
// allocations of its own.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, cur *state.State, scope string, cacheControl []string) {
	f, canon := feed.Filter{FollowUps: true}, ""
	if r.URL.RawQuery != "" {
		q, err := parseQuery(r.URL.RawQuery)
		if err == nil {
			f, canon, err = parseFilter(q, &cur.Config.Programme)
		}
		if err != nil {
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
	body, etag, length := e.body, e.etag, e.length
	gz := acceptsGzip(r.Header.Get("Accept-Encoding"))
	if gz {
		body, etag, length = e.gz, e.gzETag, e.gzLength
	}
	// Referrer-Policy matters even here: the token is in the URL.
	h := w.Header()
	h["Etag"] = etag
	h["Cache-Control"] = cacheControl
	h["Vary"] = varyEncoding
	h["Referrer-Policy"] = noReferrer
	if notModified(r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since"), etag[0], e.lastModified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["X-Content-Type-Options"] = nosniff
	h["Last-Modified"] = e.lastModifiedText
	h["Content-Type"] = calendarType
	h["Content-Disposition"] = e.disposition
	if gz {
		h["Content-Encoding"] = gzipEncoding
	}
	h["Content-Length"] = length
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

func lengthHeader(b []byte) []string { return []string{strconv.Itoa(len(b))} }
