package ikm

import (
	"encoding/csv"
	"fmt"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// The sample export, computed independently of the package: encoding/csv,
// a label table written out here, and fractions.
func TestSampleFileExactResult(t *testing.T) {
	data, err := readSample()
	if err != nil {
		t.Fatal(err)
	}
	// Score of each label per element, in the order of the file's columns 7–15.
	scoreOf := []map[string]int64{
		{"Tidak sesuai": 1, "Kurang sesuai": 2, "Sesuai": 3, "Sangat sesuai": 4},
		{"Tidak mudah": 1, "Kurang mudah": 2, "Mudah": 3, "Sangat mudah": 4},
		{"Tidak cepat": 1, "Kurang cepat": 2, "Cepat": 3, "Sangat cepat": 4},
		{"Sangat mahal": 1, "Cukup mahal": 2, "Murah": 3, "Gratis": 4},
		{"Tidak sesuai": 1, "Kurang sesuai": 2, "Sesuai": 3, "Sangat sesuai": 4},
		{"Tidak kompeten": 1, "Kurang kompeten": 2, "Kompeten": 3, "Sangat kompeten": 4},
		{"Tidak sopan dan ramah": 1, "Kurang sopan dan ramah": 2, "Sopan dan ramah": 3, "Sangat sopan dan ramah": 4},
		{"Tidak ada": 1, "Ada tetapi tidak berfungsi": 2, "Berfungsi kurang maksimal": 3, "Dikelola dengan baik": 4},
		{"Buruk": 1, "Cukup": 2, "Baik": 3, "Sangat baik": 4},
	}
	recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var sums [NumElements]int64
	for _, rec := range recs[1:] {
		for i := range NumElements {
			s, ok := scoreOf[i][rec[6+i]]
			if !ok {
				t.Fatalf("unexpected answer %q", rec[6+i])
			}
			sums[i] += s
		}
	}
	n := int64(len(recs) - 1)
	want := new(big.Rat)
	for _, s := range sums {
		want.Add(want, big.NewRat(s, n))
	}
	want.Mul(want, big.NewRat(25, 9))

	got, err := Compute(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	// By hand: sums 75, 70, 74, 86, 78, 74, 85, 78, 79 over 25 respondents;
	// ΣNRR = 699/25 = 27.96; IKM = 27.96 × 25/9 = 699/9 = 233/3 = 77.666… → 77.67, B.
	if sums != [NumElements]int64{75, 70, 74, 86, 78, 74, 85, 78, 79} || n != 25 {
		t.Fatalf("the sample changed: sums %v over %d", sums, n)
	}
	if got.Exact.Cmp(want) != 0 || want.Cmp(big.NewRat(233, 3)) != 0 {
		t.Errorf("exact IKM %v, want %v (233/3)", got.Exact, want)
	}
	if got.IKM != 77.67 || got.Grade != "B" || got.Label != "Baik" || got.Respondents != 25 || got.Skipped != 0 {
		t.Errorf("got %+v", got)
	}
	wantNRR := []float64{3, 2.8, 2.96, 3.44, 3.12, 2.96, 3.4, 3.12, 3.16}
	for i, e := range got.Elements {
		if e.NRR != wantNRR[i] || e.Count != 25 || e.Code != Elements[i].Code {
			t.Errorf("%s: NRR %v from %d answers, want %v from 25", e.Code, e.NRR, e.Count, wantNRR[i])
		}
	}
}

// header9 is a short-title header like the Google Forms sample's.
const header9 = "Persyaratan pelayanan,Prosedur pelayanan,Waktu pelayanan,Biaya/tarif,Produk layanan," +
	"Kompetensi petugas,Perilaku petugas,\"Penanganan pengaduan, saran dan masukan\",Sarana dan prasarana"

func compute(t *testing.T, data string) Result {
	t.Helper()
	r, err := Compute(strings.NewReader(data))
	if err != nil {
		t.Fatalf("%v\n%+v", err, apperr.As(err).Problems)
	}
	return r
}

// An Indonesian-locale Excel export: semicolons, BOM, CRLF, labels in odd
// case and spacing.
func TestSemicolonBOMMixedCase(t *testing.T) {
	data := "\uFEFFStempel waktu;Jenis Kelamin;Layanan yang digunakan;" + strings.ReplaceAll(header9, ",", ";") + "\r\n" +
		"1/11/2026;L;Sirkulasi;SANGAT SESUAI;  sangat   MUDAH ;Sangat Cepat;gratis;Sangat sesuai;sangat kompeten;" +
		"Sangat Sopan Dan Ramah;DIKELOLA DENGAN BAIK;\u00a0Sangat baik\u00a0\r\n" +
		"2/11/2026;P;Referensi;tidak sesuai;tidak mudah;tidak cepat;sangat mahal;tidak sesuai;tidak kompeten;" +
		"tidak sopan dan ramah;tidak ada;buruk\r\n"
	// NRR (4+1)/2 = 2.5 everywhere; IKM = 9 × 2.5 × 25/9 = 62.5, D.
	r := compute(t, data)
	if r.IKM != 62.5 || r.Grade != "D" || r.Respondents != 2 {
		t.Errorf("got %+v", r)
	}
}

func TestLettersAndNumbers(t *testing.T) {
	data := header9 + "\n" +
		"4,4,4,4,4,4,4,4,4\n" +
		"a,B,c,D,a,b,C,d,a\n" + // 1,2,3,4,1,2,3,4,1
		" 3 ,Kurang mudah,2,b,c,3,Sopan dan ramah,C,Baik\n" // 3,2,2,2,3,3,3,3,3
	// Sums 8,8,9,10,8,9,10,11,8 over 3: ΣNRR = 81/3 = 27; IKM = 27 × 25/9 = 75, C.
	r := compute(t, data)
	if r.IKM != 75 || r.Grade != "C" || r.Respondents != 3 {
		t.Errorf("got %+v", r)
	}
	if r.Elements[7].Sum != 11 || r.Elements[3].Sum != 10 {
		t.Errorf("elements %+v", r.Elements)
	}
}

// problems returns the problems of a refused file as "line/column/key".
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		t.Fatal("the file was accepted")
	}
	e := apperr.As(err)
	if e.Code != apperr.Invalid {
		t.Fatalf("code %s, want invalid: %v", e.Code, err)
	}
	var out []string
	for _, p := range e.Problems {
		out = append(out, fmt.Sprintf("%d/%s/%s", p.Line, p.Column, p.Key))
	}
	return out
}

