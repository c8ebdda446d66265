package testenv

import (
	"bytes"
	"encoding/base64"
	"html"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"testing"
)

// Part is one leaf MIME part of a message.
type Part struct {
	ContentType string // without parameters
	Params      map[string]string
	Filename    string
	Body        []byte // transfer-decoded
}

// Parts walks a message's MIME tree with the standard library's parsers
// and returns its leaves.
func Parts(t testing.TB, data []byte) []Part {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("message does not parse: %v", err)
	}
	var out []Part
	walk(t, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), "", msg.Body, &out)
	return out
}

func walk(t testing.TB, ctype, enc, disp string, body io.Reader, out *[]Part) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		t.Fatalf("content type %q: %v", ctype, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("multipart: %v", err)
			}
			walk(t, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p, out)
		}
	}
	var r io.Reader = body
	switch strings.ToLower(enc) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64Reader(body)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("part %s: %v", mt, err)
	}
	part := Part{ContentType: mt, Params: params, Body: b}
	if _, dp, err := mime.ParseMediaType(disp); err == nil {
		part.Filename = dp["filename"]
	}
	*out = append(*out, part)
}

// Text returns the message's text/plain part.
func Text(t testing.TB, data []byte) string {
	t.Helper()
	return part(t, data, "text/plain")
}

// HTML returns the message's text/html part.
func HTML(t testing.TB, data []byte) string {
	t.Helper()
	return part(t, data, "text/html")
}

func part(t testing.TB, data []byte, contentType string) string {
	t.Helper()
	for _, p := range Parts(t, data) {
		if p.ContentType == contentType {
			return string(p.Body)
		}
	}
	t.Fatalf("message has no %s part", contentType)
	return ""
}

var (
	sectionRE = regexp.MustCompile(`<h2[^>]*>([^<]*)</h2>|data-id="([^"]*)"`)
)

// IDs returns the occurrence and follow-up ids of a digest by section
// (KOMMANDE AKTIVITETER, FÖRSENADE UPPFÖLJNINGAR, ...), from the data-id
// attributes of its HTML part: the reader sees no ids, the tests do.
func IDs(t testing.TB, data []byte) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	section := ""
	for _, m := range sectionRE.FindAllStringSubmatch(HTML(t, data), -1) {
		if m[1] != "" {
			section = strings.ToUpper(html.UnescapeString(m[1]))
			continue
		}
		out[section] = append(out[section], html.UnescapeString(m[2]))
	}
	return out
}

func base64Reader(r io.Reader) io.Reader {
	return base64.NewDecoder(base64.StdEncoding, newlineStripper{r})
}

// newlineStripper drops the line breaks of a base64 body.
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(p []byte) (int, error) {
	for {
		k, err := n.r.Read(p)
		j := 0
		for _, c := range p[:k] {
			if c != '\r' && c != '\n' {
				p[j] = c
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}

// CountContaining is how many of msgs have s in their text part.
func CountContaining(t testing.TB, msgs []Received, s string) int {
	t.Helper()
	n := 0
	for _, m := range msgs {
		if strings.Contains(Text(t, m.Data), s) {
			n++
		}
	}
	return n
}
