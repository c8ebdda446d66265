package daemon_test

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// buildBinary builds cmd/arshjul once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "arshjul")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/avesta-kommun/arshjul/cmd/arshjul")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestKillDuringRun starts the real daemon on a run of over 1,000 digests,
// kills it with SIGKILL at random moments, restarts it, and repeats; then
// lets it finish. Every message queued must arrive, and no more duplicates
// than kills (each kill can cut off at most the message in flight).
func TestKillDuringRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the daemon")
	}
	bin := buildBinary(t)
	dir := testenv.CopyExample(t)
	srv := testenv.StartSMTP(t)
	cfgPath := testenv.UseSMTP(t, dir, srv)
	testenv.AddMailingUnit(t, dir, 1000, "2026-10-19")
	logPath := filepath.Join(dir, "daemon.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	start := func() *exec.Cmd {
		// Monday 2026-10-05, just after the 07:00 run: each start makes it
		// up (what is already queued or sent is not queued again).
		cmd := exec.Command(bin, "--config", cfgPath, "--now", "2026-10-05T07:00:30", "serve")
		cmd.Env = append(os.Environ(), "ARSHJUL_LISTEN=127.0.0.1:0")
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	files := config.Disk()
	p, _ := files.FromOS(cfgPath)
	cfg, err := config.Load(files, p)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	kills := 0
	for kills < 8 {
		cmd := start()
		// Start-up (sync, planning the run) takes a few hundred ms and the
		// sending about as long again: kill anywhere in there.
		time.Sleep(time.Duration(100+rng.IntN(900)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		kills++
		t.Logf("kill %d: %d messages arrived so far", kills, len(srv.Received()))
		if len(srv.Received()) > 1000 {
			break // the run is through: later kills would land after it
		}
	}
	cmd := start()
	st, err := store.Open(context.Background(), cfg.Database, testenv.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	deadline := time.Now().Add(2 * time.Minute)
	var stats store.OutboxStats
	for time.Now().Before(deadline) {
		if stats, err = st.OutboxStats(context.Background()); err == nil && stats.Count["sent"] > 1000 &&
			stats.Count["queued"]+stats.Count["sending"]+stats.Count["failed"] == 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if stats.Count["sent"] <= 1000 || stats.Count["queued"]+stats.Count["sending"]+stats.Count["failed"] > 0 {
		b, _ := os.ReadFile(logPath)
		t.Fatalf("outbox after the last start: %v\nlog tail:\n%s", stats.Count, tail(b, 3000))
	}
	sent, err := st.Outbox(context.Background(), "sent")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, m := range srv.Received() {
		got[m.MessageID]++
	}
	dups := 0
	for _, m := range sent {
		n := got["<"+m.MessageID+">"]
		if n == 0 {
			t.Errorf("lost: %s to %s", m.MessageID, m.Recipient)
		}
		if n > 1 {
			dups += n - 1
		}
	}
	if len(got) != len(sent) {
		t.Errorf("%d distinct messages arrived, %d sent in the outbox", len(got), len(sent))
	}
	if dups > kills {
		t.Errorf("%d duplicates after %d kills", dups, kills)
	}
	t.Logf("%d messages, %d kills, %d duplicates", len(sent), kills, dups)
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
