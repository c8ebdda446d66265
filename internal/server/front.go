package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"regexp"
	"runtime/debug"
	"time"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"
)

// Front is the daemon's HTTP server.
//
// It is fasthttp, not net/http, because of one request: a subscribed
// calendar asks for its feed all day and nearly always gets a 304. On the
// two cores the service is sized for, net/http spent 1.4 times nginx's CPU
// on that answer, and a net/http handler that did nothing but answer 304
// reached only 0.79–0.84 of nginx: its per-request work (a goroutine for
// the background read, header maps, deadline timers) costs more than the
// answer itself (README, Performance). So fasthttp answers the feeds
// itself, and every other route stays an ordinary net/http handler behind
// fasthttpadaptor, where the conversion's cost does not matter.
type Front struct {
	srv *fasthttp.Server
}

// Front returns the HTTP server for s, with the limits of a service on the
// open internet.
func (s *Server) Front() *Front {
	pages := fasthttpadaptor.NewFastHTTPHandler(s.Handler())
	handle := func(c *fasthttp.RequestCtx) {
		defer s.recoverPanic(c)
		path := c.Path() // decoded, with dot segments and double slashes resolved
		if !bytes.HasPrefix(path, feedsPrefix) {
			pages(c)
			return
		}
		start := time.Now()
		route := s.serveFeeds(c, string(path[len(feedsPrefix):]))
		if route == "" {
			pages(c)
			return
		}
		// As observe does for a page: by route, never by path.
		s.record(context.Background(), feedMethod(c), route, c.Response.StatusCode(), len(c.Response.Body()), time.Since(start))
	}
	return &Front{srv: &fasthttp.Server{
		Handler:      handle,
		ErrorHandler: requestError,
		Logger:       fastLog{s.log},
		// Neither the request nor its URL (which holds a token) goes into
		// fasthttp's own error messages.
		SecureErrorLogMessage: true,
		NoDefaultServerHeader: true,
		NoDefaultContentType:  true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		// The largest request header: room for the cookies of an intranet
		// domain, far below net/http's 1 MB.
		ReadBufferSize: 16 << 10,
		// The largest body any route reads is a follow-up's note.
		MaxRequestBodySize:           1 << 20,
		DisablePreParseMultipartForm: true,
		CloseOnShutdown:              true,
	}}
}

var feedsPrefix = []byte("/feeds/")

// Handler is the request handler that Serve runs, for benchmarks.
func (f *Front) Handler() fasthttp.RequestHandler { return f.srv.Handler }

// Serve answers requests on ln until Shutdown, after which it returns nil.
func (f *Front) Serve(ln net.Listener) error { return f.srv.Serve(ln) }

// Shutdown stops accepting, closes idle connections and waits for the
// requests in progress, or for ctx.
func (f *Front) Shutdown(ctx context.Context) error { return f.srv.ShutdownWithContext(ctx) }

// feedMethod names the method without copying it on a GET or HEAD, the
// feeds' every request.
func feedMethod(c *fasthttp.RequestCtx) string {
	switch {
	case c.IsGet():
		return fasthttp.MethodGet
	case c.IsHead():
		return fasthttp.MethodHead
	}
	return string(c.Method())
}

// recoverPanic keeps a bug in one request from taking down the daemon,
// and the reminders with it: fasthttp, unlike net/http, does not recover.
// (fasthttpadaptor recovers a page's panic, logs it and panics again here.)
func (s *Server) recoverPanic(c *fasthttp.RequestCtx) {
	v := recover()
	if v == nil {
		return
	}
	s.log.Error("request failed with a panic", "method", string(c.Method()),
		"panic", redactTokens(fmt.Sprint(v)), "stack", string(debug.Stack()))
	c.Response.Reset()
	plainError(c, "internt fel; se tjänstens logg", fasthttp.StatusInternalServerError)
}

// requestError answers a request that could not be read.
func requestError(c *fasthttp.RequestCtx, err error) {
	var small *fasthttp.ErrSmallBuffer
	var netErr net.Error
	switch {
	case errors.As(err, &small):
		plainError(c, "förfrågans huvud är för stort", fasthttp.StatusRequestHeaderFieldsTooLarge)
	case errors.Is(err, fasthttp.ErrBodyTooLarge):
		plainError(c, "förfrågan är för stor", fasthttp.StatusRequestEntityTooLarge)
	case errors.As(err, &netErr) && netErr.Timeout():
		plainError(c, "förfrågan kom inte fram i tid", fasthttp.StatusRequestTimeout)
	default:
		plainError(c, "förfrågan går inte att läsa", fasthttp.StatusBadRequest)
	}
}

// fastLog passes fasthttp's messages to slog. Some of them name the
// request (fasthttpadaptor's panic message does), so anything shaped like
// a token is blotted out first.
type fastLog struct{ log *slog.Logger }

func (l fastLog) Printf(format string, args ...any) {
	l.log.Warn("http: " + redactTokens(fmt.Sprintf(format, args...)))
}

// tokenLike matches a token: 24 random bytes in unpadded base64url are 32
// characters.
var tokenLike = regexp.MustCompile(`[A-Za-z0-9_-]{32,}`)

func redactTokens(s string) string { return tokenLike.ReplaceAllString(s, "…") }
