package people

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
)

var superadmin = &auth.Actor{UserID: 0, Name: "test", Superadmin: true}

// newLibrary creates a library with the given service points and returns
// its id and the points' ids by name.
func newLibrary(t testing.TB, d *db.DB, name string, points ...string) (int64, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	ls := &library.Service{DB: d}
	l, err := ls.Create(ctx, superadmin, library.Library{Name: name, City: name, Province: "Jawa Timur", TimeZone: "Asia/Jakarta"})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, p := range points {
		sp, err := ls.CreateServicePoint(ctx, superadmin, library.ServicePoint{LibraryID: l.ID, Name: p, Kind: "umum"})
		if err != nil {
			t.Fatal(err)
		}
		ids[p] = sp.ID
	}
	return l.ID, ids
}

// newUser inserts an account, so that audit entries can name it.
func newUser(t *testing.T, d *db.DB, email string) int64 {
	t.Helper()
	var id int64
	now := db.Now()
	err := d.InTx(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), `INSERT INTO users (email, name, password_hash, created_at, updated_at)
			VALUES (?, ?, '', ?, ?) RETURNING id`, email, email, now, now).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func ptr[T any](v T) *T { return &v }

func wantCode(t *testing.T, err error, code apperr.Code) *apperr.Error {
	t.Helper()
	if apperr.CodeOf(err) != code {
		t.Fatalf("want %s, got %v", code, err)
	}
	return apperr.As(err)
}

