package competency_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// problemLines renders problems as "line column key args" for comparison.
func problemLines(e *apperr.Error) []string {
	var out []string
	for _, p := range e.Problems {
		s := fmt.Sprintf("%d %s %s", p.Line, p.Column, p.Key)
		if c, ok := p.Args["Code"]; ok {
			s += fmt.Sprintf(" %v", c)
		}
		if l, ok := p.Args["Line"]; ok {
			s += fmt.Sprintf(" first=%v", l)
		}
		out = append(out, s)
	}
	return out
}

func TestImportNamesTheLineOfEveryProblem(t *testing.T) {
	file := strings.Join([]string{
		"kode,kode_induk,jenis,judul,deskripsi,indikator",         // 1
		"PK,,fungsi kunci,Pengembangan koleksi,,",                 // 2
		"PK.01,PK,unit,Seleksi,,Menilai mutu | Menilai relevansi", // 3
		"PK.02,PK,unit,Pengadaan,,",                               // 4
		"LP,,,Layanan perpustakaan,,",                             // 5
		"LP.01,LP,,Sirkulasi,,",                                   // 6
		"LP.02,LP,,Referensi,,",                                   // 7
		"PK.01.01,PK.01,,Seleksi tercetak,,",                      // 8
		"PK.01.02,PK.01,sub_unit,Seleksi digital,,",               // 9
		"LP.03,LX,unit,Tanpa induk,,",                             // 10
		"LP.04,LP,bab,Jenis salah,,",                              // 11
		"LP.05,LP,unit,,,",                                        // 12
		"",                                                        // 13
		"pk.01.02,PK.01,,Kode kembar,,",                           // 14
		"LP,PK,,Kunci di bawah kunci,,",                           // 15
		"PK.01.01.01,PK.01.01,,Terlalu dalam,,",                   // 16
		"PK.03,PK,fungsi kunci,Jenis tidak cocok,,",               // 17
		"A,B,,Lingkar,,",                                          // 18
		"B,A,,Lingkar,,",                                          // 19
	}, "\r\n")
	_, err := competency.ParseFramework(strings.NewReader(file))
	e := fwWantCode(t, err, apperr.Invalid)
	want := []string{
		"10 kode_induk competency.parent_unknown LX",
		"11 jenis competency.bad_kind",
		"12 judul field.required",
		"14 kode competency.code_duplicate PK.01.02 first=9",
		"15 kode competency.code_duplicate LP first=5",
		"16 kode_induk competency.too_deep",
		"17 jenis competency.kind_mismatch",
		"18 kode_induk competency.parent_cycle A",
		"19 kode_induk competency.parent_cycle B",
	}
	fwSameShape(t, "problems", problemLines(e), want)
}

func TestImportReadsWhatSpreadsheetsWrite(t *testing.T) {
	// Semicolons (Excel in an Indonesian locale), a BOM, English headers in
	// another order, lower-case codes, indicators on separate lines in a cell.
	file := "\uFEFFTitle;Code;Parent code;Indicators\n" +
		"Layanan;ly;;\n" +
		"Sirkulasi;ly.01;LY;\"Melayani peminjaman\nMelayani pengembalian\"\n"
	rows, err := competency.ParseFramework(strings.NewReader(file))
	fwMust(t, err)
	if len(rows) != 2 || rows[1].Code != "LY.01" || rows[1].ParentCode != "LY" || rows[1].Kind != competency.KindUnit ||
		rows[0].Kind != competency.KindKeyFunction || len(rows[1].Indicators) != 2 || rows[1].Line != 3 {
		t.Fatalf("rows: %+v", rows)
	}

	for name, c := range map[string]struct{ file, key string }{
		"no code column": {"judul\nLayanan\n", "import.missing_column"},
		"empty":          {"", "import.empty"},
		"header only":    {"kode,judul\n", "import.no_rows"},
		"bad quotes":     {"kode,judul\n\"PK,Koleksi\n", "import.csv_syntax"},
	} {
		_, err := competency.ParseFramework(strings.NewReader(c.file))
		e := fwWantCode(t, err, apperr.Invalid)
		if len(e.Problems) == 0 || e.Problems[0].Key != c.key {
			t.Errorf("%s: %+v", name, e.Problems)
		}
	}

	var many strings.Builder
	many.WriteString("kode,judul\n")
	for i := 0; i < 80; i++ {
		many.WriteString("PK,\n")
	}
	_, err = competency.ParseFramework(strings.NewReader(many.String()))
	e := fwWantCode(t, err, apperr.Invalid)
	if len(e.Problems) != competency.MaxImportProblems || e.Key != "import.too_many_problems" {
		t.Errorf("80 bad rows: %d problems, key %s", len(e.Problems), e.Key)
	}
}

func TestFailedImportSavesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newFwWorld(t, d, "Perpustakaan Kota Batu")
		tree := fwInstall(t, w)
		draft, err := w.svc.Draft(ctx, w.coord, w.lib.ID, tree.Framework.ID)
		fwMust(t, err)
		before := fwCount(t, d, `SELECT COUNT(*) FROM competencies WHERE library_id = ?`, w.lib.ID)

		bad := []competency.ImportRow{
			{Line: 2, Code: "X", Title: "Kunci"},
			{Line: 3, Code: "X.01", ParentCode: "X", Title: "Unit"},
			{Line: 4, Code: "x.01", ParentCode: "X", Title: "Kembar"},
		}
		for name, target := range map[string]competency.ImportTarget{
			"new framework":      {Name: "Kerangka impor"},
			"existing framework": {FrameworkID: tree.Framework.ID},
		} {
			_, err := w.svc.Import(ctx, w.coord, w.lib.ID, target, bad)
			e := fwWantCode(t, err, apperr.Invalid)
			if got := problemLines(e); len(got) != 1 || got[0] != "4 kode competency.code_duplicate X.01 first=3" {
				t.Errorf("%s: %v", name, got)
			}
		}
		good := []competency.ImportRow{{Line: 2, Code: "X", Title: "Kunci"}, {Line: 3, Code: "X.01", ParentCode: "X", Title: "Unit"}}
		_, err = w.svc.Import(ctx, w.coord, w.lib.ID, competency.ImportTarget{Name: tree.Framework.Name}, good)
		fwWantCode(t, err, apperr.Conflict) // the name is taken: the framework is not made, nor its competencies

		if n := fwCount(t, d, `SELECT COUNT(*) FROM competencies WHERE library_id = ?`, w.lib.ID); n != before {
			t.Errorf("%d competencies after failed imports, want %d", n, before)
		}
		if n := fwCount(t, d, `SELECT COUNT(*) FROM frameworks WHERE library_id = ?`, w.lib.ID); n != 1 {
			t.Errorf("%d frameworks after failed imports", n)
		}
		if _, err := w.svc.Version(ctx, w.coord, w.lib.ID, draft.ID); err != nil {
			t.Errorf("the open draft did not survive a failed import into its framework: %v", err)
		}
		_, err = w.svc.Import(ctx, w.staff, w.lib.ID, competency.ImportTarget{Name: "Punya pustakawan"}, good)
		fwWantCode(t, err, apperr.Forbidden)
	})
}

func TestCSVRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newFwWorld(t, d, "Perpustakaan Kota Semarang")
		src := fwInstall(t, w)
		// Text that CSV must quote: commas, quotes, line breaks.
		c := *fwByCode(t, src, "KU.02")
		c.Description = "Ramah, cepat dan \"tuntas\";\nselalu."
		_, err := w.svc.UpdateCompetency(ctx, w.admin, w.lib.ID, c)
		fwMust(t, err)
		f, err := w.svc.Framework(ctx, w.admin, w.lib.ID, src.Framework.ID)
		fwMust(t, err)
		_, err = w.svc.Publish(ctx, w.admin, w.lib.ID, f.Draft.ID, "")
		fwMust(t, err)
		src, err = w.svc.CurrentVersion(ctx, w.admin, w.lib.ID, src.Framework.ID)
		fwMust(t, err)

		var buf bytes.Buffer
		fwMust(t, competency.WriteCSV(&buf, src))
		rows, err := competency.ParseFramework(bytes.NewReader(buf.Bytes()))
		fwMust(t, err)
		v, err := w.svc.Import(ctx, w.admin, w.lib.ID, competency.ImportTarget{Name: "Hasil impor"}, rows)
		fwMust(t, err)
		got, err := w.svc.Version(ctx, w.admin, w.lib.ID, v.ID)
		fwMust(t, err)
		fwSameShape(t, "CSV round trip", fwShape(got), fwShape(src))
		if got.Framework.Source != competency.SourceImport || got.Version.Status != competency.StatusDraft {
			t.Errorf("imported into %+v %+v", got.Framework, got.Version)
		}
	})
}

