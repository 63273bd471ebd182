package library_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
)

func TestCreateRejectsInvalidLibrary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc := &library.Service{DB: d}
		good := library.Library{Name: "Perpustakaan Kota Batu", City: "Kota Batu", Province: "Jawa Timur", TimeZone: "Asia/Jakarta"}
		cases := []struct {
			name       string
			edit       func(l *library.Library)
			field, key string
		}{
			{"empty name", func(l *library.Library) { l.Name = "" }, "name", "field.required"},
			{"blank name", func(l *library.Library) { l.Name = "   " }, "name", "field.required"},
			{"name too long", func(l *library.Library) { l.Name = strings.Repeat("a", 201) }, "name", "field.too_long"},
			{"no city", func(l *library.Library) { l.City = "" }, "city", "field.required"},
			{"no province", func(l *library.Library) { l.Province = "" }, "province", "field.required"},
			{"zone outside Indonesia", func(l *library.Library) { l.TimeZone = "Europe/Berlin" }, "time_zone", "library.bad_time_zone"},
			{"zone label instead of name", func(l *library.Library) { l.TimeZone = "WIB" }, "time_zone", "library.bad_time_zone"},
			{"no zone", func(l *library.Library) { l.TimeZone = "" }, "time_zone", "library.bad_time_zone"},
			{"negative population", func(l *library.Library) { l.Population = -1 }, "population", "field.not_negative"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				l := good
				c.edit(&l)
				_, err := svc.Create(context.Background(), super, l)
				e := wantCode(t, err, apperr.Invalid)
				wantProblem(t, e, c.field, c.key)
			})
		}
		if n := countRows(t, d, "libraries"); n != 0 {
			t.Errorf("%d libraries saved from invalid input", n)
		}
		if n := countRows(t, d, "audit_log"); n != 0 {
			t.Errorf("%d audit rows written for invalid input", n)
		}
	})
}

func TestCreateReportsEveryProblemAtOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc := &library.Service{DB: d}
		_, err := svc.Create(context.Background(), super, library.Library{TimeZone: "UTC"})
		e := wantCode(t, err, apperr.Invalid)
		for _, f := range []string{"name", "city", "province", "time_zone"} {
			found := false
			for _, p := range e.Problems {
				found = found || p.Field == f
			}
			if !found {
				t.Errorf("no problem reported for %s: %+v", f, e.Problems)
			}
		}
	})
}

func TestOnlySuperadminCreatesLibraries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc := &library.Service{DB: d}
		a := newLibrary(t, svc, "Perpustakaan Kota Batu")
		admin := dbtest.Member(t, d, a.ID, "admin@batu.go.id", "admin@batu.go.id", auth.RoleAdmin, nil)
		_, err := svc.Create(context.Background(), admin, library.Library{Name: "Baru", City: "X", Province: "Y", TimeZone: "Asia/Jakarta"})
		wantCode(t, err, apperr.Forbidden)
		_, err = svc.Create(context.Background(), nil, library.Library{Name: "Baru", City: "X", Province: "Y", TimeZone: "Asia/Jakarta"})
		wantCode(t, err, apperr.Unauthorized)
		if n := countRows(t, d, "libraries"); n != 1 {
			t.Errorf("%d libraries, want 1", n)
		}
	})
}

func TestLibraryRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := &library.Service{DB: d}
		created, err := svc.Create(ctx, super, library.Library{
			Name: "  Perpustakaan Kota Samarinda ", City: "Kota Samarinda", Province: "Kalimantan Timur",
			TimeZone: "Asia/Makassar", Population: 861878, Address: "Jl. Let. Jend. Suprapto No. 2",
		})
		must(t, err)
		if created.ID == 0 || created.Name != "Perpustakaan Kota Samarinda" {
			t.Fatalf("created %+v: want an id and the trimmed name", created)
		}
		got, err := svc.Get(ctx, super, created.ID)
		must(t, err)
		if !sameLibrary(got, created) {
			t.Fatalf("get = %+v\nwant  %+v", got, created)
		}
		if library.ZoneLabel(got.TimeZone) != "WITA" {
			t.Errorf("zone label of %s = %s, want WITA", got.TimeZone, library.ZoneLabel(got.TimeZone))
		}

		edit := got
		edit.City, edit.Population, edit.Address = "Samarinda", 870000, ""
		updated, err := svc.Update(ctx, super, edit)
		must(t, err)
		if !updated.CreatedAt.Equal(created.CreatedAt) || updated.UpdatedAt.Before(created.UpdatedAt) {
			t.Errorf("times after update: created %v → %v, updated %v → %v", created.CreatedAt, updated.CreatedAt, created.UpdatedAt, updated.UpdatedAt)
		}
		got, err = svc.Get(ctx, super, created.ID)
		must(t, err)
		if !sameLibrary(got, updated) || got.City != "Samarinda" || got.Population != 870000 || got.Address != "" {
			t.Fatalf("after update get = %+v\nwant %+v", got, updated)
		}

		log := auditOf(t, d, created.ID)
		if want := []string{"library.create", "library.update"}; !reflect.DeepEqual(actions(log), want) {
			t.Fatalf("audit actions %v, want %v", actions(log), want)
		}
		for _, r := range log {
			if r.Entity != "library" || r.EntityID != created.ID || r.ActorName != "Super" || r.Summary != "Perpustakaan Kota Samarinda" {
				t.Errorf("audit row %+v: want entity library %d by Super about the library's name", r, created.ID)
			}
		}
		var changes map[string][2]string
		must(t, json.Unmarshal([]byte(log[1].Changes), &changes))
		want := map[string][2]string{
			"city":       {"Kota Samarinda", "Samarinda"},
			"population": {"861878", "870000"},
			"address":    {"Jl. Let. Jend. Suprapto No. 2", ""},
		}
		if !reflect.DeepEqual(changes, want) {
			t.Errorf("update changes %v, want %v", changes, want)
		}
	})
}

func sameLibrary(a, b library.Library) bool {
	return a.ID == b.ID && a.Name == b.Name && a.City == b.City && a.Province == b.Province &&
		a.TimeZone == b.TimeZone && a.Population == b.Population && a.Address == b.Address &&
		a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt)
}

