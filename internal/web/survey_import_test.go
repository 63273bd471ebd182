package web_test

import (
	"bytes"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
)

// importUpload posts a survey file with the upload form's other fields.
func (c *client) importUpload(path, filename string, content []byte, fields url.Values) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var (
	selectRE   = regexp.MustCompile(`(?s)<select id="(col-\d+|service_point)" name="([a-z_0-9]+)"[^>]*>(.*?)</select>`)
	selectedRE = regexp.MustCompile(`<option value="([^"]*)" selected>`)
	columnsRE  = regexp.MustCompile(`name="columns" value="(\d+)"`)
	dayRE      = regexp.MustCompile(`name="day" type="date" value="([^"]*)"`)
)

// mappingForm is the mapping screen's form as a browser would submit it
// untouched: every select's chosen option, the hidden column count, the day.
func mappingForm(t testing.TB, body string) url.Values {
	t.Helper()
	form := url.Values{}
	for _, m := range selectRE.FindAllStringSubmatch(body, -1) {
		v := ""
		if s := selectedRE.FindStringSubmatch(m[3]); s != nil {
			v = html.UnescapeString(s[1])
		}
		form.Set(m[2], v)
	}
	m := columnsRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no mapping form in %s", between(body, "<main", "</main>"))
	}
	form.Set("columns", m[1])
	if d := dayRE.FindStringSubmatch(body); d != nil {
		form.Set("day", d[1])
	}
	return form
}

// skmHeader is a Google Forms questionnaire as Excel saves it in an
// Indonesian locale.
var skmHeader = []string{"Stempel waktu", "Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan", "Layanan yang digunakan",
	"Persyaratan", "Prosedur", "Waktu penyelesaian", "Biaya/tarif", "Produk layanan", "Kompetensi petugas",
	"Perilaku petugas", "Penanganan pengaduan, saran dan masukan", "Sarana dan prasarana", "Kritik dan saran"}

// skmRow answers in mixed case, with a number and a letter.
func skmRow(day int, service string) []string {
	return []string{fmt.Sprintf("%02d/03/2026 10:%02d", day, day), "Laki-laki", "30", "S1", "PNS", service,
		"sangat SESUAI", "Mudah", "CEPAT", "Gratis", "Sesuai", "kompeten", "4", "c", "baik", ""}
}

// skmExcelCSV is rows as Excel writes "CSV (semicolon)": a BOM, CRLF.
func skmExcelCSV(rows [][]string) []byte {
	var b bytes.Buffer
	b.WriteString("\xEF\xBB\xBF")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ";") + "\r\n")
	}
	return b.Bytes()
}

// skmFile is a header and n respondents: the first ones at Sirkulasi, the
// last three at "layanan ANAK".
func skmFile(n int) [][]string {
	rows := [][]string{skmHeader}
	for i := 1; i <= n; i++ {
		service := "SIRKULASI"
		if i > n-3 {
			service = "layanan ANAK"
		}
		rows = append(rows, skmRow(i, service))
	}
	return rows
}

