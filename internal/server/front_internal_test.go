package server

import (
	"strings"
	"testing"
)

func TestRedactTokens(t *testing.T) {
	tok := "q3JxW0Xc5pI2p8Cj9dYrTq0bC4vN-eL_" // the length and alphabet of newToken's
	msg := redactTokens(`0.001 #0000000100000001 - 127.0.0.1:8080<->127.0.0.1:50000 - GET http://x/feeds/` + tok + `/hr.ics - panic in net/http handler: boom`)
	if strings.Contains(msg, tok) || strings.Contains(msg, tok[:16]) || !strings.Contains(msg, "/feeds/…/hr.ics") || !strings.Contains(msg, "panic in net/http handler: boom") {
		t.Errorf("redacted: %s", msg)
	}
}