func TestInvalidAnswerNamesLineAndColumn(t *testing.T) {
	data, err := readSample()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	// Line 12 of the file (index 11): the 9th cell answers Waktu pelayanan.
	cells := strings.SplitN(lines[11], ",", 10)
	cells[8] = "Lumayan"
	lines[11] = strings.Join(cells, ",")
	_, err = Compute(strings.NewReader(strings.Join(lines, "\n")))
	got := problems(t, err)
	if len(got) != 1 || got[0] != `12/Waktu pelayanan/ikm.bad_answer` {
		t.Fatalf("problems %v", got)
	}
	p := apperr.As(err).Problems[0]
	if p.Args["Value"] != "Lumayan" || p.Args["Allowed"] != "Tidak cepat, Kurang cepat, Cepat, Sangat cepat" {
		t.Errorf("args %v", p.Args)
	}
	if apperr.As(err).Key != "ikm.invalid_file" {
		t.Errorf("key %s", apperr.As(err).Key)
	}
}

func TestAnswerFromAnotherElementIsRefused(t *testing.T) {
	// "Baik" is a U9 answer, not a U1 one; 5 and e are out of range.
	data := header9 + "\nBaik,5,e,Gratis,Sesuai,Kompeten,Sopan dan ramah,Tidak ada,Baik\n"
	_, err := Compute(strings.NewReader(data))
	want := []string{"2/Persyaratan pelayanan/ikm.bad_answer", "2/Prosedur pelayanan/ikm.bad_answer", "2/Waktu pelayanan/ikm.bad_answer"}
	if got := problems(t, err); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("problems %v, want %v", got, want)
	}
}

func TestTooManyProblemsStopsAtFifty(t *testing.T) {
	var b strings.Builder
	b.WriteString(header9 + "\n")
	for range 200 {
		b.WriteString("x,x,x,x,x,x,x,x,x\n")
	}
	_, err := Compute(strings.NewReader(b.String()))
	e := apperr.As(err)
	if len(e.Problems) != MaxProblems || e.Key != "import.too_many_problems" {
		t.Errorf("%d problems, key %s", len(e.Problems), e.Key)
	}
}

