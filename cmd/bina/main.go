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
		os.Exit(exitCode(err))
	}
}

// exitCode maps an error to the process's exit status: a command's own
// failures carry their code (1 when something broke, 2 for bad input);
// anything else comes from cobra itself — an unknown command or flag, a
// missing argument — and is bad usage, 2.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ce cliError
	if errors.As(err, &ce) {
		return ce.code
	}
	return 2
}

// markRuntimeErrors wraps every command's RunE so that a failure while
// running (a database that does not answer, say) exits 1, apart from the
// usage errors cobra raises before a command runs.
func markRuntimeErrors(c *cobra.Command) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			err := run(cmd, args)
			var ce cliError
			if err == nil || errors.As(err, &ce) {
				return err
			}
			return cliError{code: 1, err: err}
		}
	}
	for _, sub := range c.Commands() {
		markRuntimeErrors(sub)
	}
}

// groupCommand is a command that only holds subcommands: it shows its help,
// and an unknown subcommand is a usage error rather than a silent help page.
func groupCommand(use, short string) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
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
			if err := cmd.ValidateRequiredFlags(); err != nil {
				return cliError{code: 2, err: err}
			}
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
		newIKMCmd(cfg),
		&cobra.Command{
			Use:   "version",
			Short: "Print the version",
			Run: func(cmd *cobra.Command, args []string) {
				fmt.Fprintln(cmd.OutOrStdout(), "bina", version)
			},
		},
	)
	markRuntimeErrors(root)
	return root
}

func newLogger(cfg *config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.logLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
