package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// maxCachedPages bounds the public page cache: query strings multiply the
// pages (years, filters); past the bound a page is rendered as before.
const maxCachedPages = 1024

type pageKey struct {
	edition app.Edition
	url     string // path and raw query
}

// cachedPage is a rendered public page and the headers made with it,
// shared read-only (assigned to each answer as they are).
type cachedPage struct {
	body                             []byte
	etag, ctype, length, disposition []string
}

// pageCache keeps rendered public pages for their edition, so that a
// flood of requests for /wheel/public costs a map lookup each and a 304
// where the client has the page, instead of a render (373 a second with
// 300 connections, while feeds waited). It works as the feed cache does:
// an immutable map behind an atomic pointer, replaced by a copy on a miss.
type pageCache struct {
	entries atomic.Pointer[map[pageKey]*cachedPage]
	build   sync.Mutex // a burst of misses renders once
}

func newPageCache() *pageCache {
	c := &pageCache{}
	c.entries.Store(&map[pageKey]*cachedPage{})
	return c
}

// rendered is what a public page handler makes on a miss.
type rendered struct {
	body        []byte
	ctype       string
	disposition string // "" for none
}

// servePublic answers a page anyone may see from the cache, rendering it
// with render on a miss. Refusals (a 404, a bad query) are not cached.
func (s *Server) servePublic(w http.ResponseWriter, r *http.Request, render func() (rendered, error)) {
	ed, ok := s.core.Edition()
	if !ok {
		s.fail(w, app.ErrStarting)
		return
	}
	k := pageKey{edition: ed, url: r.URL.RequestURI()}
	p := (*s.cache.entries.Load())[k]
	if p == nil {
		var err error
		if p, err = s.cache.fill(k, render); err != nil {
			s.fail(w, err)
			return
		}
	}
	h := w.Header()
	h["Etag"] = p.etag
	h["Cache-Control"] = publicPage
	if inm := r.Header.Get("If-None-Match"); inm != "" && notModified(inm, "", p.etag[0], time.Time{}) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Type"] = p.ctype
	h["Content-Length"] = p.length
	if p.disposition != nil {
		h["Content-Disposition"] = p.disposition
	}
	w.Write(p.body)
}

// publicPage lets browsers and caches keep a public page but ask each
// time whether it changed, which a 304 answers.
var publicPage = []string{"public, no-cache"}

func (c *pageCache) fill(k pageKey, render func() (rendered, error)) (*cachedPage, error) {
	c.build.Lock()
	defer c.build.Unlock()
	old := *c.entries.Load()
	if p := old[k]; p != nil {
		return p, nil
	}
	out, err := render()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(out.body)
	p := &cachedPage{
		body: out.body, etag: []string{`"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`},
		ctype: []string{out.ctype}, length: []string{strconv.Itoa(len(out.body))},
	}
	if out.disposition != "" {
		p.disposition = []string{out.disposition}
	}
	next := make(map[pageKey]*cachedPage, len(old)+1)
	for ok, v := range old { // another edition is never asked for again
		if ok.edition == k.edition {
			next[ok] = v
		}
	}
	if len(next) < maxCachedPages {
		next[k] = p
		c.entries.Store(&next)
	}
	return p, nil
}

// execute renders a page template into memory.
func (s *Server) execute(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
