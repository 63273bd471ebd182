package people

import (
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// The NIPs of the SIASN sample file, all PNS.
var sampleNIPs = []string{
	"197501012000012001", "197802082002021002", "198103152004032003", "198404222006041004",
	"198705012008052005", "199006082010061006", "199307152012072007",
}

func TestCheckNIP(t *testing.T) {
	for _, nip := range sampleNIPs {
		if key := CheckNIP(nip, StatusPNS); key != "" {
			t.Errorf("sample NIP %s refused: %s", nip, key)
		}
	}
	tests := []struct {
		name, nip, status, want string
	}{
		{"PPPK code in place of the month", "199001012022211001", StatusPPPK, ""},
		{"PPPK with a month", "199001012022011001", StatusPPPK, ""},
		{"non-ASN with a NIP", "199001012022011001", StatusNonASN, ""},
		{"leap day", "200002292024011001", StatusPNS, ""},
		{"Excel scientific notation", "1.97501E+17", StatusPNS, "staff.nip_scientific"},
		{"Excel scientific notation, decimal comma", "1,97501E+17", StatusPNS, "staff.nip_scientific"},
		{"17 digits", "19750101200001200", StatusPNS, "staff.nip_length"},
		{"19 digits", "1975010120000120011", StatusPNS, "staff.nip_length"},
		{"a letter O", "19750101200001200O", StatusPNS, "staff.nip_digits"},
		{"month 13 of birth", "197513012000012001", StatusPNS, "staff.nip_birth_date"},
		{"30 February", "197502302000012001", StatusPNS, "staff.nip_birth_date"},
		{"not a leap year", "197502292000012001", StatusPNS, "staff.nip_birth_date"},
		{"born before 1940", "193901012000012001", StatusPNS, "staff.nip_birth_date"},
		{"born in the future", "209901012000012001", StatusPNS, "staff.nip_birth_date"},
		{"appointed at 10", "197501011985012001", StatusPNS, "staff.nip_appointment"},
		{"appointment month 13", "197501012000132001", StatusPNS, "staff.nip_appointment"},
		{"appointment month 00", "197501012000002001", StatusPNS, "staff.nip_appointment"},
		{"appointment month 30 for PPPK", "199001012022301001", StatusPPPK, "staff.nip_appointment"},
		{"PPPK NIP on a PNS", "199001012022211001", StatusPNS, "staff.nip_is_pppk"},
		{"sex 3", "197501012000013001", StatusPNS, "staff.nip_sex"},
		{"sex 0", "197501012000010001", StatusPNS, "staff.nip_sex"},
		{"sequence 000", "197501012000012000", StatusPNS, "staff.nip_sequence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckNIP(tt.nip, tt.status); got != tt.want {
				t.Errorf("CheckNIP(%q, %s) = %q, want %q", tt.nip, tt.status, got, tt.want)
			}
		})
	}
}

func TestSplitPosition(t *testing.T) {
	tests := []struct{ in, position, level string }{
		{"Pustakawan Ahli Pertama", "Pustakawan", "Ahli Pertama"},
		{"Pustakawan Ahli Muda", "Pustakawan", "Ahli Muda"},
		{"Pustakawan Ahli Madya", "Pustakawan", "Ahli Madya"},
		{"Pustakawan Ahli Utama", "Pustakawan", "Ahli Utama"},
		{"Pustakawan Terampil", "Pustakawan", "Terampil"},
		{"Pustakawan Mahir", "Pustakawan", "Mahir"},
		{"Pustakawan Penyelia", "Pustakawan", "Penyelia"},
		{"Pustakawan Pemula", "Pustakawan", "Pemula"},
		{"  pustakawan   ahli  pertama ", "pustakawan", "Ahli Pertama"},
		{"Pranata Komputer Ahli Muda", "Pranata Komputer", "Ahli Muda"},
		{"Pengelola Layanan Perpustakaan", "Pengelola Layanan Perpustakaan", ""},
		{"Kepala Bidang Layanan", "Kepala Bidang Layanan", ""},
		{"Pustakawan Ahli", "Pustakawan Ahli", ""},
		{"PustakawanMahir", "PustakawanMahir", ""},
		{"Ahli Muda", "", "Ahli Muda"},
		{"", "", ""},
	}
	for _, tt := range tests {
		p, l := SplitPosition(tt.in)
		if p != tt.position || l != tt.level {
			t.Errorf("SplitPosition(%q) = (%q, %q), want (%q, %q)", tt.in, p, l, tt.position, tt.level)
		}
	}
}

