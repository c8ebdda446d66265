package server

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"sync"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// maxImageBytes bounds the public wheel images kept: an A3 PNG is some
// 400 kB, a hundred pages' worth, so they are counted in bytes, not in
// number as the pages are; past the bound an image is drawn as asked.
const maxImageBytes = 48 << 20

// imageCache keeps public PNGs and PDFs for their data version, apart
// from the page cache: drawing one takes a processor for about half a
// second, and a burst of new image addresses must not hold up the pages.
// Images are drawn one at a time.
type imageCache struct {
	mu      sync.Mutex
	edition app.Edition
	entries map[string]*cachedPage
	bytes   int
	draw    sync.Mutex
}

func (c *imageCache) get(ed app.Edition, key string) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.edition != ed {
		return nil
	}
	return c.entries[key]
}

func (c *imageCache) fill(ed app.Edition, key string, draw func() (rendered, error)) (*cachedPage, error) {
	c.draw.Lock()
	defer c.draw.Unlock()
	if p := c.get(ed, key); p != nil { // drawn while this one waited
		return p, nil
	}
	out, err := draw()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(out.body)
	p := &cachedPage{
		body: out.body, etag: []string{`"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`},
		ctype: []string{out.ctype}, length: []string{strconv.Itoa(len(out.body))}, disposition: []string{out.disposition},
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.edition != ed { // a new data version: the old images are never asked for again
		c.edition, c.entries, c.bytes = ed, map[string]*cachedPage{}, 0
	}
	if c.bytes+len(out.body) <= maxImageBytes {
		c.entries[key] = p
		c.bytes += len(out.body)
	}
	return p, nil
}

// servePublicImage answers UNIT.png and UNIT.pdf for anyone from the
// image cache, as servePublic answers pages; false for any other name.
func (s *Server) servePublicImage(w http.ResponseWriter, r *http.Request, name string) bool {
	if _, ext := imageName(name); ext == "" {
		return false
	}
	ed, ok := s.core.Edition()
	if !ok {
		s.fail(w, app.ErrStarting)
		return true
	}
	key := r.URL.RequestURI()
	p := s.images.get(ed, key)
	if p == nil {
		var err error
		p, err = s.images.fill(ed, key, func() (rendered, error) {
			pic, _, err := s.wheelImage(app.Anyone, name, r)
			return pic, err
		})
		if err != nil {
			s.fail(w, err)
			return true
		}
	}
	h := w.Header()
	h["Etag"] = p.etag
	h["Cache-Control"] = publicPage
	if inm := r.Header.Get("If-None-Match"); inm != "" && notModified(inm, "", p.etag[0], zeroTime) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	h["Content-Type"] = p.ctype
	h["Content-Length"] = p.length
	h["Content-Disposition"] = p.disposition
	w.Write(p.body)
	return true
}
