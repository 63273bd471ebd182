package people

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
)

const samplePath = "testdata/staff_siasn_sample.csv"

func readSample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// generatedCSV is a valid export of n PNS, header on line 1.
func generatedCSV(n int) string {
	var b strings.Builder
	b.WriteString("NIP,Nama,Jabatan,Golongan,Status Kepegawaian,Pendidikan Terakhir,Unit Kerja,Email\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s,Pegawai %04d,Pustakawan Ahli Pertama,III/a,PNS,S1 Ilmu Perpustakaan,Layanan Anak,p%04d@perpus.example.go.id\n",
			genNIP(i), i, i)
	}
	return b.String()
}

// genNIP makes the i-th of many distinct valid NIPs.
func genNIP(i int) string {
	return fmt.Sprintf("1980%02d%02d2005%02d%d%03d", 1+i%12, 1+i%28, 1+i%12, 1+i%2, 1+i%999)
}

// cellProblems lists a parse error's problems as "line/column/key".
func cellProblems(t *testing.T, err error) []string {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.Invalid {
		t.Fatalf("want an invalid *apperr.Error, got %v", err)
	}
	var out []string
	for _, p := range e.Problems {
		out = append(out, fmt.Sprintf("%d/%s/%s", p.Line, p.Column, p.Key))
	}
	return out
}

func TestParseSample(t *testing.T) {
	rows, err := ParseStaffCSV(bytes.NewReader(readSample(t)))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 8 {
		t.Fatalf("want the sample's 8 people, got %d", len(rows))
	}
	first := rows[0]
	want := Staff{NIP: "197501012000012001", Name: "Sari Wulandari", EmploymentStatus: StatusPNS, Position: "Pustakawan",
		Level: "Ahli Pertama", Grade: "III/a", Education: "D3 Perpustakaan", Email: "sari@perpus.example.go.id"}
	if first.Staff != want || first.Line != 2 || first.Unit != "Layanan Anak" {
		t.Fatalf("first row:\n got %+v line %d unit %q\nwant %+v", first.Staff, first.Line, first.Unit, want)
	}
	if r := rows[4]; r.Staff.Position != "Pengelola Layanan Perpustakaan" || r.Staff.Level != "" {
		t.Errorf("a jabatan without jenjang: got %q / %q", r.Staff.Position, r.Staff.Level)
	}
	last := rows[7]
	if last.Staff.NIP != "" || last.Staff.EmploymentStatus != StatusNonASN || last.Line != 9 || last.Unit != "Layanan Sirkulasi" {
		t.Errorf("non-ASN row: %+v line %d", last.Staff, last.Line)
	}
	if last.Columns["nip"] != "NIP" || last.Columns["employment_status"] != "Status Kepegawaian" {
		t.Errorf("columns: %v", last.Columns)
	}
}

