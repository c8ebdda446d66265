package httpcache

import (
	"context"
	"errors"
	"time"
)

// ErrBusy is a render refused because too many wait already, or the wait
// was too long: the adapter answers 503 with a Retry-After.
var ErrBusy = errors.New("httpcache: busy")

// Limiter bounds how many renders run at once. A render past the bound
// waits a little for a slot; past a short queue it is refused at once, so
// that a flood of distinct pages costs a few renders at a time and a
// queue of bounded length, not a goroutine and a page's memory each.
type Limiter struct {
	slots chan struct{}
	queue chan struct{}
	wait  time.Duration
}

// NewLimiter lets n renders run at once, queue more wait at most wait.
func NewLimiter(n, queue int, wait time.Duration) *Limiter {
	return &Limiter{slots: make(chan struct{}, n), queue: make(chan struct{}, queue), wait: wait}
}

// Acquire takes a slot, to be given back with the function it returns.
func (l *Limiter) Acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	default:
	}
	select {
	case l.queue <- struct{}{}:
	default:
		return nil, ErrBusy
	}
	defer func() { <-l.queue }()
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (l *Limiter) release() { <-l.slots }
