// Package db opens Bina Pustaka's database — embedded SQLite by default,
// PostgreSQL when the URL says so — applies the embedded migrations, and keeps
// the few differences between the two dialects in one place.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names the database engine underneath.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the application's handle. On SQLite, reads go to a pool of
// connections and writes to a single connection, so writers queue in Go
// instead of failing with SQLITE_BUSY; on PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	read    *sql.DB
	write   *sql.DB
	path    string // SQLite file path, for backups
}

// Open connects to rawURL: "postgres://…" or "postgresql://…" for PostgreSQL,
// anything else is a SQLite file path (optionally "sqlite://path" or "file:path").
func Open(ctx context.Context, rawURL string) (*DB, error) {
	if strings.HasPrefix(rawURL, "postgres://") || strings.HasPrefix(rawURL, "postgresql://") {
		return openPostgres(ctx, rawURL)
	}
	return openSQLite(ctx, rawURL)
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(20)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return &DB{Dialect: Postgres, read: pool, write: pool}, nil
}

// SQLitePath extracts the file path from a SQLite URL form.
func SQLitePath(rawURL string) string {
	p := strings.TrimPrefix(rawURL, "sqlite://")
	p = strings.TrimPrefix(p, "sqlite:")
	p = strings.TrimPrefix(p, "file:")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}

func openSQLite(ctx context.Context, rawURL string) (*DB, error) {
	path := SQLitePath(rawURL)
	if path == "" {
		return nil, errors.New("open sqlite: empty path")
	}
	q := url.Values{}
	// optimize(0x10002) lets SQLite gather the query-planner statistics it lacks
	// when a connection opens (cheap; see docs/BENCHMARKS.md).
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)", "optimize(0x10002)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	dsn := "file:" + path + "?" + q.Encode()

	write, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	return &DB{Dialect: SQLite, read: read, write: write, path: path}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.read.Close()
	if db.write != db.read {
		err = errors.Join(err, db.write.Close())
	}
	return err
}

// Ping checks that the database answers (used by /healthz).
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Path is the SQLite file path ("" on PostgreSQL).
func (db *DB) Path() string { return db.path }

// Querier is what both *DB and *Tx offer: queries with "?" placeholders.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

// reader adapts the read pool to Querier.
type reader struct {
	db *DB
}

// Reader returns a Querier over the read pool, for queries outside a transaction.
func (db *DB) Reader() Querier { return reader{db} }

func (r reader) Dialect() Dialect { return r.db.Dialect }
func (r reader) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return r.db.write.ExecContext(ctx, Rebind(r.db.Dialect, q), args...)
}
func (r reader) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return r.db.read.QueryContext(ctx, Rebind(r.db.Dialect, q), args...)
}
func (r reader) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return r.db.read.QueryRowContext(ctx, Rebind(r.db.Dialect, q), args...)
}

// Tx is a write transaction.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
}

func (t *Tx) Dialect() Dialect { return t.dialect }
func (t *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, Rebind(t.dialect, q), args...)
}
func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, Rebind(t.dialect, q), args...)
}
func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, Rebind(t.dialect, q), args...)
}

// InTx runs fn in one write transaction: committed when fn returns nil,
// rolled back otherwise. This is the unit of work of every change.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, dialect: db.Dialect}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Rebind turns "?" placeholders into "$1, $2 …" for PostgreSQL, leaving
// question marks inside quoted strings alone.
func Rebind(d Dialect, q string) string {
	if d != Postgres || strings.IndexByte(q, '?') < 0 {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(fmt.Sprint(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// IsUniqueViolation reports whether err is a unique-constraint failure on either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// Now is the clock, in UTC to the microsecond (PostgreSQL's precision), so
// that what is written reads back equal on both engines.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// LikePattern makes a case-insensitive "contains" pattern for
// "LOWER(col) LIKE ? ESCAPE '\'", escaping the user's wildcards.
func LikePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}
