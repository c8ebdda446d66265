package app

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"path"
	"strconv"
	"sync"
	"sync/atomic"
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

// feedCache is read on every request and written once per feed variant
// and data version: readers load an immutable map through an atomic
// pointer (no lock, no shared counter bounced between cores, as a
// RWMutex's would be), and a writer replaces the map with a copy.
type feedCache struct {
	entries atomic.Pointer[map[cacheKey]*Feed]
	build   sync.Mutex // one encode at a time: a burst of clients waits for one
	// stamp, when set, is when the variant's bytes (by their ETag) last
	// changed: Last-Modified must move with the body, whatever moved it
	// (a day, a rename), and only then.
	stamp func(variant, etag string) (time.Time, bool)
}

func newFeedCache() *feedCache {
	c := &feedCache{}
	c.entries.Store(&map[cacheKey]*Feed{})
	return c
}

func lengthHeader(b []byte) []string { return []string{strconv.Itoa(len(b))} }

// get returns the cached feed for k, or makes it with build.
func (c *feedCache) get(k cacheKey, build func() ([]byte, time.Time, error)) (*Feed, error) {
	if e := (*c.entries.Load())[k]; e != nil {
		return e, nil
	}
	c.build.Lock()
	defer c.build.Unlock()
	old := *c.entries.Load()
	if e := old[k]; e != nil {
		return e, nil
	}
	body, lastMod, err := build()
	if err != nil {
		return nil, err
	}
	e := encode(body, lastMod, k.scope)
	e.Public = feed.IsPublic(k.scope)
	if c.stamp != nil {
		if t, ok := c.stamp(k.scope+"?"+k.filter, e.ETag[0]); ok {
			e.LastModified, e.LastModifiedText = t, []string{t.Format(http.TimeFormat)}
		}
	}
	next := make(map[cacheKey]*Feed, len(old)+1)
	for ok, v := range old { // an older version or day is never asked for again
		if ok.version == k.version && ok.day == k.day && len(next) < maxCachedFeeds-1 {
			next[ok] = v
		}
	}
	next[k] = e
	c.entries.Store(&next)
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
		Disposition: []string{`inline; filename="` + path.Base(scope) + `.ics"`},
	}
}
