package survey_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/survey"
)

// excelHeader is a Google Forms questionnaire as Excel saves it in an
// Indonesian locale: semicolons, the timestamp first, the profile, the nine
// elements by their short titles, the comment.
var excelHeader = []string{"Stempel waktu", "Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan", "Layanan yang digunakan",
	"Persyaratan", "Prosedur", "Waktu penyelesaian", "Biaya/tarif", "Produk layanan", "Kompetensi petugas",
	"Perilaku petugas", "Penanganan pengaduan, saran dan masukan", "Sarana dan prasarana", "Kritik dan saran"}

// excelRow is one respondent: labels in mixed case, a number and a letter.
func excelRow(day int, service string) []string {
	return []string{fmt.Sprintf("%02d/03/2026 10:%02d", day, day), "Perempuan", "21", "SMA", "Mahasiswa", service,
		"SANGAT SESUAI", "mudah", "Cepat", "gratis", "sesuai", "KOMPETEN", "3", "d", "Baik", "Wifi, mohon diperbaiki"}
}

// csvFile joins rows with sep, quoting cells that hold it; bom adds the
// UTF-8 byte order mark Excel writes.
func csvFile(sep string, bom bool, rows ...[]string) []byte {
	var b bytes.Buffer
	if bom {
		b.WriteString("\xEF\xBB\xBF")
	}
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteString(sep)
			}
			if strings.Contains(c, sep) || strings.Contains(c, `"`) {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

func responses(t testing.TB, d *db.DB, libraryID int64) int {
	return count(t, d, `SELECT COUNT(*) FROM survey_responses WHERE library_id = ?`, libraryID)
}

// The first acceptance case: a semicolon-separated Excel export
// with a BOM and mixed-case labels imports, each row to the service point
// its column names (in any case), on the day its timestamp says.
func TestImportExcelSemicolonBOMMixedCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, "Perpustakaan Kota Batu", "Asia/Jakarta", "Sirkulasi", "Layanan Anak")
		rows := [][]string{excelHeader}
		for day := 1; day <= 10; day++ {
			service := "sirkulasi"
			if day > 6 {
				service = "  LAYANAN   ANAK "
			}
			rows = append(rows, excelRow(day, service))
		}
		// A row with a timestamp but no answer is skipped, not refused.
		rows = append(rows, []string{"11/03/2026 10:00", "", "", "", "", "Sirkulasi", "", "", "", "", "", "", "", "", "", ""})
		res, err := w.svc.ImportFile(ctx, super, w.lib.ID, "skm.csv", csvFile(";", true, rows...), survey.ImportOptions{})
		must(t, err)
		if res.Imported != 10 || res.Skipped != 1 || res.From != "2026-03-01" || res.To != "2026-03-10" {
			t.Errorf("result %+v", res)
		}
		want := []survey.ImportCount{{w.points[1].ID, "Layanan Anak", 4}, {w.points[0].ID, "Sirkulasi", 6}}
		if fmt.Sprint(res.ByServicePoint) != fmt.Sprint(want) {
			t.Errorf("per point %v, want %v", res.ByServicePoint, want)
		}
		rep, err := w.svc.IKM(ctx, super, w.lib.ID, w.points[0].ID, survey.MonthOf(2026, time.March))
		must(t, err)
		if rep.Result.Respondents != 6 {
			t.Errorf("Sirkulasi has %d respondents in March", rep.Result.Respondents)
		}
		// Every answer read: U1 "SANGAT SESUAI" 4, U7 "3", U8 "d" 4.
		if e := rep.Elements; e[0].Sum != 24 || e[6].Sum != 18 || e[7].Sum != 24 || e[3].Sum != 24 {
			t.Errorf("element sums %d %d %d %d", e[0].Sum, e[6].Sum, e[7].Sum, e[3].Sum)
		}
		var gender, education, occupation, comment, day, source string
		var age int
		must(t, d.Reader().QueryRowContext(ctx, `SELECT gender, age, education, occupation, comment, day, source FROM survey_responses
			WHERE library_id = ? ORDER BY day LIMIT 1`, w.lib.ID).Scan(&gender, &age, &education, &occupation, &comment, &day, &source))
		if gender != "P" || age != 21 || education != "sma" || occupation != "mahasiswa" || comment != "Wifi, mohon diperbaiki" || day != "2026-03-01" || source != "import" {
			t.Errorf("stored %s %d %s %s %q %s %s", gender, age, education, occupation, comment, day, source)
		}
	})
}

