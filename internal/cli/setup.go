package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul"
	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// errNoConfig is a command without a config to read (exit code 2).
var errNoConfig = errors.New("no config")

// located is where the config is read from.
type located struct {
	files config.Files
	path  string
}

// locate finds the config: --config, then $ARSHJUL_CONFIG, then
// ./config/arshjul.yaml. A file named that does not exist is an error, and
// so is no config at all, except for `serve` (example), which then runs
// the example embedded in the binary: never silently, since that example
// has another database and other tokens than the administrator's own.
func (e *env) locate(example bool) (located, error) {
	p, named := e.opts.config, "--config"
	if p == "" {
		p, named = os.Getenv("ARSHJUL_CONFIG"), "ARSHJUL_CONFIG"
	}
	if p != "" {
		if _, err := os.Stat(p); err != nil {
			fmt.Fprintf(e.stderr, "arshjul: %s %s: filen finns inte (%v)\n%s", named, p, errors.Unwrap(err), howToPoint)
			return located{}, errNoConfig
		}
	} else if _, err := os.Stat("config/arshjul.yaml"); err == nil {
		p = "config/arshjul.yaml"
	}
	if p == "" {
		if !example {
			fmt.Fprintf(e.stderr, "arshjul: ingen konfiguration hittades (inget --config, ingen ARSHJUL_CONFIG och ingen config/arshjul.yaml här)\n%s", howToPoint)
			return located{}, errNoConfig
		}
		return located{files: config.Embedded(arshjul.Defaults), path: "config/arshjul.yaml"}, nil
	}
	files := config.Disk()
	fp, err := files.FromOS(p)
	return located{files: files, path: fp}, err
}

const howToPoint = `ange konfigurationen med --config /sökväg/till/arshjul.yaml eller ARSHJUL_CONFIG=/sökväg/till/arshjul.yaml,
eller kör kommandot i mappen som har config/arshjul.yaml
`

// loadConfig finds, reads and validates the config, once, printing its
// problems.
func (e *env) loadConfig(example bool) (*config.Config, located, error) {
	loc, err := e.locate(example)
	if err != nil {
		return nil, loc, err
	}
	cfg, err := config.Load(loc.files, loc.path)
	if err != nil {
		return nil, loc, e.report(err)
	}
	return cfg, loc, nil
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

// session is what a command works with: the config read once, the clock,
// the store and the state over it, and the core's use cases.
type session struct {
	cfg    *config.Config
	clock  clock.Clock
	store  *store.Store
	holder *state.Holder
	core   *app.Core
	runner *remind.Runner
	log    *slog.Logger
}

func (s *session) Close() {
	if s.runner != nil {
		s.runner.Close()
	}
	s.store.Close()
}

// How a command uses the database.
type access int

const (
	// readConfig publishes the config with what the store holds; it reads
	// no calendar and writes nothing.
	readConfig access = iota
	// readFiles shows the files as a sync would leave them (store.Preview),
	// writing nothing; with no database yet, as a first start would.
	readFiles
	// writeFiles syncs the files to the store, as the daemon does, and
	// makes missing tokens: the commands that change what is stored.
	writeFiles
)

// open starts a session for a command.
func (e *env) open(how access) (*session, error) {
	cfg, loc, err := e.loadConfig(false)
	if err != nil {
		return nil, err
	}
	clk, err := e.clock(cfg.Programme.Location)
	if err != nil {
		return nil, err
	}
	log := e.logger()
	var st *store.Store
	switch how {
	case writeFiles:
		st, err = store.Open(e.ctx, cfg.Database, log)
	default:
		st, err = store.OpenReadOnly(e.ctx, cfg.Database, log)
		if errors.Is(err, store.ErrNoDatabase) && how == readFiles {
			st, err = store.OpenMemory(e.ctx, slog.New(slog.NewTextHandler(io.Discard, nil)))
		}
	}
	if err != nil {
		return nil, err
	}
	s := &session{cfg: cfg, clock: clk, store: st, log: log, holder: state.New(st, clk, log, loc.files, loc.path)}
	switch how {
	case readConfig:
		err = s.holder.Open(e.ctx, cfg)
	case readFiles:
		err = s.holder.Preview(e.ctx, cfg)
	case writeFiles:
		err = s.holder.ReloadWith(e.ctx, cfg)
	}
	if err != nil {
		if s.holder.Current() == nil {
			st.Close()
			return nil, e.report(err)
		}
		// A calendar with problems: the command goes on with what the
		// database last held, as the daemon does.
		e.report(err)
		fmt.Fprintln(e.stderr, "varning: kalendrarna har fel (se ovan); det som senast lästes in utan fel används")
	}
	if how == writeFiles {
		s.runner = &remind.Runner{State: s.holder, Store: st, Clock: clk, Log: log}
	}
	s.core = app.New(app.Options{State: s.holder, Store: st, Clock: clk, Log: log, Runner: s.runner})
	return s, nil
}
