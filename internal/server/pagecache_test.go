package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// renders is how many pages the server has rendered so far, as its
// metrics say.
func (f *fixture) renders(t *testing.T) int {
	t.Helper()
	_, body := f.get(t, "/metrics")
	m := regexp.MustCompile(`(?m)^arshjul_page_renders_total (\d+)$`).FindSubmatch(body)
	if m == nil {
		t.Fatal("no arshjul_page_renders_total in /metrics")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// TestUnknownAndRepeatedParametersShareAPage guards the public page cache
// against endless keys: parameters the page does not know, a repeated
// one, a value written another way all give the page already kept,
// rendered once; a value out of range is a 400 and keeps nothing.
func TestUnknownAndRepeatedParametersShareAPage(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	before := f.renders(t)
	var etag string
	for _, q := range []string{"year=2027", "year=2027&utm_source=x", "cachebust=1&year=2027&year=2031",
		"year=02027", "year=2027&focus=&rings=focus", "holidays=0&year=2027&x=" + strings.Repeat("a", 500)} {
		resp, _ := f.get(t, "/wheel/ekonomi?"+q)
		if resp.StatusCode != 200 {
			t.Fatalf("?%.40s: %d", q, resp.StatusCode)
		}
		if etag == "" {
			etag = resp.Header.Get("Etag")
		} else if resp.Header.Get("Etag") != etag {
			t.Errorf("?%.40s: another page than ?year=2027", q)
		}
	}
	if n := f.renders(t) - before; n != 1 {
		t.Errorf("%d renders for one page asked for six ways, want 1", n)
	}
	for _, q := range []string{"year=1899", "year=2201", "year=2027&start=13", "from=1800-01"} {
		if resp, _ := f.get(t, "/wheel/ekonomi?"+q); resp.StatusCode != 400 {
			t.Errorf("?%s: %d, want 400", q, resp.StatusCode)
		}
	}
	if n := f.renders(t) - before; n != 1 {
		t.Errorf("values out of range rendered %d pages", n-1)
	}
}

// TestSignedInPageKeptUntilTheDataChanges: a signed-in colleague's wheel
// is rendered once per data version, not on every request, and again once
// an editor's save changed the data.
func TestSignedInPageKeptUntilTheDataChanges(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	before := f.renders(t)
	for range 5 {
		if code, _ := hr.get("/wheel/all?year=2027"); code != 200 {
			t.Fatalf("the whole wheel signed in: %d", code)
		}
	}
	if n := f.renders(t) - before; n != 1 {
		t.Errorf("%d renders of one signed-in page asked for five times, want 1", n)
	}
	_, form := hr.get("/edit/hr/new")
	if res, _ := hr.post("/edit/hr/new", newItem(csrfOf(t, form))); res.StatusCode != 303 {
		t.Fatalf("save: %d", res.StatusCode)
	}
	before = f.renders(t)
	if _, page := hr.get("/wheel/all?year=2027"); !strings.Contains(page, "Frukostmöte om friskvård") {
		t.Error("the saved item is not on the wheel: an old page was served")
	}
	hr.get("/wheel/all?year=2027")
	if n := f.renders(t) - before; n != 1 {
		t.Errorf("%d renders after the data changed, want 1", n)
	}
}

// TestKeptPageCarriesNoOneElsesName: two colleagues with the same rights
// (the contact and the manager of one unit) share the kept wheel and item
// pages, and each sees their own name and sign-out form with their own
// csrf token; the second never sees the first's name, csrf token or
// session.
func TestKeptPageCarriesNoOneElsesName(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	first, second := f.signInAs(t, "hr@example.se"), f.signInAs(t, "hr.chef@example.se")
	paths := []string{"/wheel/all?year=2027", "/wheel/hr?year=2027", "/wheel/hr/item/medarbetarenkat"}
	for _, p := range paths {
		if code, _ := first.get(p); code != 200 {
			t.Fatalf("%s: %d", p, code)
		}
	}
	before := f.renders(t)
	_, firstPage := first.get(paths[0])
	secret := []string{csrfOf(t, firstPage), f.cookie(t, first, "arshjul_session")}
	for _, p := range paths {
		code, page := second.get(p)
		if code != 200 {
			t.Fatalf("%s: %d", p, code)
		}
		if !strings.Contains(page, "Inloggad som hr.chef@example.se") || !csrfRe.MatchString(page) {
			t.Errorf("%s: the second colleague's own name or sign-out form is missing", p)
		}
		if strings.Contains(page, "Inloggad som hr@example.se") {
			t.Errorf("%s: the second colleague is shown the first's name", p)
		}
		for i, s := range secret {
			if strings.Contains(page, s) {
				t.Errorf("%s: the second colleague is given the first's %s", p, []string{"csrf token", "session"}[i])
			}
		}
	}
	if n := f.renders(t) - before; n != 0 {
		t.Errorf("the pages were rendered again (%d) for a colleague with the same rights: not shared", n)
	}
	_, page := first.get(paths[0])
	if !strings.Contains(page, "Inloggad som hr@example.se") || csrfOf(t, page) != secret[0] {
		t.Error("the first colleague is no longer shown their own name and csrf token")
	}
	// The token each is shown is their own: it signs them out, and no one else.
	if res, _ := second.post("/logout", url.Values{"csrf": {secret[0]}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the second colleague signed out with the first's token: %d", res.StatusCode)
	}
}

// cookie is the value of b's cookie name.
func (f *fixture) cookie(t *testing.T, b *browser, name string) string {
	t.Helper()
	u, _ := url.Parse(f.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	t.Fatalf("no cookie %s", name)
	return ""
}