// The second: an invalid answer on line 12 is refused naming line 12 and
// the column, and no response is stored, not even the good rows before it.
func TestImportInvalidAnswerOnLine12StoresNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, "Perpustakaan Kota Kediri", "Asia/Jakarta", "Sirkulasi")
		rows := [][]string{excelHeader}
		for day := 1; day <= 15; day++ {
			rows = append(rows, excelRow(day, "Sirkulasi"))
		}
		rows[11][8] = "Lumayan" // line 12: the header is line 1
		_, err := w.svc.ImportFile(context.Background(), super, w.lib.ID, "skm.csv", csvFile(";", true, rows...), survey.ImportOptions{})
		e := wantCode(t, err, apperr.Invalid)
		if len(e.Problems) != 1 || e.Problems[0].Line != 12 || e.Problems[0].Column != "Waktu penyelesaian" || e.Problems[0].Key != "ikm.bad_answer" {
			t.Fatalf("problems %+v", e.Problems)
		}
		if e.Key != "survey_import.invalid" {
			t.Errorf("key %s", e.Key)
		}
		if n := responses(t, d, w.lib.ID); n != 0 {
			t.Errorf("%d responses stored", n)
		}
	})
}

// An XLSX made in Excel: the first sheet, dates as date cells, an empty
// row; problems are named by the sheet's row numbers.
func TestImportXLSX(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, "Perpustakaan Kota Samarinda", "Asia/Makassar", "Referensi")
		build := func(bad bool) []byte {
			f := excelize.NewFile()
			defer f.Close()
			sheet := f.GetSheetName(0)
			header := []any{"Timestamp", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "Layanan yang digunakan"}
			must(t, f.SetSheetRow(sheet, "A1", &header))
			style, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
			must(t, err)
			for i := range 4 {
				row := 2 + i
				if i >= 2 {
					row++ // row 4 stays empty
				}
				cells := []any{time.Date(2026, 7, 20+i, 14, 30, 0, 0, time.UTC), "Sangat Sesuai", 4, "c", "Gratis", "Sesuai", "kompeten", "Sopan dan ramah", "Tidak ada", "baik", "Referensi"}
				if bad && i == 3 {
					cells[3] = "e"
				}
				cell := fmt.Sprintf("A%d", row)
				must(t, f.SetSheetRow(sheet, cell, &cells))
				must(t, f.SetCellStyle(sheet, cell, cell, style))
			}
			var b bytes.Buffer
			must(t, f.Write(&b))
			return b.Bytes()
		}
		ctx := context.Background()
		_, err := w.svc.ImportFile(ctx, super, w.lib.ID, "skm.xlsx", build(true), survey.ImportOptions{})
		e := wantCode(t, err, apperr.Invalid)
		if len(e.Problems) != 1 || e.Problems[0].Line != 6 || e.Problems[0].Column != "U3" {
			t.Fatalf("problems %+v", e.Problems)
		}
		res, err := w.svc.ImportFile(ctx, super, w.lib.ID, "skm.xlsx", build(false), survey.ImportOptions{})
		must(t, err)
		if res.Imported != 4 || res.From != "2026-07-20" || res.To != "2026-07-23" {
			t.Errorf("result %+v", res)
		}
		var at time.Time
		must(t, d.Reader().QueryRowContext(ctx, `SELECT submitted_at FROM survey_responses WHERE library_id = ? AND day = '2026-07-20'`, w.lib.ID).Scan(&at))
		if want := time.Date(2026, 7, 20, 14, 30, 0, 0, time.FixedZone("WITA", 8*3600)); !at.Equal(want) {
			t.Errorf("submitted at %s, want %s (the sheet's time in the library's zone)", at, want)
		}
	})
}

