package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// ikmHeader is a Google Forms questionnaire as Excel saves it in an
// Indonesian locale.
const ikmHeader = "Stempel waktu;Jenis Kelamin;Usia;Pendidikan;Pekerjaan;Layanan yang digunakan;Persyaratan;Prosedur;" +
	"Waktu penyelesaian;Biaya/tarif;Produk layanan;Kompetensi petugas;Perilaku petugas;" +
	"Penanganan pengaduan, saran dan masukan;Sarana dan prasarana;Kritik dan saran"

// ikmExport writes n respondents as Excel's "CSV (semicolon)" does, with a
// BOM and answers in mixed case; the first ones at Layanan Anak, the rest
// at Layanan Referensi. edit may change a line (2 is the first respondent).
func ikmExport(t *testing.T, n int, edit func(line int, cells []string)) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("\xEF\xBB\xBF" + ikmHeader + "\r\n")
	for i := 1; i <= n; i++ {
		service := "layanan anak"
		if i > 4 {
			service = "LAYANAN REFERENSI"
		}
		cells := []string{fmt.Sprintf("%d/04/2026 09:%02d", i, i), "Perempuan", "17", "SMA", "Pelajar", service,
			"Sesuai", "MUDAH", "sangat cepat", "Gratis", "sesuai", "Kompeten", "b", "4", "Sangat Baik", ""}
		if edit != nil {
			edit(i+1, cells)
		}
		b.WriteString(strings.Join(cells, ";") + "\r\n")
	}
	p := filepath.Join(t.TempDir(), "skm_2026.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func importIKM(t *testing.T, path string, lib int64, args ...string) result {
	t.Helper()
	return run(t, append([]string{"import", "ikm", "--database-url", path, "--library", strconv.FormatInt(lib, 10)}, args...)...)
}

func responsesIn(t *testing.T, path string, lib int64) int {
	t.Helper()
	return queryInt(t, path, `SELECT COUNT(*) FROM survey_responses WHERE library_id = ?`, lib)
}

// The acceptance case from the command line: the semicolon export with a
// BOM and mixed-case labels imports, by the service column.
func TestImportIKMExcelExport(t *testing.T) {
	cleanEnv(t, "en")
	path := tempDB(t)
	lib := setupLibrary(t, path)
	r := importIKM(t, path, lib, "--by-service-column", ikmExport(t, 12, nil))
	wantCode(t, r, 0)
	for _, want := range []string{"12 responses imported (2026-04-01 to 2026-04-12), 0 rows without answers skipped", "Layanan Anak", "Layanan Referensi"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("output %q lacks %q", r.out, want)
		}
	}
	if n := queryInt(t, path, `SELECT COUNT(*) FROM survey_responses r JOIN service_points sp ON sp.id = r.service_point_id
		WHERE r.library_id = ? AND sp.name = ? AND r.u7 = 2 AND r.u9 = 4`, lib, "Layanan Referensi"); n != 8 {
		t.Errorf("%d responses at Layanan Referensi, want 8", n)
	}
	if n := queryInt(t, path, `SELECT SUM(respondents) FROM ikm_daily WHERE library_id = ? AND day >= '2026-04-01' AND day <= '2026-04-30'`, lib); n != 12 {
		t.Errorf("April's aggregate counts %d respondents", n)
	}
	if n := queryInt(t, path, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action = ?`, lib, "survey.import"); n != 1 {
		t.Errorf("%d survey.import audit rows", n)
	}
}

// The other acceptance case: an invalid answer on line 12 is refused with
// exit code 2, naming line 12 and the column; nothing is stored.
func TestImportIKMRefusesLine12(t *testing.T) {
	cleanEnv(t, "en")
	path := tempDB(t)
	lib := setupLibrary(t, path)
	file := ikmExport(t, 20, func(line int, cells []string) {
		if line == 12 {
			cells[8] = "lambat"
		}
	})
	r := importIKM(t, path, lib, "--by-service-column", file)
	wantCode(t, r, 2, `Line 12, column "Waktu penyelesaian"`, `"lambat"`, "Nothing was imported")
	if n := responsesIn(t, path, lib); n != 0 {
		t.Errorf("%d responses stored", n)
	}
	// In Indonesian when the terminal is.
	cleanEnv(t, "id_ID.UTF-8")
	wantCode(t, importIKM(t, path, lib, "--by-service-column", file), 2, `Baris 12, kolom "Waktu penyelesaian"`)
}

// An XLSX whose third element the detection misses is imported with --map
// into one service point; an unknown service name is named with its line
// and column; the flags are checked before anything is read.
func TestImportIKMXLSXMapAndServiceColumn(t *testing.T) {
	cleanEnv(t, "en")
	path := tempDB(t)
	lib := setupLibrary(t, path)
	anak := queryInt(t, path, `SELECT id FROM service_points WHERE library_id = ? AND name = ?`, lib, "Layanan Anak")

	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	header := []any{"U1", "U2", "Q3", "U4", "U5", "U6", "U7", "U8", "U9", "Unit"}
	mustOK(t, f.SetSheetRow(sheet, "A1", &header))
	for i := range 6 {
		row := []any{4, "Mudah", "c", "d", 3, 3, "Sopan dan ramah", "Dikelola dengan baik", "baik", "Layanan Anak"}
		if i == 4 {
			row[9] = "Pojok Baca" // sheet row 6
		}
		mustOK(t, f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &row))
	}
	xlsx := filepath.Join(t.TempDir(), "skm.xlsx")
	mustOK(t, f.SaveAs(xlsx))
	f.Close()

	wantCode(t, importIKM(t, path, lib, xlsx), 2, "--service-point ID, or --by-service-column")
	wantCode(t, importIKM(t, path, lib, "--service-point", strconv.Itoa(anak), "--by-service-column", xlsx), 2, "not both")
	wantCode(t, importIKM(t, path, lib, "--service-point", strconv.Itoa(anak), xlsx), 2, "element U3 (Waktu penyelesaian)")
	wantCode(t, importIKM(t, path, lib, "--by-service-column", "--map", "Q3=u3", xlsx), 2,
		`Line 6, column "Unit": Service point "Pojok Baca" does not exist in this library; it has: Layanan Anak, Layanan Referensi.`)
	if n := responsesIn(t, path, lib); n != 0 {
		t.Errorf("%d responses stored", n)
	}
	r := importIKM(t, path, lib, "--service-point", strconv.Itoa(anak), "--day", "2026-06-30", "--map", "Q3=u3", "--map", "unit=ignore", xlsx)
	wantCode(t, r, 0)
	if !strings.HasPrefix(r.out, "6 responses imported (2026-06-30 to 2026-06-30)") {
		t.Errorf("output %q", r.out)
	}
	if n := queryInt(t, path, `SELECT COUNT(*) FROM survey_responses WHERE library_id = ? AND service_point_id = ? AND u3 = 3 AND day = '2026-06-30'`, lib, anak); n != 6 {
		t.Errorf("%d responses at Layanan Anak with U3 read from Q3", n)
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
