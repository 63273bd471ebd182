package competency_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/library"
)

// Helpers are prefixed fw so that other files of this package's tests
// (assessments) can have their own.

var fwSuper = &auth.Actor{Name: "Super", Superadmin: true}

// fwWorld is one library with an admin, a coordinator and a staff account.
type fwWorld struct {
	d                   *db.DB
	svc                 *competency.Service
	libs                *library.Service
	lib                 library.Library
	admin, coord, staff *auth.Actor
}

func newFwWorld(t *testing.T, d *db.DB, name string) fwWorld {
	t.Helper()
	w := fwWorld{d: d, svc: &competency.Service{DB: d}, libs: &library.Service{DB: d}}
	var err error
	w.lib, err = w.libs.Create(context.Background(), fwSuper, library.Library{Name: name, City: "Kota " + name, Province: "Jawa Timur", TimeZone: "Asia/Jakarta"})
	fwMust(t, err)
	slug := strings.ToLower(strings.ReplaceAll(name, " ", ""))
	w.admin = fwMember(t, d, w.lib.ID, "admin@"+slug+".test", auth.RoleAdmin)
	w.coord = fwMember(t, d, w.lib.ID, "koordinator@"+slug+".test", auth.RoleCoordinator)
	w.staff = fwMember(t, d, w.lib.ID, "pustakawan@"+slug+".test", auth.RoleStaff)
	return w
}

// fwMember inserts an account holding role in libraryID and returns the
// actor the web layer would build for it.
func fwMember(t *testing.T, d *db.DB, libraryID int64, email string, role auth.Role) *auth.Actor {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	var id int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, email, email, "x", now, now).Scan(&id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO memberships (library_id, user_id, role, created_at) VALUES (?, ?, ?, ?)`,
			libraryID, id, string(role), now)
		return err
	})
	if err != nil {
		t.Fatalf("insert member %s: %v", email, err)
	}
	return &auth.Actor{UserID: id, Name: email, Email: email,
		Memberships: map[int64]auth.Membership{libraryID: {LibraryID: libraryID, Role: role}}}
}

func fwMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fwWantCode fails unless err carries code, and returns it for more checks.
func fwWantCode(t *testing.T, err error, code apperr.Code) *apperr.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("got %v, want code %s", err, code)
	}
	return apperr.As(err)
}

func fwCount(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// fwShape describes a tree as lines a person would compare: code, parent
// code, kind, title, description and indicators, in reading order; then the
// scale.
func fwShape(t competency.Tree) []string {
	var out []string
	for _, c := range t.All() {
		parent := ""
		if c.ParentID != nil {
			parent = t.Find(*c.ParentID).Code
		}
		out = append(out, fmt.Sprintf("%s<%s %s %q %q %q", c.Code, parent, c.Kind, c.Title, c.Description, strings.Join(c.Indicators, "|")))
	}
	for _, l := range t.Scale.Levels {
		out = append(out, fmt.Sprintf("level %d %q %q competent=%v", l.Level, l.Name, l.Descriptor, l.Competent))
	}
	return out
}

func fwSameShape(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d lines, want %d\ngot:  %v\nwant: %v", what, len(got), len(want), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: line %d\ngot:  %s\nwant: %s", what, i, got[i], want[i])
		}
	}
}

// fwByCode finds a competency of a tree by code.
func fwByCode(t *testing.T, tree competency.Tree, code string) *competency.Competency {
	t.Helper()
	for _, c := range tree.All() {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no competency %s in version %d", code, tree.Version.Number)
	return nil
}

// fwInstall installs the default framework and returns its published tree.
func fwInstall(t *testing.T, w fwWorld) competency.Tree {
	t.Helper()
	ctx := context.Background()
	f, err := w.svc.InstallDefault(ctx, w.admin, w.lib.ID)
	fwMust(t, err)
	tree, err := w.svc.CurrentVersion(ctx, w.admin, w.lib.ID, f.ID)
	fwMust(t, err)
	return tree
}
