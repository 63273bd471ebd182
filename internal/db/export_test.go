package db

import "context"

// MigrateDownTo rolls the schema back to version, for tests of a migration
// over rows written before it.
func (db *DB) MigrateDownTo(ctx context.Context, version int64) error {
	p, err := db.migrations()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}