func TestImportIntoAFrameworkKeepsItsLinks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newFwWorld(t, d, "Perpustakaan Kota Kediri")
		src := fwInstall(t, w)
		lp01 := fwByCode(t, src, "LP.01")
		fwMust(t, w.svc.SetRequirements(ctx, w.admin, w.lib.ID, src.Version.ID, "Pustakawan", "",
			[]competency.RequirementCell{{Level: "", CompetencyID: lp01.ID, RequiredLevel: 3}}))
		rows := [][]string{competency.Columns,
			{"LP", "", "", "Layanan", "", ""},
			{"LP.01", "LP", "", "Layanan sirkulasi", "", "Melayani peminjaman"},
			{"LP.09", "LP", "", "Layanan baru", "", ""}}
		var buf bytes.Buffer
		for _, r := range rows {
			buf.WriteString(strings.Join(r, ",") + "\n")
		}
		parsed, err := competency.ParseFramework(&buf)
		fwMust(t, err)
		v, err := w.svc.Import(ctx, w.admin, w.lib.ID, competency.ImportTarget{FrameworkID: src.Framework.ID}, parsed)
		fwMust(t, err)
		if v.Number != 2 || v.Status != competency.StatusDraft || v.CompetentLevel != 3 {
			t.Fatalf("import made %+v", v)
		}
		got, err := w.svc.Version(ctx, w.admin, w.lib.ID, v.ID)
		fwMust(t, err)
		newLP01 := fwByCode(t, got, "LP.01")
		if newLP01.OriginID == nil || *newLP01.OriginID != lp01.ID || fwByCode(t, got, "LP.09").OriginID != nil {
			t.Errorf("origins: LP.01 %v, LP.09 %v", newLP01.OriginID, fwByCode(t, got, "LP.09").OriginID)
		}
		reqs, err := w.svc.Requirements(ctx, w.staff, w.lib.ID, v.ID)
		fwMust(t, err)
		if len(reqs) != 1 || reqs[0].CompetencyID != newLP01.ID || reqs[0].RequiredLevel != 3 {
			t.Errorf("requirements carried into the imported draft: %+v", reqs)
		}
		// A second import replaces that draft rather than making another.
		buf.Reset()
		buf.WriteString("kode,judul\nLP,Layanan\n")
		parsed, err = competency.ParseFramework(&buf)
		fwMust(t, err)
		_, err = w.svc.Import(ctx, w.admin, w.lib.ID, competency.ImportTarget{FrameworkID: src.Framework.ID}, parsed)
		fwMust(t, err)
		if n := fwCount(t, d, `SELECT COUNT(*) FROM framework_versions WHERE library_id = ? AND status = 'draft'`, w.lib.ID); n != 1 {
			t.Errorf("%d drafts after two imports", n)
		}
	})
}

func TestXLSXImportAndExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newFwWorld(t, d, "Perpustakaan Kota Lubuklinggau")

		// A workbook as a person would make it: a title-less sheet, a blank
		// row in the middle, a duplicate code further down.
		x := excelize.NewFile()
		sheet := x.GetSheetName(0)
		data := [][]any{
			{"Kode", "Kode Induk", "Jenis", "Judul", "Deskripsi", "Indikator"},
			{"TI", nil, "Fungsi kunci", "Teknologi", nil, nil},
			{"TI.01", "TI", "Unit", "Komputer dasar", "Mengoperasikan komputer", "Mengetik | Menyimpan berkas"},
			{},
			{"TI.01", "TI", "Unit", "Kembar", nil, nil},
		}
		for i, r := range data {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			fwMust(t, x.SetSheetRow(sheet, cell, &r))
		}
		var file bytes.Buffer
		fwMust(t, x.Write(&file))
		_, err := competency.ParseFramework(bytes.NewReader(file.Bytes()))
		e := fwWantCode(t, err, apperr.Invalid)
		if got := problemLines(e); len(got) != 1 || got[0] != "5 Kode competency.code_duplicate TI.01 first=3" {
			t.Fatalf("XLSX problems: %v", got)
		}
		fwMust(t, x.SetSheetRow(sheet, "A5", &[]any{"TI.02", "TI", "Unit", "Otomasi", nil, nil}))
		file.Reset()
		fwMust(t, x.Write(&file))
		rows, err := competency.ParseFramework(bytes.NewReader(file.Bytes()))
		fwMust(t, err)
		v, err := w.svc.Import(ctx, w.admin, w.lib.ID, competency.ImportTarget{Name: "Kompetensi TIK"}, rows)
		fwMust(t, err)
		tree, err := w.svc.Version(ctx, w.admin, w.lib.ID, v.ID)
		fwMust(t, err)
		if c := fwByCode(t, tree, "TI.01"); c.Title != "Komputer dasar" || len(c.Indicators) != 2 || len(tree.All()) != 3 {
			t.Errorf("imported tree: %v", fwShape(tree))
		}

		// Export the default framework as XLSX, reopen it, and import it back.
		src := fwInstall(t, w)
		var out bytes.Buffer
		fwMust(t, competency.WriteXLSX(&out, src))
		back, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
		fwMust(t, err)
		got, err := back.GetRows(back.GetSheetList()[0])
		fwMust(t, err)
		if strings.Join(got[0], ",") != strings.Join(competency.Columns, ",") || len(got) != len(src.All())+1 {
			t.Fatalf("exported sheet: header %v, %d rows", got[0], len(got))
		}
		if got[1][0] != "PK" || got[2][0] != "PK.01" || got[2][1] != "PK" || got[2][2] != "unit" {
			t.Errorf("first rows: %v %v", got[1], got[2])
		}
		rows, err = competency.ParseFramework(bytes.NewReader(out.Bytes()))
		fwMust(t, err)
		v, err = w.svc.Import(ctx, w.admin, w.lib.ID, competency.ImportTarget{Name: "Dari XLSX"}, rows)
		fwMust(t, err)
		again, err := w.svc.Version(ctx, w.admin, w.lib.ID, v.ID)
		fwMust(t, err)
		fwSameShape(t, "XLSX round trip", fwShape(again), fwShape(src))
	})
}
