package server_test

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// TestTokenFreePagesVaryByCookie: a token-free wheel or item page is the
// internal one to someone signed in and the public one to anyone else, so
// every answer at such an address, a 304 too, says it varies by Cookie.
func TestTokenFreePagesVaryByCookie(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	b := f.signInAs(t, "hr@example.se")
	cookie := "arshjul_session=" + f.sessionCookie(t, b)
	for _, path := range []string{"/wheel/public", "/wheel/ekonomi", "/wheel/ekonomi.svg", "/wheel/ekonomi/item/budget-i-korthet"} {
		anon, _ := f.get(t, path)
		signed, _ := f.get(t, path, "Cookie", cookie)
		again, _ := f.get(t, path, "If-None-Match", anon.Header.Get("Etag"))
		for _, res := range []*http.Response{anon, signed, again} {
			if res.StatusCode != 200 && res.StatusCode != 304 {
				t.Errorf("%s: %d", path, res.StatusCode)
			}
			if !slices.Contains(res.Header.Values("Vary"), "Cookie") {
				t.Errorf("%s (%d): Vary %q", path, res.StatusCode, res.Header.Values("Vary"))
			}
		}
		if again.StatusCode != 304 {
			t.Errorf("%s with its ETag: %d", path, again.StatusCode)
		}
	}
}
