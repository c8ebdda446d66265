package httpcache_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/httpcache"
)

// TestBoundedInBytes: however many distinct keys are filled, the cache
// holds no more than its bound, keeps the most recent, and drops the
// least recently used first.
func TestBoundedInBytes(t *testing.T) {
	const bound = 1 << 20
	c := httpcache.New(bound)
	page := bytes.Repeat([]byte("x"), 30<<10)
	get := func(key string) {
		if _, err := c.Do(key, func() (*httpcache.Entry, error) { return httpcache.NewEntry(page, "text/html", ""), nil }); err != nil {
			t.Fatal(err)
		}
	}
	get("first")
	for i := range 1000 {
		get(fmt.Sprintf("year=%d", 1900+i))
		get("first") // used again and again: never the least recent
		if c.Size() > bound {
			t.Fatalf("after %d keys the cache holds %d bytes, over its bound of %d", i+1, c.Size(), bound)
		}
	}
	if _, ok := c.Get("first"); !ok {
		t.Error("the entry used most often was dropped")
	}
	if _, ok := c.Get("year=1900"); ok {
		t.Error("the least recently used entry is still held")
	}
	if n := c.Len(); n < 20 || n > bound/len(page) {
		t.Errorf("%d entries held of 30 KB each under 1 MB", n)
	}
	huge := bytes.Repeat([]byte("x"), 2*bound)
	c.Do("huge", func() (*httpcache.Entry, error) { return httpcache.NewEntry(huge, "text/html", ""), nil })
	if _, ok := c.Get("huge"); ok || c.Size() > bound {
		t.Error("an entry larger than the whole bound was kept")
	}
}

// TestMissesShareOneBuild: requests for one missing key at once make it
// once and all get its result; an error is not kept.
func TestMissesShareOneBuild(t *testing.T) {
	c := httpcache.New(1 << 20)
	var builds atomic.Int32
	started, finish := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	results := make([]*httpcache.Entry, 20)
	for i := range results {
		wg.Go(func() {
			results[i], _ = c.Do("k", func() (*httpcache.Entry, error) {
				if builds.Add(1) == 1 {
					close(started)
				}
				<-finish
				return httpcache.NewEntry([]byte("body"), "text/plain", ""), nil
			})
		})
	}
	<-started
	close(finish)
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Errorf("%d builds for one key asked for 20 times at once", n)
	}
	for _, e := range results {
		if e != results[0] {
			t.Fatal("the callers got different entries")
		}
	}
	boom := errors.New("boom")
	if _, err := c.Do("bad", func() (*httpcache.Entry, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("the build's error: %v", err)
	}
	if _, ok := c.Get("bad"); ok {
		t.Error("a failed build was kept")
	}
}

// TestOneETag: the tag depends on the bytes alone, and the gzipped body
// has its own.
func TestOneETag(t *testing.T) {
	a := httpcache.NewEntry([]byte("BEGIN:VCALENDAR"), "text/calendar", "").WithGzip()
	b := httpcache.NewEntry([]byte("BEGIN:VCALENDAR"), "text/calendar", "")
	if a.ETag[0] != b.ETag[0] || a.ETag[0] != httpcache.ETag([]byte("BEGIN:VCALENDAR")) {
		t.Error("the same bytes, two tags")
	}
	if a.GzipETag[0] == a.ETag[0] || httpcache.ETag([]byte("x")) == a.ETag[0] {
		t.Error("different bytes or encodings share a tag")
	}
}

// TestLimiterBoundsRenders: of many renders asked for at once, at most
// the limit run together, a short queue waits, and the rest are refused
// at once rather than piling up.
func TestLimiterBoundsRenders(t *testing.T) {
	const slots, queue, asked = 2, 3, 12
	l := httpcache.NewLimiter(slots, queue, time.Minute)
	var running, most atomic.Int32
	var refused atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range asked {
		wg.Go(func() {
			done, err := l.Acquire(context.Background())
			if err != nil {
				if !errors.Is(err, httpcache.ErrBusy) {
					t.Error(err)
				}
				refused.Add(1)
				return
			}
			defer done()
			n := running.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			<-release
			running.Add(-1)
		})
	}
	deadline := time.Now().Add(10 * time.Second)
	for refused.Load() < asked-slots-queue && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if m := most.Load(); m > slots {
		t.Errorf("%d renders ran at once, over the limit of %d", m, slots)
	}
	if r := refused.Load(); r != asked-slots-queue {
		t.Errorf("%d refused, want %d (asked %d, %d slots, a queue of %d)", r, asked-slots-queue, asked, slots, queue)
	}
}