func TestListShowsOnlyTheActorsLibraries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := &library.Service{DB: d}
		semarang := newLibrary(t, svc, "Perpustakaan Kota Semarang")
		newLibrary(t, svc, "Perpustakaan Kota Batu")
		kediri := newLibrary(t, svc, "Perpustakaan Kota Kediri")

		all, err := svc.List(ctx, super)
		must(t, err)
		if got, want := names(all), []string{"Perpustakaan Kota Batu", "Perpustakaan Kota Kediri", "Perpustakaan Kota Semarang"}; !reflect.DeepEqual(got, want) {
			t.Errorf("superadmin sees %v, want %v (all, by name)", got, want)
		}

		ani := dbtest.Member(t, d, kediri.ID, "ani@kediri.go.id", "ani@kediri.go.id", auth.RoleStaff, nil)
		mine, err := svc.List(ctx, ani)
		must(t, err)
		if got := names(mine); !reflect.DeepEqual(got, []string{"Perpustakaan Kota Kediri"}) {
			t.Errorf("member of Kediri sees %v, want only Kediri", got)
		}

		// A second role elsewhere shows that library too.
		now := db.Now()
		must(t, d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO memberships (library_id, user_id, role, created_at) VALUES (?, ?, ?, ?)`,
				semarang.ID, ani.UserID, "coordinator", now)
			return err
		}))
		mine, err = svc.List(ctx, ani)
		must(t, err)
		if got := names(mine); !reflect.DeepEqual(got, []string{"Perpustakaan Kota Kediri", "Perpustakaan Kota Semarang"}) {
			t.Errorf("member of Kediri and Semarang sees %v", got)
		}

		nobody := &auth.Actor{UserID: ani.UserID + 100, Name: "Tanpa Peran"}
		none, err := svc.List(ctx, nobody)
		must(t, err)
		if len(none) != 0 {
			t.Errorf("account without roles sees %v", names(none))
		}
		_, err = svc.List(ctx, nil)
		wantCode(t, err, apperr.Unauthorized)
	})
}

func names(ls []library.Library) []string {
	out := []string{}
	for _, l := range ls {
		out = append(out, l.Name)
	}
	return out
}

func TestGetOtherLibraryIsNotFound(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := &library.Service{DB: d}
		a := newLibrary(t, svc, "Perpustakaan Kota Batu")
		b := newLibrary(t, svc, "Perpustakaan Kota Kediri")
		adminA := dbtest.Member(t, d, a.ID, "admin@batu.go.id", "admin@batu.go.id", auth.RoleAdmin, nil)

		if _, err := svc.Get(ctx, adminA, a.ID); err != nil {
			t.Fatalf("own library: %v", err)
		}
		_, err := svc.Get(ctx, adminA, b.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = svc.Get(ctx, super, b.ID+1000)
		wantCode(t, err, apperr.NotFound)

		// Updating another library is refused the same way, and changes nothing.
		edit := b
		edit.City = "Diubah"
		_, err = svc.Update(ctx, adminA, edit)
		wantCode(t, err, apperr.NotFound)
		got, err := svc.Get(ctx, super, b.ID)
		must(t, err)
		if got.City != b.City {
			t.Errorf("library B's city became %q", got.City)
		}
		_, err = svc.Update(ctx, super, library.Library{ID: b.ID + 1000, Name: "X", City: "X", Province: "X", TimeZone: "Asia/Jakarta"})
		wantCode(t, err, apperr.NotFound)
	})
}

func TestUpdateNeedsLibraryManage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := &library.Service{DB: d}
		a := newLibrary(t, svc, "Perpustakaan Kota Batu")
		coord := dbtest.Member(t, d, a.ID, "diklat@batu.go.id", "diklat@batu.go.id", auth.RoleCoordinator, nil)
		admin := dbtest.Member(t, d, a.ID, "admin@batu.go.id", "admin@batu.go.id", auth.RoleAdmin, nil)
		edit := a
		edit.Address = "Jl. Diponegoro 1"
		_, err := svc.Update(ctx, coord, edit)
		wantCode(t, err, apperr.Forbidden)
		updated, err := svc.Update(ctx, admin, edit)
		must(t, err)
		if updated.Address != "Jl. Diponegoro 1" {
			t.Errorf("address %q", updated.Address)
		}
		log := auditOf(t, d, a.ID)
		if last := log[len(log)-1]; last.Action != "library.update" || last.ActorName != "admin@batu.go.id" {
			t.Errorf("last audit row %+v: want library.update by the admin", last)
		}
		if len(log) != 2 {
			t.Errorf("audit actions %v: the refused update must not be logged", actions(log))
		}
	})
}

func TestDuplicateLibraryNameIsConflict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := &library.Service{DB: d}
		newLibrary(t, svc, "Perpustakaan Kota Batu")
		kediri := newLibrary(t, svc, "Perpustakaan Kota Kediri")

		_, err := svc.Create(ctx, super, library.Library{Name: " Perpustakaan Kota Batu ", City: "Batu", Province: "Jawa Timur", TimeZone: "Asia/Jakarta"})
		wantProblem(t, wantCode(t, err, apperr.Conflict), "name", "field.taken")

		edit := kediri
		edit.Name = "Perpustakaan Kota Batu"
		_, err = svc.Update(ctx, super, edit)
		wantProblem(t, wantCode(t, err, apperr.Conflict), "name", "field.taken")

		got, err := svc.Get(ctx, super, kediri.ID)
		must(t, err)
		if got.Name != "Perpustakaan Kota Kediri" {
			t.Errorf("renamed to %q despite the conflict", got.Name)
		}
		if n := countRows(t, d, "libraries"); n != 2 {
			t.Errorf("%d libraries, want 2", n)
		}
		if want := []string{"library.create"}; !reflect.DeepEqual(actions(auditOf(t, d, kediri.ID)), want) {
			t.Errorf("Kediri audit %v, want only its creation", actions(auditOf(t, d, kediri.ID)))
		}
	})
}