// An Excel export from an Indonesian locale: semicolons, BOM, CRLF, other
// header wordings, blank lines, quoted cells, NIPs kept as text.
func TestParseSemicolonBOMVariant(t *testing.T) {
	text := strings.ReplaceAll(string(readSample(t)), ",", ";")
	text = strings.Replace(text, "NIP;Nama;Jabatan;Golongan;Status Kepegawaian;Pendidikan Terakhir;Unit Kerja;Email",
		"nip;NAMA LENGKAP;Nama Jabatan;Gol. Ruang;Jenis Pegawai;Pendidikan;Penempatan;E-mail", 1)
	text = strings.Replace(text, "197802082002021002;Budi Santoso", `'197802082002021002;"Budi Santoso"`, 1)
	text = strings.Replace(text, "\r\n198103", "\r\n;;;;;;;\r\n\r\n198103", 1)
	data := append([]byte("\uFEFF"), text...)
	rows, err := ParseStaffCSV(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := ParseStaffCSV(bytes.NewReader(readSample(t)))
	if len(rows) != len(plain) {
		t.Fatalf("got %d rows, want %d", len(rows), len(plain))
	}
	for i := range rows {
		if rows[i].Staff != plain[i].Staff || rows[i].Unit != plain[i].Unit {
			t.Errorf("row %d: got %+v, want %+v", i, rows[i].Staff, plain[i].Staff)
		}
	}
	if rows[2].Line != 6 { // two blank lines were inserted before it
		t.Errorf("third person on line %d, want 6", rows[2].Line)
	}
	if rows[0].Columns["grade"] != "Gol. Ruang" {
		t.Errorf("grade column: %q", rows[0].Columns["grade"])
	}
}

func TestParseBadNIPOnLine37(t *testing.T) {
	text := generatedCSV(40)
	lines := strings.Split(text, "\n")
	lines[36] = strings.Replace(lines[36], genNIP(35), "19800101200501100", 1) // line 37: 17 digits
	_, err := ParseStaffCSV(strings.NewReader(strings.Join(lines, "\n")))
	got := cellProblems(t, err)
	if len(got) != 1 || got[0] != "37/NIP/staff.nip_length" {
		t.Fatalf("want one problem on line 37 column NIP, got %v", got)
	}
}

func TestParseProblems(t *testing.T) {
	const header = "NIP;Nama;Jabatan;Golongan;Status;Email\n"
	tests := []struct {
		name, body string
		want       []string
	}{
		{"scientific NIP", "1.97501E+17;Sari;Pustakawan;III/a;PNS;\n", []string{"2/NIP/staff.nip_scientific"}},
		{"duplicate NIP", "197501012000012001;Sari;;III/a;PNS;\n\n197501012000012001;Sari W;;III/a;PNS;\n",
			[]string{"4/NIP/staff.nip_duplicate"}},
		{"duplicate email", ";Yusuf;;;Honorer;y@x.id\n;Yusup;;;Honorer;Y@X.id\n", []string{"3/Email/staff.email_duplicate"}},
		{"PNS without NIP", ";Sari;;III/a;PNS;\n", []string{"2/NIP/field.required"}},
		{"unknown status", ";Sari;;;Freelance;\n", []string{"2/Status/staff.bad_status"}},
		{"bad grade", "197501012000012001;Sari;;III/f;PNS;\n", []string{"2/Golongan/staff.bad_grade"}},
		{"bad email", ";Yusuf;;;Kontrak;yusuf at x\n", []string{"2/Email/field.bad_email"}},
		{"no name", "197501012000012001;;;III/a;PNS;\n", []string{"2/Nama/field.required"}},
		{"unclosed quote", "197501012000012001;\"Sari;;III/a;PNS;\n", []string{"2//import.csv_syntax"}},
		{"header only", "", []string{"1//import.no_rows"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseStaffCSV(strings.NewReader(header + tt.body))
			got := cellProblems(t, err)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	// The duplicate names the first line too.
	_, err := ParseStaffCSV(strings.NewReader(header + "197501012000012001;Sari;;;PNS;\n197501012000012001;Sari;;;PNS;\n"))
	if p := apperr.As(err).Problems[0]; p.Args["Line"] != 2 {
		t.Errorf("duplicate should name line 2, got %v", p.Args)
	}
}

func TestParseMissingNameColumn(t *testing.T) {
	_, err := ParseStaffCSV(strings.NewReader("NIP,Jabatan\n197501012000012001,Pustakawan\n"))
	got := cellProblems(t, err)
	if len(got) != 1 || got[0] != "1//import.missing_column" {
		t.Fatalf("got %v", got)
	}
	if _, err := ParseStaffCSV(strings.NewReader("")); apperr.As(err).Problems[0].Key != "import.empty" {
		t.Fatalf("empty file: %v", err)
	}
}

func TestParseTooManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("NIP,Nama,Status\n")
	for i := 0; i < 80; i++ {
		fmt.Fprintf(&b, "123,Orang %d,PNS\n", i)
	}
	_, err := ParseStaffCSV(strings.NewReader(b.String()))
	e := apperr.As(err)
	if len(e.Problems) != MaxImportProblems || e.Key != "import.too_many_problems" {
		t.Fatalf("got %d problems, key %s", len(e.Problems), e.Key)
	}
}

// Exports vary: status words, gelar columns, pangkat instead of golongan,
// PPPK NIPs without a status column, tabs.
func TestParseVariants(t *testing.T) {
	text := "Gelar Depan\tNama\tGelar Belakang\tNIP Baru\tNIP Lama\tPangkat/Golongan\tJabatan\tJenjang\tUnit Kerja\tTMT Jabatan\n" +
		"Dr.\tRina Marlina\tM.Hum\t198705012008052005\t132456789\tPenata Tk. I\tPustakawan\tahli muda\tReferensi\t01-01-2020\n" +
		"\tAndi\t\t199001012022211001\t\tGol. IX\tPustakawan\tAhli Pertama\t\t\n" +
		"\tYusuf\t\t\t\t-\tTenaga Perpustakaan\t\tSirkulasi\t\n"
	rows, err := ParseStaffCSV(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0].Staff
	if r.Name != "Dr. Rina Marlina, M.Hum" || r.Grade != "III/d" || r.Level != "Ahli Muda" || r.EmploymentStatus != StatusPNS {
		t.Errorf("row 1: %+v", r)
	}
	if r := rows[1].Staff; r.EmploymentStatus != StatusPPPK || r.Grade != "IX" {
		t.Errorf("a PPPK NIP without status column: %+v", r)
	}
	if r := rows[2].Staff; r.EmploymentStatus != StatusNonASN || r.Grade != "" {
		t.Errorf("no NIP without status column: %+v", r)
	}
	for _, status := range []string{"P3K", "Honorer", "Kontrak", "Non ASN", "Non-ASN"} {
		text := "Nama,NIP,Status Kepegawaian,Golongan\nA," + map[bool]string{true: "199001012022211001,", false: ","}[status == "P3K"] + status + ",\n"
		rows, err := ParseStaffCSV(strings.NewReader(text))
		if err != nil {
			t.Fatalf("%s: %v", status, err)
		}
		want := StatusNonASN
		if status == "P3K" {
			want = StatusPPPK
		}
		if rows[0].Staff.EmploymentStatus != want {
			t.Errorf("%s → %s", status, rows[0].Staff.EmploymentStatus)
		}
	}
}

func FuzzParseStaffCSV(f *testing.F) {
	f.Add(readSample(f))
	f.Add([]byte(generatedCSV(3)))
	f.Add([]byte("\uFEFFsep=;\r\nNIP;Nama\r\n\"1975\";\"x\"\"y\"\r\n"))
	f.Add([]byte("Nama,Status\n\"unterminated,PNS\n"))
	f.Add([]byte{0xFF, 0xFE, 'N', 0, 'a', 0})
	f.Add([]byte("Nama;Golongan\nA;Penata Muda\nB;1.2E+3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseStaffCSV(bytes.NewReader(data))
		if err != nil {
			var e *apperr.Error
			if !errors.As(err, &e) {
				t.Fatalf("not an *apperr.Error: %T %v", err, err)
			}
			if rows != nil {
				t.Fatalf("rows returned with an error")
			}
			return
		}
		for _, r := range rows {
			if err := r.Staff.Validate(); err != nil {
				t.Fatalf("line %d passed the reader but not Validate: %v", r.Line, err)
			}
		}
	})
}

// Older Excel saves "Unicode text" as UTF-16 with tabs, or CSV in Windows-1252.
func TestParseOtherEncodings(t *testing.T) {
	tsv := strings.ReplaceAll(string(readSample(t)), ",", "\t")
	u16 := []byte{0xFF, 0xFE}
	for _, r := range tsv {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	rows, err := ParseStaffCSV(bytes.NewReader(u16))
	if err != nil || len(rows) != 8 || rows[0].Staff.Name != "Sari Wulandari" {
		t.Fatalf("UTF-16: %v, %d rows", err, len(rows))
	}
	rows, err = ParseStaffCSV(bytes.NewReader([]byte("Nama;Status\nJos\xe9 Ramos;Honorer\n")))
	if err != nil || rows[0].Staff.Name != "José Ramos" {
		t.Fatalf("Windows-1252: %v %+v", err, rows)
	}
}
