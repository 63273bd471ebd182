package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/library"
)

// result is what a person at the terminal sees: standard output, the
// error line main() prints, and the exit code.
type result struct {
	out  string
	msg  string // err.Error(), printed by main() after "bina: "
	code int
}

// run executes the bina command line in-process.
func run(t *testing.T, args ...string) result {
	t.Helper()
	return runCtx(t, context.Background(), "", args...)
}

// runCtx runs with a context and what the user types on stdin.
func runCtx(t *testing.T, ctx context.Context, stdin string, args ...string) result {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetIn(strings.NewReader(stdin))
	err := root.ExecuteContext(ctx)
	r := result{out: out.String(), code: exitCode(err)}
	if err != nil {
		r.msg = err.Error()
	}
	return r
}

// cleanEnv removes every variable the command reads, so that the
// developer's shell cannot change a test's outcome; LANG is set to lang
// ("" leaves it unset).
func cleanEnv(t *testing.T, lang string) {
	t.Helper()
	vars := []string{"BINA_PASSWORD", "LANG"}
	for _, env := range envOf {
		vars = append(vars, env)
	}
	for _, v := range vars {
		t.Setenv(v, "") // restores the old value after the test
		os.Unsetenv(v)
	}
	if lang != "" {
		t.Setenv("LANG", lang)
	}
}

func tempDB(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "bina.db")
}

var testSuper = &auth.Actor{Name: "t", Superadmin: true}

// openTestDB opens and migrates the SQLite file the command line uses.
func openTestDB(t *testing.T, path string) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		t.Fatal(err)
	}
	return d
}

// setupLibrary creates a library with the two service points the sample
// file's "Unit Kerja" names most, and returns its id.
func setupLibrary(t *testing.T, path string) int64 {
	t.Helper()
	ctx := context.Background()
	d := openTestDB(t, path)
	defer d.Close()
	libs := &library.Service{DB: d}
	l, err := libs.Create(ctx, testSuper, library.Library{Name: "Perpustakaan Kota Kediri", City: "Kota Kediri", Province: "Jawa Timur", TimeZone: "Asia/Jakarta"})
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range []library.ServicePoint{
		{LibraryID: l.ID, Name: "Layanan Anak", Kind: "anak"},
		{LibraryID: l.ID, Name: "Layanan Referensi", Kind: "referensi"},
	} {
		if _, err := libs.CreateServicePoint(ctx, testSuper, sp); err != nil {
			t.Fatal(err)
		}
	}
	return l.ID
}

// queryInt returns one integer from the database file.
func queryInt(t *testing.T, path, q string, args ...any) int {
	t.Helper()
	d := openTestDB(t, path)
	defer d.Close()
	var n int
	if err := d.Reader().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func queryString(t *testing.T, path, q string, args ...any) string {
	t.Helper()
	d := openTestDB(t, path)
	defer d.Close()
	var s string
	if err := d.Reader().QueryRowContext(context.Background(), q, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s
}

func wantCode(t *testing.T, r result, code int, contains ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d (out %q, error %q)", r.code, code, r.out, r.msg)
	}
	for _, s := range contains {
		if !strings.Contains(r.msg, s) {
			t.Errorf("error %q does not say %q", r.msg, s)
		}
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
