// Command bina is Bina Pustaka: one binary that serves the web app and the
// API, migrates the database, creates accounts, imports staff and backs up.
// This is the only place that knows every part: it parses the configuration
// once and wires the services together.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCmd().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "bina:", err)
		var ce cliError
		if errors.As(err, &ce) {
			os.Exit(ce.code)
		}
		os.Exit(1)
	}
}

// cliError carries an exit code (2 for bad usage or bad input).
type cliError struct {
	code int
	err  error
}

func (e cliError) Error() string { return e.err.Error() }
func (e cliError) Unwrap() error { return e.err }

func newRootCmd() *cobra.Command {
	cfg := defaultConfig()
	root := &cobra.Command{
		Use:           "bina",
		Short:         "Bina Pustaka — develop library staff and prove the service got better",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return cfg.load(cmd)
		},
	}
	cfg.bindCommon(root)
	root.AddCommand(
		newServeCmd(cfg),
		newMigrateCmd(cfg),
		newUserCmd(cfg),
		newImportCmd(cfg),
		newBackupCmd(cfg),
		&cobra.Command{
			Use:   "version",
			Short: "Print the version",
			Run: func(cmd *cobra.Command, args []string) {
				fmt.Fprintln(cmd.OutOrStdout(), "bina", version)
			},
		},
	)
	return root
}

func newLogger(cfg *config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.logLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
