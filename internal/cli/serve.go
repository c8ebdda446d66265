package cli

import (
	"github.com/avesta-kommun/arshjul/internal/daemon"
	"github.com/avesta-kommun/arshjul/internal/gcheadroom"
)

// heapHeadroom is the least the heap may grow between two collections
// while the daemon serves (package gcheadroom; README, Performance).
const heapHeadroom = 64 << 20

// runServe starts the daemon and blocks until SIGINT or SIGTERM. It is the
// one command that runs on the embedded example when it finds no config.
func runServe(e *env) error {
	if len(e.args) > 0 {
		return errUsage
	}
	cfg, loc, err := e.loadConfig(true)
	if err != nil {
		return err
	}
	clk, err := e.clock(cfg.Programme.Location)
	if err != nil {
		return err
	}
	log := e.logger()
	// Here and not in daemon.Run: the collector is the process's, and
	// tests run several daemons in one.
	if stop, ok := gcheadroom.Keep(heapHeadroom); ok {
		defer stop()
		log.Debug("garbage collector: at least 64 MB of growth between collections")
	} else {
		log.Info("garbage collector: GOGC as set in the environment")
	}
	return daemon.Run(e.ctx, daemon.Options{Config: cfg, Files: loc.files, Path: loc.path, Clock: clk, Log: log})
}
