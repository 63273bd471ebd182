package library_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
)

func TestServicePointLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := &library.Service{DB: d}
		lib := newLibrary(t, svc, "Perpustakaan Kota Kediri")
		admin := dbtest.Member(t, d, lib.ID, "admin@kediri.go.id", "admin@kediri.go.id", auth.RoleAdmin, nil)

		sirkulasi := newPoint(t, svc, admin, lib.ID, " Layanan Sirkulasi ", "sirkulasi")
		anak := newPoint(t, svc, admin, lib.ID, "Layanan Anak", "anak")
		if sirkulasi.Name != "Layanan Sirkulasi" || !sirkulasi.Active || sirkulasi.ID == 0 {
			t.Fatalf("created %+v: want trimmed name, active, an id", sirkulasi)
		}

		list, err := svc.ServicePoints(ctx, admin, lib.ID)
		must(t, err)
		if got := pointNames(list); !reflect.DeepEqual(got, []string{"Layanan Anak", "Layanan Sirkulasi"}) {
			t.Fatalf("list %v, want both by name", got)
		}
		for _, sp := range list {
			if sp.LibraryID != lib.ID || !sp.Active {
				t.Errorf("listed %+v: want library %d, active", sp, lib.ID)
			}
		}

		edit := anak
		edit.Name, edit.Kind, edit.Active = "Layanan Anak dan Remaja", "umum", false
		updated, err := svc.UpdateServicePoint(ctx, admin, edit)
		must(t, err)
		if !updated.CreatedAt.Equal(anak.CreatedAt) {
			t.Errorf("created_at moved from %v to %v", anak.CreatedAt, updated.CreatedAt)
		}
		got, err := svc.ServicePoint(ctx, admin, lib.ID, anak.ID)
		must(t, err)
		if got.Name != "Layanan Anak dan Remaja" || got.Kind != "umum" || got.Active {
			t.Errorf("after update %+v: want renamed, kind umum, closed", got)
		}
		// Closed points stay listed, so they can be reopened.
		list, err = svc.ServicePoints(ctx, admin, lib.ID)
		must(t, err)
		if len(list) != 2 {
			t.Errorf("list after closing one: %v", pointNames(list))
		}

		log := auditOf(t, d, lib.ID)
		want := []string{"library.create", "service_point.create", "service_point.create", "service_point.update"}
		if !reflect.DeepEqual(actions(log), want) {
			t.Fatalf("audit actions %v, want %v", actions(log), want)
		}
		for _, r := range log[1:] {
			if r.Entity != "service_point" || r.ActorName != "admin@kediri.go.id" {
				t.Errorf("audit row %+v: want entity service_point by the admin", r)
			}
		}
		if log[1].EntityID != sirkulasi.ID || log[3].EntityID != anak.ID {
			t.Errorf("audit entity ids %d, %d; want %d, %d", log[1].EntityID, log[3].EntityID, sirkulasi.ID, anak.ID)
		}
		var changes map[string][2]string
		must(t, json.Unmarshal([]byte(log[3].Changes), &changes))
		wantChanges := map[string][2]string{
			"name":   {"Layanan Anak", "Layanan Anak dan Remaja"},
			"kind":   {"anak", "umum"},
			"active": {"true", "false"},
		}
		if !reflect.DeepEqual(changes, wantChanges) {
			t.Errorf("update changes %v, want %v", changes, wantChanges)
		}
	})
}

func pointNames(list []library.ServicePoint) []string {
	out := []string{}
	for _, sp := range list {
		out = append(out, sp.Name)
	}
	return out
}

func TestServicePointValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := &library.Service{DB: d}
		lib := newLibrary(t, svc, "Perpustakaan Kota Batu")
		_, err := svc.CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: lib.ID, Name: "  ", Kind: "sirkulasi"})
		wantProblem(t, wantCode(t, err, apperr.Invalid), "name", "field.required")
		_, err = svc.CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: lib.ID, Name: "Pojok Baca", Kind: "kafe"})
		wantProblem(t, wantCode(t, err, apperr.Invalid), "kind", "service_point.bad_kind")

		sp := newPoint(t, svc, super, lib.ID, "Layanan Referensi", "referensi")
		sp.Kind = ""
		_, err = svc.UpdateServicePoint(ctx, super, sp)
		wantProblem(t, wantCode(t, err, apperr.Invalid), "kind", "service_point.bad_kind")
		if n := countRows(t, d, "service_points"); n != 1 {
			t.Errorf("%d service points, want 1", n)
		}
		// A superadmin cannot add a point to a library that does not exist.
		_, err = svc.CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: lib.ID + 1000, Name: "Hantu", Kind: "umum"})
		wantCode(t, err, apperr.NotFound)
	})
}

