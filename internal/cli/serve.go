package cli

import (
	"github.com/avesta-kommun/arshjul/internal/daemon"
)

// runServe starts the daemon and blocks until SIGINT or SIGTERM.
func runServe(e *env) error {
	if len(e.args) > 0 {
		return errUsage
	}
	cfg, clk, err := e.setup()
	if err != nil {
		return err
	}
	files, p, err := e.locate()
	if err != nil {
		return err
	}
	return daemon.Run(e.ctx, daemon.Options{Config: cfg, Files: files, Path: p, Clock: clk, Log: e.logger()})
}
