package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/app"

	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// BenchmarkFeedHandler measures the handler chain alone (no network) for a
// full response and for a 304, the request every subscribed client makes
// most: routing, the middleware, the cache lookup and the headers.
func BenchmarkFeedHandler(b *testing.B) {
	t := &testing.T{}
	f := start(t, start2026)
	// The server as `serve` runs it: logging at info, not the fixture's debug.
	core := app.New(app.Options{State: f.holder, Store: f.store, Clock: f.clock, Log: testenv.Quiet()})
	h := server.New(core, testenv.Quiet(), server.NewMetrics(f.holder)).Handler()
	path := "/feeds/" + f.token(t, store.UnitScope("kommunikation")) + "/kommunikation.ics"
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest(http.MethodGet, path, nil))
	if first.Code != 200 {
		b.Fatalf("status %d", first.Code)
	}
	etag := first.Header().Get("Etag")
	for _, c := range []struct {
		name   string
		inm    string
		status int
	}{{"200", "", 200}, {"304", etag, 304}} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			if c.inm != "" {
				req.Header.Set("If-None-Match", c.inm)
			}
			w := &discard{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				h.ServeHTTP(w, req)
			}
			if w.code != c.status {
				b.Fatalf("status %d, want %d", w.code, c.status)
			}
		})
	}
}

// discard is a ResponseWriter that keeps nothing but the status, so that
// the benchmark counts the handler's allocations, not a recorder's.
type discard struct {
	h    http.Header
	code int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(code int)        { d.code = code }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
