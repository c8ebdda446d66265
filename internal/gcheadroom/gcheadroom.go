// Package gcheadroom gives the garbage collector a floor of headroom: the
// heap may grow by at least a fixed number of bytes between two
// collections, however small the live heap is.
//
// Why: a serving daemon keeps a small live heap (its state and snapshot,
// about 10 MB) while net/http allocates a few KB for every request it
// reads. With the collector's default (GOGC=100) the heap may only double,
// so under a calendar poll storm it marks those 10 MB twenty times a
// second, for requests that keep nothing. A floor of 64 MB makes that a
// few times a second and costs at most 64 MB more memory; when the live
// heap is large (the first sync, a reminder run over thousands of
// occurrences) the headroom is the collector's own doubling and nothing
// changes. It is what Go's GOGC cannot say by itself (GOMEMLIMIT is a
// ceiling, not a floor), done the way the runtime allows: after each
// collection, GOGC is set from the live heap it measured.
package gcheadroom

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Keep sets GOGC after every collection so that the next one comes when
// the heap has grown by at least headroom bytes, and never sooner than the
// collector's default would have it. An administrator's GOGC wins: with
// GOGC in the environment Keep does nothing and says so (ok false). The
// returned stop gives the collector back its setting at start. One Keep
// at a time in a process; a second while one runs does nothing.
func Keep(headroom uint64) (stop func(), ok bool) {
	if _, set := os.LookupEnv("GOGC"); set || headroom == 0 {
		return func() {}, false
	}
	mu.Lock()
	defer mu.Unlock()
	if current != nil {
		return func() {}, false
	}
	gogc := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(gogc)
	base := int(gogc[0].Value.Uint64())
	t := &tuner{headroom: headroom, base: base, percent: base}
	current = t
	t.arm()
	return t.stop, true
}

var (
	mu      sync.Mutex
	current *tuner
)

type tuner struct {
	headroom uint64
	base     int // GOGC at start
	percent  int // GOGC set now
	stopped  bool
}

// sentinel is garbage from birth: its cleanup runs after the collection
// that finds it, and arms the next. 32 bytes, so that it is never one of
// the tiny allocations that share a block with other objects (their
// cleanups may never run).
type sentinel [32]byte

func (t *tuner) arm() {
	runtime.AddCleanup(new(sentinel), func(t *tuner) { t.afterGC() }, t)
}

var liveHeap = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

// afterGC runs on the runtime's cleanup goroutine, one at a time.
func (t *tuner) afterGC() {
	mu.Lock()
	defer mu.Unlock()
	if t.stopped {
		return
	}
	metrics.Read(liveHeap)
	if liveHeap[0].Value.Kind() == metrics.KindUint64 {
		if p := Percent(t.base, liveHeap[0].Value.Uint64(), t.headroom); p != t.percent {
			debug.SetGCPercent(p)
			t.percent = p
		}
	}
	t.arm()
}

func (t *tuner) stop() {
	mu.Lock()
	defer mu.Unlock()
	if t.stopped {
		return
	}
	t.stopped = true
	debug.SetGCPercent(t.base)
	current = nil
}

// maxPercent bounds GOGC when the live heap is next to nothing (a test, a
// daemon that has loaded nothing yet): the heap goal then stays about
// live + headroom rather than a multiple of a number near zero.
const maxPercent = 100_000

// Percent is the GOGC that lets a live heap of live bytes grow by at least
// headroom before the next collection: base where the collector's own
// growth is already as much, more where the heap is small.
func Percent(base int, live, headroom uint64) int {
	if base < 0 { // GOGC=off at start: leave it off
		return base
	}
	if live == 0 {
		return maxPercent
	}
	p := headroom * 100 / live
	if p > maxPercent {
		p = maxPercent
	}
	return max(base, int(p))
}
