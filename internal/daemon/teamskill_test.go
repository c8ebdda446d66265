package daemon_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestKillDuringTeamsPost guards a run's digest with both mail and a
// Teams card through a SIGKILL of the real daemon while it posts the
// card: after a restart every mail and every card has arrived, each
// exactly once (the post cut off was never taken, so it is sent again,
// not lost and not doubled).
func TestKillDuringTeamsPost(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the daemon")
	}
	bin := buildBinary(t)
	dir := testenv.CopyExample(t)
	smtp := testenv.StartSMTP(t)
	cfgPath := testenv.UseSMTP(t, dir, smtp)
	hook := testenv.StartTeams(t)
	testenv.UseTeams(t, dir, "hr", "ARSHJUL_TEAMS_HR", hook)
	logf, err := os.Create(filepath.Join(dir, "daemon.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	start := func() *exec.Cmd {
		// Monday 2026-09-21 just after the 07:00 run, which each start
		// makes up: HR's contact gets the survey by mail, HR's channel a card.
		cmd := exec.Command(bin, "--config", cfgPath, "--now", "2026-09-21T07:00:30", "serve")
		cmd.Env = append(os.Environ(), "ARSHJUL_LISTEN=127.0.0.1:0")
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	var mu sync.Mutex
	var daemon *exec.Cmd
	killed := false
	hook.OnPost(func(testenv.TeamsPost) bool {
		mu.Lock()
		defer mu.Unlock()
		if killed {
			return true
		}
		killed = true
		daemon.Process.Signal(syscall.SIGKILL) // mid-post: the card is not taken
		return false
	})
	mu.Lock()
	daemon = start()
	first := daemon
	mu.Unlock()
	ended := make(chan struct{})
	go func() { first.Wait(); close(ended) }()
	select {
	case <-ended:
	case <-time.After(time.Minute):
		first.Process.Signal(syscall.SIGKILL)
		<-ended
	}
	mu.Lock()
	if !killed {
		mu.Unlock()
		b, _ := os.ReadFile(filepath.Join(dir, "daemon.log"))
		t.Fatalf("no card was posted within a minute:\n%s", tail(b, 3000))
	}
	mailBefore := len(smtp.Received())
	daemon = start()
	mu.Unlock()

	files := config.Disk()
	p, _ := files.FromOS(cfgPath)
	cfg, err := config.Load(files, p)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), cfg.Database, testenv.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var stats store.OutboxStats
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if stats, err = st.OutboxStats(context.Background()); err == nil && stats.Count["sent"] > 0 &&
			stats.Count["queued"]+stats.Count["sending"]+stats.Count["failed"] == 0 && len(hook.Posts()) > 0 {
			break
		}
	}
	daemon.Process.Signal(syscall.SIGTERM)
	daemon.Wait()
	sent, err := st.Outbox(context.Background(), "sent")
	if err != nil {
		t.Fatal(err)
	}
	cards := map[string]int{}
	for _, c := range hook.Posts() {
		cards[c.Sum]++
	}
	mails := map[string]int{}
	for _, m := range smtp.Received() {
		mails[m.MessageID]++
	}
	var toTeams, toMail int
	for _, m := range sent {
		if m.Recipient == "teams:hr" {
			toTeams++
			full, err := st.OutboxMessage(context.Background(), m.ID)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(full.Body)
			if n := cards[hex.EncodeToString(sum[:])]; n != 1 {
				t.Errorf("the card %s arrived %d times, want once", m.MessageID, n)
			}
			continue
		}
		toMail++
		if n := mails["<"+m.MessageID+">"]; n != 1 {
			t.Errorf("mail %s to %s arrived %d times, want once", m.MessageID, m.Recipient, n)
		}
	}
	if toTeams == 0 || toMail == 0 || len(cards) != toTeams || len(mails) != toMail {
		t.Errorf("outbox: %d cards and %d mails sent; received %d cards and %d mails (%v)", toTeams, toMail, len(cards), len(mails), stats.Count)
	}
	t.Logf("%d mails (%d before the kill) and %d cards, each once, through a SIGKILL mid-post", toMail, mailBefore, toTeams)
}
