package report_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"
	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/report"
	"github.com/bina-pustaka/bina/internal/survey"
)

// answers of four respondents, by hand: the element sums are 14, 13, 12,
// 16, 13, 14, 15, 10, 10 — NRR 3.5, 3.25, 3, 4, 3.25, 3.5, 3.75, 2.5, 2.5 —
// so IKM = 29.25 / 9 × 25 = 81.25 (B, Baik); U8 and U9 are the lowest
// (62.50, D) and U3 is graded C on its own (75.00).
var answers = [][ikm.NumElements]uint8{
	{4, 4, 3, 4, 3, 4, 4, 3, 2},
	{4, 3, 3, 4, 4, 3, 4, 3, 3},
	{3, 3, 3, 4, 3, 4, 4, 2, 2},
	{3, 3, 3, 4, 3, 3, 3, 2, 3},
}

var wantNRR = []string{"3,5000", "3,2500", "3,0000", "4,0000", "3,2500", "3,5000", "3,7500", "2,5000", "2,5000"}

var wib = time.FixedZone("WIB", 7*3600)

// fixture is a report as the web layer gathers it.
func fixture() *report.SKM {
	var acc ikm.Accumulator
	for _, a := range answers {
		acc.Add(a)
	}
	res := acc.Result()
	rep := survey.Report{LibraryID: 1, ServicePointID: 7, ServicePointName: "Sirkulasi", Period: survey.YearOf(2026), Result: res,
		Population: 100, PopulationScope: "service_point", SampleTarget: 80, SampleShort: true}
	for _, e := range res.Elements {
		es := survey.ElementScore{ElementResult: e, Converted: e.NRR * 25}
		es.Grade, es.Label = ikm.Grade(es.Converted)
		es.Lowest = e.NRR == 2.5
		es.Weak = es.Lowest || es.Grade == "C" || es.Grade == "D"
		rep.Elements = append(rep.Elements, es)
	}
	sp := int64(7)
	s := &report.SKM{
		Library: "Perpustakaan Kota Kediri", City: "Kota Kediri", Scope: "Sirkulasi", PeriodLabel: "Tahun 2026",
		Printed: time.Date(2026, 11, 21, 10, 0, 0, 0, wib), Report: rep,
		Profile: survey.Profile{Respondents: 4,
			Gender:     []survey.Count{cnt("L", 1), cnt("P", 3)},
			Age:        []survey.Count{cnt("0-19", 1), cnt("20-29", 2), cnt("30-39", 0), cnt("40-49", 0), cnt("50-59", 0), cnt("60+", 1)},
			Education:  []survey.Count{cnt("sd", 0), cnt("smp", 0), cnt("sma", 1), cnt("diploma", 0), cnt("s1", 2), cnt("s2", 0), cnt("s3", 0), cnt("", 1)},
			Occupation: []survey.Count{cnt("pelajar", 1), cnt("mahasiswa", 2), cnt("pns", 0), cnt("tni_polri", 0), cnt("swasta", 0), cnt("wirausaha", 0), cnt("lainnya", 0), cnt("pensiunan", 1)},
		},
		ServicePoints: map[int64]string{7: "Sirkulasi"},
	}
	for i, v := range []float64{0, 78.4, 80.12, 81.25} {
		p := survey.YearOf(2023 + i)
		tp := survey.TrendPoint{Period: p, IKM: v}
		if v > 0 {
			tp.Respondents = int64(50 + i)
			tp.Grade, _ = ikm.Grade(v)
		}
		s.Trend = append(s.Trend, report.TrendPoint{TrendPoint: tp, Label: "Tahun " + p.Value, Short: p.Value})
	}
	s.Trend[3].Respondents = 4
	s.Followups = []report.Followup{
		{Followup: survey.Followup{ID: 1, ServicePointID: &sp, ServicePointName: "Sirkulasi", Element: "U9", Period: survey.YearOf(2026),
			Action:    "Menambah kursi baca dan stop kontak di ruang sirkulasi; memperbaiki pendingin udara yang rusak sejak Agustus, dan mengukur ulang suhu ruang setiap minggu.",
			OwnerName: "Sari Wulandari", DueDate: "2026-10-31", Status: "in_progress"}, PeriodLabel: "Tahun 2026"},
		{Followup: survey.Followup{ID: 2, ServicePointID: &sp, ServicePointName: "Sirkulasi", Element: "U8", Period: survey.YearOf(2026),
			Action: "Kotak saran digital di meja layanan.", DueDate: "2026-12-31", Status: "planned"}, PeriodLabel: "Tahun 2026"},
	}
	s.Responses = func(fn func(survey.Response) error) error {
		for i, a := range answers {
			r := survey.Response{ServicePointID: 7, Day: "2026-03-0" + string(rune('1'+i)), Source: survey.SourceWeb,
				SubmittedAt: time.Date(2026, 3, 1+i, 2, 30, 0, 0, time.UTC), Gender: "P", Age: 20 + i, Education: "s1", Occupation: "mahasiswa", Answers: a}
			if i == 3 {
				r.Answers[8], r.Gender, r.Comment, r.Source = 0, "", "=1+1 bukan rumus", survey.SourceImport
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	return s
}

func bundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pdfText is the plain text of a PDF, and its number of pages.
func pdfText(t *testing.T, b []byte) (string, int) {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the PDF does not open: %v", err)
	}
	tr, err := r.GetPlainText()
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(tr)
	// Cells wrap: compare words, not lines.
	return strings.Join(strings.Fields(string(text)), " "), r.NumPage()
}

func TestSKMPDFCarriesTheNumbers(t *testing.T) {
	b := bundle(t)
	var buf bytes.Buffer
	if err := report.SKMPDF(&buf, fixture(), report.Locale{Bundle: b, Lang: "id"}); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("BINA_REPORT_SAMPLE"); dir != "" { // to look at the layout by eye
		os.WriteFile(filepath.Join(dir, "laporan-skm.pdf"), buf.Bytes(), 0o644)
	}
	text, pages := pdfText(t, buf.Bytes())
	if pages < 2 {
		t.Errorf("%d pages", pages)
	}
	want := []string{"Laporan Survei Kepuasan Masyarakat", "Perpustakaan Kota Kediri", "Sirkulasi", "Tahun 2026",
		"1 Januari 2026 – 31 Desember 2026", "21 November 2026", "81,25", "B (Baik)", "Profil responden", "Perempuan",
		"75,0", "Tidak diisi", "pensiunan", "Di bawah 20 tahun", "60 tahun ke atas", "Persyaratan", "Sarana dan prasarana",
		"62,50", "D (Tidak Baik)", "Sampel kurang", "Tren IKM", "80,12", "Unsur terlemah", "kursi baca",
		"Sari Wulandari", "31 Oktober 2026", "lewat tenggat", "Berjalan", "Direncanakan", "Kota Kediri, 21 November 2026",
		"PermenPANRB", "A (Sangat Baik) 88,31–100,00", "D (Tidak Baik) 25,00–64,99", "NRR U2 + … + NRR U9) × 1/9 × 25", "U1–U9", "Halaman 1 dari"}
	for _, w := range append(want, wantNRR...) {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF lacks %q", w)
		}
	}

	buf.Reset()
	if err := report.SKMPDF(&buf, fixture(), report.Locale{Bundle: b, Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	text, _ = pdfText(t, buf.Bytes())
	for _, w := range []string{"Public Satisfaction Survey", "81.25", "3.5000", "Respondent profile", "Female", "Page 1 of", "Head of Perpustakaan Kota Kediri"} {
		if !strings.Contains(text, w) {
			t.Errorf("the English PDF lacks %q", w)
		}
	}
}

func TestSKMPDFWithoutAnswers(t *testing.T) {
	s := &report.SKM{Library: "Perpustakaan Kota Batu", PeriodLabel: "Triwulan 1 2026", Printed: time.Date(2026, 4, 2, 8, 0, 0, 0, wib),
		Report: survey.Report{Period: survey.QuarterOf(2026, 1), Result: ikm.Result{Elements: make([]ikm.ElementResult, 9)}}}
	for _, e := range ikm.Elements {
		s.Report.Elements = append(s.Report.Elements, survey.ElementScore{ElementResult: ikm.ElementResult{Code: e.Code, Name: e.Name}})
	}
	for p, i := s.Report.Period, 0; i < 6; i, p = i+1, p.Prev() {
		s.Trend = append([]report.TrendPoint{{TrendPoint: survey.TrendPoint{Period: p}, Label: p.Value, Short: p.Value}}, s.Trend...)
	}
	var buf bytes.Buffer
	if err := report.SKMPDF(&buf, s, report.Locale{Bundle: bundle(t), Lang: "id"}); err != nil {
		t.Fatal(err)
	}
	text, _ := pdfText(t, buf.Bytes())
	for _, w := range []string{"Seluruh perpustakaan", "Belum ada jawaban pada periode ini.", "Belum ada rencana tindak lanjut", "jumlah pengunjung periode ini belum diisi"} {
		if !strings.Contains(text, w) {
			t.Errorf("the empty report lacks %q: %q", w, text)
		}
	}
}

func TestSKMWorkbook(t *testing.T) {
	b := bundle(t)
	var buf bytes.Buffer
	if err := report.SKMXLSX(&buf, fixture(), report.Locale{Bundle: b, Lang: "id"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if got, want := strings.Join(f.GetSheetList(), "|"), "Ringkasan|NRR|Profil|Tren|Rencana Tindak Lanjut|Data"; got != want {
		t.Errorf("sheets %s, want %s", got, want)
	}
	value := func(sheet, label string) string {
		t.Helper()
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if len(r) > 1 && r[0] == label {
				return r[1]
			}
		}
		t.Errorf("%s has no row %q", sheet, label)
		return ""
	}
	if v := value("Ringkasan", "IKM"); v != "81.25" {
		t.Errorf("IKM cell %q", v)
	}
	if v := value("Ringkasan", "Target sampel"); v != "80" {
		t.Errorf("target cell %q", v)
	}
	nrr, _ := f.GetRows("NRR")
	if len(nrr) < 11 || nrr[1][4] != "3.5000" || nrr[9][4] != "2.5000" || nrr[9][8] != "terendah" || nrr[3][8] != "perlu perhatian" || nrr[10][5] != "81.25" {
		t.Errorf("NRR sheet %q", nrr)
	}
	if raw, _ := f.GetCellValue("NRR", "E2", excelize.Options{RawCellValue: true}); raw != "3.5" {
		t.Errorf("NRR is not a number: %q", raw)
	}
	data, _ := f.GetRows("Data")
	if len(data) != 1+len(answers) {
		t.Fatalf("Data has %d rows, want %d", len(data), 1+len(answers))
	}
	if h := strings.Join(data[0][9:18], " "); h != "U1 U2 U3 U4 U5 U6 U7 U8 U9" {
		t.Errorf("Data head %q", data[0])
	}
	last := data[4]
	if last[1] != "2026-03-04" || last[2] != "2026-03-04 09:30" || last[3] != "Sirkulasi" || last[4] != "Impor" || last[5] != "" ||
		last[6] != "23" || last[7] != "D4/S1" || last[16] != "2" || last[17] != "" || last[18] != "=1+1 bukan rumus" {
		t.Errorf("last raw row %q", last)
	}
	if formula, _ := f.GetCellFormula("Data", "S5"); formula != "" {
		t.Errorf("a comment became a formula: %q", formula)
	}
	profile, _ := f.GetRows("Profil")
	if profile[0][0] != "Jenis kelamin" || profile[2][0] != "Perempuan" || profile[2][1] != "3" || profile[2][2] != "75.0%" {
		t.Errorf("profile %q", profile[:4])
	}
	plans, _ := f.GetRows("Rencana Tindak Lanjut")
	if len(plans) != 3 || plans[1][0] != "U9" || plans[1][7] != "Berjalan" {
		t.Errorf("plans %q", plans)
	}

	buf.Reset()
	if err := report.SKMXLSX(&buf, fixture(), report.Locale{Bundle: b, Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	f2, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	if got := strings.Join(f2.GetSheetList(), "|"); got != "Summary|NRR|Profile|Trend|Follow-up plan|Data" {
		t.Errorf("English sheets %s", got)
	}
}

func TestFilename(t *testing.T) {
	l := report.Locale{Bundle: bundle(t), Lang: "id"}
	s := fixture()
	if got := s.Filename(l, "pdf"); got != "laporan-skm-perpustakaan-kota-kediri-sirkulasi-2026.pdf" {
		t.Errorf("filename %q", got)
	}
	s.Scope = ""
	s.Library = "Perpustakaan Umum \"Bung Karno\" / Blitar"
	s.Report.Period, _ = survey.ParsePeriod("custom", "2026-03-20", "2026-04-05")
	if got := s.Filename(report.Locale{Bundle: l.Bundle, Lang: "en"}, "xlsx"); got != "skm-report-perpustakaan-umum-bung-karno-blitar-2026-03-20-2026-04-05.xlsx" {
		t.Errorf("filename %q", got)
	}
}

// Every key the report shows has a text in both languages: a missing one
// would print its id in a published document.
func TestEveryReportKeyIsTranslated(t *testing.T) {
	b := bundle(t)
	keys := map[string]bool{}
	re := regexp.MustCompile(`"(survey\.[a-z0-9_.]+[a-z0-9_])"`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			keys[m[1]] = true
		}
	}
	for _, s := range []string{survey.SourceWeb, survey.SourceImport} {
		keys["survey.report.source."+s] = true
	}
	for _, s := range survey.Statuses {
		keys["survey.followup.status."+s] = true
	}
	for _, g := range survey.Genders {
		keys["survey.gender."+strings.ToLower(g)] = true
	}
	for _, e := range survey.Educations {
		keys["survey.education."+e] = true
	}
	for _, o := range survey.Occupations {
		keys["survey.occupation."+o] = true
	}
	if len(keys) < 60 {
		t.Fatalf("found only %d keys; the scan is broken", len(keys))
	}
	for k := range keys {
		for _, lang := range i18n.Langs {
			if !b.Has(lang, k) {
				t.Errorf("key %q has no %s text", k, lang)
			}
		}
	}
}

func cnt(value string, n int64) survey.Count { return survey.Count{Value: value, Count: n} }