func TestSkippedAndBlankRows(t *testing.T) {
	data := "Timestamp,Usia," + header9 + ",Kritik dan saran\n" +
		"1/1,20,4,4,4,4,4,4,4,4,4,\n" +
		"1/2,31,,,,,,,,,,tidak mengisi\n" + // a respondent with no answer: skipped
		",,,,,,,,,,,\n" + // nothing at all: not a respondent
		"\n" +
		"1/3,40,3,3,3,3,3,3,3,3,\n" // short row: U9 and the comment missing
	r := compute(t, data)
	// U1–U8: (4+3)/2 = 3.5; U9: 4/1. ΣNRR = 32; IKM = 800/9 = 88.89, A.
	if r.Respondents != 2 || r.Skipped != 1 || r.IKM != 88.89 || r.Grade != "A" {
		t.Errorf("got %+v", r)
	}
}

func TestNoUsableAnswers(t *testing.T) {
	cases := []struct{ name, data, key string }{
		{"empty", "", "import.empty"},
		{"blank lines", "\r\n\n", "import.empty"},
		{"header only", header9 + "\n", "import.no_rows"},
		{"all skipped", "Nama," + header9 + "\nSiti,,,,,,,,,\n", "ikm.no_answers"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Compute(strings.NewReader(c.data))
			e := apperr.As(err)
			key := e.Key
			if len(e.Problems) > 0 {
				key = e.Problems[0].Key
			}
			if key != c.key {
				t.Errorf("got %v, want %s", err, c.key)
			}
		})
	}
}

func TestHeaderVariants(t *testing.T) {
	headers := []string{
		"U1,U2,U3,U4,U5,U6,U7,U8,U9",
		"\r\n\nU1;U2;U3;U4;U5;U6;U7;U8;U9", // blank lines first; the header is line 3
		"Unsur 1;Unsur 2;Unsur 3;Unsur 4;Unsur 5;Unsur 6;Unsur 7;Unsur 8;Unsur 9",
		"U1. Persyaratan,U2 Prosedur,U-3,U4 Biaya,U5,U6,U7,U8,U9",
		"Persyaratan,\"Sistem, mekanisme dan prosedur\",Waktu penyelesaian,Biaya,Produk spesifikasi jenis pelayanan," +
			"Kompetensi pelaksana,Perilaku pelaksana,Penanganan pengaduan,Sarana",
		// The official questionnaire's questions, with Indonesian Google Forms' timestamp.
		"Stempel waktu,Jenis kelamin,Umur,Pendidikan terakhir,Pekerjaan,Jenis layanan yang diterima," +
			"Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?," +
			"Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?," +
			"Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?," +
			"Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?," +
			"Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?," +
			"Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?," +
			"Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?," +
			"Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?," +
			"Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?,Kritik dan saran",
	}
	for _, h := range headers {
		sep := ","
		if strings.Count(h, ";") > strings.Count(h, ",") {
			sep = ";"
		}
		pre := ""
		if strings.HasPrefix(h, "Stempel") {
			pre = "1/1/2026,Perempuan,30,S1,Guru,Referensi,"
		}
		row := pre + strings.Repeat("4"+sep, 8) + "2"
		var got Row
		err := Parse(strings.NewReader(h+"\n"+row+"\n"), func(r *Row) { got = *r })
		if err != nil {
			t.Errorf("%s: %v %+v", h, err, apperr.As(err).Problems)
			continue
		}
		if got.Answers != [NumElements]uint8{4, 4, 4, 4, 4, 4, 4, 4, 2} || got.Line != 2+strings.Count(h, "\n") {
			t.Errorf("%s: row %+v", h, got)
		}
		if pre != "" && (string(got.Profile[Gender]) != "Perempuan" || string(got.Profile[Age]) != "30" ||
			string(got.Profile[Education]) != "S1" || string(got.Profile[Occupation]) != "Guru" ||
			string(got.Profile[Service]) != "Referensi") {
			t.Errorf("%s: profile %q", h, got.Profile)
		}
	}
}