func TestParseStatus(t *testing.T) {
	tests := map[string]string{
		"PNS": StatusPNS, "cpns": StatusPNS, "PPPK": StatusPPPK, "P3K": StatusPPPK, "Non ASN": StatusNonASN,
		"Non-ASN": StatusNonASN, "NON_ASN": StatusNonASN, "Honorer": StatusNonASN, "Kontrak": StatusNonASN,
		"Tenaga Kontrak": StatusNonASN, "Aktif": "", "": "",
	}
	for in, want := range tests {
		got, ok := ParseStatus(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// problems returns the field → key of a validation error.
func problems(t *testing.T, err error) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err == nil {
		return out
	}
	e := apperr.As(err)
	if e.Code != apperr.Invalid {
		t.Fatalf("want an invalid error, got %v", err)
	}
	for _, p := range e.Problems {
		out[p.Field] = p.Key
	}
	return out
}

func TestValidate(t *testing.T) {
	valid := func() Staff {
		return Staff{Name: "Sari Wulandari", NIP: sampleNIPs[0], EmploymentStatus: StatusPNS, Grade: "III/a", Email: "sari@perpus.example.go.id"}
	}
	tests := []struct {
		name  string
		edit  func(s *Staff)
		field string
		key   string
	}{
		{"valid", func(s *Staff) {}, "", ""},
		{"no name", func(s *Staff) { s.Name = " " }, "name", "field.required"},
		{"long name", func(s *Staff) { s.Name = strings.Repeat("a", 201) }, "name", "field.too_long"},
		{"unknown status", func(s *Staff) { s.EmploymentStatus = "freelance" }, "employment_status", "staff.bad_status"},
		{"PNS without NIP", func(s *Staff) { s.NIP = "" }, "nip", "field.required"},
		{"PPPK without NIP", func(s *Staff) { s.NIP, s.EmploymentStatus, s.Grade = "", StatusPPPK, "IX" }, "nip", "field.required"},
		{"non-ASN without NIP", func(s *Staff) { s.NIP, s.EmploymentStatus, s.Grade = "", StatusNonASN, "" }, "", ""},
		{"non-ASN with a bad NIP", func(s *Staff) { s.NIP, s.EmploymentStatus = "12345", StatusNonASN }, "nip", "staff.nip_length"},
		{"NIP written with spaces", func(s *Staff) { s.NIP = "19750101 200001 2 001" }, "", ""},
		{"IV/e", func(s *Staff) { s.Grade = "IV/e" }, "", ""},
		{"grade in lower case", func(s *Staff) { s.Grade = "iii / A" }, "", ""},
		{"III/e does not exist", func(s *Staff) { s.Grade = "III/e" }, "grade", "staff.bad_grade"},
		{"V/a does not exist", func(s *Staff) { s.Grade = "V/a" }, "grade", "staff.bad_grade"},
		{"PPPK grade on a PNS", func(s *Staff) { s.Grade = "IX" }, "grade", "staff.bad_grade"},
		{"PPPK grade", func(s *Staff) { s.NIP, s.EmploymentStatus, s.Grade = "199001012022211001", StatusPPPK, "XVII" }, "", ""},
		{"PPPK grade XVIII", func(s *Staff) { s.NIP, s.EmploymentStatus, s.Grade = "199001012022211001", StatusPPPK, "XVIII" }, "grade", "staff.bad_grade"},
		{"unknown level", func(s *Staff) { s.Position, s.Level = "Pustakawan", "Senior" }, "level", "staff.bad_level"},
		{"bad email", func(s *Staff) { s.Email = "sari@perpus" }, "email", "field.bad_email"},
		{"two @", func(s *Staff) { s.Email = "sari@@perpus.go.id" }, "email", "field.bad_email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.edit(&s)
			s.Normalize()
			got := problems(t, s.Validate())
			if tt.field == "" {
				if len(got) > 0 {
					t.Fatalf("want valid, got %v", got)
				}
				return
			}
			if got[tt.field] != tt.key {
				t.Fatalf("want %s on %s, got %v", tt.key, tt.field, got)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	s := Staff{Name: "  Budi   Santoso ", NIP: " 19780208 200202 1 002 ", EmploymentStatus: "PNS",
		Position: "Pustakawan Ahli Muda", Grade: "iii-c", Email: " Budi@Perpus.Example.go.id "}
	s.Normalize()
	want := Staff{Name: "Budi Santoso", NIP: "197802082002021002", EmploymentStatus: StatusPNS,
		Position: "Pustakawan", Level: "Ahli Muda", Grade: "III/c", Email: "budi@perpus.example.go.id"}
	if s != want {
		t.Fatalf("Normalize:\n got %+v\nwant %+v", s, want)
	}
	// A level given apart is kept and the position is not split again.
	s = Staff{Position: "Pustakawan", Level: "ahli madya"}
	s.Normalize()
	if s.Position != "Pustakawan" || s.Level != "Ahli Madya" {
		t.Fatalf("got %q %q", s.Position, s.Level)
	}
}
