package insight_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/insight"
	"github.com/bina-pustaka/bina/internal/library"
)

var super = &auth.Actor{Name: "Super", Superadmin: true}

// fixture is two libraries: Kediri with three service points (one closed),
// staff of every status, some inactive, one not posted, and accounts of
// every role (one deactivated); Batu with one point and one person, so
// counts leaking between libraries would show.
type fixture struct {
	kediri, batu                int64
	sirkulasi, referensi, tutup int64
	batuPoint                   int64
	adminKediri                 *auth.Actor
}

func newFixture(t *testing.T, d *db.DB) fixture {
	t.Helper()
	ctx := context.Background()
	libs := &library.Service{DB: d}
	var f fixture
	lib := func(name, city string) int64 {
		l, err := libs.Create(ctx, super, library.Library{Name: name, City: city, Province: "Jawa Timur", TimeZone: "Asia/Jakarta"})
		if err != nil {
			t.Fatal(err)
		}
		return l.ID
	}
	point := func(libraryID int64, name, kind string) int64 {
		sp, err := libs.CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: libraryID, Name: name, Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		return sp.ID
	}
	f.kediri = lib("Perpustakaan Kota Kediri", "Kota Kediri")
	f.batu = lib("Perpustakaan Kota Batu", "Kota Batu")
	f.sirkulasi = point(f.kediri, "Layanan Sirkulasi", "sirkulasi")
	f.referensi = point(f.kediri, "Layanan Referensi", "referensi")
	f.tutup = point(f.kediri, "Pojok Baca Pasar", "lainnya")
	f.batuPoint = point(f.batu, "Layanan Anak", "anak")
	closed, err := libs.ServicePoint(ctx, super, f.kediri, f.tutup)
	if err != nil {
		t.Fatal(err)
	}
	closed.Active = false
	if _, err := libs.UpdateServicePoint(ctx, super, closed); err != nil {
		t.Fatal(err)
	}

	sp := func(id int64) *int64 { return &id }
	addStaff(t, d, f.kediri, "Sari", "pns", sp(f.sirkulasi), true)
	addStaff(t, d, f.kediri, "Budi", "pns", sp(f.sirkulasi), true)
	addStaff(t, d, f.kediri, "Dewi", "pppk", sp(f.referensi), true)
	addStaff(t, d, f.kediri, "Yusuf", "non_asn", nil, true)
	addStaff(t, d, f.kediri, "Agus", "pns", sp(f.referensi), false) // retired
	addStaff(t, d, f.kediri, "Rina", "non_asn", sp(f.tutup), false) // left with the closed point
	addStaff(t, d, f.batu, "Hendra", "pns", sp(f.batuPoint), true)

	adminID := addAccount(t, d, f.kediri, "admin@kediri.go.id", "admin", true)
	addAccount(t, d, f.kediri, "diklat@kediri.go.id", "coordinator", true)
	addAccount(t, d, f.kediri, "sari@kediri.go.id", "staff", true)
	addAccount(t, d, f.kediri, "budi@kediri.go.id", "staff", true)
	addAccount(t, d, f.kediri, "lama@kediri.go.id", "staff", false)
	addAccount(t, d, f.batu, "admin@batu.go.id", "admin", true)
	f.adminKediri = &auth.Actor{UserID: adminID, Name: "Admin Kediri",
		Memberships: map[int64]auth.Membership{f.kediri: {LibraryID: f.kediri, Role: auth.RoleAdmin}}}
	return f
}

func addStaff(t *testing.T, d *db.DB, libraryID int64, name, status string, point *int64, active bool) {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	var sp any
	if point != nil {
		sp = *point
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO staff (library_id, name, employment_status, service_point_id, active, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, libraryID, name, status, sp, active, now, now)
		return err
	})
	if err != nil {
		t.Fatalf("insert staff %s: %v", name, err)
	}
}

