package cli

import (
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// locate finds the config: --config, then $ARSHJUL_CONFIG, then
// ./config/arshjul.yaml, then the example embedded in the binary.
func (e *env) locate() (config.Files, string, error) {
	p := e.opts.config
	if p == "" {
		p = os.Getenv("ARSHJUL_CONFIG")
	}
	if p == "" {
		if _, err := os.Stat("config/arshjul.yaml"); err == nil {
			p = "config/arshjul.yaml"
		}
	}
	if p == "" {
		return config.Embedded(arshjul.Defaults), "config/arshjul.yaml", nil
	}
	files := config.Disk()
	fp, err := files.FromOS(p)
	return files, fp, err
}

// loadConfig reads and validates the config, printing its problems.
func (e *env) loadConfig() (*config.Config, error) {
	files, p, err := e.locate()
	if err != nil {
		return nil, err
	}
	cfg, err := config.Load(files, p)
	if err != nil {
		return nil, e.report(err)
	}
	return cfg, nil
}

// setup is what most commands start with: the config, and the clock in the
// programme's time zone.
func (e *env) setup() (*config.Config, clock.Clock, error) {
	cfg, err := e.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	clk, err := e.clock(cfg.Programme.Location)
	if err != nil {
		return nil, nil, err
	}
	return cfg, clk, nil
}

// clock is the wall clock, or --now running on.
func (e *env) clock(loc *time.Location) (clock.Clock, error) {
	if e.opts.now == "" {
		return clock.Real{}, nil
	}
	t, err := clock.Parse(e.opts.now, loc)
	if err != nil {
		return nil, err
	}
	return clock.StartingAt(t), nil
}

func (e *env) logger() *slog.Logger {
	level := slog.LevelInfo
	if err := level.UnmarshalText([]byte(os.Getenv("ARSHJUL_LOG_LEVEL"))); err != nil {
		level = slog.LevelInfo
	}
	o := &slog.HandlerOptions{Level: level}
	if e.opts.logJSON || strings.EqualFold(os.Getenv("ARSHJUL_LOG_FORMAT"), "json") {
		return slog.New(slog.NewJSONHandler(e.stderr, o))
	}
	return slog.New(slog.NewTextHandler(e.stderr, o))
}

// openStore opens the configured database.
func (e *env) openStore(cfg *config.Config, log *slog.Logger) (*store.Store, error) {
	return store.Open(e.ctx, cfg.Database, log)
}