func auditCount(t *testing.T, d *db.DB, libraryID int64, action string) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRowContext(context.Background(),
		`SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action = ?`, libraryID, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestStaffStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &Service{DB: d}
		libA, pointsA := newLibrary(t, d, "Perpustakaan Kota Batu", "Layanan Anak", "Layanan Referensi")
		libB, pointsB := newLibrary(t, d, "Perpustakaan Kota Kediri", "Sirkulasi")

		sari, err := s.Create(ctx, superadmin, Staff{LibraryID: libA, NIP: "19750101 200001 2 001", Name: "Sari Wulandari",
			EmploymentStatus: "PNS", Position: "Pustakawan Ahli Pertama", Grade: "III/a", Email: "Sari@Perpus.example.go.id",
			ServicePointID: ptr(pointsA["Layanan Anak"])})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, superadmin, libA, sari.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.NIP != "197501012000012001" || got.Level != "Ahli Pertama" || got.ServicePointName != "Layanan Anak" ||
			!got.Active || got.Email != "sari@perpus.example.go.id" || !got.CreatedAt.Equal(sari.CreatedAt) {
			t.Fatalf("read back: %+v", got)
		}

		// A non-ASN worker has no NIP; several of them fit the unique index.
		for _, n := range []string{"Yusuf Hidayat", "Andi Wijaya"} {
			if _, err := s.Create(ctx, superadmin, Staff{LibraryID: libA, Name: n, EmploymentStatus: StatusNonASN}); err != nil {
				t.Fatal(err)
			}
		}

		// The same NIP twice in one library is a conflict on the NIP field;
		// in another library it is another person's record.
		_, err = s.Create(ctx, superadmin, Staff{LibraryID: libA, NIP: "197501012000012001", Name: "Sari W", EmploymentStatus: StatusPNS})
		if e := wantCode(t, err, apperr.Conflict); e.Problems[0].Field != "nip" || e.Problems[0].Key != "field.taken" {
			t.Fatalf("conflict: %+v", e.Problems)
		}
		other, err := s.Create(ctx, superadmin, Staff{LibraryID: libB, NIP: "197501012000012001", Name: "Sari di Kediri", EmploymentStatus: StatusPNS})
		if err != nil {
			t.Fatal(err)
		}

		// Tenancy: library B's person is not found through library A, and
		// library B's service point cannot be a posting in library A.
		_, err = s.Get(ctx, superadmin, libA, other.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = s.Create(ctx, superadmin, Staff{LibraryID: libA, Name: "Budi", EmploymentStatus: StatusNonASN,
			ServicePointID: ptr(pointsB["Sirkulasi"])})
		if e := wantCode(t, err, apperr.Invalid); e.Problems[0].Field != "service_point_id" || e.Problems[0].Key != "staff.bad_service_point" {
			t.Fatalf("foreign service point: %+v", e.Problems)
		}
		_, err = s.Update(ctx, superadmin, Staff{ID: other.ID, LibraryID: libA, Name: "X", EmploymentStatus: StatusNonASN})
		wantCode(t, err, apperr.NotFound)

		// Update changes details, records what changed, keeps active.
		sari.Grade, sari.ServicePointID, sari.Position = "III/b", ptr(pointsA["Layanan Referensi"]), "Pustakawan Ahli Muda"
		sari.Level = ""
		updated, err := s.Update(ctx, superadmin, sari)
		if err != nil {
			t.Fatal(err)
		}
		got, _ = s.Get(ctx, superadmin, libA, sari.ID)
		if got.Grade != "III/b" || got.Level != "Ahli Muda" || got.ServicePointName != "Layanan Referensi" || !got.Active ||
			!got.UpdatedAt.Equal(updated.UpdatedAt) {
			t.Fatalf("after update: %+v", got)
		}
		var changes string
		if err := d.Reader().QueryRowContext(ctx, `SELECT changes FROM audit_log WHERE library_id = ? AND action = 'staff.update'`, libA).Scan(&changes); err != nil {
			t.Fatal(err)
		}
		if want := `"service_point":["Layanan Anak","Layanan Referensi"]`; !strings.Contains(changes, want) {
			t.Errorf("audit changes %s lack %s", changes, want)
		}

		// Deactivate: gone from the active list, still readable; twice is quiet.
		yusuf := findByName(t, s, libA, "Yusuf Hidayat")
		for i := 0; i < 2; i++ {
			if err := s.SetActive(ctx, superadmin, libA, yusuf.ID, false); err != nil {
				t.Fatal(err)
			}
		}
		if n := auditCount(t, d, libA, "staff.deactivate"); n != 1 {
			t.Errorf("%d deactivate entries, want 1", n)
		}
		page, err := s.List(ctx, superadmin, Filter{LibraryID: libA, Active: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		if names(page) != "Andi Wijaya,Sari Wulandari" || page.Total != 2 {
			t.Fatalf("active list: %s (%d)", names(page), page.Total)
		}
		if err := s.SetActive(ctx, superadmin, libA, yusuf.ID, true); err != nil {
			t.Fatal(err)
		}
		if n := auditCount(t, d, libA, "staff.activate"); n != 1 {
			t.Errorf("%d activate entries, want 1", n)
		}
		wantCode(t, s.SetActive(ctx, superadmin, libA, other.ID, false), apperr.NotFound)

		c, err := s.Count(ctx, superadmin, libA)
		if err != nil {
			t.Fatal(err)
		}
		if c.Active != 3 || c.ByStatus[StatusPNS] != 1 || c.ByStatus[StatusNonASN] != 2 || c.ByStatus[StatusPPPK] != 0 || c.Unposted != 2 ||
			fmt.Sprint(c.ByServicePoint) != fmt.Sprintf("[{%d Layanan Anak 0} {%d Layanan Referensi 1}]", pointsA["Layanan Anak"], pointsA["Layanan Referensi"]) {
			t.Fatalf("counts: %+v", c)
		}
	})
}

func TestStaffPermissions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &Service{DB: d}
		libA, _ := newLibrary(t, d, "Perpustakaan Kota Samarinda")
		libB, _ := newLibrary(t, d, "Perpustakaan Kota Semarang")
		me, err := s.Create(ctx, superadmin, Staff{LibraryID: libA, Name: "Rina", EmploymentStatus: StatusNonASN})
		if err != nil {
			t.Fatal(err)
		}
		colleague, err := s.Create(ctx, superadmin, Staff{LibraryID: libA, Name: "Dewi", EmploymentStatus: StatusNonASN})
		if err != nil {
			t.Fatal(err)
		}
		staff := &auth.Actor{UserID: newUser(t, d, "rina@perpus.example.go.id"), Name: "Rina", Memberships: map[int64]auth.Membership{
			libA: {LibraryID: libA, Role: auth.RoleStaff, StaffID: &me.ID}}}
		if _, err := s.Get(ctx, staff, libA, me.ID); err != nil {
			t.Fatalf("own record: %v", err)
		}
		_, err = s.Get(ctx, staff, libA, colleague.ID)
		wantCode(t, err, apperr.Forbidden)
		_, err = s.List(ctx, staff, Filter{LibraryID: libA})
		wantCode(t, err, apperr.Forbidden)
		_, err = s.Update(ctx, staff, me)
		wantCode(t, err, apperr.Forbidden)

		coord := &auth.Actor{UserID: newUser(t, d, "budi@perpus.example.go.id"), Name: "Budi", Memberships: map[int64]auth.Membership{
			libA: {LibraryID: libA, Role: auth.RoleCoordinator}}}
		if _, err := s.Update(ctx, coord, colleague); err != nil {
			t.Fatalf("coordinator edits staff: %v", err)
		}
		_, err = s.List(ctx, coord, Filter{LibraryID: libB})
		wantCode(t, err, apperr.NotFound)
		_, err = s.Create(ctx, coord, Staff{LibraryID: libB, Name: "X", EmploymentStatus: StatusNonASN})
		wantCode(t, err, apperr.NotFound)
	})
}

