package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// BenchmarkWheelPage renders the whole wheel page (SVG and list) of one
// generated unit with about 200 and 2,000 occurrences in the year.
func BenchmarkWheelPage(b *testing.B) {
	for _, items := range []int{18, 180} {
		now := time.Date(2027, 5, 3, 9, 0, 0, 0, stockholm)
		handler, _, st := largeHandler(b, 1, items, now)
		tok, _ := st.Token(context.Background(), store.UnitScope("u00"), now)
		path := "/wheel/" + tok + "/u00?year=2027"
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		m := regexp.MustCompile(`(\d+) tillfällen 2027`).FindSubmatch(rec.Body.Bytes())
		if rec.Code != 200 || m == nil {
			b.Fatalf("page: %d", rec.Code)
		}
		n, _ := strconv.Atoi(string(m[1]))
		b.Run(fmt.Sprintf("occurrences=%d", n), func(b *testing.B) { benchGet(b, handler, path) })
	}
}

// largeHandler serves units generated units of items items each
// (testenv.WriteLarge) at now, as the daemon's handler, for benchmarks.
func largeHandler(b *testing.B, units, items int, now time.Time) (http.Handler, *state.Holder, *store.Store) {
	b.Helper()
	dir := b.TempDir()
	if err := testenv.WriteLarge(dir, units, items); err != nil {
		b.Fatal(err)
	}
	files := config.Disk()
	p, _ := files.FromOS(dir + "/config/arshjul.yaml")
	st := testenv.OpenStore(b)
	h, srv := filesServer(b, st, clock.NewManual(now), files, p)
	return srv.Handler(), h, st
}

// benchGet measures GET path through handler and reports the body's size.
func benchGet(b *testing.B, handler http.Handler, path string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	var size int
	for b.Loop() {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size)/1024, "KB")
}
