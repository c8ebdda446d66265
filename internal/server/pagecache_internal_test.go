package server

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/httpcache"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// exampleServer is the server of the embedded example, on no port.
func exampleServer(t *testing.T) *Server {
	t.Helper()
	stockholm, _ := time.LoadLocation("Europe/Stockholm")
	clk := clock.NewManual(time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	h, st := testenv.ExampleState(t, clk, testenv.Quiet())
	return New(app.New(app.Options{State: h, Store: st, Clock: clk, Log: testenv.Quiet()}), testenv.Quiet(), NewMetrics(h))
}

func serveOnce(h http.Handler, path string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	return w
}

// TestPageCacheBoundedInBytes: an anonymous client asking for every year
// and start month of the public wheel (each a page of its own) pins no
// more memory than the cache's bound in bytes.
func TestPageCacheBoundedInBytes(t *testing.T) {
	s := exampleServer(t)
	const bound = 2 << 20
	s.cache = httpcache.New(bound)
	h := s.Handler()
	asked := 0
	for year := 1900; year <= 2200; year += 5 {
		for _, start := range []string{"1", "4", "8"} {
			if w := serveOnce(h, "/wheel/public?year="+strconv.Itoa(year)+"&start="+start); w.Code != 200 {
				t.Fatalf("year %d: %d", year, w.Code)
			}
			asked++
			if s.cache.Size() > bound {
				t.Fatalf("after %d pages the cache holds %d bytes, over its bound of %d", asked, s.cache.Size(), bound)
			}
		}
	}
	if s.cache.Len() >= asked {
		t.Errorf("all %d pages are held under a bound of %d bytes", asked, bound)
	}
}

// TestRendersBoundedAndFeedsUnaffected: of many distinct pages asked for
// at once, no more render together than there are slots, a short queue
// waits and the rest are answered 503 with a Retry-After at once; while
// every slot is taken a calendar's feed poll is still answered.
func TestRendersBoundedAndFeedsUnaffected(t *testing.T) {
	s := exampleServer(t)
	const slots, queue, asked = 2, 3, 10
	s.renders = httpcache.NewLimiter(slots, queue, time.Minute)
	var running, most, refused atomic.Int32
	release := make(chan struct{})
	slow := func(w http.ResponseWriter, r *http.Request) {
		s.servePage(w, r, anyone, r.URL.RawQuery, func() (rendered, error) {
			n := running.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			<-release
			running.Add(-1)
			return rendered{body: []byte("<p>sida</p>"), ctype: "text/html; charset=utf-8"}, nil
		})
	}
	codes := make([]int, asked)
	var wg sync.WaitGroup
	for i := range asked {
		wg.Go(func() {
			w := httptest.NewRecorder()
			slow(w, httptest.NewRequest(http.MethodGet, "/wheel/x?n="+strconv.Itoa(i), nil))
			codes[i] = w.Code
			if w.Code == http.StatusServiceUnavailable {
				if w.Header().Get("Retry-After") == "" {
					t.Error("a 503 without Retry-After")
				}
				refused.Add(1)
			}
		})
	}
	deadline := time.Now().Add(10 * time.Second)
	for (refused.Load() < asked-slots-queue || running.Load() < slots) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	feed := make(chan int, 1)
	go func() { feed <- serveOnce(s.Handler(), "/feeds/public.ics").Code }()
	select {
	case code := <-feed:
		if code != 200 {
			t.Errorf("the feed while every render slot is taken: %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Error("the feed waited behind the page renders")
	}
	close(release)
	wg.Wait()
	if m := most.Load(); m > slots {
		t.Errorf("%d renders at once, over the %d slots", m, slots)
	}
	ok := 0
	for _, c := range codes {
		if c == 200 {
			ok++
		}
	}
	if ok != slots+queue || refused.Load() != asked-slots-queue {
		t.Errorf("%d answered, %d refused; want %d and %d", ok, refused.Load(), slots+queue, asked-slots-queue)
	}
}
