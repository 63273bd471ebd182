package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

func insertLibrary(ctx context.Context, tx *db.Tx, name string) error {
	now := db.Now()
	_, err := tx.ExecContext(ctx, `INSERT INTO libraries (name, city, province, time_zone, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, name, "Kediri", "Jawa Timur", "Asia/Jakarta", now, now)
	return err
}

func countLibraries(t *testing.T, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) int {
	t.Helper()
	var n int
	if err := q.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM libraries").Scan(&n); err != nil {
		t.Fatalf("count libraries: %v", err)
	}
	return n
}

// A backup taken while four writers keep committing is a sound database
// holding at least everything committed before it began.
func TestBackupOfLiveDatabaseIsConsistent(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)

	// Enough rows that the copy takes a while, so writers commit during it.
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for i := range 5000 {
			if err := insertLibrary(ctx, tx, fmt.Sprintf("Perpustakaan awal %d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	stop := make(chan struct{})
	warm := make(chan struct{})
	var warmOnce sync.Once
	var written atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				err := d.InTx(ctx, func(tx *db.Tx) error {
					return insertLibrary(ctx, tx, fmt.Sprintf("Perpustakaan penulis %d-%d", w, i))
				})
				if err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				if written.Add(1) >= 40 {
					warmOnce.Do(func() { close(warm) })
				}
			}
		}()
	}
	<-warm // the writers are running: back up mid-load

	committedBefore := countLibraries(t, d.Reader())
	dest := filepath.Join(t.TempDir(), "backup.db")
	backupErr := d.Backup(ctx, dest)
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if backupErr != nil {
		t.Fatalf("backup: %v", backupErr)
	}
	final := countLibraries(t, d.Reader())

	if _, err := os.Stat(dest + ".tmp"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("temporary file %s.tmp left behind (stat error %v)", dest, err)
	}
	copyDB, err := sql.Open("sqlite", "file:"+dest+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var check string
	if err := copyDB.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil {
		t.Fatal(err)
	}
	if check != "ok" {
		t.Fatalf("integrity_check of the backup = %q, want ok", check)
	}
	inBackup := countLibraries(t, copyDB)
	if inBackup < committedBefore || inBackup > final {
		t.Fatalf("backup holds %d libraries; want between %d (committed before the backup) and %d (final)", inBackup, committedBefore, final)
	}
	t.Logf("libraries: %d before the backup, %d in it, %d at the end", committedBefore, inBackup, final)
}

func TestBackupRefusesExistingFile(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	dest := filepath.Join(t.TempDir(), "kemarin.db")
	if err := os.WriteFile(dest, []byte("yesterday's backup"), 0o600); err != nil {
		t.Fatal(err)
	}

	err := d.Backup(ctx, dest)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("backup onto an existing file: err = %v, want one wrapping fs.ErrExist", err)
	}
	if !strings.Contains(err.Error(), dest) {
		t.Errorf("error %q does not name the file", err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "yesterday's backup" {
		t.Fatalf("existing file was changed to %q", b)
	}
	if _, err := os.Stat(dest + ".tmp"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("refused backup left %s.tmp behind", dest)
	}
}

// The remains of a crashed backup do not block the next one.
func TestBackupReplacesStaleTempFile(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(dest+".tmp", []byte("half a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := d.Backup(ctx, dest); err != nil {
		t.Fatalf("backup: %v", err)
	}
	copyDB, err := sql.Open("sqlite", "file:"+dest+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	if n := countLibraries(t, copyDB); n != 0 {
		t.Fatalf("backup of an empty database holds %d libraries", n)
	}
}

func TestBackupOnPostgresPointsToPgDump(t *testing.T) {
	d := dbtest.Postgres(t)
	err := d.Backup(context.Background(), filepath.Join(t.TempDir(), "backup.db"))
	if !errors.Is(err, db.ErrBackupPostgres) || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("backup on PostgreSQL: err = %v, want ErrBackupPostgres naming pg_dump", err)
	}
}
