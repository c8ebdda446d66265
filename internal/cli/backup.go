package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/avesta-kommun/arshjul/internal/store"
)

// runBackup writes a consistent copy of the live database to FILE, also
// while the daemon runs; it never overwrites a file.
func runBackup(e *env) error {
	if len(e.args) != 1 {
		return errUsage
	}
	dest := e.args[0]
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("%s finns redan; välj ett nytt filnamn (en säkerhetskopia skriver aldrig över en fil)", dest)
	}
	cfg, _, err := e.loadConfig(false)
	if err != nil {
		return err
	}
	// VACUUM INTO needs a connection that may write (it writes only the
	// copy): the store is opened as the daemon opens it, and never created.
	if _, err := os.Stat(cfg.Database); err != nil {
		return noDatabaseYet(e, fmt.Errorf("%w: %s", store.ErrNoDatabase, cfg.Database))
	}
	st, err := store.Open(e.ctx, cfg.Database, e.logger())
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	n, err := st.Backup(e.ctx, dest)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s finns redan; välj ett nytt filnamn", dest)
	}
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(dest)
	fmt.Fprintf(e.stdout, "säkerhetskopia: %s (%d byte, kontrollerad, %s)\n", abs, n, time.Since(start).Round(time.Millisecond))
	return nil
}
