package server_test

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/store"
)

// TestFeedOddRequests: what a feed URL gets besides a plain GET, through
// the server as the daemon runs it.
func TestFeedOddRequests(t *testing.T) {
	f := start(t, start2026)
	tok := f.token(t, store.UnitScope("hr"))
	path := "/feeds/" + tok + "/hr.ics"

	if r, _ := f.do(t, http.MethodPost, path); r.StatusCode != 405 || r.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d, Allow %q", r.StatusCode, r.Header.Get("Allow"))
	}
	if r, body := f.get(t, path+"?focus=%zz"); r.StatusCode != 400 || !strings.Contains(string(body), "frågesträngen") {
		t.Errorf("a broken query: %d %s", r.StatusCode, body)
	}
	// A path that only starts like a feed is a page route, and unknown.
	if r, body := f.get(t, path+"/mer"); r.StatusCode != 404 || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("%s/mer: %d %s %s", "/feeds/TOKEN/hr.ics", r.StatusCode, r.Header.Get("Content-Type"), body)
	}
	if r, _ := f.get(t, "/feeds//"+tok+"/hr.ics"); r.StatusCode != 200 {
		t.Errorf("a doubled slash: %d", r.StatusCode)
	}

	// A header larger than the server reads is refused, and the request
	// line (with its token) is not logged.
	conn, err := net.Dial("tcp", strings.TrimPrefix(f.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = conn.Write([]byte("GET " + path + " HTTP/1.1\r\nHost: x\r\nCookie: " + strings.Repeat("a", 20<<10) + "\r\n\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 431 {
		t.Errorf("a 20 KB header: %d", res.StatusCode)
	}
	if strings.Contains(f.logs.String(), tok) {
		t.Errorf("a token reached the log:\n%s", f.logs.String())
	}
}

// TestOtherMethods: PUT, DELETE, TRACE and PATCH on a route that exists
// get 405 with the methods it takes; on a path that does not, 404.
func TestOtherMethods(t *testing.T) {
	f := start(t, start2026)
	tok := f.token(t, store.UnitScope("hr"))
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodTrace, http.MethodPatch} {
		for path, allow := range map[string]string{
			"/": "GET, HEAD", "/feeds/public.ics": "GET, HEAD", "/feeds/" + tok + "/hr.ics": "GET, HEAD",
			"/wheel/hr": "GET, HEAD", "/followups/hr/x/2026-10-05": "GET, HEAD, POST",
		} {
			r, body := f.do(t, m, path)
			if r.StatusCode != 405 || r.Header.Get("Allow") != allow || !strings.Contains(string(body), "metoden stöds inte") {
				t.Errorf("%s %s: %d, Allow %q, %s", m, path, r.StatusCode, r.Header.Get("Allow"), body)
			}
		}
		if r, _ := f.do(t, m, "/finns-inte"); r.StatusCode != 404 {
			t.Errorf("%s on a path that does not exist: %d", m, r.StatusCode)
		}
	}
}