func addAccount(t *testing.T, d *db.DB, libraryID int64, email, role string, active bool) int64 {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	var id int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, active, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, email, email, "x", active, now, now).Scan(&id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO memberships (library_id, user_id, role, created_at) VALUES (?, ?, ?, ?)`,
			libraryID, id, role, now)
		return err
	})
	if err != nil {
		t.Fatalf("insert account %s: %v", email, err)
	}
	return id
}

func TestOverviewCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := &insight.Service{DB: d}
		got, err := svc.Overview(context.Background(), super, []int64{f.kediri, f.batu}, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Name != "Perpustakaan Kota Batu" || got[1].Name != "Perpustakaan Kota Kediri" {
			t.Fatalf("got %+v: want Batu then Kediri, by name", got)
		}
		batu, kediri := got[0], got[1]

		if kediri.LibraryID != f.kediri || kediri.City != "Kota Kediri" {
			t.Errorf("Kediri line %+v", kediri)
		}
		if kediri.ServicePoints != 2 {
			t.Errorf("Kediri has %d open service points, want 2 (the closed one is not counted)", kediri.ServicePoints)
		}
		if kediri.ActiveStaff != 4 {
			t.Errorf("Kediri active staff %d, want 4 (two inactive left out)", kediri.ActiveStaff)
		}
		if want := map[string]int{"pns": 2, "pppk": 1, "non_asn": 1}; !reflect.DeepEqual(kediri.ByStatus, want) {
			t.Errorf("Kediri by status %v, want %v", kediri.ByStatus, want)
		}
		if want := map[string]int{"admin": 1, "coordinator": 1, "staff": 2}; !reflect.DeepEqual(kediri.Accounts, want) {
			t.Errorf("Kediri accounts %v, want %v (the deactivated account left out)", kediri.Accounts, want)
		}
		if kediri.ByPoint != nil {
			t.Errorf("breakdown given without being asked: %+v", kediri.ByPoint)
		}

		if batu.ServicePoints != 1 || batu.ActiveStaff != 1 ||
			!reflect.DeepEqual(batu.ByStatus, map[string]int{"pns": 1}) ||
			!reflect.DeepEqual(batu.Accounts, map[string]int{"admin": 1}) {
			t.Errorf("Batu line %+v: want 1 point, 1 PNS, 1 admin", batu)
		}
	})
}

func TestOverviewByServicePoint(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := &insight.Service{DB: d}
		got, err := svc.Overview(context.Background(), f.adminKediri, []int64{f.kediri}, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("got %d lines, want 1", len(got))
		}
		// Order is not asserted: the unposted line sorts by a NULL name,
		// which the two engines place at opposite ends.
		byPoint := map[int64]insight.ServicePointCount{}
		for _, pc := range got[0].ByPoint {
			byPoint[pc.ServicePointID] = pc
		}
		want := map[int64]insight.ServicePointCount{
			f.sirkulasi: {ServicePointID: f.sirkulasi, Name: "Layanan Sirkulasi", ActiveStaff: 2},
			f.referensi: {ServicePointID: f.referensi, Name: "Layanan Referensi", ActiveStaff: 1},
			0:           {ServicePointID: 0, Name: "", ActiveStaff: 1},
		}
		if !reflect.DeepEqual(byPoint, want) || len(got[0].ByPoint) != 3 {
			t.Errorf("by service point %+v\nwant %+v (the closed point has only inactive staff, so no line)", got[0].ByPoint, want)
		}
		sum := 0
		for _, pc := range got[0].ByPoint {
			sum += pc.ActiveStaff
		}
		if sum != got[0].ActiveStaff {
			t.Errorf("breakdown sums to %d, active staff is %d", sum, got[0].ActiveStaff)
		}
	})
}

func TestOverviewEmptyLibrary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l, err := (&library.Service{DB: d}).Create(ctx, super, library.Library{Name: "Perpustakaan Kota Semarang", City: "Kota Semarang", Province: "Jawa Tengah", TimeZone: "Asia/Jakarta"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := (&insight.Service{DB: d}).Overview(ctx, super, []int64{l.ID}, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ActiveStaff != 0 || got[0].ServicePoints != 0 ||
			len(got[0].Accounts) != 0 || len(got[0].ByStatus) != 0 || len(got[0].ByPoint) != 0 {
			t.Errorf("new library %+v: want a line of zeros", got)
		}
		none, err := (&insight.Service{DB: d}).Overview(ctx, super, nil, true)
		if err != nil || len(none) != 0 {
			t.Errorf("no libraries asked: %v, %v", none, err)
		}
	})
}

func TestOverviewOfInvisibleLibraryIsNotFound(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		svc := &insight.Service{DB: d}
		got, err := svc.Overview(ctx, f.adminKediri, []int64{f.kediri, f.batu}, false)
		if apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("admin of Kediri asking for Batu too: %+v, %v; want not found", got, err)
		}
		if len(got) != 0 {
			t.Errorf("counts leaked with the error: %+v", got)
		}
		_, err = svc.Overview(ctx, f.adminKediri, []int64{f.batu}, true)
		if apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("admin of Kediri asking for Batu: %v, want not found", err)
		}
		_, err = svc.Overview(ctx, nil, []int64{f.kediri}, false)
		if apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("no actor: %v, want unauthorized", err)
		}
		// Any role in the library is enough to see its counts.
		staff := &auth.Actor{UserID: 99, Memberships: map[int64]auth.Membership{f.kediri: {LibraryID: f.kediri, Role: auth.RoleStaff}}}
		if _, err := svc.Overview(ctx, staff, []int64{f.kediri}, true); err != nil {
			t.Errorf("staff member of Kediri: %v", err)
		}
	})
}
