package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to dest with VACUUM
// INTO (one read transaction: writers go on meanwhile, the copy is the
// database as of its start), checks the copy's integrity, and only then
// gives it its name, so that dest is either a whole, checked copy or
// absent. It refuses (os.ErrExist) to replace an existing dest.
//
// The copy holds every feed token, the link-signing key, the sessions and
// the outbox, so it is readable by its owner only (0600) from the moment
// it exists, whatever the umask: SQLite would create it 0644.
func (s *Store) Backup(ctx context.Context, dest string) (int64, error) {
	dir := filepath.Dir(dest)
	tmp := filepath.Join(dir, "."+filepath.Base(dest)+".partial")
	os.Remove(tmp) // a copy left by an interrupted backup
	// VACUUM INTO accepts an empty file, and keeps its mode.
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	defer os.Remove(tmp)
	// The umask can only take bits away; Chmod makes the mode exact.
	err = f.Chmod(0o600)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	if err := checkIntegrity(ctx, tmp); err != nil {
		return 0, err
	}
	// A hard link fails if dest appeared meanwhile: never overwritten.
	if err := os.Link(tmp, dest); err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	fi, err := os.Stat(dest)
	if err != nil {
		return 0, err
	}
	if fi.Mode().Perm() != 0o600 {
		os.Remove(dest)
		return 0, fmt.Errorf("store: backup to %s: the copy is not 0600 (%v)", dest, fi.Mode().Perm())
	}
	return fi.Size(), nil
}
func checkIntegrity(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("store: check the backup: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("store: the backup failed its integrity check: %s", res)
	}
	return nil
}
