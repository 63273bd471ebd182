package complaint

import (
	"context"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
)

var super = &auth.Actor{Name: "Super", Superadmin: true}

func asAppErr(err error) *apperr.Error { return apperr.As(err) }

// clock is a movable now for the service.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// world is one database with two libraries (A in WIB, B in WIT), a service
// point in A, and A's admin, coordinator and two staff members.
type world struct {
	d                  *db.DB
	svc                *Service
	clock              *clock
	libA, libB         library.Library
	point              library.ServicePoint
	admin, coord       *auth.Actor
	handler, bystander *auth.Actor // staff: the one complaints get assigned to, and another
	adminB             *auth.Actor
}

func newWorld(t *testing.T, d *db.DB, start time.Time) *world {
	t.Helper()
	ctx := context.Background()
	libs := &library.Service{DB: d}
	w := &world{d: d, clock: &clock{t: start}}
	w.svc = &Service{DB: d, Now: w.clock.now}
	var err error
	if w.libA, err = libs.Create(ctx, super, library.Library{Name: "Perpustakaan Kota Batu", City: "Kota Batu", Province: "Jawa Timur", TimeZone: "Asia/Jakarta"}); err != nil {
		t.Fatal(err)
	}
	if w.libB, err = libs.Create(ctx, super, library.Library{Name: "Perpustakaan Kota Jayapura", City: "Kota Jayapura", Province: "Papua", TimeZone: "Asia/Jayapura"}); err != nil {
		t.Fatal(err)
	}
	if w.point, err = libs.CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: w.libA.ID, Name: "Sirkulasi", Kind: "sirkulasi"}); err != nil {
		t.Fatal(err)
	}
	w.admin = dbtest.Member(t, d, w.libA.ID, "admin@batu.test", "Bu Kepala", auth.RoleAdmin, nil)
	w.coord = dbtest.Member(t, d, w.libA.ID, "koordinator@batu.test", "Pak Koordinator", auth.RoleCoordinator, nil)
	w.handler = dbtest.Member(t, d, w.libA.ID, "sari@batu.test", "Sari Pustakawan", auth.RoleStaff, nil)
	w.bystander = dbtest.Member(t, d, w.libA.ID, "budi@batu.test", "Budi Petugas", auth.RoleStaff, nil)
	w.adminB = dbtest.Member(t, d, w.libB.ID, "admin@jayapura.test", "Admin Jayapura", auth.RoleAdmin, nil)
	return w
}

// at is a moment in WIB.
func at(y int, m time.Month, d, h, min int) time.Time {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		panic(err)
	}
	return time.Date(y, m, d, h, min, 0, 0, loc)
}

var reporterContact = Contact{Name: "Rina Pemustaka", Phone: "0812 3456 7890", Email: "rina@contoh.id"}

func (w *world) file(t *testing.T, libraryID int64) Complaint {
	t.Helper()
	c, err := w.svc.File(context.Background(), NewComplaint{LibraryID: libraryID, Class: ClassComplaint, Category: "layanan_petugas",
		Body: "Petugas sirkulasi tidak ada di meja selama satu jam.", Contact: reporterContact})
	if err != nil {
		t.Fatalf("file: %v", err)
	}
	return c
}

func (w *world) get(t *testing.T, actor *auth.Actor, id int64) Complaint {
	t.Helper()
	d, err := w.svc.Get(context.Background(), actor, w.libA.ID, id)
	if err != nil {
		t.Fatalf("get %d: %v", id, err)
	}
	return d.Complaint
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

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// auditActions lists a library's audit actions for one complaint, oldest first.
func auditActions(t *testing.T, d *db.DB, libraryID, complaintID int64) []string {
	t.Helper()
	rows, err := d.Reader().QueryContext(context.Background(), `SELECT action FROM audit_log
		WHERE library_id = ? AND entity = 'complaint' AND entity_id = ? ORDER BY id`, libraryID, complaintID)
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

func kinds(es []Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Kind
	}
	return out
}
