package remind_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/schedule"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// benchDB writes a large config (10 units × items) and syncs it into a
// database file, closed (checkpointed) so that it can be copied.
func benchDB(b *testing.B, items int) (*config.Config, string) {
	b.Helper()
	dir := b.TempDir()
	if err := testenv.WriteLarge(dir, 10, items); err != nil {
		b.Fatal(err)
	}
	files := config.Disk()
	p, _ := files.FromOS(filepath.Join(dir, "config", "arshjul.yaml"))
	cfg, err := config.Load(files, p)
	if err != nil {
		b.Fatal(err)
	}
	cals, err := calendar.LoadAll(cfg)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "base.db")
	st, err := store.Open(context.Background(), path, testenv.Quiet())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.Sync(context.Background(), &cfg.Programme, cfg.Units, cals, cfg.Programme.Begins()); err != nil {
		b.Fatal(err)
	}
	st.LinkKey(context.Background())
	st.Close()
	return cfg, path
}

func copyDB(b *testing.B, from string) *store.Store {
	b.Helper()
	to := filepath.Join(b.TempDir(), "copy.db")
	src, _ := os.Open(from)
	dst, _ := os.Create(to)
	io.Copy(dst, src)
	src.Close()
	dst.Close()
	st, err := store.Open(context.Background(), to, testenv.Quiet())
	if err != nil {
		b.Fatal(err)
	}
	return st
}

func benchInputs(b *testing.B, cfg *config.Config, st *store.Store) remind.Inputs {
	snap, err := st.Snapshot(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	key, _ := st.LinkKey(context.Background())
	toks, _ := st.Tokens(context.Background())
	rem, _ := schedule.Parse("reminders", cfg.Schedule.Reminders, cfg.Programme.Location)
	return remind.Inputs{Config: cfg, Snapshot: snap, Tokens: toks, LinkKey: key, Reminders: rem}
}

// BenchmarkPass is a Monday's reminder run (upcoming activities, and the
// overdue follow-ups) over 10,000 and 100,000 stored occurrences, on a
// database where Friday's run was made: "queue" plans and queues what
// Monday adds (each iteration on a fresh copy); "nothing-new" repeats the
// run once all of it is in the ledger. Early in the programme
// the open follow-ups are few; at its end (2028-10-02) two and a half years
// of them are overdue, so the overdue part grows with them, while the
// upcoming part, found by index, does not grow with the history.
func BenchmarkPass(b *testing.B) {
	for _, size := range []struct {
		name  string
		items int
	}{{"occ=10k", 33}, {"occ=100k", 330}} {
		cfg, base := benchDB(b, size.items)
		for _, when := range []string{"2026-04-06T07:00", "2028-10-02T07:00"} {
			now, _ := time.ParseInLocation("2006-01-02T15:04", when, cfg.Programme.Location)
			day := wheelDate(now)
			pass := remind.Pass{Upcoming: true, OverdueRun: &day}
			// Friday's run, made once and copied for each iteration.
			friday := now.AddDate(0, 0, -3)
			prev := copyDB(b, base)
			fday := wheelDate(friday)
			in := benchInputs(b, cfg, prev)
			planned, _ := remind.Plan(context.Background(), prev, in, remind.Pass{Upcoming: true, OverdueRun: &fday}, friday)
			remind.Queue(context.Background(), prev, cfg.Mail.From, planned, friday, testenv.Quiet())
			prevPath := prev.Path()
			prev.Close()
			b.Run(size.name+"/at="+when[:10]+"/queue", func(b *testing.B) {
				var queued, reminders int
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					st := copyDB(b, prevPath)
					in := benchInputs(b, cfg, st)
					b.StartTimer()
					planned, err := remind.Plan(context.Background(), st, in, pass, now)
					if err != nil {
						b.Fatal(err)
					}
					res, err := remind.Queue(context.Background(), st, cfg.Mail.From, planned, now, testenv.Quiet())
					if err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					queued, reminders = res.Queued, 0
					for _, pl := range planned {
						reminders += len(pl.Keys)
					}
					st.Close()
					b.StartTimer()
				}
				b.ReportMetric(float64(queued), "digests")
				b.ReportMetric(float64(reminders), "reminders")
			})
			b.Run(size.name+"/at="+when[:10]+"/nothing-new", func(b *testing.B) {
				st := copyDB(b, prevPath)
				defer st.Close()
				in := benchInputs(b, cfg, st)
				planned, _ := remind.Plan(context.Background(), st, in, pass, now)
				remind.Queue(context.Background(), st, cfg.Mail.From, planned, now, testenv.Quiet())
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					planned, err := remind.Plan(context.Background(), st, in, pass, now)
					if err != nil || len(planned) != 0 {
						b.Fatalf("%d digests planned again, %v", len(planned), err)
					}
				}
			})
			// The upcoming part alone: the same at the programme's start and
			// its end, for the stored history does not enter into it.
			b.Run(size.name+"/at="+when[:10]+"/nothing-new-upcoming", func(b *testing.B) {
				st := copyDB(b, prevPath)
				defer st.Close()
				in := benchInputs(b, cfg, st)
				up := remind.Pass{Upcoming: true}
				planned, _ := remind.Plan(context.Background(), st, in, up, now)
				remind.Queue(context.Background(), st, cfg.Mail.From, planned, now, testenv.Quiet())
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if planned, err := remind.Plan(context.Background(), st, in, up, now); err != nil || len(planned) != 0 {
						b.Fatalf("%d digests planned again, %v", len(planned), err)
					}
				}
			})
		}
	}
}
