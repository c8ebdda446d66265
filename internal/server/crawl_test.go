package server_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// TestNoSessionInAnyPage: a signed-in editor follows every same-origin
// href, src and action of every page reachable from their start pages
// (GET only, one visit per path): the session cookie's value is in no
// answer, and no link leads to a 404.
func TestNoSessionInAnyPage(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	b := f.signInAs(t, "hr@example.se")
	session := f.sessionCookie(t, b)
	base, _ := url.Parse(f.srv.URL)

	const maxPages = 3000
	seen := map[string]bool{}
	type link struct{ target, from string }
	queue := []link{{"/", "start"}, {"/edit/hr", "start"}, {"/history/hr", "start"}}
	pages := 0
	for len(queue) > 0 && pages < maxPages {
		l := queue[0]
		queue = queue[1:]
		u, err := base.Parse(l.target)
		if err != nil {
			t.Errorf("%s links to %q: %v", l.from, l.target, err)
			continue
		}
		if u.Host != base.Host || (u.Scheme != "http" && u.Scheme != "https") || seen[u.Path] {
			continue
		}
		seen[u.Path] = true // one query per path: the years of a wheel go on for ever
		pages++
		code, body := b.get(u.RequestURI())
		if strings.Contains(body, session) {
			t.Errorf("%s (linked from %s) holds the session cookie's value", u.RequestURI(), l.from)
		}
		if strings.Contains(u.RequestURI(), session) || strings.Contains(u.RequestURI(), url.PathEscape(session)) {
			t.Errorf("%s links to an address with the session in it: %s", l.from, l.target)
		}
		if code == 404 {
			t.Errorf("%s links to %s: 404", l.from, u.RequestURI())
		}
		if code != 200 || !strings.HasPrefix(strings.TrimSpace(body), "<") {
			continue
		}
		for _, ref := range refsOf(body) {
			queue = append(queue, link{ref, u.RequestURI()})
		}
	}
	if pages < 20 {
		t.Errorf("the crawl reached only %d pages: %v", pages, seen)
	}
	t.Logf("%d pages", pages)
}

// refsOf is every href, src and action of an HTML (or SVG) page, as its
// parser reads them.
func refsOf(page string) []string {
	var refs []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return refs
		case html.StartTagToken, html.SelfClosingTagToken:
			for {
				key, val, more := z.TagAttr()
				switch string(key) {
				case "href", "src", "action", "xlink:href":
					refs = append(refs, string(val))
				}
				if !more {
					break
				}
			}
		}
	}
}
