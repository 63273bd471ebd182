package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The Google Forms sample of the SKM questionnaire (25 respondents).
const ikmSample = "../../internal/ikm/testdata/skm_google_forms_sample.csv"

func TestIKMComputeJSON(t *testing.T) {
	cleanEnv(t, "")
	db := tempDB(t)
	r := run(t, "ikm", "compute", "--format", "json", "--database-url", db, ikmSample)
	wantCode(t, r, 0)
	// The object the issue specifies, in its order, plus "skipped".
	if !strings.HasPrefix(r.out, `{"respondents":25,"skipped":0,"elements":[{"code":"U1","name":"Persyaratan","nrr":3},`) ||
		!strings.HasSuffix(r.out, `"ikm":77.67,"grade":"B","label":"Baik"}`+"\n") {
		t.Errorf("output %s", r.out)
	}
	var got struct {
		Respondents *int64 `json:"respondents"`
		Skipped     *int64 `json:"skipped"`
		Elements    []map[string]any
		IKM         float64 `json:"ikm"`
		Grade       string  `json:"grade"`
		Label       string  `json:"label"`
	}
	dec := json.NewDecoder(strings.NewReader(r.out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	// Sums 75, 70, 74, 86, 78, 74, 85, 78, 79 over 25 answers each.
	wantNRR := []float64{3, 2.8, 2.96, 3.44, 3.12, 2.96, 3.4, 3.12, 3.16}
	if len(got.Elements) != 9 {
		t.Fatalf("%d elements", len(got.Elements))
	}
	for i, e := range got.Elements {
		if len(e) != 3 || e["nrr"] != wantNRR[i] || e["code"] != "U"+string(rune('1'+i)) {
			t.Errorf("element %d: %v", i, e)
		}
	}
	if *got.Respondents != 25 || *got.Skipped != 0 || got.IKM != 77.67 || got.Grade != "B" || got.Label != "Baik" {
		t.Errorf("got %+v", got)
	}
	if fileExists(db) {
		t.Error("ikm compute opened a database")
	}
}

func TestIKMComputeTable(t *testing.T) {
	cleanEnv(t, "")
	r := run(t, "ikm", "compute", ikmSample)
	wantCode(t, r, 0)
	for _, want := range []string{
		"U3    Waktu penyelesaian", "25  2,9600",
		"Responden       25", "Baris dilewati  0", "IKM             77,67", "Mutu pelayanan  B (Baik)",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("table does not show %q:\n%s", want, r.out)
		}
	}
}

func TestIKMComputeFromStdin(t *testing.T) {
	cleanEnv(t, "")
	// Semicolons, a BOM, a row without answers (skipped), a blank one
	// (ignored); NRR 4 everywhere → 100, A.
	data := "\uFEFFLayanan;U1;U2;U3;U4;U5;U6;U7;U8;U9\r\nAnak;4;4;4;4;4;4;4;4;4\r\n" +
		"Referensi;;;;;;;;;\r\n;;;;;;;;;\r\nSirkulasi;d;D;d;d;d;d;d;d;d\r\n"
	r := runCtx(t, context.Background(), data, "ikm", "compute", "--format", "json", "-")
	wantCode(t, r, 0)
	if !strings.Contains(r.out, `"respondents":2,"skipped":1,`) || !strings.Contains(r.out, `"ikm":100,"grade":"A","label":"Sangat Baik"}`) {
		t.Errorf("output %s", r.out)
	}
}

func TestIKMComputeRefusesBadFiles(t *testing.T) {
	sample, err := os.ReadFile(ikmSample)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(sample), "\n")
	cells := strings.SplitN(lines[11], ",", 10) // line 12; cell 9 is "Waktu pelayanan"
	cells[8] = "Lumayan"
	lines[11] = strings.Join(cells, ",")
	badAnswer := strings.Join(lines, "\n")
	lines = strings.Split(string(sample), "\n")
	lines[4] = strings.Replace(lines[4], "Mohon tambah", `Mohon "tambah"`, 1)
	badQuote := strings.Join(lines, "\n")

	cases := []struct {
		name, lang, data string
		args             []string
		says             []string
	}{
		{"invalid answer", "", badAnswer, nil,
			[]string{`Baris 12, kolom "Waktu pelayanan": Jawaban "Lumayan" tidak dikenal`, "Tidak cepat, Kurang cepat, Cepat, Sangat cepat"}},
		{"invalid answer in English", "en", badAnswer, nil,
			[]string{`Line 12, column "Waktu pelayanan": Answer "Lumayan" is not recognised`}},
		{"malformed quote", "", badQuote, nil, []string{`Baris 5, kolom "Kritik dan saran": Tanda kutip`}},
		{"not a survey", "", "NIP,Nama\n1,Sari\n", nil, []string{`"U1 Persyaratan"`}},
		{"bad format", "", string(sample), []string{"--format", "xml"}, []string{`--format "xml"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cleanEnv(t, c.lang)
			path := filepath.Join(t.TempDir(), "skm.csv")
			if err := os.WriteFile(path, []byte(c.data), 0o600); err != nil {
				t.Fatal(err)
			}
			r := run(t, append(append([]string{"ikm", "compute"}, c.args...), path)...)
			wantCode(t, r, 2, c.says...)
		})
	}
	cleanEnv(t, "")
	wantCode(t, run(t, "ikm", "compute", filepath.Join(t.TempDir(), "missing.csv")), 2, "missing.csv")
	wantCode(t, run(t, "ikm", "compute"), 2)
}
