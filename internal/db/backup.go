package db

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrBackupPostgres is returned by Backup on PostgreSQL: the server's own
// tool makes a consistent dump, and the application has no file to copy.
var ErrBackupPostgres = errors.New(`backup: this deployment runs on PostgreSQL; back it up with pg_dump: pg_dump "$BINA_DATABASE_URL" > backup.sql`)

// Backup writes a consistent copy of the live SQLite database to dest, a new
// file. It runs "VACUUM INTO" on a reading connection: in WAL mode that is a
// read transaction, so writers carry on while the copy is made, and the copy
// is the database as of the moment the backup began. The copy is written to
// dest+".tmp", flushed to disk and only then given its name, so a crash
// never leaves a half-written file under dest. An existing dest is never
// overwritten: the error wraps fs.ErrExist.
func (db *DB) Backup(ctx context.Context, dest string) error {
	if db.Dialect == Postgres {
		return ErrBackupPostgres
	}
	if dest == "" {
		return errors.New("backup: no destination file given")
	}
	if err := refuseExisting(dest); err != nil {
		return err
	}
	tmp := dest + ".tmp"
	// A .tmp file can only be the remains of a backup that crashed: VACUUM
	// INTO refuses a non-empty target, so clear it.
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: remove stale %s: %w", tmp, err)
	}
	if err := db.vacuumInto(ctx, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	// SQLite does not fsync the file VACUUM INTO writes; do it before the
	// file gets its final name, so the name never points to lost data.
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: flush %s: %w", tmp, err)
	}
	if err := publish(tmp, dest); err != nil {
		os.Remove(tmp)
		return err
	}
	// Best effort: without it a crash may lose the new name, but never
	// leaves a name on a half-written file.
	_ = syncFile(filepath.Dir(dest))
	return nil
}

func (db *DB) vacuumInto(ctx context.Context, tmp string) error {
	// A dedicated connection of the read pool: the write connection stays
	// free for the application's transactions.
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup: connect: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fmt.Errorf("backup: copy %s to %s: %w", db.path, tmp, err)
	}
	return nil
}

func refuseExisting(dest string) error {
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name (a backup never overwrites a file): %w", dest, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: check %s: %w", dest, err)
	}
	return nil
}

// publish gives tmp the name dest without ever replacing a file that
// appeared at dest meanwhile: a hard link fails when dest exists, where a
// rename would silently overwrite it. File systems without hard links fall
// back to check-then-rename.
func publish(tmp, dest string) error {
	err := os.Link(tmp, dest)
	if err == nil {
		return os.Remove(tmp)
	}
	if errors.Is(err, fs.ErrExist) {
		return refuseExisting(dest)
	}
	if err := refuseExisting(dest); err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		return fmt.Errorf("backup: rename %s to %s: %w", tmp, dest, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}
