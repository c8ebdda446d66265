package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRedactTokens(t *testing.T) {
	tok := "q3JxW0Xc5pI2p8Cj9dYrTq0bC4vN-eL_" // the length and alphabet of newToken's
	msg := redactTokens(`GET http://x/feeds/` + tok + `/hr.ics - panic: boom`)
	if strings.Contains(msg, tok) || strings.Contains(msg, tok[:16]) || !strings.Contains(msg, "/feeds/…/hr.ics") || !strings.Contains(msg, "panic: boom") {
		t.Errorf("redacted: %s", msg)
	}
}

// TestPanicIsAnswered: a request whose handler panics (after setting
// headers of its own) gets a 500 without them and leaves the server
// serving, and the next request is answered.
func TestPanicIsAnswered(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{log: slog.New(slog.NewTextHandler(&logs, nil)), metrics: NewMetrics(nil)}
	mux := http.NewServeMux()
	boom := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Etag", `"half-made"`)
		panic("boom: " + r.URL.Path)
	}
	mux.HandleFunc("GET /feeds/{token}/{file}", boom)
	mux.HandleFunc("GET /t/{token}", boom)
	mux.HandleFunc("GET /feeds/public.ics", boom)
	mux.HandleFunc("GET /static/site.css", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("body{}")) })
	ts := httptest.NewServer(s.observe(mux))
	defer ts.Close()
	tok := "q3JxW0Xc5pI2p8Cj9dYrTq0bC4vN-eL_"
	for _, path := range []string{"/feeds/" + tok + "/hr.ics", "/t/" + tok, "/feeds/public.ics"} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatalf("%s: %v (the server went down)", path, err)
		}
		res.Body.Close()
		if res.StatusCode != 500 || res.Header.Get("Etag") != "" {
			t.Errorf("%s: %d, ETag %q", path, res.StatusCode, res.Header.Get("Etag"))
		}
	}
	// The next request, one that does not panic, is served.
	res, err := http.Get(ts.URL + "/static/site.css")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("after the panics: %d", res.StatusCode)
	}
	if n := strings.Count(logs.String(), "request failed with a panic"); n != 3 {
		t.Errorf("%d panics logged, want 3:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "stack=") {
		t.Error("no stack in the log")
	}
	if strings.Contains(logs.String(), tok) {
		t.Error("a token reached the log")
	}
}
