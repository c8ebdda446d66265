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
func (s *Store) Backup(ctx context.Context, dest string) (int64, error) {
	dir := filepath.Dir(dest)
	tmp := filepath.Join(dir, "."+filepath.Base(dest)+".partial")
	os.Remove(tmp) // a copy left by an interrupted backup
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	defer os.Remove(tmp)
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
