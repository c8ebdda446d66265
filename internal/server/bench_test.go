package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// BenchmarkFeedHandler measures the handler alone (no network) for a full
// response and for a 304, the request every subscribed client makes most.
func BenchmarkFeedHandler(b *testing.B) {
	t := &testing.T{}
	f := start(t, start2026)
	// The server as `serve` runs it: logging at info, not the fixture's debug.
	h := server.New(f.holder, f.clock, testenv.Quiet(), server.NewMetrics(f.holder)).Handler()
	path := "/feeds/" + f.token(t, store.UnitScope("kommunikation")) + "/kommunikation.ics"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	etag := rec.Header().Get("ETag")
	for _, c := range []struct {
		name string
		inm  string
	}{{"200", ""}, {"304", etag}} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			if c.inm != "" {
				req.Header.Set("If-None-Match", c.inm)
			}
			b.ReportAllocs()
			for b.Loop() {
				w := &discard{h: http.Header{}}
				h.ServeHTTP(w, req)
			}
		})
	}
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}
