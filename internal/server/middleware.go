package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
)

// observe is the chain every request goes through: a panic becomes a 500
// (with the stack in the log, and the daemon serving on), each request is
// counted and logged by its route pattern, never by its path (paths carry
// feed tokens), and what the mux cannot route gets a Swedish answer.
func (s *Server) observe(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w, status: http.StatusOK, req: r, s: s}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler { //nolint:errorlint // a sentinel value, compared as net/http does
					panic(v)
				}
				s.log.Error("request failed with a panic", "method", r.Method, "route", routeOf(r),
					"panic", redactTokens(fmt.Sprint(v)), "stack", redactTokens(string(debug.Stack())))
				if !rec.wrote {
					rec.replaceHeaders()
					http.Error(rec, "internt fel; se tjänstens logg", http.StatusInternalServerError)
				}
			}
			s.record(r.Context(), r.Method, routeOf(r), rec.status, rec.bytes, time.Since(start))
		}()
		cleanPath(r)
		mux.ServeHTTP(rec, r)
	})
}

// cleanPath resolves doubled slashes and dot segments in place, as a
// calendar client pasting an address expects, rather than answering with
// the mux's redirect (which some subscription dialogs do not follow).
func cleanPath(r *http.Request) {
	p := r.URL.Path
	if !strings.Contains(p, "//") && !strings.Contains(p, "/.") {
		return
	}
	c := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	r.URL.Path, r.URL.RawPath = c, ""
}

func routeOf(r *http.Request) string {
	if r.Pattern == "" {
		return "unmatched"
	}
	return r.Pattern
}

// record counts one request by its route and logs it at debug level.
func (s *Server) record(ctx context.Context, method, route string, status, bytes int, elapsed time.Duration) {
	s.metrics.request(route, status, elapsed)
	if s.log.Enabled(ctx, slog.LevelDebug) {
		s.log.Debug("request", "method", method, "route", route, "status", status,
			"bytes", bytes, "duration_ms", float64(elapsed.Microseconds())/1000)
	}
}

// recorder notes what was answered, for the log and the metrics. It also
// turns the mux's own 404 and 405 (the request matched no route: the mux
// leaves r.Pattern empty) into answers in Swedish, the 404 as the site's
// page, the 405 with its Allow header kept.
type recorder struct {
	http.ResponseWriter
	req     *http.Request
	s       *Server
	status  int
	bytes   int
	wrote   bool
	swallow bool // the mux's own body, replaced by ours
}

func (r *recorder) WriteHeader(code int) {
	if r.wrote {
		r.ResponseWriter.WriteHeader(code)
		return
	}
	if r.req.Pattern == "" && (code == http.StatusNotFound || code == http.StatusMethodNotAllowed) {
		r.unrouted(code)
		return
	}
	// The mux's own redirect (a 307), which a browser renders; a 304 is
	// no redirect, and carries only what a cache needs (RFC 9110 15.4.5).
	if code/100 == 3 && code != http.StatusNotModified && r.Header()["Content-Security-Policy"] == nil {
		setPageHeaders(r.Header())
	}
	r.status, r.wrote = code, true
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) unrouted(code int) {
	allow := r.Header().Get("Allow")
	r.replaceHeaders()
	r.req.Pattern = "unmatched" // answered: our own page goes through as is
	if code == http.StatusNotFound {
		setPageHeaders(r.Header())
		r.s.notFound(r)
	} else {
		r.Header().Set("Allow", allow)
		http.Error(r, "metoden stöds inte här; tillåtna är "+allow, code)
	}
	r.swallow = true
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.swallow {
		return len(b), nil
	}
	if !r.wrote {
		r.WriteHeader(http.StatusOK)
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// replaceHeaders drops what was set before (by a handler that then
// panicked, or by the mux) so that the answer carries none of it.
func (r *recorder) replaceHeaders() {
	h := r.Header()
	for k := range h {
		delete(h, k)
	}
}

// tokenLike matches a token: 24 random bytes in unpadded base64url are 32
// characters.
var tokenLike = regexp.MustCompile(`[A-Za-z0-9_-]{32,}`)

func redactTokens(s string) string { return tokenLike.ReplaceAllString(s, "…") }

// errorLog takes net/http's own messages (a TLS handshake, a broken
// client) into slog, with anything token-shaped blotted out first.
type errorLog struct{ log *slog.Logger }

func (l errorLog) Write(p []byte) (int, error) {
	l.log.Warn("http: " + redactTokens(string(trimNewline(p))))
	return len(p), nil
}

func trimNewline(p []byte) []byte {
	for len(p) > 0 && (p[len(p)-1] == '\n' || p[len(p)-1] == '\r') {
		p = p[:len(p)-1]
	}
	return p
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
