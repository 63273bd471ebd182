package survey

import (
	"testing"
	"time"
)

func TestImportDates(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	tests := []struct {
		cell  string
		order dateOrder
		want  string // RFC 3339 in WIB; "" when refused
	}{
		{"2026/11/21 9:00:13 AM GMT+7", dayFirst, "2026-11-21T09:00:13+07:00"}, // Google Forms CSV
		{"2026/11/21 9:00:13 PM GMT+7", dayFirst, "2026-11-21T21:00:13+07:00"},
		{"2026-11-21", monthFirst, "2026-11-21T00:00:00+07:00"},
		{"2026-11-21T08:15:00", dayFirst, "2026-11-21T08:15:00+07:00"},
		{"21/11/2026 9:00:13", dayFirst, "2026-11-21T09:00:13+07:00"},   // Sheets, Indonesian locale
		{"11/21/2026 9:00:13", monthFirst, "2026-11-21T09:00:13+07:00"}, // Sheets, American locale
		{"03/04/2026", dayFirst, "2026-04-03T00:00:00+07:00"},
		{"03/04/2026", monthFirst, "2026-03-04T00:00:00+07:00"},
		{"21.11.26", dayFirst, "2026-11-21T00:00:00+07:00"},
		{"21 November 2026", dayFirst, "2026-11-21T00:00:00+07:00"},
		{"5 Agu 2026 14.30", dayFirst, "2026-08-05T14:30:00+07:00"},
		{"46347.5", dayFirst, "2026-11-21T12:00:00+07:00"}, // an XLSX date cell, read raw
		{"31/06/2026", dayFirst, ""},
		{"21/11/1926", dayFirst, ""},
		{"4", dayFirst, ""},
		{"kemarin", dayFirst, ""},
		{"21/11", dayFirst, ""},
	}
	for _, tt := range tests {
		got, ok := parseImportDate(tt.cell, tt.order, wib)
		s := ""
		if ok {
			s = got.Format(time.RFC3339)
		}
		if s != tt.want {
			t.Errorf("%q: %q, want %q", tt.cell, s, tt.want)
		}
	}
}

func TestImportDateOrder(t *testing.T) {
	tests := []struct {
		cells []string
		want  dateOrder
	}{
		{[]string{"11/1/2026 9:00", "11/25/2026 9:00"}, monthFirst}, // the 25th can only be a day
		{[]string{"1/11/2026", "25/11/2026"}, dayFirst},
		{[]string{"03/04/2026", "05/06/2026"}, dayFirst}, // undecided: the Indonesian way
		{[]string{"2026-11-25", "13/01/2026"}, dayFirst},
	}
	for _, tt := range tests {
		if got := dateOrderOf(tt.cells); got != tt.want {
			t.Errorf("%v: %d, want %d", tt.cells, got, tt.want)
		}
	}
}

func TestImportProfileValues(t *testing.T) {
	gender := map[string]string{"Laki-laki": "L", "LAKI LAKI": "L", "L": "L", "Pria": "L", "perempuan": "P", "Wanita": "P", "P": "P", "-": ""}
	for in, want := range gender {
		if got := importGender(in); got != want {
			t.Errorf("gender %q: %q, want %q", in, got, want)
		}
	}
	education := map[string]string{
		"SD ke bawah": "sd", "Tidak sekolah": "sd", "SMP/sederajat": "smp", "SLTP": "smp", "SMA/SMK/sederajat": "sma", "SMK": "sma",
		"Diploma (D1–D3)": "diploma", "D3": "diploma", "D4/S1": "s1", "Sarjana": "s1", "S2": "s2", "Magister": "s2", "S3": "s3", "Pesantren": "",
	}
	for in, want := range education {
		if got := importEducation(in); got != want {
			t.Errorf("education %q: %q, want %q", in, got, want)
		}
	}
	occupation := map[string]string{
		"Pelajar": "pelajar", "Siswa SMA": "pelajar", "Mahasiswa": "mahasiswa", "PNS/ASN": "pns", "Pegawai negeri": "pns",
		"TNI/Polri": "tni_polri", "Pegawai swasta": "swasta", "Karyawan": "swasta", "Wiraswasta": "wirausaha", "Lainnya": "lainnya", "Guru": "",
	}
	for in, want := range occupation {
		if got := importOccupation(in); got != want {
			t.Errorf("occupation %q: %q, want %q", in, got, want)
		}
	}
	age := map[string]int{"34": 34, "34 tahun": 34, "20 - 30 tahun": 25, "20–29": 24, "20 s.d. 30": 25, "8": 8, "< 20": 0, "di atas 60 tahun": 0, "tiga puluh": 0, "150": 0, "30-20": 0}
	for in, want := range age {
		if got := importAge(in); got != want {
			t.Errorf("age %q: %d, want %d", in, got, want)
		}
	}
}
