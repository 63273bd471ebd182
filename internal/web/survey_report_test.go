package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/survey"
)

// skmAnswers are four respondents whose element sums are 14, 13, 12, 16,
// 13, 14, 15, 10, 10: NRR 3.5, 3.25, 3, 4, 3.25, 3.5, 3.75, 2.5, 2.5, so
// IKM = 29.25 / 9 × 25 = 81.25, grade B (Baik).
var skmAnswers = [][9]uint8{
	{4, 4, 3, 4, 3, 4, 4, 3, 2},
	{4, 3, 3, 4, 4, 3, 4, 3, 3},
	{3, 3, 3, 4, 3, 4, 4, 2, 2},
	{3, 3, 3, 4, 3, 3, 3, 2, 3},
}

var skmNRR = []string{"3,5000", "3,2500", "3,0000", "4,0000", "3,2500", "3,5000", "3,7500", "2,5000", "2,5000"}

// seedSKM imports the four answers into library A's circulation desk in
// 2026, one answer of another kind into library B, and 100 visitors for
// A, whose Krejcie–Morgan sample is then 80.
func seedSKM(t *testing.T, a *app) {
	t.Helper()
	ctx := t.Context()
	var rs []survey.Response
	for i, ans := range skmAnswers {
		rs = append(rs, survey.Response{ServicePointID: a.A.ServicePoint.ID, Day: fmt.Sprintf("2026-03-0%d", i+1),
			Gender: []string{"L", "P"}[i%2], Age: 18 + 10*i, Education: "s1", Occupation: "mahasiswa", Answers: ans, Comment: "Saran ke-" + fmt.Sprint(i+1)})
	}
	if _, err := a.Svc.Survey.Import(ctx, a.system(), a.A.Library.ID, rs); err != nil {
		t.Fatal(err)
	}
	other := survey.Response{ServicePointID: a.B.ServicePoint.ID, Day: "2026-03-01", Answers: [9]uint8{1, 1, 1, 1, 1, 1, 1, 1, 1}, Comment: "rahasia B"}
	if _, err := a.Svc.Survey.Import(ctx, a.system(), a.B.Library.ID, []survey.Response{other}); err != nil {
		t.Fatal(err)
	}
	if err := a.Svc.Survey.SetVisitors(ctx, a.system(), survey.VisitorCount{LibraryID: a.A.Library.ID, Month: "2026-01", Visitors: 100}); err != nil {
		t.Fatal(err)
	}
}

func reportText(t *testing.T, b []byte) (string, int) {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the report does not open as a PDF: %v", err)
	}
	tr, err := r.GetPlainText()
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(tr)
	// Cells wrap: compare words, not lines.
	return strings.Join(strings.Fields(string(text)), " "), r.NumPage()
}

func TestSKMReportPDF(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		seedSKM(t, a)
		coord := a.login(a.A.CoordEmail)
		base := fmt.Sprintf("/libraries/%d/ikm", a.A.Library.ID)
		query := fmt.Sprintf("?period=2026&service_point=%d", a.A.ServicePoint.ID)

		// The IKM page links to both files of its own selection.
		page := coord.get(base + query)
		for _, want := range []string{`id="ikm-report-pdf" href="` + base + `/report.pdf?period=2026&service_point=`, `id="ikm-report-xlsx"`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the IKM page lacks %s", want)
			}
		}

		res := coord.get(base + "/report.pdf" + query)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF-") {
			t.Fatalf("report.pdf: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="laporan-skm-perpustakaan-kota-batu-sirkulasi-2026.pdf"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		text, pages := reportText(t, []byte(res.Body))
		if pages < 1 {
			t.Errorf("%d pages", pages)
		}
		want := []string{a.A.Library.Name, "Sirkulasi", "Tahun 2026", "81,25", "B (Baik)", "Sarana dan prasarana", "D (Tidak Baik)",
			"Sampel kurang: baru 4 responden dari target 80", "Tindak lanjut " + a.A.Library.Name, a.A.Staff.Name, "Laki-laki", "Mahasiswa"}
		for _, w := range append(want, skmNRR...) {
			if !strings.Contains(text, w) {
				t.Errorf("the report lacks %q", w)
			}
		}
		if strings.Contains(text, a.B.Library.Name) {
			t.Errorf("the report shows library B")
		}

		// In English, with English numbers.
		coord.lang = "en"
		res = coord.get(base + "/report.pdf" + query)
		text, _ = reportText(t, []byte(res.Body))
		for _, w := range []string{"Public Satisfaction Survey", "81.25", "3.5000", "2.5000", "B (Baik)"} {
			if !strings.Contains(text, w) {
				t.Errorf("the English report lacks %q", w)
			}
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="skm-report-perpustakaan-kota-batu-sirkulasi-2026.pdf"`) {
			t.Errorf("English Content-Disposition %q", cd)
		}
		coord.lang = "id"

		// The whole library, and a quarter with nobody.
		res = coord.get(base + "/report.pdf?period=2026")
		if text, _ = reportText(t, []byte(res.Body)); !strings.Contains(text, "Seluruh perpustakaan") || !strings.Contains(text, "81,25") {
			t.Errorf("whole library report: %q", text)
		}
		res = coord.get(base + "/report.pdf?period=custom&from=2026-03-02&to=2026-03-31")
		if text, _ = reportText(t, []byte(res.Body)); !strings.Contains(text, "2 Maret 2026 – 31 Maret 2026") || !strings.Contains(text, "Sebanyak 3 responden") {
			t.Errorf("a range of days: %q", text)
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="laporan-skm-perpustakaan-kota-batu-2026-03-02-2026-03-31.pdf"`) {
			t.Errorf("Content-Disposition of a range %q", cd)
		}
		res = coord.get(base + "/report.pdf?period=2026-Q4")
		if text, _ = reportText(t, []byte(res.Body)); res.StatusCode != 200 || !strings.Contains(text, "Belum ada jawaban pada periode ini.") {
			t.Errorf("empty quarter: %d %q", res.StatusCode, text)
		}

		// A period that does not exist is an error page, not a file.
		if res = coord.get(base + "/report.pdf?period=2026-Q9"); res.StatusCode != http.StatusUnprocessableEntity || res.Header.Get("Content-Disposition") != "" {
			t.Errorf("bad period: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		// Another library's service point is not found.
		if res = coord.get(fmt.Sprintf("%s/report.pdf?period=2026&service_point=%d", base, a.B.ServicePoint.ID)); res.StatusCode != http.StatusNotFound {
			t.Errorf("B's service point: %d", res.StatusCode)
		}
	})
}

