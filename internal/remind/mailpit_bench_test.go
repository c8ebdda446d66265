package remind_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/schedule"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// mailpitBinary finds Mailpit where scripts/e2e-mail.sh installs it.
func mailpitBinary(b *testing.B) string {
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "..", "..", ".cache", "bin", "mailpit")
	if _, err := os.Stat(p); err != nil {
		if p, err = exec.LookPath("mailpit"); err != nil {
			b.Skip("Mailpit not installed: run scripts/e2e-mail.sh once")
		}
	}
	return p
}

func freePort(b *testing.B) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// BenchmarkDigestsToMailpit queues and sends 1,000 and 10,000 digests (one
// run of a unit whose activities each have their own owner) to Mailpit on
// loopback, and reports the two phases separately. Run with -benchtime 1x.
func BenchmarkDigestsToMailpit(b *testing.B) {
	bin := mailpitBinary(b)
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("digests=%d", n), func(b *testing.B) {
			var queueTime, sendTime time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dir := testenv.CopyExample(b)
				testenv.AddMailingUnit(b, dir, n, "2026-10-19")
				smtpPort, uiPort := freePort(b), freePort(b)
				mp := exec.Command(bin, "--quiet", "--disable-version-check", "--max", "0", "--database", filepath.Join(dir, "mailpit.db"),
					"--smtp", fmt.Sprintf("127.0.0.1:%d", smtpPort), "--listen", fmt.Sprintf("127.0.0.1:%d", uiPort), "--smtp-auth-accept-any", "--smtp-auth-allow-insecure")
				if err := mp.Start(); err != nil {
					b.Fatal(err)
				}
				for j := 0; j < 100; j++ {
					if res, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/api/v1/info", uiPort)); err == nil {
						res.Body.Close()
						break
					}
					time.Sleep(50 * time.Millisecond)
				}
				srv := &testenv.SMTPServer{Host: "127.0.0.1", Port: smtpPort}
				cfgPath := testenv.UseSMTP(b, dir, srv)
				files := config.Disk()
				p, _ := files.FromOS(cfgPath)
				cfg, err := config.Load(files, p)
				if err != nil {
					b.Fatal(err)
				}
				st, err := store.Open(context.Background(), cfg.Database, testenv.Quiet())
				if err != nil {
					b.Fatal(err)
				}
				now := time.Date(2026, 10, 5, 7, 0, 0, 0, cfg.Programme.Location)
				// The run of the Friday before, so that Monday's holds only the mailing.
				clk := clock.NewManual(now.AddDate(0, 0, -3))
				h := state.New(st, clk, testenv.Quiet(), files, p)
				if err := h.Reload(context.Background()); err != nil {
					b.Fatal(err)
				}
				cur := h.Current()
				key, _ := st.LinkKey(context.Background())
				rem, _ := schedule.Parse("reminders", cfg.Schedule.Reminders, cfg.Programme.Location)
				in := remind.Inputs{Config: cur.Config, Snapshot: cur.Snapshot, Tokens: h.Tokens().ByScope, LinkKey: key, Reminders: rem}
				pre, _ := remind.Plan(context.Background(), st, in, remind.Pass{Upcoming: true}, clk.Now())
				remind.Queue(context.Background(), st, cfg.Mail.From, pre, clk.Now(), testenv.Quiet())
				st.Expire(context.Background(), "not part of the benchmark")
				clk.Set(now)
				tr, err := mail.NewTransport(cfg.Mail)
				if err != nil {
					b.Fatal(err)
				}
				sender := &mail.Sender{Store: st, Transport: tr, From: cfg.Mail.From, Clock: clk, Log: testenv.Quiet(), Ends: cfg.Programme.Ends()}

				b.StartTimer()
				t0 := time.Now()
				planned, err := remind.Plan(context.Background(), st, in, remind.Pass{Upcoming: true}, now)
				if err != nil {
					b.Fatal(err)
				}
				res, err := remind.Queue(context.Background(), st, cfg.Mail.From, planned, now, testenv.Quiet())
				if err != nil || res.Queued < n {
					b.Fatalf("queued %d of %d: %v", res.Queued, n, err)
				}
				t1 := time.Now()
				sent := 0
				for tries := 0; sent < res.Queued && tries < 20; tries++ {
					k, err := sender.Drain(context.Background())
					if err != nil {
						b.Fatal(err)
					}
					sent += k
					if sent < res.Queued { // a dropped connection: the retry is due later
						clk.Advance(2 * time.Hour)
					}
				}
				if sent != res.Queued {
					b.Fatalf("sent %d of %d", sent, res.Queued)
				}
				t2 := time.Now()
				b.StopTimer()
				queueTime += t1.Sub(t0)
				sendTime += t2.Sub(t1)
				st.Close()
				mp.Process.Kill()
				mp.Wait()
			}
			b.ReportMetric(queueTime.Seconds()/float64(b.N), "queue-s")
			b.ReportMetric(sendTime.Seconds()/float64(b.N), "send-s")
			b.ReportMetric(float64(n)*float64(b.N)/sendTime.Seconds(), "sent/s")
		})
	}
}
