package server_test

import (
	"testing"

	"github.com/valyala/fasthttp"

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
	h := server.New(f.holder, f.clock, testenv.Quiet(), server.NewMetrics(f.holder)).Front().Handler()
	path := "/feeds/" + f.token(t, store.UnitScope("kommunikation")) + "/kommunikation.ics"
	request := func(inm string) *fasthttp.RequestCtx {
		var req fasthttp.Request
		req.SetRequestURI(path)
		if inm != "" {
			req.Header.Set("If-None-Match", inm)
		}
		var c fasthttp.RequestCtx
		c.Init(&req, nil, nil)
		return &c
	}
	first := request("")
	h(first)
	if first.Response.StatusCode() != 200 {
		b.Fatalf("status %d", first.Response.StatusCode())
	}
	etag := string(first.Response.Header.Peek("Etag"))
	for _, c := range []struct {
		name   string
		inm    string
		status int
	}{{"200", "", 200}, {"304", etag, 304}} {
		b.Run(c.name, func(b *testing.B) {
			ctx := request(c.inm)
			b.ReportAllocs()
			for b.Loop() {
				ctx.Response.Reset()
				h(ctx)
			}
			if got := ctx.Response.StatusCode(); got != c.status {
				b.Fatalf("status %d, want %d", got, c.status)
			}
		})
	}
}
