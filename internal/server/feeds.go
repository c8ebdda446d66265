package server

import (
	"net/http"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/httpcache"
)

func (s *Server) handlePublicFeed(w http.ResponseWriter, r *http.Request) {
	f, err := s.core.PublicFeed(r.URL.RawQuery)
	s.answerFeed(w, r, f, err)
}

// handleFeed serves /feeds/TOKEN/UNIT.ics and /feeds/TOKEN/all.ics.
func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) {
	f, err := s.core.TokenFeed(r.PathValue("token"), r.PathValue("file"), r.URL.RawQuery)
	s.answerFeed(w, r, f, err)
}

// handlePublicUnitFeed serves /feeds/public/UNIT.ics, one public unit's
// public items.
func (s *Server) handlePublicUnitFeed(w http.ResponseWriter, r *http.Request) {
	f, err := s.core.PublicUnitFeed(r.PathValue("file"), r.URL.RawQuery)
	s.answerFeed(w, r, f, err)
}

// answerFeed sends a feed, or a short text when there is none: a calendar
// client shows no page, and its user reads the text, if at all, in a
// browser they pasted the address into.
func (s *Server) answerFeed(w http.ResponseWriter, r *http.Request, v *app.FeedVariant, err error) {
	var e *httpcache.Entry
	if err == nil {
		e, err = s.cache.Do(v.Key, func() (*httpcache.Entry, error) { return s.buildFeed(v) })
	}
	if err != nil {
		s.plainError(w, err, "flödet finns inte; kontrollera adressen eller be om en ny")
		return
	}
	writeFeed(w, r, e, v.Public)
}

// buildFeed makes a feed's entry, plain and gzipped. It never takes a
// render slot: a feed waits only for another feed being made.
func (s *Server) buildFeed(v *app.FeedVariant) (*httpcache.Entry, error) {
	s.feedBuild.Lock()
	defer s.feedBuild.Unlock()
	body, lastMod, err := v.Build()
	if err != nil {
		return nil, err
	}
	e := httpcache.NewEntry(body, "text/calendar; charset=utf-8", `inline; filename="`+v.Filename+`"`).WithGzip()
	if t, ok := s.core.FeedChanged(v.Variant, e.ETag[0]); ok {
		lastMod = t
	}
	return e.WithLastModified(lastMod), nil
}

// writeFeed answers with f or a 304. Every header value is a slice made
// once with the feed and assigned, not set: a 304 to a polling calendar is
// the answer the service gives most, and this keeps it free of
// allocations of its own.
func writeFeed(w http.ResponseWriter, r *http.Request, f *httpcache.Entry, public bool) {
	body, etag, length := f.Body, f.ETag, f.Length
	// The request's header keys are canonical already (net/http made them
	// so): read by index, not through Get, which canonicalises each key
	// again on every poll.
	gz := acceptsGzip(first(r.Header["Accept-Encoding"]))
	if gz {
		body, etag, length = f.Gzip, f.GzipETag, f.GzipLength
	}
	// Referrer-Policy matters even here: the token is in the URL.
	h := w.Header()
	h["Etag"] = etag
	h["Cache-Control"] = privateCache
	if public {
		h["Cache-Control"] = publicCache
	}
	h["Vary"] = varyEncoding
	h["Referrer-Policy"] = noReferrer
	if notModified(first(r.Header["If-None-Match"]), first(r.Header["If-Modified-Since"]), etag[0], f.LastModified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["X-Content-Type-Options"] = nosniff
	h["Last-Modified"] = f.LastModifiedText
	h["Content-Type"] = f.Type
	h["Content-Disposition"] = f.Disposition
	if gz {
		h["Content-Encoding"] = gzipEncoding
	}
	h["Content-Length"] = length
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

var (
	varyEncoding = []string{"Accept-Encoding"}
	gzipEncoding = []string{"gzip"}
	privateCache = []string{"private, max-age=300"}
	publicCache  = []string{"public, max-age=300"}
)
