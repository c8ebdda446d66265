package gcheadroom_test

import (
	"os"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/gcheadroom"
)

func TestPercent(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		base       int
		live, room uint64
		want       int
	}{
		{100, 10 * mb, 64 * mb, 640},   // the serving daemon: 10 MB live, goal 74 MB
		{100, 64 * mb, 64 * mb, 100},   // from here on the collector's own doubling
		{100, 400 * mb, 64 * mb, 100},  // the first sync: unchanged
		{200, 100 * mb, 64 * mb, 200},  // never below what was set at start
		{100, 0, 64 * mb, 100_000},     // nothing live yet
		{100, 100, 64 * mb, 100_000},   // bounded
		{-1, 10 * mb, 64 * mb, -1},     // GOGC=off stays off
		{100, 128 * mb, 256 * mb, 200}, // a larger floor
	} {
		if got := gcheadroom.Percent(c.base, c.live, c.room); got != c.want {
			t.Errorf("Percent(%d, %d MB, %d MB) = %d, want %d", c.base, c.live/mb, c.room/mb, got, c.want)
		}
	}
}

func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

// settle collects until GOGC is as wanted (the tuner sets it after a
// collection, from the cleanup goroutine) or two seconds have passed, and
// returns it.
func settle(ok func(int) bool) int {
	for range 200 {
		runtime.GC()
		if p := gogc(); ok(p) {
			return p
		}
		time.Sleep(10 * time.Millisecond)
	}
	return gogc()
}

// TestKeep runs the tuner in this process: with a test's small heap GOGC
// rises to give 64 MB of headroom; with 256 MB live it is the default
// again; stop gives back the setting at start.
func TestKeep(t *testing.T) {
	if gogc() != 100 {
		t.Skip("GOGC is set for this test run")
	}
	t.Setenv("GOGC", "") // set: an administrator's choice, left alone
	if stop, ok := gcheadroom.Keep(64 << 20); ok {
		stop()
		t.Fatal("Keep tuned the collector although GOGC was set")
	}
	os.Unsetenv("GOGC") // t.Setenv puts back what was there: nothing

	stop, ok := gcheadroom.Keep(64 << 20)
	if !ok {
		t.Fatal("Keep did not start")
	}
	if _, again := gcheadroom.Keep(64 << 20); again {
		t.Error("a second Keep started while one runs")
	}
	if p := settle(func(p int) bool { return p > 100 }); p < 640 {
		t.Errorf("GOGC is %d with a test's heap of a few MB, want at least 640", p)
	}
	big := make([][]byte, 256)
	for i := range big {
		big[i] = make([]byte, 1<<20)
	}
	if p := settle(func(p int) bool { return p == 100 }); p != 100 {
		t.Errorf("GOGC is %d with 256 MB live, want 100", p)
	}
	runtime.KeepAlive(big)
	stop()
	if gogc() != 100 {
		t.Errorf("after stop GOGC is %d, want 100", gogc())
	}
	big = nil
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if gogc() != 100 {
		t.Errorf("a collection after stop set GOGC to %d", gogc())
	}
}
