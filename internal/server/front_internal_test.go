package server

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
)

func TestRedactTokens(t *testing.T) {
	tok := "q3JxW0Xc5pI2p8Cj9dYrTq0bC4vN-eL_" // the length and alphabet of newToken's
	msg := redactTokens(`0.001 #0000000100000001 - 127.0.0.1:8080<->127.0.0.1:50000 - GET http://x/feeds/` + tok + `/hr.ics - panic in net/http handler: boom`)
	if strings.Contains(msg, tok) || strings.Contains(msg, tok[:16]) || !strings.Contains(msg, "/feeds/…/hr.ics") || !strings.Contains(msg, "panic in net/http handler: boom") {
		t.Errorf("redacted: %s", msg)
	}
}

// TestPanicIsAnswered: a request that panics (here: a server with no state
// at all) gets a 500 and leaves the server serving, on the feed path and
// on a page behind fasthttpadaptor.
func TestPanicIsAnswered(t *testing.T) {
	var logs bytes.Buffer
	s := New(nil, clock.NewManual(time.Now()), slog.New(slog.NewTextHandler(&logs, nil)), NewMetrics(nil))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fr := s.Front()
	go fr.Serve(ln)
	defer fr.Shutdown(context.Background())
	tok := "q3JxW0Xc5pI2p8Cj9dYrTq0bC4vN-eL_"
	for _, path := range []string{"/feeds/" + tok + "/hr.ics", "/t/" + tok, "/feeds/public.ics"} {
		res, err := http.Get("http://" + ln.Addr().String() + path)
		if err != nil {
			t.Fatalf("%s: %v (the server went down)", path, err)
		}
		res.Body.Close()
		if res.StatusCode != 500 {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	if n := strings.Count(logs.String(), "request failed with a panic"); n != 3 {
		t.Errorf("%d panics logged, want 3:\n%s", n, logs.String())
	}
	if strings.Contains(logs.String(), tok) {
		t.Error("a token reached the log")
	}
}