func surveyResponses(t *testing.T, d *db.DB, libraryID int64) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRowContext(t.Context(), `SELECT COUNT(*) FROM survey_responses WHERE library_id = ?`, libraryID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The acceptance case through the pages: a coordinator uploads a
// semicolon-separated Excel export with a BOM and mixed-case labels,
// confirms the columns as detected, sees the counts, and the IKM page of
// each service point shows its respondents.
func TestSurveyImportExcelExportThroughThePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		anak, err := a.Svc.Libraries.CreateServicePoint(t.Context(), a.system(), library.ServicePoint{LibraryID: a.A.Library.ID, Name: "Layanan Anak", Kind: "anak"})
		if err != nil {
			t.Fatal(err)
		}
		coord := a.login(a.A.CoordEmail)
		lib := fmt.Sprintf("/libraries/%d", a.A.Library.ID)
		page := coord.get(lib + "/ikm/import")
		if page.StatusCode != 200 || !strings.Contains(page.Body, `id="import-upload"`) || !strings.Contains(page.Body, `<option value="column" selected>`) {
			t.Fatalf("upload page: %d", page.StatusCode)
		}
		before := surveyResponses(t, d, a.A.Library.ID)

		res := coord.importUpload(lib+"/ikm/import", "skm_2026.csv", skmExcelCSV(skmFile(10)), url.Values{"service_point": {"column"}})
		mapping := coord.follow(res)
		for _, want := range []string{`id="import-mapping"`, "skm_2026.csv", ">Stempel waktu<", ">Waktu penyelesaian<", ">03/03/2026 10:03<", ">sangat SESUAI<"} {
			if !strings.Contains(mapping.Body, want) {
				t.Errorf("mapping screen lacks %s", want)
			}
		}
		form := mappingForm(t, mapping.Body)
		if form.Get("col_8") != "u3" || form.Get("col_0") != "date" || form.Get("col_5") != "service" || form.Get("col_15") != "comment" || form.Get("service_point") != "column" || form.Get("columns") != "16" {
			t.Fatalf("detected mapping %v", form)
		}
		done := coord.postForm(mappingPath(res), form)
		if done.StatusCode != 200 {
			t.Fatalf("import: %d %s", done.StatusCode, between(done.Body, "<main", "</main>"))
		}
		for _, want := range []string{`id="import-imported">10<`, fmt.Sprintf(`id="import-point-%d"`, anak.ID), `>3</td>`, `>7</td>`, "10 jawaban diimpor"} {
			if !strings.Contains(done.Body, want) {
				t.Errorf("result page lacks %s", want)
			}
		}
		if n := surveyResponses(t, d, a.A.Library.ID); n != before+10 {
			t.Errorf("%d responses, want %d", n, before+10)
		}
		march := "&period=custom&from=2026-03-01&to=2026-03-31"
		if ikm := coord.get(fmt.Sprintf("%s/ikm?service_point=%d%s", lib, anak.ID, march)); !strings.Contains(ikm.Body, `id="ikm-respondents">3<`) {
			t.Errorf("Layanan Anak's IKM page does not show its 3 respondents")
		}
		if ikm := coord.get(fmt.Sprintf("%s/ikm?service_point=%d%s", lib, a.A.ServicePoint.ID, march)); !strings.Contains(ikm.Body, `id="ikm-respondents">7<`) {
			t.Errorf("Sirkulasi's IKM page does not show its 7 respondents")
		}
		// The upload is gone once imported.
		if again := coord.postForm(mappingPath(res), form); again.StatusCode != http.StatusNotFound {
			t.Errorf("importing the same upload again: %d", again.StatusCode)
		}
	})
}

func mappingPath(upload response) string {
	loc := upload.Header.Get("Location")
	if i := strings.IndexByte(loc, '?'); i >= 0 {
		return loc[:i]
	}
	return loc
}

// The other acceptance case: an invalid answer on line 12 is refused,
// naming line 12 and the column, and no response is stored; the file waits
// for another try.
func TestSurveyImportRefusesLine12(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		admin := a.login(a.A.AdminEmail)
		lib := fmt.Sprintf("/libraries/%d", a.A.Library.ID)
		rows := skmFile(14)
		for i := range rows[1:] {
			rows[1+i][5] = "Sirkulasi"
		}
		rows[11][8] = "Lambat sekali" // line 12
		before := surveyResponses(t, d, a.A.Library.ID)
		res := admin.importUpload(lib+"/ikm/import", "skm.csv", skmExcelCSV(rows), nil)
		form := mappingForm(t, admin.follow(res).Body)
		refused := admin.postForm(mappingPath(res), form)
		if refused.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", refused.StatusCode)
		}
		if !strings.Contains(refused.Body, `Baris 12, kolom &#34;Waktu penyelesaian&#34;`) || !strings.Contains(refused.Body, "Lambat sekali") || !strings.Contains(refused.Body, `id="import-error"`) {
			t.Errorf("the refusal does not name line 12 and the column: %s", between(refused.Body, `id="import-error"`, "</div>"))
		}
		if n := surveyResponses(t, d, a.A.Library.ID); n != before {
			t.Errorf("%d responses stored", n-before)
		}
		if again := admin.get(mappingPath(res)); again.StatusCode != 200 {
			t.Errorf("the refused upload is gone: %d", again.StatusCode)
		}
	})
}

