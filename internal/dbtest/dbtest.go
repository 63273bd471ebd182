// Package dbtest gives tests a fresh, migrated database on every engine:
// a temporary SQLite file always, and a throw-away PostgreSQL schema when
// BINA_TEST_POSTGRES_URL is set. In CI (CI=true) a missing PostgreSQL fails
// the test instead of skipping it.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
)

// PostgresURLEnv names the variable holding the PostgreSQL URL for tests.
const PostgresURLEnv = "BINA_TEST_POSTGRES_URL"

// Each runs fn as a subtest per engine: "sqlite", then "postgres".
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite opens a migrated database in a temporary file.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "bina.db"))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate sqlite: %v", err)
	}
	return d
}

// Postgres opens a migrated database in a fresh schema that is dropped when
// the test ends. Skips (or fails in CI) when PostgreSQL is not configured.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		missing(t, PostgresURLEnv+" is not set; set it (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run this test on PostgreSQL")
		return nil
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()
	if err := admin.PingContext(ctx); err != nil {
		missing(t, "PostgreSQL at "+PostgresURLEnv+" does not answer: "+err.Error())
		return nil
	}
	schema := "t_" + randomHex(8)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresURLEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	d, err := db.Open(ctx, u.String())
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() {
		d.Close()
		if a, err := sql.Open("pgx", base); err == nil {
			a.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			a.Close()
		}
	})
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate postgres: %v", err)
	}
	return d
}

// Missing reports an unavailable service: a skip by hand, a failure in CI.
func missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("required in CI: %s", why)
	}
	t.Skip(why)
}

// RequireService is missing() for other packages (browser tests, MariaDB).
func RequireService(t testing.TB, why string) { t.Helper(); missing(t, why) }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
