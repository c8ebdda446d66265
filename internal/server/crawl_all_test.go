package server_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestEveryLinkAnswers: a visitor, a signed-in editor and an admin (whose
// pages link to the report) each follow
// every same-origin link (href and src; GET only, one visit per path) of
// every page they can reach, with web items, a removed one and plans in
// the unit: no answer is 400 or more. Forms' actions are posted, not
// fetched, and are left out.
func TestEveryLinkAnswers(t *testing.T) {
	f := start(t, time.Date(2027, 3, 15, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	_, form := hr.get("/edit/hr/new")
	csrf := csrfOf(t, form)
	item := newItem(csrf)
	item.Set("links", "https://www.avesta.se/")
	if res, _ := hr.post("/edit/hr/new", item); res.StatusCode != 303 {
		t.Fatal("save an item")
	}
	gone := newItem(csrf)
	gone.Set("title", "Tas bort")
	if res, _ := hr.post("/edit/hr/new", gone); res.StatusCode != 303 {
		t.Fatal("save an item to remove")
	}
	_, ask := hr.get("/edit/hr/item/tas-bort/ta-bort")
	if res, _ := hr.post("/edit/hr/item/tas-bort", url.Values{"csrf": {csrf}, "action": {"delete"}, "version": {versionOf(t, ask)}}); res.StatusCode != 303 {
		t.Fatal("remove")
	}
	if res, page := hr.post("/edit/hr/new", planForm(csrf)); res.StatusCode != 303 {
		t.Fatalf("save a plan: %s", summaryOf(page))
	}
	tok := f.token(t, "unit:hr")
	admin := f.signInAs(t, "kommunikationschef@example.se")
	if _, page := admin.get("/edit/hr"); !strings.Contains(page, "Programmets rapport") {
		t.Error("an admin's page has no link to the report")
	}
	for _, who := range []struct {
		name  string
		b     *browser
		start []string
	}{
		{"a visitor", newBrowser(t, f.srv.URL), []string{"/", "/wheel/public", "/login"}},
		{"an editor", hr, []string{"/", "/edit/hr", "/history/hr", "/wheel/" + tok + "/hr"}},
		{"an admin", admin, []string{"/edit/hr"}},
	} {
		t.Run(who.name, func(t *testing.T) {
			base, _ := url.Parse(f.srv.URL)
			seen := map[string]bool{}
			type link struct{ target, from string }
			var queue []link
			for _, s := range who.start {
				queue = append(queue, link{s, "start"})
			}
			pages := 0
			for len(queue) > 0 && pages < 3000 {
				l := queue[0]
				queue = queue[1:]
				u, err := base.Parse(l.target)
				if err != nil || u.Host != base.Host || (u.Scheme != "http" && u.Scheme != "https") || seen[u.Path] {
					continue
				}
				seen[u.Path] = true
				pages++
				code, body := who.b.get(u.RequestURI())
				if code >= 400 {
					t.Errorf("%s links to %s: %d", l.from, u.RequestURI(), code)
				}
				if code != 200 || !strings.HasPrefix(strings.TrimSpace(body), "<") {
					continue
				}
				for _, ref := range hrefsOf(body) {
					queue = append(queue, link{ref, u.RequestURI()})
				}
			}
			if pages < 10 {
				t.Errorf("the crawl reached only %d pages", pages)
			}
			t.Logf("%d pages", pages)
		})
	}
}

// hrefsOf is a page's links and sources, without its forms' actions.
func hrefsOf(page string) []string {
	var out []string
	for _, r := range refsOf(page) {
		out = append(out, r)
	}
	var keep []string
	for _, r := range out {
		if !strings.Contains(page, `action="`+r+`"`) || strings.Contains(page, `href="`+r+`"`) || strings.Contains(page, `src="`+r+`"`) {
			keep = append(keep, r)
		}
	}
	return keep
}