// A column the detection misses ("Q3") is mapped by hand on the mapping
// screen; an unknown service name is named with its line and column.
func TestSurveyImportMappingCorrectionAndUnknownService(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	coord := a.login(a.A.CoordEmail)
	lib := fmt.Sprintf("/libraries/%d", a.A.Library.ID)
	rows := [][]string{{"No", "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Unit layanan"}}
	for i := 1; i <= 4; i++ {
		rows = append(rows, []string{strconv.Itoa(i), "a", "b", "c", "d", "a", "b", "c", "d", "4", "Sirkulasi"})
	}
	rows[3][10] = "Pojok Baca" // line 4
	res := coord.importUpload(lib+"/ikm/import", "kuesioner.csv", skmExcelCSV(rows), url.Values{"day": {"2026-05-02"}})
	mapping := coord.follow(res)
	form := mappingForm(t, mapping.Body)
	if form.Get("col_3") != "" || form.Get("col_10") != "service" || form.Get("day") != "2026-05-02" {
		t.Fatalf("detected %v", form)
	}
	refused := coord.postForm(mappingPath(res), form)
	if refused.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(refused.Body, `id="mapping-error"`) || !strings.Contains(refused.Body, "unsur U3 (Waktu penyelesaian)") {
		t.Errorf("unmapped elements: %d %s", refused.StatusCode, between(refused.Body, `id="import-error"`, "</div>"))
	}
	for c := 1; c <= 9; c++ {
		form.Set(fmt.Sprintf("col_%d", c), fmt.Sprintf("u%d", c))
	}
	refused = coord.postForm(mappingPath(res), form)
	if refused.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(refused.Body, `Baris 4, kolom &#34;Unit layanan&#34;: Unit layanan &#34;Pojok Baca&#34; tidak ada`) {
		t.Errorf("unknown service: %d %s", refused.StatusCode, between(refused.Body, `id="import-error"`, "</div>"))
	}
	// The screen keeps the corrections made.
	if !strings.Contains(refused.Body, `<option value="u3" selected>`) {
		t.Errorf("the correction was lost")
	}
	before := surveyResponses(t, a.DB, a.A.Library.ID)
	form.Set("service_point", strconv.FormatInt(a.A.ServicePoint.ID, 10)) // all to Sirkulasi instead
	done := coord.postForm(mappingPath(res), form)
	if done.StatusCode != 200 || !strings.Contains(done.Body, `id="import-imported">4<`) {
		t.Fatalf("import: %d %s", done.StatusCode, between(done.Body, "<main", "</main>"))
	}
	if n := surveyResponses(t, a.DB, a.A.Library.ID); n != before+4 {
		t.Errorf("%d responses, want %d", n, before+4)
	}
	ikm := coord.get(fmt.Sprintf("%s/ikm?service_point=%d&period=2026-05", lib, a.A.ServicePoint.ID))
	if !strings.Contains(ikm.Body, `id="ikm-respondents">4<`) {
		t.Errorf("May's IKM page does not show the 4 respondents")
	}
}

// An XLSX made in the test imports through the same pages; a file that is
// no survey is refused at upload; a waiting upload can be discarded.
func TestSurveyImportXLSXAndDiscard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		admin := a.login(a.A.AdminEmail)
		lib := fmt.Sprintf("/libraries/%d", a.A.Library.ID)

		f := excelize.NewFile()
		sheet := f.GetSheetName(0)
		header := []any{"Jenis kelamin", "Unsur 1", "Unsur 2", "Unsur 3", "Unsur 4", "Unsur 5", "Unsur 6", "Unsur 7", "Unsur 8", "Unsur 9"}
		if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			row := []any{"P", 4, 3, "Sangat Cepat", "gratis", 3, 3, 4, "Dikelola dengan baik", "Baik"}
			if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &row); err != nil {
				t.Fatal(err)
			}
		}
		var xlsx bytes.Buffer
		if err := f.Write(&xlsx); err != nil {
			t.Fatal(err)
		}
		f.Close()
		before := surveyResponses(t, d, a.A.Library.ID)
		res := admin.importUpload(lib+"/ikm/import", "SKM Semester 1.xlsx", xlsx.Bytes(), url.Values{"service_point": {strconv.FormatInt(a.A.ServicePoint.ID, 10)}, "day": {"2026-06-30"}})
		form := mappingForm(t, admin.follow(res).Body)
		done := admin.postForm(mappingPath(res), form)
		if done.StatusCode != 200 || !strings.Contains(done.Body, `id="import-imported">5<`) {
			t.Fatalf("import: %d %s", done.StatusCode, between(done.Body, "<main", "</main>"))
		}
		if n := surveyResponses(t, d, a.A.Library.ID); n != before+5 {
			t.Errorf("%d responses, want %d", n, before+5)
		}

		bad := admin.importUpload(lib+"/ikm/import", "laporan.pdf", []byte("%PDF-1.4"), nil)
		if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Unggah berkas CSV atau Excel") {
			t.Errorf("a PDF: %d", bad.StatusCode)
		}

		res = admin.importUpload(lib+"/ikm/import", "skm.csv", skmExcelCSV(skmFile(3)), nil)
		path := mappingPath(res)
		id := path[strings.LastIndexByte(path, '/')+1:]
		if list := admin.get(lib + "/ikm/import"); !strings.Contains(list.Body, `id="resume-`+id+`"`) {
			t.Errorf("the waiting upload is not listed")
		}
		gone := admin.follow(admin.postForm(path+"/discard", nil))
		if !strings.Contains(gone.Body, "Berkas dihapus tanpa diimpor") || strings.Contains(gone.Body, `id="resume-`+id+`"`) {
			t.Errorf("discard: %s", between(gone.Body, "<main", "</main>"))
		}
		if res := admin.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("discarded upload: %d", res.StatusCode)
		}
	})
}