func TestStaffList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &Service{DB: d}
		lib, points := newLibrary(t, d, "Perpustakaan Kota Lubuklinggau", "Layanan Anak")
		other, _ := newLibrary(t, d, "Perpustakaan Lain")
		for i := 0; i < 60; i++ {
			st := Staff{LibraryID: lib, Name: fmt.Sprintf("Pegawai %02d", i), NIP: genNIP(i), EmploymentStatus: StatusPNS,
				Email: fmt.Sprintf("p%02d@perpus.example.go.id", i)}
			if i%3 == 0 {
				st.NIP, st.EmploymentStatus = "", StatusNonASN
			}
			if i%4 == 0 {
				st.ServicePointID = ptr(points["Layanan Anak"])
			}
			if _, err := s.Create(ctx, superadmin, st); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Create(ctx, superadmin, Staff{LibraryID: other, Name: "Pegawai 01 Lain", EmploymentStatus: StatusNonASN}); err != nil {
			t.Fatal(err)
		}

		p, err := s.List(ctx, superadmin, Filter{LibraryID: lib})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 60 || p.Pages != 3 || len(p.Items) != 25 || p.Items[0].Name != "Pegawai 00" || p.Items[24].Name != "Pegawai 24" {
			t.Fatalf("first page: total %d pages %d items %d", p.Total, p.Pages, len(p.Items))
		}
		p, _ = s.List(ctx, superadmin, Filter{LibraryID: lib, Page: 3})
		if len(p.Items) != 10 || p.Items[0].Name != "Pegawai 50" {
			t.Fatalf("last page: %s", names(p))
		}
		p, _ = s.List(ctx, superadmin, Filter{LibraryID: lib, Page: 9})
		if len(p.Items) != 0 || p.Total != 60 {
			t.Fatalf("past the end: %d items", len(p.Items))
		}
		p, _ = s.List(ctx, superadmin, Filter{LibraryID: lib, PerPage: 1000})
		if p.PerPage != 100 || len(p.Items) != 60 {
			t.Fatalf("per page capped: %d, %d items", p.PerPage, len(p.Items))
		}

		tests := []struct {
			name string
			f    Filter
			want string
		}{
			{"name, any case", Filter{Query: "pEGAWAI 1"}, "Pegawai 10,Pegawai 11,Pegawai 12,Pegawai 13,Pegawai 14,Pegawai 15,Pegawai 16,Pegawai 17,Pegawai 18,Pegawai 19"},
			{"wildcards are literal", Filter{Query: "%"}, ""},
			{"NIP with spaces", Filter{Query: genNIP(5)[:8] + " " + genNIP(5)[8:14]}, "Pegawai 05"},
			{"email", Filter{Query: "P07@PERPUS"}, "Pegawai 07"},
			{"status and posting", Filter{Status: StatusNonASN, ServicePointID: points["Layanan Anak"], PerPage: 100},
				"Pegawai 00,Pegawai 12,Pegawai 24,Pegawai 36,Pegawai 48"},
			{"unposted PNS under 10", Filter{Unposted: true, Status: StatusPNS, Query: "Pegawai 0"}, "Pegawai 01,Pegawai 02,Pegawai 05,Pegawai 07"},
		}
		for _, tt := range tests {
			tt.f.LibraryID = lib
			p, err := s.List(ctx, superadmin, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(p); got != tt.want || p.Total != len(p.Items) {
				t.Errorf("%s: got %q (total %d), want %q", tt.name, got, p.Total, tt.want)
			}
		}
	})
}

func findByName(t *testing.T, s *Service, libraryID int64, name string) Staff {
	t.Helper()
	p, err := s.List(context.Background(), superadmin, Filter{LibraryID: libraryID, Query: name})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("find %s: %v %d", name, err, len(p.Items))
	}
	return p.Items[0]
}

func names(p Page) string {
	out := ""
	for i, s := range p.Items {
		if i > 0 {
			out += ","
		}
		out += s.Name
	}
	return out
}

// BenchmarkList5000 is the directory's first page with a search, over a
// library of 5,000 people.
func BenchmarkList5000(b *testing.B) {
	d := dbtest.SQLite(b)
	s := &Service{DB: d}
	ctx := context.Background()
	lib, _ := newLibrary(b, d, "Perpustakaan Besar", "Layanan Anak")
	if _, err := s.Import(ctx, superadmin, lib, strings.NewReader(generatedCSV(5000))); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.List(ctx, superadmin, Filter{LibraryID: lib, Query: "pegawai 12", Active: ptr(true), Page: 2, PerPage: 10}); err != nil {
			b.Fatal(err)
		}
	}
}
