package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/i18n"
)

func newMigrateCmd(cfg *config) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply the embedded database migrations and exit",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			log := newLogger(cfg)
			d, err := db.Open(cmd.Context(), cfg.DatabaseURL)
			if err != nil {
				return err
			}
			defer d.Close()
			n, err := d.Migrate(cmd.Context())
			if err != nil {
				return err
			}
			log.Info("migrations done", "applied", n, "database", describeDB(d, cfg))
			fmt.Fprintf(cmd.OutOrStdout(), "%d migration(s) applied to %s\n", n, describeDB(d, cfg))
			return nil
		},
	}
}

func newUserCmd(cfg *config) *cobra.Command {
	user := groupCommand("user", "Manage accounts from the command line")
	var nu auth.NewUser
	var role string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an account: a superadmin, or a role in one library",
		Example: `  bina user create --email kepala@perpus.go.id --name "Sri Rahayu" --superadmin
  bina user create --email admin@batu.go.id --name "Admin Batu" --library 3 --role admin
The password is read from BINA_PASSWORD, or asked for on the terminal.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			nu.Role = auth.Role(role)
			if !nu.Superadmin && (nu.LibraryID == 0 || !nu.Role.Valid()) {
				return cliError{2, errors.New("give --superadmin, or --library ID with --role admin|coordinator|staff")}
			}
			pw := os.Getenv("BINA_PASSWORD")
			if pw == "" {
				var err error
				if pw, err = readPassword(cmd); err != nil {
					return err
				}
			}
			nu.Password = pw
			log := newLogger(cfg)
			d, err := openDB(cmd.Context(), cfg, log)
			if err != nil {
				return err
			}
			defer d.Close()
			u, err := services(d).Users.Bootstrap(cmd.Context(), nu)
			if err != nil {
				return userFacing(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "account %d created for %s\n", u.ID, u.Email)
			return nil
		},
	}
	f := create.Flags()
	f.StringVar(&nu.Email, "email", "", "email address, used to sign in (required)")
	f.StringVar(&nu.Name, "name", "", "full name (required)")
	f.BoolVar(&nu.Superadmin, "superadmin", false, "may see and manage every library")
	f.Int64Var(&nu.LibraryID, "library", 0, "library id the role is held in")
	f.StringVar(&role, "role", "", "role in that library: admin, coordinator or staff")
	_ = create.MarkFlagRequired("email")
	_ = create.MarkFlagRequired("name")
	user.AddCommand(create)
	return user
}

func readPassword(cmd *cobra.Command) (string, error) {
	fmt.Fprint(cmd.ErrOrStderr(), "Password (at least 10 characters): ")
	var pw string
	if _, err := fmt.Fscanln(cmd.InOrStdin(), &pw); err != nil {
		return "", cliError{2, errors.New("no password given: set BINA_PASSWORD or type it at the prompt")}
	}
	return pw, nil
}

// userFacing turns a domain error into a CLI message in the terminal's language, with exit code 2
// for bad input, naming every problem (file line and column for imports).
func userFacing(err error) error {
	e := apperr.As(err)
	if e.Code == apperr.Internal {
		return err
	}
	bundle, berr := i18n.New()
	if berr != nil {
		return err
	}
	lang := i18n.Match(posixLanguage(), "")
	msg := bundle.T(lang, e.Key, e.Args)
	var lines []string
	for _, p := range e.Problems {
		text := bundle.T(lang, p.Key, p.Args)
		switch {
		case p.Line > 0:
			text = bundle.T(lang, "import.problem", map[string]any{"Line": p.Line, "Column": p.Column, "Message": text})
		case p.Field != "":
			text = p.Field + ": " + text
		}
		lines = append(lines, "  "+text)
	}
	if len(lines) > 0 {
		msg += "\n" + strings.Join(lines, "\n")
	}
	return cliError{2, errors.New(msg)}
}

func newImportCmd(cfg *config) *cobra.Command {
	imp := groupCommand("import", "Import data from files")
	var libraryID int64
	staff := &cobra.Command{
		Use:   "staff FILE.csv",
		Short: "Import or update a library's staff from a SIASN/SIMPEG-style CSV",
		Long: `Import or update a library's staff from a SIASN/SIMPEG-style CSV export.
Columns are found by their headers (NIP, Nama, Jabatan, Golongan, Status
Kepegawaian, Pendidikan, Unit Kerja, Email); comma or semicolon separated,
UTF-8 with or without BOM. Every row is checked first: one bad row is
reported with its line and column and then nothing is imported.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if libraryID <= 0 {
				return cliError{2, errors.New("--library ID is required")}
			}
			f, err := os.Open(args[0])
			if err != nil {
				return cliError{2, err}
			}
			defer f.Close()
			st, _ := f.Stat()
			bar := progressbar.DefaultBytes(st.Size(), "membaca "+args[0])
			log := newLogger(cfg)
			d, err := openDB(cmd.Context(), cfg, log)
			if err != nil {
				return err
			}
			defer d.Close()
			reader := progressbar.NewReader(f, bar)
			res, err := services(d).Staff.Import(cmd.Context(), systemActor(), libraryID, &reader)
			_ = bar.Finish()
			fmt.Fprintln(cmd.ErrOrStderr())
			if err != nil {
				return userFacing(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d created, %d updated, %d unchanged, %d without a matching service point\n",
				res.Created, res.Updated, res.Unchanged, res.Unposted)
			return nil
		},
	}
	staff.Flags().Int64Var(&libraryID, "library", 0, "library id to import into (required)")
	imp.AddCommand(staff)
	imp.AddCommand(newImportIKMCmd(cfg))
	return imp
}

func newBackupCmd(cfg *config) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the live SQLite database to FILE",
		Long: `Write a consistent copy of the SQLite database to FILE while the server keeps
running (SQLite's VACUUM INTO). FILE must not exist yet.
On PostgreSQL use the database's own tool instead:
  pg_dump --format=custom --file=bina.dump "$BINA_DATABASE_URL"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := db.Open(cmd.Context(), cfg.DatabaseURL)
			if err != nil {
				return err
			}
			defer d.Close()
			if err := d.Backup(cmd.Context(), args[0]); err != nil {
				return cliError{2, err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backup written to %s\n", args[0])
			return nil
		},
	}
}

// posixLanguage reads the terminal's language the POSIX way (LC_ALL, then
// LC_MESSAGES, then LANG: "en_US.UTF-8" → "en-US") for i18n.Match.
func posixLanguage() string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if i := strings.IndexAny(v, ".@"); i >= 0 {
			v = v[:i]
		}
		return strings.ReplaceAll(v, "_", "-")
	}
	return ""
}