// A column the detection misses ("Q3") is given its element by hand; until
// then the file is refused naming the missing element.
func TestImportMappingCorrection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, "Perpustakaan Kota Semarang", "Asia/Jakarta", "Sirkulasi")
		file := csvFile(",", false,
			[]string{"U1", "U2", "Q3", "U4", "U5", "U6", "U7", "U8", "U9"},
			[]string{"4", "4", "Sangat cepat", "4", "4", "4", "4", "4", "4"},
			[]string{"3", "3", "kurang cepat", "3", "3", "3", "3", "3", "3"})
		p, err := survey.PreviewImport("skm.csv", file)
		must(t, err)
		if p.Columns[2].Header != "Q3" || p.Columns[2].Target != "" || p.Columns[0].Target != "u1" || fmt.Sprint(p.Columns[2].Samples) != "[Sangat cepat kurang cepat]" || fmt.Sprint(p.Lines) != "[2 3]" {
			t.Errorf("preview %+v", p)
		}
		opt := survey.ImportOptions{ServicePointID: w.points[0].ID, Day: "2026-02-10"}
		_, err = w.svc.ImportFile(ctx, super, w.lib.ID, "skm.csv", file, opt)
		wantProblem(t, wantCode(t, err, apperr.Invalid), "mapping", "survey_import.element_missing")

		// As the mapping screen sends it: a target per column.
		mapping := []string{"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"}
		opt.Mapping = mapping
		res, err := w.svc.ImportFile(ctx, super, w.lib.ID, "skm.csv", file, opt)
		must(t, err)
		if res.Imported != 2 || res.From != "2026-02-10" {
			t.Errorf("result %+v", res)
		}
		// As the command line gives it: by header, over the detection.
		opt.Mapping, opt.Columns = nil, map[string]string{"q3": "u3"}
		if res, err = w.svc.ImportFile(ctx, super, w.lib.ID, "skm.csv", file, opt); err != nil || res.Imported != 2 {
			t.Errorf("by header: %+v %v", res, err)
		}
		// Two columns for one element is named at the header.
		opt.Columns = nil
		opt.Mapping = []string{"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u3"}
		_, err = w.svc.ImportFile(ctx, super, w.lib.ID, "skm.csv", file, opt)
		e := wantCode(t, err, apperr.Invalid)
		wantProblem(t, e, "mapping", "survey_import.element_missing") // U9
		if p := e.Problems[1]; p.Line != 1 || p.Column != "U9" || p.Key != "survey_import.column_twice" || p.Args["Other"] != "Q3" {
			t.Errorf("problems %+v", e.Problems)
		}
		if n := responses(t, d, w.lib.ID); n != 4 {
			t.Errorf("%d responses", n)
		}
	})
}

// A service name that is no service point of the library is named with
// its line and column, and nothing is stored; so is a bad date.
func TestImportUnknownServiceAndBadDate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, "Perpustakaan Kota Lubuklinggau", "Asia/Jakarta", "Sirkulasi", "Referensi")
		rows := [][]string{excelHeader}
		for day := 1; day <= 5; day++ {
			rows = append(rows, excelRow(day, "Referensi"))
		}
		rows[3][5] = "Perpustakaan Keliling" // line 4
		rows[5][0] = "kemarin"               // line 6
		_, err := w.svc.ImportFile(context.Background(), super, w.lib.ID, "skm.csv", csvFile(";", false, rows...), survey.ImportOptions{})
		e := wantCode(t, err, apperr.Invalid)
		if len(e.Problems) != 2 {
			t.Fatalf("problems %+v", e.Problems)
		}
		p := e.Problems[0]
		if p.Line != 4 || p.Column != "Layanan yang digunakan" || p.Key != "survey_import.unknown_service" || p.Args["Known"] != "Referensi, Sirkulasi" {
			t.Errorf("service problem %+v", p)
		}
		if p := e.Problems[1]; p.Line != 6 || p.Column != "Stempel waktu" || p.Key != "survey_import.bad_date" {
			t.Errorf("date problem %+v", p)
		}
		if n := responses(t, d, w.lib.ID); n != 0 {
			t.Errorf("%d responses stored", n)
		}
	})
}

