package competency

import (
	"bytes"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"
)

// A person with more competencies than fit stays on one page.
func TestProfilePDFOnePage(t *testing.T) {
	g := PersonGap{Person: Person{Name: "Sri Wahyuni", NIP: "198701012010012001", Position: "Pustakawan", Level: "Ahli Pertama", ServicePoint: "Layanan Anak"},
		Cycle: &Cycle{Name: "Semester I 2027", FrameworkName: "SKKNI Perpustakaan", VersionNumber: 2},
		Scale: Scale{Levels: make([]Level, 5)}}
	for i := range 45 {
		req, agreed := 1+i%5, 1+(i*3)%5
		gp := GapInput{CompetencyID: int64(i + 1), Required: req, Agreed: agreed}
		s := ComputeGaps([]GapInput{gp})
		g.Rows = append(g.Rows, GapRow{Gap: s.Items[0], Code: "KU." + strconv.Itoa(i+1), Title: "Kompetensi dengan judul yang cukup panjang nomor " + strconv.Itoa(i+1)})
		g.Summary.TotalGap += s.TotalGap
	}
	p := Profile{LibraryName: "Perpustakaan Kota Kediri", Gap: g, Goals: []Goal{{CompetencyCode: "KU.1", TargetLevel: 3, Description: "Ikut diklat katalogisasi", DueDate: "2027-06-30"}}}
	text := ProfileText{Title: "Profil Kompetensi", NIP: "NIP", Position: "Jabatan / jenjang", ServicePoint: "Penempatan", Cycle: "Siklus",
		Competency: "Kompetensi", Required: "Dipersyaratkan", Agreed: "Disepakati", Gap: "Kesenjangan", Surplus: "Surplus", NotReviewed: "belum",
		TotalGap: "Total kesenjangan", TopGaps: "3 kesenjangan terbesar", NoGaps: "-", Goals: "Sasaran", Target: "Target", Printed: "Dicetak", PrintedOn: "1 Juli 2027"}
	var buf bytes.Buffer
	if err := ProfilePDF(&buf, p, text, time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("BINA_PROFILE_PDF"); out != "" {
		_ = os.WriteFile(out, buf.Bytes(), 0o600)
	}
	r, err := pdf.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if r.NumPage() != 1 {
		t.Errorf("%d pages, want one", r.NumPage())
	}
}