// The first page turns into an image with something on it: the file is
// not only parseable but draws.
func TestSKMReportRenders(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	seedSKM(t, a)
	res := a.login(a.A.CoordEmail).get(fmt.Sprintf("/libraries/%d/ikm/report.pdf?period=2026", a.A.Library.ID))
	if res.StatusCode != 200 {
		t.Fatalf("report.pdf: %d", res.StatusCode)
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		dbtest.RequireService(t, "pdftoppm (Debian: apt-get install poppler-utils) renders the report's first page")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "laporan.pdf")
	if err := os.WriteFile(in, []byte(res.Body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), "pdftoppm", "-f", "1", "-l", "1", "-r", "50", "-png", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the rendered page is no PNG: %v", err)
	}
	b := img.Bounds()
	// A4 at 50 dpi is 413 × 585 pixels.
	if b.Dx() < 400 || b.Dx() > 430 || b.Dy() < 570 || b.Dy() > 600 || b.Dy() < b.Dx() {
		t.Errorf("page 1 is %v, not A4 portrait", b)
	}
	dark, total := darkPixels(img)
	if dark < total/200 {
		t.Errorf("page 1 is nearly blank: %d dark pixels of %d", dark, total)
	}
}

func darkPixels(img image.Image) (dark, total int) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (299*r+587*g+114*bl)/1000 < 0x8000 {
				dark++
			}
			total++
		}
	}
	return dark, total
}

func TestSKMReportXLSX(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		seedSKM(t, a)
		coord := a.login(a.A.CoordEmail)
		res := coord.get(fmt.Sprintf("/libraries/%d/ikm/report.xlsx?period=2026&service_point=%d", a.A.Library.ID, a.A.ServicePoint.ID))
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("report.xlsx: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="laporan-skm-perpustakaan-kota-batu-sirkulasi-2026.xlsx"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		f, err := excelize.OpenReader(strings.NewReader(res.Body))
		if err != nil {
			t.Fatalf("the workbook does not open: %v", err)
		}
		defer f.Close()
		if got := strings.Join(f.GetSheetList(), "|"); got != "Ringkasan|NRR|Profil|Tren|Rencana Tindak Lanjut|Data" {
			t.Errorf("sheets %s", got)
		}
		rows, _ := f.GetRows("Ringkasan")
		ikmValue := ""
		for _, r := range rows {
			if len(r) > 1 && r[0] == "IKM" {
				ikmValue = r[1]
			}
		}
		if ikmValue != "81.25" {
			t.Errorf("the IKM cell says %q", ikmValue)
		}
		data, _ := f.GetRows("Data")
		if len(data) != 1+len(skmAnswers) {
			t.Errorf("Data has %d rows, want the head and %d answers", len(data), len(skmAnswers))
		}
		for _, r := range data {
			if strings.Contains(strings.Join(r, " "), "rahasia B") {
				t.Errorf("library B's answer is in A's data")
			}
		}
		if len(data) > 1 && (data[1][1] != "2026-03-01" || data[1][3] != "Sirkulasi" || data[1][9] != "4" || data[1][18] != "Saran ke-1") {
			t.Errorf("first raw row %q", data[1])
		}
		plans, _ := f.GetRows("Rencana Tindak Lanjut")
		if len(plans) != 2 || plans[1][4] != "Tindak lanjut "+a.A.Library.Name {
			t.Errorf("plans %q", plans)
		}
	})
}
