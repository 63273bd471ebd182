package suggestion_test

import (
	"context"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/suggestion"
)

var super = &auth.Actor{Name: "Super", Superadmin: true}

// world is two libraries with a service point each and an admin, a
// coordinator and a staff member in the first.
type world struct {
	d                               *db.DB
	svc                             *suggestion.Service
	lib, other                      library.Library
	point, otherPoint               library.ServicePoint
	admin, coord, staff, otherAdmin *auth.Actor
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	ls := &library.Service{DB: d}
	w := &world{d: d, svc: &suggestion.Service{DB: d}}
	var err error
	for i, name := range []string{"Perpustakaan Kota Kediri", "Perpustakaan Kota Semarang"} {
		l, err := ls.Create(ctx, super, library.Library{Name: name, City: "Kota", Province: "Jawa", TimeZone: "Asia/Jakarta"})
		if err != nil {
			t.Fatal(err)
		}
		sp, err := ls.CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: l.ID, Name: "Layanan Anak", Kind: "anak"})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			w.lib, w.point = l, sp
		} else {
			w.other, w.otherPoint = l, sp
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	w.admin = dbtest.Member(t, d, w.lib.ID, "kepala@kediri.test", "kepala@kediri.test", auth.RoleAdmin, nil)
	w.coord = dbtest.Member(t, d, w.lib.ID, "koordinator@kediri.test", "koordinator@kediri.test", auth.RoleCoordinator, nil)
	w.staff = dbtest.Member(t, d, w.lib.ID, "pustakawan@kediri.test", "pustakawan@kediri.test", auth.RoleStaff, nil)
	w.otherAdmin = dbtest.Member(t, d, w.other.ID, "kepala@semarang.test", "kepala@semarang.test", auth.RoleAdmin, nil)
	return w
}

// auditActions lists a library's audit actions by one account, oldest first.
func auditActions(t *testing.T, d *db.DB, libraryID, userID int64) []string {
	t.Helper()
	rows, err := d.Reader().QueryContext(context.Background(), `SELECT action FROM audit_log WHERE library_id = ? AND user_id = ? ORDER BY id`, libraryID, userID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func wantCode(t *testing.T, err error, code apperr.Code) *apperr.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("got %v, want code %s", err, code)
	}
	return apperr.As(err)
}

func wantProblem(t *testing.T, err error, field, key string) {
	t.Helper()
	e := wantCode(t, err, apperr.Invalid)
	for _, p := range e.Problems {
		if p.Field == field && p.Key == key {
			return
		}
	}
	t.Fatalf("problems %+v lack %s on field %q", e.Problems, key, field)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
