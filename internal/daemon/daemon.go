// Package daemon wires `arshjul serve`: the store, the state and its
// reloads, the HTTP server, and the signals that steer them. Each part gets
// what it needs through its constructor; nothing here is global.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// Options are what `serve` found on its command line.
type Options struct {
	Config *config.Config // as validated at start (listen address, database)
	Files  config.Files
	Path   string
	Clock  clock.Clock
	Log    *slog.Logger
	// WatchEvery is how often files and tokens are checked for changes.
	WatchEvery time.Duration
	// TickEvery is how often the scheduler looks for due runs and the
	// sender for mail to send (or retry).
	TickEvery time.Duration
	// Transport, when set, replaces the configured mail transport (tests).
	Transport mail.Transport
	// Listener, when set, is used instead of listening on Config.HTTP.Listen.
	Listener net.Listener
}

// Run serves until ctx ends (SIGINT/SIGTERM), then shuts down gracefully:
// requests in flight finish, then the database is closed.
func Run(ctx context.Context, o Options) error {
	log := o.Log
	if o.WatchEvery == 0 {
		o.WatchEvery = 2 * time.Second
	}
	if o.TickEvery == 0 {
		o.TickEvery = 5 * time.Second
	}
	st, err := store.Open(ctx, o.Config.Database, log)
	if err != nil {
		return err
	}
	defer st.Close()
	h := state.New(st, o.Clock, log, o.Files, o.Path)
	// The watcher's first look comes before the first load: an edit made
	// while loading is then seen as a change, never taken as the baseline.
	w := newWatcher(h, log, o.Config)
	if err := h.Reload(ctx); err != nil && h.Current() == nil {
		return fmt.Errorf("nothing to serve: %w", err)
	}
	if o.Files.Embedded {
		log.Warn("NO CONFIG FOUND: serving the EXAMPLE embedded in the binary, with its own database and tokens; give --config FILE or ARSHJUL_CONFIG to serve your own",
			"database", o.Config.Database)
	}
	runner := &remind.Runner{State: h, Store: st, Clock: o.Clock, Log: log, Transport: o.Transport}
	defer runner.Close()
	metrics := server.NewMetrics(h)
	metrics.RegisterReminders(runner)
	core := app.New(app.Options{State: h, Store: st, Clock: o.Clock, Log: log, Runner: runner})
	srv := server.New(core, log, metrics).HTTPServer()
	ln := o.Listener
	if ln == nil {
		if ln, err = net.Listen("tcp", o.Config.HTTP.Listen); err != nil {
			return fmt.Errorf("listen on %s: %w", o.Config.HTTP.Listen, err)
		}
	}
	log.Info("serving", "addr", ln.Addr().String(), "base_url", o.Config.HTTP.BaseURL, "database", o.Config.Database)
	if p := o.Config.Programme; !o.Clock.Now().Before(p.Ends()) {
		log.Warn("the programme has ended; feeds keep serving, nothing new is scheduled", "valid_until", p.ValidUntil.String())
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	// The scheduler has its own goroutine: a long run or a slow mail server
	// must not hold up reloads. Its first tick makes up a run missed while
	// the daemon was down.
	schedDone := make(chan struct{})
	schedCtx, stopSched := context.WithCancel(ctx)
	go func() {
		defer close(schedDone)
		schedule(schedCtx, runner, o.TickEvery, log)
	}()
	defer func() { stopSched(); <-schedDone }()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	// Reloads have a goroutine of their own too: one that hangs (a file
	// system that stopped answering) must never keep SIGTERM from stopping
	// the daemon. Shutdown waits for it a few seconds at most.
	watchCtx, stopWatch := context.WithCancel(ctx)
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		watch(watchCtx, h, w, hup, o.WatchEvery, log)
	}()
	defer func() {
		stopWatch()
		select {
		case <-watchDone:
		case <-time.After(5 * time.Second):
			log.Error("a reload was still running at shutdown; stopping without it")
		}
	}()
	select {
	case <-ctx.Done():
		log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return err
		}
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case err := <-served:
		return fmt.Errorf("the HTTP server stopped: %w", err)
	}
}

// watch reloads on SIGHUP and when a watched file changes, until ctx ends.
func watch(ctx context.Context, h *state.Holder, w *watcher, hup <-chan os.Signal, every time.Duration, log *slog.Logger) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			log.Info("SIGHUP: reloading")
			_ = h.Reload(ctx) // a failure is logged and kept in the status
			w.reset()
		case <-tick.C:
			w.check(ctx)
		}
	}
}

// schedule ticks the runner until ctx ends. A tick's failure is logged and
// the next tick tries again: the ledger makes a repeated attempt harmless.
func schedule(ctx context.Context, r *remind.Runner, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := r.Tick(ctx); err != nil && ctx.Err() == nil {
			log.Error("scheduler tick failed; trying again", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
