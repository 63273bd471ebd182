package record

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/people"
)

var super = &auth.Actor{Name: "Super", Superadmin: true}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// world is one database with library A (WIB) and B (WIT): in A two
// pustakawan, Sari (with her own account) and Budi, an admin and a
// coordinator; in B one pustakawan and its admin.
type world struct {
	d            *db.DB
	svc          *Service
	clock        *clock
	libA, libB   library.Library
	point        library.ServicePoint
	sari, budi   people.Staff
	staffB       people.Staff
	sariActor    *auth.Actor
	admin, coord *auth.Actor
	adminB       *auth.Actor
}

func newWorld(t *testing.T, d *db.DB, now time.Time) *world {
	t.Helper()
	ctx := context.Background()
	libs, staff := &library.Service{DB: d}, &people.Service{DB: d}
	w := &world{d: d, clock: &clock{t: now}}
	w.svc = &Service{DB: d, Now: w.clock.now}
	var err error
	if w.libA, err = libs.Create(ctx, super, library.Library{Name: "Perpustakaan Kota Batu", City: "Kota Batu", Province: "Jawa Timur", TimeZone: "Asia/Jakarta"}); err != nil {
		t.Fatal(err)
	}
	if w.libB, err = libs.Create(ctx, super, library.Library{Name: "Perpustakaan Kota Jayapura", City: "Kota Jayapura", Province: "Papua", TimeZone: "Asia/Jayapura"}); err != nil {
		t.Fatal(err)
	}
	if w.point, err = libs.CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: w.libA.ID, Name: "Referensi", Kind: "referensi"}); err != nil {
		t.Fatal(err)
	}
	mk := func(lib int64, name string, sp *int64) people.Staff {
		s, err := staff.Create(ctx, super, people.Staff{LibraryID: lib, Name: name, EmploymentStatus: "non_asn",
			Position: "Pustakawan", Level: "Ahli Pertama", ServicePointID: sp, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	w.sari = mk(w.libA.ID, "Sari Wulandari", &w.point.ID)
	w.budi = mk(w.libA.ID, "Budi Santoso", nil)
	w.staffB = mk(w.libB.ID, "Yakob Wenda", nil)
	w.sariActor = dbtest.Member(t, d, w.libA.ID, "sari@batu.test", "Sari Wulandari", auth.RoleStaff, &w.sari.ID)
	w.admin = dbtest.Member(t, d, w.libA.ID, "admin@batu.test", "Bu Kepala", auth.RoleAdmin, nil)
	w.coord = dbtest.Member(t, d, w.libA.ID, "koordinator@batu.test", "Pak Koordinator", auth.RoleCoordinator, nil)
	w.adminB = dbtest.Member(t, d, w.libB.ID, "admin@jayapura.test", "Admin Jayapura", auth.RoleAdmin, nil)
	return w
}

// at is a moment in the given zone.
func at(zone string, y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, Zone(zone))
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
	t.Fatalf("problems %+v lack %s on %s", e.Problems, key, field)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// pdf is a tiny but real PDF header: enough for the content sniffer.
var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// png is the 8-byte PNG signature and an IHDR chunk start.
var png = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 32)...)

func jp(w *world, staffID int64, title, date string, hours int) JPEntry {
	return JPEntry{LibraryID: w.libA.ID, StaffID: staffID, Activity: "pelatihan", Title: title, Organizer: "Perpusnas", Date: Date(date), JP: hours}
}
