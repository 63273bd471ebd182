package dbtest

import (
	"context"
	"testing"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Member inserts an account holding role in libraryID (linked to staffID
// when given) and returns its actor, for store tests that need someone of a
// given role without going through sign-in. The password hash is a dummy:
// such an account cannot sign in.
func Member(t testing.TB, d *db.DB, libraryID int64, email, name string, role auth.Role, staffID *int64) *auth.Actor {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	var id int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, email, name, "x", now, now).Scan(&id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO memberships (library_id, user_id, role, staff_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			libraryID, id, string(role), staffID, now)
		return err
	})
	if err != nil {
		t.Fatalf("insert member %s: %v", email, err)
	}
	return &auth.Actor{UserID: id, Name: name, Email: email,
		Memberships: map[int64]auth.Membership{libraryID: {LibraryID: libraryID, Role: role, StaffID: staffID}}}
}
