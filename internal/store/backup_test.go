package store_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestBackupIsOwnerOnly: under the usual umask (022) the backup, which
// holds every token, the link-signing key and the outbox, is readable by
// its owner only, and no partial copy is left beside it.
func TestBackupIsOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	ex := testenv.LoadExample(t, t0)
	dir := t.TempDir()
	dest := filepath.Join(dir, "kopia.db")
	if _, err := ex.Store.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("backup mode %v, want 0600", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files beside the backup: %v", entries)
	}
}
