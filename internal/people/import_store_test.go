package people

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

func total(t *testing.T, s *Service, libraryID int64) int {
	t.Helper()
	p, err := s.List(context.Background(), superadmin, Filter{LibraryID: libraryID})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

func TestImportSample(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &Service{DB: d}
		lib, points := newLibrary(t, d, "Perpustakaan Kota Batu", "LAYANAN ANAK", "Layanan Referensi", "Perpustakaan Keliling")
		other, _ := newLibrary(t, d, "Perpustakaan Kota Kediri", "Layanan Sirkulasi")

		res, err := s.Import(ctx, superadmin, lib, bytes.NewReader(readSample(t)))
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 8 || res.Updated != 0 || res.Unposted != 1 || strings.Join(res.UnknownUnits, "|") != "Layanan Sirkulasi" {
			t.Fatalf("first import: %+v", res)
		}
		if n := total(t, s, lib); n != 8 {
			t.Fatalf("%d staff after import, want 8", n)
		}
		if n := total(t, s, other); n != 0 {
			t.Fatalf("another library got %d staff", n)
		}
		sari := findByName(t, s, lib, "Sari Wulandari")
		if sari.ServicePointID == nil || *sari.ServicePointID != points["LAYANAN ANAK"] || sari.Level != "Ahli Pertama" || !sari.Active {
			t.Fatalf("Sari: %+v", sari)
		}
		yusuf := findByName(t, s, lib, "Yusuf Hidayat")
		if yusuf.NIP != "" || yusuf.EmploymentStatus != StatusNonASN || yusuf.ServicePointID != nil {
			t.Fatalf("Yusuf: %+v", yusuf)
		}

		// The same file again changes nothing.
		res, err = s.Import(ctx, superadmin, lib, bytes.NewReader(readSample(t)))
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != 8 || total(t, s, lib) != 8 {
			t.Fatalf("re-import: %+v", res)
		}

		// The semicolon/BOM/CRLF export with one promotion updates one person.
		text := strings.ReplaceAll(string(readSample(t)), ",", ";")
		text = strings.Replace(text, "Budi Santoso;Pustakawan Ahli Muda;III/c", "Budi Santoso;Pustakawan Ahli Madya;III/d", 1)
		res, err = s.Import(ctx, superadmin, lib, strings.NewReader("\uFEFF"+text))
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 1 || res.Unchanged != 7 || total(t, s, lib) != 8 {
			t.Fatalf("promotion: %+v", res)
		}
		if budi := findByName(t, s, lib, "Budi Santoso"); budi.Level != "Ahli Madya" || budi.Grade != "III/d" {
			t.Fatalf("Budi: %+v", budi)
		}
		if n := auditCount(t, d, lib, "staff.import"); n != 3 {
			t.Errorf("%d import audit entries, want 3", n)
		}

		// 40 rows with a bad NIP on line 37: nothing is written.
		lines := strings.Split(generatedCSV(40), "\n")
		lines[36] = strings.Replace(lines[36], genNIP(35), "19800101200501100", 1)
		_, err = s.Import(ctx, superadmin, lib, strings.NewReader(strings.Join(lines, "\n")))
		e := wantCode(t, err, apperr.Invalid)
		if p := e.Problems[0]; len(e.Problems) != 1 || p.Line != 37 || p.Column != "NIP" {
			t.Fatalf("problems: %+v", e.Problems)
		}
		if n := total(t, s, lib); n != 8 {
			t.Fatalf("a refused file changed the staff count to %d", n)
		}
		if n := auditCount(t, d, lib, "staff.import"); n != 3 {
			t.Errorf("a refused file was audited")
		}
	})
}