func TestServicePointNameIsUniquePerLibrary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := &library.Service{DB: d}
		a := newLibrary(t, svc, "Perpustakaan Kota Batu")
		b := newLibrary(t, svc, "Perpustakaan Kota Kediri")
		newPoint(t, svc, super, a.ID, "Layanan Sirkulasi", "sirkulasi")
		ref := newPoint(t, svc, super, a.ID, "Layanan Referensi", "referensi")

		_, err := svc.CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: a.ID, Name: "Layanan Sirkulasi", Kind: "umum"})
		wantProblem(t, wantCode(t, err, apperr.Conflict), "name", "field.taken")

		ref.Name = "Layanan Sirkulasi"
		_, err = svc.UpdateServicePoint(ctx, super, ref)
		wantProblem(t, wantCode(t, err, apperr.Conflict), "name", "field.taken")

		inB := newPoint(t, svc, super, b.ID, "Layanan Sirkulasi", "sirkulasi")
		if inB.LibraryID != b.ID {
			t.Errorf("point created in library %d, want %d", inB.LibraryID, b.ID)
		}
		listA, err := svc.ServicePoints(ctx, super, a.ID)
		must(t, err)
		if got := pointNames(listA); !reflect.DeepEqual(got, []string{"Layanan Referensi", "Layanan Sirkulasi"}) {
			t.Errorf("library A lists %v: the conflicts must change nothing", got)
		}
		listB, err := svc.ServicePoints(ctx, super, b.ID)
		must(t, err)
		if got := pointNames(listB); !reflect.DeepEqual(got, []string{"Layanan Sirkulasi"}) {
			t.Errorf("library B lists %v", got)
		}
		if got := actions(auditOf(t, d, a.ID)); len(got) != 3 {
			t.Errorf("library A audit %v: refused changes must not be logged", got)
		}
	})
}

func TestServicePointOfAnotherLibraryIsNotFound(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := &library.Service{DB: d}
		a := newLibrary(t, svc, "Perpustakaan Kota Batu")
		b := newLibrary(t, svc, "Perpustakaan Kota Kediri")
		adminA := dbtest.Member(t, d, a.ID, "admin@batu.go.id", "admin@batu.go.id", auth.RoleAdmin, nil)
		ofB := newPoint(t, svc, super, b.ID, "Perpustakaan Keliling", "keliling")

		// Asked through library A, B's point does not exist — not even for a superadmin.
		_, err := svc.ServicePoint(ctx, adminA, a.ID, ofB.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = svc.ServicePoint(ctx, super, a.ID, ofB.ID)
		wantCode(t, err, apperr.NotFound)

		// Nor can it be changed through library A.
		hijack := ofB
		hijack.LibraryID, hijack.Name = a.ID, "Diambil alih"
		_, err = svc.UpdateServicePoint(ctx, adminA, hijack)
		wantCode(t, err, apperr.NotFound)
		got, err := svc.ServicePoint(ctx, super, b.ID, ofB.ID)
		must(t, err)
		if got.Name != "Perpustakaan Keliling" || got.LibraryID != b.ID {
			t.Errorf("B's point is now %+v", got)
		}

		// Asking for library B itself reveals nothing to A's admin.
		_, err = svc.ServicePoint(ctx, adminA, b.ID, ofB.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = svc.ServicePoints(ctx, adminA, b.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = svc.CreateServicePoint(ctx, adminA, library.ServicePoint{LibraryID: b.ID, Name: "Titipan", Kind: "umum"})
		wantCode(t, err, apperr.NotFound)
		if listB, _ := svc.ServicePoints(ctx, super, b.ID); len(listB) != 1 {
			t.Errorf("library B has %v", pointNames(listB))
		}
	})
}

func TestServicePointsNeedLibraryManage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := &library.Service{DB: d}
		lib := newLibrary(t, svc, "Perpustakaan Kota Lubuklinggau")
		sp := newPoint(t, svc, super, lib.ID, "Layanan Digital", "digital")
		for _, role := range []auth.Role{auth.RoleCoordinator, auth.RoleStaff} {
			actor := dbtest.Member(t, d, lib.ID, string(role)+"@lubuklinggau.go.id", string(role)+"@lubuklinggau.go.id", role, nil)
			_, err := svc.CreateServicePoint(ctx, actor, library.ServicePoint{LibraryID: lib.ID, Name: "Layanan Deposit", Kind: "deposit"})
			wantCode(t, err, apperr.Forbidden)
			edit := sp
			edit.Active = false
			_, err = svc.UpdateServicePoint(ctx, actor, edit)
			wantCode(t, err, apperr.Forbidden)
			// Seeing them is allowed.
			list, err := svc.ServicePoints(ctx, actor, lib.ID)
			must(t, err)
			if len(list) != 1 || !list[0].Active {
				t.Errorf("%s sees %+v: want the one open point", role, list)
			}
			if _, err := svc.ServicePoint(ctx, actor, lib.ID, sp.ID); err != nil {
				t.Errorf("%s cannot read a point: %v", role, err)
			}
		}
		want := []string{"library.create", "service_point.create"}
		if got := actions(auditOf(t, d, lib.ID)); !reflect.DeepEqual(got, want) {
			t.Errorf("audit %v, want %v", got, want)
		}
	})
}
