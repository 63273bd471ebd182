package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

func TestRebind(t *testing.T) {
	cases := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' AND y = ?", "x = '?' AND y = $1"},
		{`"q?" = ?`, `"q?" = $1`},
	}
	for _, c := range cases {
		if got := db.Rebind(db.Postgres, c.in); got != c.want {
			t.Errorf("Rebind(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := db.Rebind(db.SQLite, c.in); got != c.in {
			t.Errorf("SQLite Rebind changed %q to %q", c.in, got)
		}
	}
}

func TestMigrateIsIdempotentAndTimesRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n, err := d.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate ran %d migrations, err %v; want 0, nil", n, err)
		}
		now := db.Now()
		var id int64
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `INSERT INTO libraries (name, city, province, time_zone, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, "Perpustakaan Uji", "Batu", "Jawa Timur", "Asia/Jakarta", now, now).Scan(&id)
		})
		if err != nil {
			t.Fatal(err)
		}
		var got time.Time
		if err := d.Reader().QueryRowContext(ctx, "SELECT created_at FROM libraries WHERE id = ?", id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(now) {
			t.Fatalf("created_at read back as %v, wrote %v", got, now)
		}
	})
}
