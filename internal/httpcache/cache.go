// Package httpcache keeps answers the HTTP layer made (feeds, pages) in
// memory, bounded in bytes, and bounds how many pages are made at once:
// whatever a client asks for, the daemon holds at most the bound and
// renders at most a few pages in parallel, and a burst of requests for the
// same missing answer makes it once.
package httpcache

import (
	"container/list"
	"errors"
	"sync"
)

var errBuildFailed = errors.New("httpcache: build failed")

// DefaultBytes is the bound New is usually given: a few hundred pages of
// a large wheel, or the feeds of every unit and filter in use.
const DefaultBytes = 32 << 20

// entryOverhead is what an entry costs beside its bytes (the key, the
// headers, the list and map slots), so that many tiny answers are bounded
// too.
const entryOverhead = 512

// Cache is a least-recently-used map from a key to an Entry, holding at
// most its bound in bytes. Keys are made by the caller from everything an
// answer depends on (the data version, the canonical query, who may see
// it); an entry is never invalidated, an old key is just not asked for
// again and falls out.
type Cache struct {
	max int

	mu     sync.Mutex
	size   int
	order  *list.List // front: most recently used; values are *item
	items  map[string]*list.Element
	flight map[string]*call
}

type item struct {
	key   string
	entry *Entry
}

// call is one make in progress that others asking for the same key wait on.
type call struct {
	done  chan struct{}
	entry *Entry
	err   error
}

// New makes a cache holding at most maxBytes.
func New(maxBytes int) *Cache {
	return &Cache{max: maxBytes, order: list.New(), items: map[string]*list.Element{}, flight: map[string]*call{}}
}

// Get returns the entry for key, if it is held.
func (c *Cache) Get(key string) (*Entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*item).entry, true
}

// Do returns the entry for key, calling build on a miss. Callers asking for
// the same key while build runs wait for its result instead of making it
// again. An error is returned to each of them and not kept.
func (c *Cache) Do(key string, build func() (*Entry, error)) (*Entry, error) {
	c.mu.Lock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		c.mu.Unlock()
		return el.Value.(*item).entry, nil
	}
	if f, ok := c.flight[key]; ok {
		c.mu.Unlock()
		<-f.done
		return f.entry, f.err
	}
	// Until build returns, the result is a failure: a build that panics
	// leaves the waiters an error, not a nil entry.
	f := &call{done: make(chan struct{}), err: errBuildFailed}
	c.flight[key] = f
	c.mu.Unlock()

	defer func() {
		c.mu.Lock()
		delete(c.flight, key)
		if f.err == nil && f.entry != nil {
			c.add(key, f.entry)
		}
		c.mu.Unlock()
		close(f.done)
	}()
	f.entry, f.err = build()
	return f.entry, f.err
}

// add keeps e under key, evicting the least recently used entries until
// the bound holds; an entry larger than the whole bound is not kept.
func (c *Cache) add(key string, e *Entry) {
	n := e.size(key)
	if n > c.max {
		return
	}
	if el, ok := c.items[key]; ok {
		c.size -= el.Value.(*item).entry.size(key)
		c.order.Remove(el)
		delete(c.items, key)
	}
	for c.size+n > c.max {
		old := c.order.Back()
		it := old.Value.(*item)
		c.size -= it.entry.size(it.key)
		c.order.Remove(old)
		delete(c.items, it.key)
	}
	c.items[key] = c.order.PushFront(&item{key: key, entry: e})
	c.size += n
}

// Size is the bytes held, as the bound counts them.
func (c *Cache) Size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

// Len is the number of entries held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}
