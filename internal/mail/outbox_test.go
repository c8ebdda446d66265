package mail_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/mail"
)

// TestFileOutboxIsPrivateAndTidy: the file transport's folder is the
// user's alone, and a half-written message left by a kill is removed when
// the next session opens (a fresh one, maybe another sender's, is not).
func TestFileOutboxIsPrivateAndTidy(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	tr, err := mail.NewTransport(config.Mail{Transport: "file", Outbox: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("the outbox is %v", fi.Mode().Perm())
	}
	old, fresh := filepath.Join(dir, ".tmp-1.eml"), filepath.Join(dir, ".tmp-2.eml")
	os.WriteFile(old, []byte("Subject: hal"), 0o600)
	os.WriteFile(fresh, []byte("Subject: hel"), 0o600)
	anHourAgo := time.Now().Add(-time.Hour)
	os.Chtimes(old, anHourAgo, anHourAgo)
	if _, err := tr.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); err == nil {
		t.Error("the leftover of a kill is still there")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a write in progress was removed")
	}
}
