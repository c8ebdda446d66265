// Package store keeps the wheel in SQLite: units, items and plans as last
// synced from the files (with the SEQUENCE/LAST-MODIFIED bookkeeping feeds
// need), their occurrences and follow-ups, and the feed tokens. It is the
// state that survives restarts and bad reloads.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("store: not found")

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the database. Its methods are safe for concurrent use.
type Store struct {
	db   *sql.DB
	log  *slog.Logger
	path string
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date. It refuses a database written by a newer arshjul.
func Open(ctx context.Context, path string, log *slog.Logger) (*Store, error) {
	if err := private(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "cache_size(-65536)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // writers take the lock up front: no upgrade deadlocks
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, log: log, path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// ErrNoDatabase is OpenReadOnly's answer when there is no database yet.
var ErrNoDatabase = errors.New("store: no database yet")

// OpenReadOnly opens the database for the commands that only read: it is
// never written, not even migrated (a database of an older schema is
// refused with what to do), and a missing one is ErrNoDatabase rather
// than created.
func OpenReadOnly(ctx context.Context, path string, log *slog.Logger) (*Store, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNoDatabase, path)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	for _, p := range []string{"busy_timeout(10000)", "query_only(1)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, log: log, path: path}
	var current int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: read schema version of %s: %w", path, err)
	}
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	if current != len(names) {
		db.Close()
		return nil, fmt.Errorf("store: %s has schema version %d, this arshjul %d; start `arshjul serve` once to bring it up to date", path, current, len(names))
	}
	return s, nil
}

// OpenMemory is an empty database in memory, for a command that only
// reads when no database exists yet: what a first start would serve.
func OpenMemory(ctx context.Context, log *slog.Logger) (*Store, error) {
	db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
	if err != nil {
		return nil, fmt.Errorf("store: open in memory: %w", err)
	}
	db.SetMaxOpenConns(1) // each connection would have a database of its own
	s := &Store{db: db, log: log, path: ":memory:"}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// private makes sure the database and its companions are readable by this
// user alone: they hold every feed token, the key that signs mark-done
// links and every composed message. A new database is created 0600 in a
// 0700 folder (SQLite gives its -wal and -shm the database file's mode);
// an older one made with the umask's 0644 is tightened.
func private(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("store: create folder for %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, 0o600); err != nil {
				return fmt.Errorf("store: make %s private: %w", p, err)
			}
		}
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("store: list migrations: %w", err)
	}
	sort.Strings(names)
	var current int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if current > len(names) {
		return fmt.Errorf("store: the database has schema version %d but this arshjul knows only %d; use a newer arshjul", current, len(names))
	}
	for i, name := range names {
		version := i + 1
		if version <= current {
			continue
		}
		if n, _ := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0]); n != version {
			return fmt.Errorf("store: migration %s is out of sequence (want number %d)", name, version)
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("store: read %s: %w", name, err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version))
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		s.log.Info("database migrated", "version", version, "migration", filepath.Base(name))
	}
	return nil
}

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// Path is the database file.
func (s *Store) Path() string { return s.path }
