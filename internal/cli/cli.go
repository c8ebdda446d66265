// Package cli is the arshjul command line: it parses arguments, finds the
// config, and hands each command its parts. The daemon itself is wired in
// package daemon.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/store"
)

// env is what every command receives.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	opts   *options
	args   []string // after the command name and flags
}

type options struct {
	config  string
	now     string
	logJSON bool
	dryRun  bool
	overdue bool
	unit    string
	year    string
	note    string
	reason  string
}

type command struct {
	name   string
	syntax string
	help   string
	run    func(*env) error
}

var commands = []command{
	{"serve", "serve", "starta tjänsten (HTTP-flöden, schemaläggare, omläsning av filer)", runServe},
	{"check", "check", "kontrollera konfiguration och kalendrar; slutkod 0, eller 1 med alla fel", runCheck},
	{"feeds", "feeds [rotate ENHET|all]", "visa prenumerationsadresserna, eller byt nyckel för ett flöde", runFeeds},
	{"feed", "feed ENHET|all|public", "skriv ut ett flöde (iCalendar) på standard ut", runFeed},
	{"remind", "remind [--dry-run]", "en påminnelsekörning (kommande och försenade) vid --now; --dry-run visar bara vad som skulle skickas", runRemind},
	{"followups", "followups [--overdue] [--unit ENHET]", "lista uppföljningar, en per rad, med id först", runFollowUps},
	{"followup", "followup done ID... --note TEXT | followup skip ID... --reason TEXT", "markera uppföljningar som klara med resultatet, eller som ej aktuella med skälet", runFollowUp},
	{"export", "export ENHET", "skriv enhetens aktiviteter från webben som en kalenderfil (för git)", runExport},
	{"import", "import ENHET [FIL…]", "lämna enhetens årshjul från dess filer till webben, med samma id (ett steg, en gång)", runImport},
	{"history", "history [ENHET]", "vem som ändrade vad och när: filer, uppföljningar, adresser, inloggningar", runHistory},
	{"report", "report [--year ÅÅÅÅ] [--unit ENHET]", "programmets uppföljning: målgrupper × fokusområden, uppföljningar, obesvarade frågor", runReport},
	{"outbox", "outbox [retry [NR] | show NR]", "visa brev som väntar eller inte kunde levereras; retry skickar dem igen; show skriver ut ett", runOutbox},
	{"health", "health", "fråga en körande tjänst om /healthz (för Dockers HEALTHCHECK)", runHealth},
	{"backup", "backup FIL", "skriv en konsekvent kopia av databasen till FIL, också medan tjänsten kör", runBackup},
}

// errUsage marks a mistake on the command line (exit code 2).
var errUsage = errors.New("usage")

// Run runs one command and returns the process exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdout: stdout, stderr: stderr, opts: &options{}}
	fs := newFlagSet(e.opts, stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	rest := fs.Args()
	if len(rest) == 0 {
		usage(stderr)
		return 2
	}
	name := rest[0]
	var cmd *command
	for i := range commands {
		if commands[i].name == name {
			cmd = &commands[i]
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "arshjul: okänt kommando %q\n\n", name)
		usage(stderr)
		return 2
	}
	// Flags may also follow the command: `arshjul feed hr --now 2026-10-05`.
	positional, err := parseInterleaved(newFlagSet(e.opts, stderr), rest[1:])
	if err != nil {
		return 2
	}
	e.args = positional
	err = cmd.run(e)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errNoConfig):
		return 2
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "användning: arshjul %s\n", cmd.syntax)
		return 2
	case errors.Is(err, errReported):
		return 1
	default:
		fmt.Fprintf(stderr, "arshjul %s: %v\n", name, err)
		return 1
	}
}

// noDatabaseYet words a read-only command's missing database.
func noDatabaseYet(e *env, err error) error {
	if errors.Is(err, store.ErrNoDatabase) {
		fmt.Fprintf(e.stderr, "arshjul: %v\nstarta tjänsten (arshjul serve) en gång: den skapar databasen och adresserna\n", err)
		return errReported
	}
	return err
}

func unitList(ids []string) string { return strings.Join(ids, ", ") }

// errReported means the command already printed what went wrong.
var errReported = errors.New("reported")

func newFlagSet(o *options, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("arshjul", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.config, "config", o.config, "sökväg till arshjul.yaml (annars $ARSHJUL_CONFIG eller ./config/arshjul.yaml; bara serve kör det inbyggda exemplet utan)")
	fs.StringVar(&o.now, "now", o.now, "låtsas att klockan är denna tid (RFC 3339 eller ÅÅÅÅ-MM-DD[TTT:MM] i programmets tidszon) och gå vidare därifrån")
	fs.BoolVar(&o.logJSON, "log-json", o.logJSON, "skriv loggen som JSON i stället för nyckel=värde")
	fs.BoolVar(&o.dryRun, "dry-run", o.dryRun, "remind: visa vad som skulle skickas, utan att skicka eller bokföra")
	fs.BoolVar(&o.overdue, "overdue", o.overdue, "followups: bara försenade")
	fs.StringVar(&o.unit, "unit", o.unit, "followups, report: bara den här enheten")
	fs.StringVar(&o.year, "year", o.year, "report: bara det här året (annars hela programmet)")
	fs.StringVar(&o.note, "note", o.note, "followup done: resultatet av uppföljningen")
	fs.StringVar(&o.reason, "reason", o.reason, "followup skip: varför uppföljningen inte är aktuell")
	fs.Usage = func() { usage(stderr) }
	return fs
}

func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "arshjul — årshjul, kalenderflöden och påminnelser för kommunikationsprogrammet")
	fmt.Fprintln(w, "\nanvändning: arshjul [--config FIL] [--now TID] KOMMANDO [argument]")
	fmt.Fprintln(w, "\nkommandon:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-26s %s\n", c.syntax, c.help)
	}
}
