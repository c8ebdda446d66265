package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// BenchmarkReportPage renders the programme report of the whole
// organisation over the whole programme (GET /admin/TOKEN/report): 8
// generated units of 30 and of 300 items each, the second a busy
// kommunkoncern (2,400 items, about 25,000 occurrences).
func BenchmarkReportPage(b *testing.B) {
	for _, items := range []int{30, 300} {
		dir := b.TempDir()
		if err := testenv.WriteLarge(dir, 8, items); err != nil {
			b.Fatal(err)
		}
		files := config.Disk()
		p, _ := files.FromOS(dir + "/config/arshjul.yaml")
		st := testenv.OpenStore(b)
		clk := clock.NewManual(time.Date(2028, 10, 2, 9, 0, 0, 0, stockholm))
		h := state.New(st, clk, testenv.Quiet(), files, p)
		if err := h.Reload(context.Background()); err != nil {
			b.Fatal(err)
		}
		core := app.New(app.Options{State: h, Store: st, Clock: clk, Log: testenv.Quiet()})
		handler := server.New(core, testenv.Quiet(), server.NewMetrics(h)).Handler()
		path := "/admin/" + h.Tokens().Admin + "/report"
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != 200 {
			b.Fatalf("report: %d %s", rec.Code, rec.Body)
		}
		b.Run(fmt.Sprintf("items=%d", 8*items), func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			var size int
			for b.Loop() {
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, req)
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size)/1024, "KB")
		})
	}
}