func TestProfileColumnsOfTheSample(t *testing.T) {
	f, err := os.Open(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	services := map[string]int{}
	var first Row
	err = Parse(f, func(r *Row) {
		if r.Line == 2 {
			first = *r
			first.Profile[Gender] = append([]byte(nil), r.Profile[Gender]...)
		}
		services[string(r.Profile[Service])]++
	})
	if err != nil {
		t.Fatal(err)
	}
	if string(first.Profile[Gender]) != "Laki-laki" || first.Answers[3] != 4 {
		t.Errorf("first row %+v", first)
	}
	if len(services) != 3 || services["Sirkulasi"] == 0 || services["Layanan Anak"] == 0 || services["Referensi"] == 0 {
		t.Errorf("services %v", services)
	}
}

func TestHeaderProblems(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"missing element", "U1,U2,U3,U5,U6,U7,U8,U9\n1,1,1,1,1,1,1,1\n", "1/U4 Biaya/tarif/ikm.missing_element"},
		{"same element twice", "U1,U2,U3,U4,U5,U6,U7,U8,U9,Unsur 9\n", "1/Unsur 9/ikm.duplicate_column"},
		{"not a survey", "NIP,Nama\n1,2\n", "1/U1 Persyaratan/ikm.missing_element"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Compute(strings.NewReader(c.data))
			if got := problems(t, err); got[0] != c.want {
				t.Errorf("problems %v, want first %s", got, c.want)
			}
		})
	}
	_, err := Compute(strings.NewReader("\xff\xfeU\x001\x00"))
	if e := apperr.As(err); e.Key != "ikm.utf16" || e.Code != apperr.Invalid {
		t.Errorf("UTF-16: got %v", err)
	}
	// A header that names an element by code beats one that names it by
	// keyword, rather than clashing with it.
	r := compute(t, "Waktu pelayanan,U1,U2,U3,U4,U5,U6,U7,U8,U9\nLumayan,4,4,4,4,4,4,4,4,4\n")
	if r.IKM != 100 {
		t.Errorf("got %+v", r)
	}
}

func TestQuotedFieldsKeepLinesRight(t *testing.T) {
	data := "sep=,\n" + header9 + ",Saran\n" +
		"4,4,4,4,4,4,4,4,4,\"Wifi, \"\"sering\"\" putus\nmohon diperbaiki\"\n" + // lines 3–4
		"4,4,4,4,4,4,4,4,x,ok\n" // line 5
	_, err := Compute(strings.NewReader(data))
	if got := problems(t, err); len(got) != 1 || got[0] != "5/Sarana dan prasarana/ikm.bad_answer" {
		t.Errorf("problems %v", got)
	}
}

func TestMalformedCSVNamesLineAndColumn(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"bare quote", header9 + ",Saran\n4,4,4,4,4,4,4,4,4,ok\n4,4,4,4,4,4,4,4,4,kata \"kutip\"\n",
			"3/Saran/ikm.bad_quote"},
		{"unclosed quote", header9 + ",Saran\n4,4,4,4,4,4,4,4,4,ok\n4,4,4,4,4,4,4,4,4,\"tidak ditutup\n4,4\n",
			"3/Saran/ikm.unclosed_quote"},
		{"text after closing quote", header9 + "\n4,4,\"4\"x,4,4,4,4,4,4\n", "2/Waktu pelayanan/ikm.bad_quote"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Compute(strings.NewReader(c.data))
			if got := problems(t, err); got[len(got)-1] != c.want {
				t.Errorf("problems %v, want %s", got, c.want)
			}
		})
	}
}

func TestScoreNormalizes(t *testing.T) {
	cases := []struct {
		el   int
		cell string
		want uint8
		ok   bool
	}{
		{0, "Sangat sesuai", 4, true},
		{0, "  sangat\t\tSESUAI  ", 4, true},
		{0, "", 0, true},
		{0, " \u00a0 ", 0, true},
		{7, "Ada tetapi tidak berfungsi", 2, true},
		{7, "ada  tetapi tidak  berfungsi", 2, true},
		{3, "Gratis", 4, true},
		{3, "4", 4, true},
		{3, "D", 4, true},
		{3, "0", 0, false},
		{3, "e", 0, false},
		{3, "44", 0, false},
		{8, "Cukup", 2, true},
		{3, "Cukup", 0, false},
		{0, "Sangat sesuai sekali dan lebih panjang dari label mana pun", 0, false},
		{0, "Sésuai", 0, false},
	}
	for _, c := range cases {
		if got, ok := score(c.el, []byte(c.cell)); got != c.want || ok != c.ok {
			t.Errorf("score(%s, %q) = %d, %v; want %d, %v", Elements[c.el].Code, c.cell, got, ok, c.want, c.ok)
		}
	}
}
