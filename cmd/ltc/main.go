// Command ltc is the one binary of the long-term care assessment system:
// the API server, the worker, migrations, the scoring tool and more.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `usage: ltc <command> [flags]

commands:
  serve     run the HTTP API
  worker    run the Temporal worker for case workflows
  migrate   apply database migrations and prepare the evidence bucket
  seed      load the demo roster and print demo tokens
  score     score one JSON form from standard input
  token     issue a bearer token for local use
  policy    check FILE: validate a region policy and show what it does for a sample person
            explain: read a person and a date as JSON on standard input and print what the region's
            policy makes of them: can they apply, when benefits start, what a conclusion pays
  version   print the version
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	var exit exitCode
	switch {
	case errors.As(err, &exit):
		os.Exit(int(exit))
	case err != nil:
		fmt.Fprintln(os.Stderr, "ltc:", err)
		os.Exit(1)
	}
}

// exitCode ends the program with a status and no further message (the
// command has already printed what it had to say).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return exitCode(2)
	}
	cfg := loadConfig(getenv)
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, cfg, stdout)
	case "worker":
		return runWorker(ctx, cfg, stdout)
	case "migrate":
		return migrateAll(ctx, cfg, stdout)
	case "seed":
		return seed(ctx, cfg, stdout)
	case "score":
		return score(cfg, os.Stdin, stdout)
	case "token":
		return token(cfg, rest, stdout)
	case "policy":
		return policyCommand(cfg, rest, os.Stdin, stdout)
	case "version":
		fmt.Fprintf(stdout, "ltc %s\n", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stdout, "ltc: unknown command %q\n\n%s", cmd, usage)
	return exitCode(2)
}