// The upload waits in the database between the steps: only its library
// sees it, a refused import keeps it for correction, a successful one
// removes it, and housekeeping removes the forgotten ones.
func TestImportUploadLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, "Perpustakaan Kota Batu", "Asia/Jakarta", "Sirkulasi")
		other := newWorld(t, d, "Perpustakaan Kota Kediri", "Asia/Jakarta", "Sirkulasi")
		file := csvFile(";", true, []string{"U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"}, []string{"1", "2", "3", "4", "a", "b", "c", "d", "4"})
		admin := member(w.lib.ID, auth.RoleAdmin)

		if _, err := w.svc.SaveImportUpload(ctx, admin, w.lib.ID, "skm.pdf", []byte("%PDF-1.4")); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("a PDF: %v", err)
		}
		if _, err := w.svc.SaveImportUpload(ctx, admin, w.lib.ID, "skm.csv", []byte("U1;U2;U3\r\n")); apperr.As(err).Key != "import.no_rows" {
			t.Errorf("a header without rows: %v", err)
		}
		if _, err := w.svc.SaveImportUpload(ctx, admin, w.lib.ID, "skm.csv", make([]byte, survey.MaxImportBytes+1)); apperr.CodeOf(err) != apperr.TooLarge {
			t.Errorf("too large: %v", err)
		}
		if _, err := w.svc.SaveImportUpload(ctx, member(w.lib.ID, auth.RoleStaff), w.lib.ID, "skm.csv", file); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("staff upload: %v", err)
		}
		u, err := w.svc.SaveImportUpload(ctx, admin, w.lib.ID, `C:\Users\Sari\Desktop\skm.csv`, file)
		must(t, err)
		if u.Filename != "skm.csv" || u.Size != len(file) {
			t.Errorf("upload %+v", u)
		}
		if _, err := other.svc.ImportUpload(ctx, super, other.lib.ID, u.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another library sees the upload: %v", err)
		}
		if _, err := w.svc.ImportFromUpload(ctx, super, other.lib.ID, u.ID, survey.ImportOptions{ServicePointID: other.points[0].ID}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another library imports the upload: %v", err)
		}
		// Refused (no service point chosen, no service column): kept.
		_, err = w.svc.ImportFromUpload(ctx, admin, w.lib.ID, u.ID, survey.ImportOptions{})
		wantProblem(t, wantCode(t, err, apperr.Invalid), "service_point", "survey_import.no_service_column")
		pending, err := w.svc.PendingImportUploads(ctx, admin, w.lib.ID)
		must(t, err)
		if len(pending) != 1 || pending[0].ID != u.ID || pending[0].Size != len(file) {
			t.Fatalf("pending %+v", pending)
		}
		res, err := w.svc.ImportFromUpload(ctx, admin, w.lib.ID, u.ID, survey.ImportOptions{ServicePointID: w.points[0].ID})
		must(t, err)
		if res.Imported != 1 {
			t.Errorf("result %+v", res)
		}
		if _, err := w.svc.ImportFromUpload(ctx, admin, w.lib.ID, u.ID, survey.ImportOptions{ServicePointID: w.points[0].ID}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("imported twice: %v", err)
		}
		if n := responses(t, d, w.lib.ID); n != 1 {
			t.Errorf("%d responses", n)
		}

		// Forgotten uploads go after a day; a fresh one stays.
		w.at(time.Now().Add(-25 * time.Hour))
		_, err = w.svc.SaveImportUpload(ctx, admin, w.lib.ID, "lama.csv", file)
		must(t, err)
		w.svc.Now = nil
		fresh, err := w.svc.SaveImportUpload(ctx, admin, w.lib.ID, "baru.csv", file)
		must(t, err)
		n, err := w.svc.PurgeImportUploads(ctx, time.Now().Add(-survey.ImportUploadTTL))
		must(t, err)
		pending, _ = w.svc.PendingImportUploads(ctx, admin, w.lib.ID)
		if n != 1 || len(pending) != 1 || pending[0].ID != fresh.ID {
			t.Errorf("purged %d, left %+v", n, pending)
		}
		must(t, w.svc.DiscardImportUpload(ctx, admin, w.lib.ID, fresh.ID))
		if err := w.svc.DiscardImportUpload(ctx, admin, w.lib.ID, fresh.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("discarded twice: %v", err)
		}
	})
}
