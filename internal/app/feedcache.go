package app

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// maxCachedFeeds bounds the cache: filters multiply the feeds one unit has.
const maxCachedFeeds = 4096

type cacheKey struct {
	version uint64
	day     wheel.Date
	scope   string
	filter  string // canonical form
}

type feedCache struct {
	mu      sync.RWMutex
	entries map[cacheKey]*Feed
	build   sync.Mutex // one encode at a time: a burst of clients waits for one
}

func newFeedCache() *feedCache { return &feedCache{entries: map[cacheKey]*Feed{}} }

func lengthHeader(b []byte) []string { return []string{strconv.Itoa(len(b))} }

// get returns the cached feed for k, or makes it with make.
func (c *feedCache) get(k cacheKey, make func() ([]byte, time.Time, error)) (*Feed, error) {
	c.mu.RLock()
	e := c.entries[k]
	c.mu.RUnlock()
	if e != nil {
		return e, nil
	}
	c.build.Lock()
	defer c.build.Unlock()
	c.mu.RLock()
	e = c.entries[k]
	c.mu.RUnlock()
	if e != nil {
		return e, nil
	}
	body, lastMod, err := make()
	if err != nil {
		return nil, err
	}
	e = encode(body, lastMod, k.scope)
	e.Public = k.scope == feed.ScopePublic
	c.mu.Lock()
	for old := range c.entries { // an older version or day is never asked for again
		if old.version != k.version || old.day != k.day || len(c.entries) >= maxCachedFeeds {
			delete(c.entries, old)
		}
	}
	c.entries[k] = e
	c.mu.Unlock()
	return e, nil
}

func encode(body []byte, lastMod time.Time, scope string) *Feed {
	sum := sha256.Sum256(body)
	tag := base64.RawURLEncoding.EncodeToString(sum[:18])
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	lastMod = lastMod.UTC().Truncate(time.Second)
	return &Feed{
		Body: body, Gzip: gz.Bytes(),
		ETag: []string{`"` + tag + `"`}, GzipETag: []string{`"` + tag + `-gz"`},
		Length: lengthHeader(body), GzipLength: lengthHeader(gz.Bytes()),
		LastModified: lastMod, LastModifiedText: []string{lastMod.Format(http.TimeFormat)},
		Disposition: []string{`inline; filename="` + scope + `.ics"`},
	}
}
