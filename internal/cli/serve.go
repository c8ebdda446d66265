package cli

import "github.com/avesta-kommun/arshjul/internal/daemon"

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
	return daemon.Run(e.ctx, daemon.Options{Config: cfg, Files: loc.files, Path: loc.path, Clock: clk, Log: e.logger()})
}
