package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestDatabaseIsPrivate: the database and its -wal and -shm hold every
// token, the link key and every message: readable by this user alone, in
// a folder only it can open; an older database made 0644 is tightened.
func TestDatabaseIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "arshjul.db")
	st, err := store.Open(ctx, path, testenv.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Token(ctx, store.AdminScope, t0); err != nil { // a write: the -wal and -shm exist
		t.Fatal(err)
	}
	check := func(when string) {
		for _, p := range []string{dir, path, path + "-wal", path + "-shm"} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Errorf("%s: %v", when, err)
				continue
			}
			if fi.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s: %s is %v, readable by others", when, filepath.Base(p), fi.Mode().Perm())
			}
		}
	}
	check("new")
	st.Close()
	os.Chmod(path, 0o644)
	st, err = store.Open(ctx, path, testenv.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Token(ctx, store.AdminScope, t0); err != nil {
		t.Fatal(err)
	}
	check("reopened after a chmod 644")
}
