package library_test

import (
	"context"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/library"
)

var super = &auth.Actor{Name: "Super", Superadmin: true}

func newLibrary(t *testing.T, svc *library.Service, name string) library.Library {
	t.Helper()
	l, err := svc.Create(context.Background(), super, library.Library{
		Name: name, City: "Kota Batu", Province: "Jawa Timur", TimeZone: "Asia/Jakarta", Population: 215000,
	})
	if err != nil {
		t.Fatalf("create library %q: %v", name, err)
	}
	return l
}

func newPoint(t *testing.T, svc *library.Service, actor *auth.Actor, libraryID int64, name, kind string) library.ServicePoint {
	t.Helper()
	sp, err := svc.CreateServicePoint(context.Background(), actor, library.ServicePoint{LibraryID: libraryID, Name: name, Kind: kind})
	if err != nil {
		t.Fatalf("create service point %q: %v", name, err)
	}
	return sp
}

type auditRow struct {
	Action, Entity, ActorName, Summary, Changes string
	EntityID                                    int64
}

// auditOf lists a library's audit rows, oldest first.
func auditOf(t *testing.T, d *db.DB, libraryID int64) []auditRow {
	t.Helper()
	rows, err := d.Reader().QueryContext(context.Background(), `SELECT action, entity, COALESCE(entity_id, 0), actor_name, summary, changes
		FROM audit_log WHERE library_id = ? ORDER BY id`, libraryID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		var r auditRow
		if err := rows.Scan(&r.Action, &r.Entity, &r.EntityID, &r.ActorName, &r.Summary, &r.Changes); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func actions(rows []auditRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Action
	}
	return out
}

func countRows(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// wantCode fails unless err carries the code; it returns the error for
// further checks.
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

// wantProblem fails unless e names field with key among its problems.
func wantProblem(t *testing.T, e *apperr.Error, field, key string) {
	t.Helper()
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