func TestImportMatching(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &Service{DB: d}
		lib, points := newLibrary(t, d, "Perpustakaan Kota Semarang", "Sirkulasi")
		create := func(st Staff) Staff {
			t.Helper()
			st.LibraryID = lib
			out, err := s.Create(ctx, superadmin, st)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		yusuf := create(Staff{Name: "Yusuf Hidayat", EmploymentStatus: StatusNonASN, Email: "yusuf@perpus.example.go.id",
			ServicePointID: ptr(points["Sirkulasi"])})
		andi := create(Staff{Name: "Andi Wijaya", EmploymentStatus: StatusNonASN, Position: "Tenaga Perpustakaan"})
		sari := create(Staff{Name: "Sari Wulandari", NIP: "197501012000012001", EmploymentStatus: StatusPNS,
			Email: "sari@perpus.example.go.id", Education: "D3 Perpustakaan"})

		// Only some columns: NIP-less people match by e-mail, else by name in
		// any case; absent columns keep what was there.
		res, err := s.Import(ctx, superadmin, lib, strings.NewReader(
			"Nama,NIP,Email,Golongan\n"+
				"Yusuf Hidayat S.Kom,,YUSUF@perpus.example.go.id,\n"+
				"ANDI WIJAYA,,,\n"+
				"Sari Wulandari,197501012000012001,sari@perpus.example.go.id,III/b\n"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 3 || total(t, s, lib) != 3 {
			t.Fatalf("matching: %+v", res)
		}
		got, _ := s.Get(ctx, superadmin, lib, yusuf.ID)
		if got.Name != "Yusuf Hidayat S.Kom" || got.ServicePointID == nil {
			t.Errorf("Yusuf: %+v", got)
		}
		got, _ = s.Get(ctx, superadmin, lib, andi.ID)
		if got.Name != "ANDI WIJAYA" || got.Position != "Tenaga Perpustakaan" {
			t.Errorf("Andi: %+v", got)
		}
		got, _ = s.Get(ctx, superadmin, lib, sari.ID)
		if got.Grade != "III/b" || got.Education != "D3 Perpustakaan" {
			t.Errorf("Sari: %+v", got)
		}

		// The honorer who became PPPK keeps her record, now with a NIP.
		res, err = s.Import(ctx, superadmin, lib, strings.NewReader(
			"Nama;NIP;Email;Status Kepegawaian;Golongan;Unit Kerja\n"+
				"Yusuf Hidayat;199001012022211001;yusuf@perpus.example.go.id;P3K;IX;Layanan Digital\n"))
		if err != nil {
			t.Fatal(err)
		}
		got, _ = s.Get(ctx, superadmin, lib, yusuf.ID)
		if res.Updated != 1 || got.NIP != "199001012022211001" || got.EmploymentStatus != StatusPPPK || got.ServicePointID != nil ||
			res.Unposted != 1 || res.UnknownUnits[0] != "Layanan Digital" {
			t.Fatalf("PPPK: %+v %+v", res, got)
		}

		// A kept status must still fit what the file changes: Yusuf is PPPK,
		// and a file without status column cannot give him a PNS golongan.
		create(Staff{Name: "Rina", NIP: "199105052020011002", EmploymentStatus: StatusPPPK, Grade: "IX"})
		_, err = s.Import(ctx, superadmin, lib, strings.NewReader("NIP,Nama,Gol\n199105052020011002,Rina,III/a\n"))
		e := wantCode(t, err, apperr.Invalid)
		if p := e.Problems[0]; p.Line != 2 || p.Column != "Gol" || p.Key != "staff.bad_grade" {
			t.Fatalf("kept status: %+v", e.Problems)
		}
		if total(t, s, lib) != 4 {
			t.Fatal("refused import wrote")
		}
	})
}

func TestImportManyRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &Service{DB: d}
		lib, _ := newLibrary(t, d, "Perpustakaan Kota Kediri", "Layanan Anak")
		text := generatedCSV(5000)
		res, err := s.Import(ctx, superadmin, lib, strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 5000 || res.Unposted != 0 {
			t.Fatalf("%+v", res)
		}
		text = strings.Replace(text, "Pegawai 4999,Pustakawan Ahli Pertama", "Pegawai 4999,Pustakawan Ahli Muda", 1)
		res, err = s.Import(ctx, superadmin, lib, strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 1 || res.Unchanged != 4999 || total(t, s, lib) != 5000 {
			t.Fatalf("%+v", res)
		}
		p, err := s.List(ctx, superadmin, Filter{LibraryID: lib, Query: "pegawai 4999"})
		if err != nil || len(p.Items) != 1 || p.Items[0].Level != "Ahli Muda" {
			t.Fatalf("%v %+v", err, p)
		}
	})
}

func BenchmarkImport5000(b *testing.B) {
	d := dbtest.SQLite(b)
	s := &Service{DB: d}
	ctx := context.Background()
	text := generatedCSV(5000)
	for i := 0; i < b.N; i++ {
		lib, _ := newLibrary(b, d, fmt.Sprintf("Perpustakaan %d", i))
		if _, err := s.Import(ctx, superadmin, lib, strings.NewReader(text)); err != nil {
			b.Fatal(err)
		}
	}
}
