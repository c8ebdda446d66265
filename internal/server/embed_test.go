package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/store"
)

// TestEmbedFrameAncestors guards who may frame the wheel: no one by
// default, the configured intranet for the public wheel pages and
// /embed/UNIT, and an internal unit's token pages only when
// http.embed_internal says so; every other page stays denied.
func TestEmbedFrameAncestors(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	hr := f.token(t, store.UnitScope("hr"))
	type want struct {
		code   int
		frame  string // the CSP's frame-ancestors
		xframe string
	}
	check := func(stage string, cases map[string]want) {
		t.Helper()
		for path, w := range cases {
			resp, _ := f.get(t, path)
			shown := strings.Replace(path, hr, "HR", 1)
			if resp.StatusCode != w.code {
				t.Errorf("%s: %s: %d, want %d", stage, shown, resp.StatusCode, w.code)
				continue
			}
			csp := resp.Header.Get("Content-Security-Policy")
			if _, fa, _ := strings.Cut(csp, "frame-ancestors "); fa != w.frame {
				t.Errorf("%s: %s: frame-ancestors %q, want %q", stage, shown, fa, w.frame)
			}
			if got := resp.Header.Get("X-Frame-Options"); got != w.xframe {
				t.Errorf("%s: %s: X-Frame-Options %q, want %q", stage, shown, got, w.xframe)
			}
		}
	}
	denied := want{200, "'none'", "DENY"}
	check("by default", map[string]want{
		"/embed/ekonomi":       denied,
		"/wheel/ekonomi":       denied,
		"/wheel/" + hr + "/hr": denied,
		"/embed/hr":            {404, "'none'", "DENY"},
		"/embed/" + hr + "/hr": {404, "'none'", "DENY"},
	})

	cfg := f.holder.Current().Config
	cfg.HTTP.EmbedOrigins = []string{"https://intranat.avesta.se", "http://localhost:8443"}
	allowed := want{200, "https://intranat.avesta.se http://localhost:8443", ""}
	check("with embed_origins", map[string]want{
		"/embed/ekonomi":       allowed,
		"/wheel/ekonomi":       allowed,
		"/wheel/" + hr + "/hr": denied,
		"/embed/" + hr + "/hr": {404, "'none'", "DENY"},
		"/embed/hr":            {404, "https://intranat.avesta.se http://localhost:8443", ""},
		"/embed/all":           {404, "https://intranat.avesta.se http://localhost:8443", ""},
		"/":                    denied,
		"/login":               denied,
	})

	cfg.HTTP.EmbedInternal = true
	check("with embed_internal", map[string]want{
		"/wheel/" + hr + "/hr": allowed,
		"/embed/" + hr + "/hr": allowed,
		"/login":               denied,
	})

	resp, body := f.get(t, "/embed/ekonomi")
	page := string(body)
	if !strings.Contains(page, "<h2 id=\"kommande-rubrik\">Kommande</h2>") || !strings.Contains(page, "<svg") ||
		!strings.Contains(page, `target="_blank" rel="noopener"`) || strings.Contains(page, " style=") {
		t.Errorf("/embed/ekonomi is not the small wheel with its list:\n%s", page)
	}
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("/embed/ekonomi has no ETag: not served through the page cache")
	}
	if resp, _ := f.get(t, "/embed/ekonomi", "If-None-Match", etag); resp.StatusCode != 304 {
		t.Errorf("/embed/ekonomi again with its ETag: %d, want 304", resp.StatusCode)
	}

	// The unit's page offers the snippet as text, the address escaped.
	_, body = f.get(t, "/wheel/ekonomi")
	if want := `<textarea id="iframe-kod" rows="3" readonly spellcheck="false">&lt;iframe src=&#34;` + f.srv.URL; !strings.Contains(string(body), "&lt;iframe src=&#34;") ||
		!strings.Contains(string(body), "/embed/ekonomi&#34; title=&#34;Årshjul: Ekonomiavdelningen&#34; width=&#34;800&#34; height=&#34;600&#34;") {
		t.Errorf("no snippet on /wheel/ekonomi (want like %q)", want)
	}
	_, body = f.get(t, "/wheel/"+hr+"/hr")
	if !strings.Contains(string(body), "/embed/"+hr+"/hr&#34;") {
		t.Error("no snippet with the token on HR's page though embed_internal is true")
	}
	cfg.HTTP.EmbedInternal = false
	f.clock.Set(f.clock.Now().Add(24 * time.Hour)) // a new edition: the pages are made again
	if _, body = f.get(t, "/wheel/"+hr+"/hr"); strings.Contains(string(body), "iframe-kod") {
		t.Error("HR's page offers a snippet that its frame would refuse")
	}
}
