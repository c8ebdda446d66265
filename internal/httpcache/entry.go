package httpcache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"
)

// Entry is an answer's body and the header values made with it. The
// []string fields are shared read-only: a handler assigns them to its
// answer's header as they are, which keeps a hit (above all a 304 to a
// polling calendar) free of allocations of its own.
type Entry struct {
	Body   []byte
	ETag   []string // one value, see ETag
	Length []string
	Type   []string // Content-Type
	// Disposition is the Content-Disposition, or nil.
	Disposition []string
	// Gzip is Body compressed, with its own ETag and length; nil for an
	// answer sent only as it is (pages).
	Gzip                 []byte
	GzipETag, GzipLength []string
	// LastModified is whole seconds in UTC; zero where the answer has
	// none (pages).
	LastModified     time.Time
	LastModifiedText []string
}

// NewEntry makes the entry of body with its ETag and length.
func NewEntry(body []byte, contentType, disposition string) *Entry {
	tag := ETag(body)
	e := &Entry{Body: body, ETag: []string{tag}, Length: length(body), Type: []string{contentType}}
	if disposition != "" {
		e.Disposition = []string{disposition}
	}
	return e
}

// WithGzip adds the body compressed: its ETag is the body's with "-gz",
// so that a client never takes one encoding's validator for the other's.
func (e *Entry) WithGzip() *Entry {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(e.Body)
	zw.Close()
	e.Gzip, e.GzipLength = gz.Bytes(), length(gz.Bytes())
	e.GzipETag = []string{e.ETag[0][:len(e.ETag[0])-1] + `-gz"`}
	return e
}

// WithLastModified sets the Last-Modified, cut to the second HTTP carries.
func (e *Entry) WithLastModified(t time.Time) *Entry {
	e.LastModified = t.UTC().Truncate(time.Second)
	e.LastModifiedText = []string{e.LastModified.Format(http.TimeFormat)}
	return e
}

// ETag is the strong validator of body: the same bytes always give the
// same tag, in this process or the next (so a restart sends no client a
// changed feed), and different bytes a different one.
func ETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

func length(b []byte) []string { return []string{strconv.Itoa(len(b))} }

// size is what the entry counts against the bound.
func (e *Entry) size(key string) int {
	return len(key) + len(e.Body) + len(e.Gzip) + entryOverhead
}
