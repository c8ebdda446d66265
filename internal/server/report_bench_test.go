package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkReportPage renders the programme report of the whole
// organisation over the whole programme (GET /admin/TOKEN/report): 8
// generated units of 30 and of 300 items each, the second a busy
// kommunkoncern (2,400 items, about 25,000 occurrences).
func BenchmarkReportPage(b *testing.B) {
	for _, items := range []int{30, 300} {
		handler, h, _ := largeHandler(b, 8, items, time.Date(2028, 10, 2, 9, 0, 0, 0, stockholm))
		path := "/admin/" + h.Tokens().Admin + "/report"
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != 200 {
			b.Fatalf("report: %d %s", rec.Code, rec.Body)
		}
		b.Run(fmt.Sprintf("items=%d", 8*items), func(b *testing.B) { benchGet(b, handler, path) })
	}
}
