package server

import (
	"crypto/subtle"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Feed routes, as the metrics and the logs name them.
const (
	routePublicFeed = "GET /feeds/public.ics"
	routeFeed       = "GET /feeds/{token}/{file}"
)

// serveFeeds answers /feeds/public.ics, /feeds/TOKEN/UNIT.ics and
// /feeds/TOKEN/all.ics (rest is the path after /feeds/) and returns the
// route, or "" when the path is none of them. A wrong token and an unknown
// unit get the same 404, so the answer tells an outsider nothing about which
// units exist.
func (s *Server) serveFeeds(c *fasthttp.RequestCtx, rest string) string {
	route, token, file := routePublicFeed, "", "public.ics"
	if rest != file {
		var ok bool
		token, file, ok = strings.Cut(rest, "/")
		if !ok || token == "" || file == "" || strings.Contains(file, "/") {
			return ""
		}
		route = routeFeed
	}
	if !c.IsGet() && !c.IsHead() {
		plainError(c, "metoden stöds inte; flöden hämtas med GET", fasthttp.StatusMethodNotAllowed)
		c.Response.Header.Set("Allow", "GET, HEAD")
		return route
	}
	cur := s.state.Current()
	if cur == nil {
		plainError(c, "tjänsten startar; försök igen om en stund", fasthttp.StatusServiceUnavailable)
		return route
	}
	scope, cacheControl := feed.ScopePublic, publicCache
	if route == routeFeed {
		var ok bool
		scope, ok = strings.CutSuffix(file, ".ics")
		if !ok || !s.authorized(cur, token, scope) {
			plainError(c, "flödet finns inte; kontrollera adressen eller be om en ny", fasthttp.StatusNotFound)
			return route
		}
		cacheControl = privateCache
	}
	s.serveFeed(c, cur, scope, cacheControl)
	return route
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

func (s *Server) serveFeed(c *fasthttp.RequestCtx, cur *state.State, scope string, cacheControl []byte) {
	f, canon := feed.Filter{FollowUps: true}, ""
	if raw := c.URI().QueryString(); len(raw) > 0 {
		q, err := url.ParseQuery(string(raw))
		if err == nil {
			f, canon, err = parseFilter(q, &cur.Config.Programme)
		} else {
			err = fmt.Errorf("frågesträngen går inte att läsa: %w", err)
		}
		if err != nil {
			plainError(c, err.Error(), fasthttp.StatusBadRequest)
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
		plainError(c, "flödet kunde inte skapas; se tjänstens logg", fasthttp.StatusInternalServerError)
		return
	}
	body, etag := e.body, e.etag
	gz := acceptsGzip(string(c.Request.Header.Peek("Accept-Encoding")))
	if gz {
		body, etag = e.gz, e.gzETag
	}
	// Referrer-Policy matters even here: the token is in the URL.
	h := &c.Response.Header
	h.SetCanonical(hETag, etag)
	h.SetCanonical(hCacheControl, cacheControl)
	h.SetCanonical(hVary, acceptEncoding)
	h.SetCanonical(hReferrerPolicy, noReferrerB)
	if notModified(string(c.Request.Header.Peek("If-None-Match")), string(c.Request.Header.Peek("If-Modified-Since")), string(etag), e.lastModified) {
		c.SetStatusCode(fasthttp.StatusNotModified)
		return
	}
	h.SetCanonical(hNosniff, nosniffB)
	h.SetCanonical(hLastModified, e.lastModifiedText)
	h.SetContentTypeBytes(calendarType)
	h.SetCanonical(hContentDisposition, e.disposition)
	if gz {
		h.SetContentEncodingBytes(gzipEncoding)
	}
	// For a HEAD, fasthttp sends the length of this body and not the body.
	c.Response.SetBodyRaw(body)
}

// plainError answers with a short text, as net/http's http.Error does. It
// replaces every header set before it.
func plainError(c *fasthttp.RequestCtx, msg string, code int) {
	c.Error(msg+"\n", code)
	c.SetContentType("text/plain; charset=utf-8")
	c.Response.Header.SetCanonical(hNosniff, nosniffB)
}

// Header names and values of the feed responses, made once: a 304 is the
// answer a subscribed calendar gets all day.
var (
	hETag               = []byte("Etag")
	hCacheControl       = []byte("Cache-Control")
	hVary               = []byte("Vary")
	hReferrerPolicy     = []byte("Referrer-Policy")
	hNosniff            = []byte("X-Content-Type-Options")
	hLastModified       = []byte("Last-Modified")
	hContentDisposition = []byte("Content-Disposition")

	calendarType   = []byte("text/calendar; charset=utf-8")
	acceptEncoding = []byte("Accept-Encoding")
	gzipEncoding   = []byte("gzip")
	noReferrerB    = []byte("no-referrer")
	nosniffB       = []byte("nosniff")
	privateCache   = []byte("private, max-age=300")
	publicCache    = []byte("public, max-age=300")
)
