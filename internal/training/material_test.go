package training

import (
	"archive/zip"
	"bytes"
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/upload"
)

var modulPDF = []byte("%PDF-1.4\n1 0 obj\n<< /Title (Modul Katalogisasi) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// docx is a minimal Word document: what the sniffer looks for is the zip
// with word/document.xml.
func docx(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml":   `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`,
	} {
		f, err := zw.Create(name)
		must(t, err)
		f.Write([]byte(body))
	}
	must(t, zw.Close())
	return buf.Bytes()
}

func (w *world) materialCount(t *testing.T, libraryID int64) int {
	t.Helper()
	var n int
	must(t, w.d.Reader().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM training_materials WHERE library_id = ?`, libraryID).Scan(&n))
	return n
}

func TestMaterials(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := w.program(t, "Katalogisasi RDA", false)
		other := w.program(t, "Layanan Prima", false)
		choices, err := w.svc.CompetencyChoices(ctx, w.coord, w.libA.ID)
		must(t, err)
		var notTarget int64 // a published competency the programme does not target
		for _, c := range choices {
			if c.ID != w.competency {
				notTarget = c.ID
				break
			}
		}
		tick := func() { w.clock.t = w.clock.t.Add(time.Minute) }

		// A coordinator adds a PDF to the programme, tagged with its target.
		pdf, err := w.svc.AddMaterial(ctx, w.coord, MaterialInput{LibraryID: w.libA.ID, ProgramID: p.ID, CompetencyID: w.competency,
			Title: "  Modul   Katalogisasi ", Description: "Bab 1–3: deskripsi bibliografis", File: &upload.File{Name: `C:\Dokumen\modul.pdf`, Content: modulPDF}})
		must(t, err)
		if pdf.Kind != MaterialFile || pdf.Title != "Modul Katalogisasi" || pdf.FileName != "modul.pdf" || pdf.MIME != upload.PDF ||
			pdf.Size != int64(len(modulPDF)) || pdf.SHA256 != upload.SHA256(modulPDF) || pdf.ProgramID == nil || *pdf.ProgramID != p.ID ||
			pdf.ProgramTitle != p.Title || pdf.CompetencyID == nil || pdf.CompetencyCode == "" || pdf.UploaderName != "Pak Koordinator" {
			t.Fatalf("added %+v", pdf)
		}
		if pdf.DownloadName() != "materi-"+strconv.FormatInt(pdf.ID, 10)+"-modul-katalogisasi.pdf" || pdf.TypeLabel() != "PDF" {
			t.Errorf("download name %q, type %q", pdf.DownloadName(), pdf.TypeLabel())
		}
		// A Word document as a stand-alone reference, titled by its name.
		tick()
		ref, err := w.svc.AddMaterial(ctx, w.coord, MaterialInput{LibraryID: w.libA.ID, CompetencyID: notTarget,
			File: &upload.File{Name: "Pedoman Layanan Referensi.docx", Content: docx(t)}})
		must(t, err)
		if ref.Title != "Pedoman Layanan Referensi" || ref.MIME != upload.DOCX || ref.ProgramID != nil || ref.CompetencyID == nil || *ref.CompetencyID != notTarget {
			t.Fatalf("reference %+v", ref)
		}
		// A link of the other programme.
		tick()
		link, err := w.svc.AddMaterial(ctx, w.coord, MaterialInput{LibraryID: w.libA.ID, ProgramID: other.ID, Title: "Video layanan prima",
			URL: " https://contoh.test/video "})
		must(t, err)
		if link.Kind != MaterialLink || link.URL != "https://contoh.test/video" || link.FileName != "" || link.Size != 0 {
			t.Fatalf("link %+v", link)
		}

		// Refused: nothing is stored.
		before := w.materialCount(t, w.libA.ID)
		_, err = w.svc.AddMaterial(ctx, w.coord, MaterialInput{LibraryID: w.libA.ID, ProgramID: p.ID, Title: "Modul palsu",
			File: &upload.File{Name: "modul.pdf", Content: []byte("<!DOCTYPE html><html><body>bukan pdf</body></html>")}})
		wantProblem(t, err, "file", "training.material_bad_type")
		big := append(append([]byte{}, modulPDF...), make([]byte, MaxMaterialBytes)...)
		_, err = w.svc.AddMaterial(ctx, w.coord, MaterialInput{LibraryID: w.libA.ID, ProgramID: p.ID, Title: "Pindaian", File: &upload.File{Name: "pindaian.pdf", Content: big}})
		if args := wantProblem(t, err, "file", "training.material_too_large"); args["MaxMB"] != 10 {
			t.Errorf("too large args %v", args)
		}
		_, err = w.svc.AddMaterial(ctx, w.coord, MaterialInput{LibraryID: w.libA.ID, Title: "FTP", URL: "ftp://contoh.test/modul.pdf"})
		wantProblem(t, err, "url", "training.bad_url")
		_, err = w.svc.AddMaterial(ctx, w.coord, MaterialInput{LibraryID: w.libA.ID, Title: "Kosong"})
		wantProblem(t, err, "file", "training.material_file_or_link")
		_, err = w.svc.AddMaterial(ctx, w.coord, MaterialInput{LibraryID: w.libA.ID, Title: "Dua-duanya", URL: "https://contoh.test/x",
			File: &upload.File{Name: "a.pdf", Content: modulPDF}})
		wantProblem(t, err, "url", "training.material_not_both")
		_, err = w.svc.AddMaterial(ctx, w.coord, MaterialInput{LibraryID: w.libA.ID, URL: "https://contoh.test/x"})
		wantProblem(t, err, "title", "field.required")
		// A programme's material may be tagged only with the programme's targets.
		_, err = w.svc.AddMaterial(ctx, w.coord, MaterialInput{LibraryID: w.libA.ID, ProgramID: p.ID, CompetencyID: notTarget,
			Title: "Salah tag", URL: "https://contoh.test/x"})
		wantProblem(t, err, "competency_id", "training.bad_material_competency")
		_, err = w.svc.AddMaterial(ctx, w.coord, MaterialInput{LibraryID: w.libA.ID, CompetencyID: 999999, Title: "Tak ada", URL: "https://contoh.test/x"})
		wantProblem(t, err, "competency_id", "training.bad_material_competency")
		// A librarian may read, not add.
		_, err = w.svc.AddMaterial(ctx, w.sariActor, MaterialInput{LibraryID: w.libA.ID, Title: "Milik Sari", URL: "https://contoh.test/x"})
		wantCode(t, err, apperr.Forbidden)
		if n := w.materialCount(t, w.libA.ID); n != before {
			t.Fatalf("refused additions stored something: %d rows, want %d", n, before)
		}

		// Listing, newest first, as a librarian.
		list := func(f MaterialFilter) []int64 {
			t.Helper()
			f.LibraryID = w.libA.ID
			pg, err := w.svc.Materials(ctx, w.sariActor, f)
			must(t, err)
			ids := []int64{}
			for _, m := range pg.Items {
				ids = append(ids, m.ID)
			}
			return ids
		}
		same := func(name string, got []int64, want ...int64) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: got %v, want %v", name, got, want)
				return
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s: got %v, want %v", name, got, want)
					return
				}
			}
		}
		same("all", list(MaterialFilter{}), link.ID, ref.ID, pdf.ID)
		same("search in the title, any case", list(MaterialFilter{Query: "MODUL"}), pdf.ID)
		same("search in the description", list(MaterialFilter{Query: "bibliografis"}), pdf.ID)
		same("search with a wildcard is literal", list(MaterialFilter{Query: "%"}))
		same("programme", list(MaterialFilter{ProgramID: other.ID}), link.ID)
		same("competency", list(MaterialFilter{CompetencyID: notTarget}), ref.ID)
		same("files", list(MaterialFilter{Kind: MaterialFile}), ref.ID, pdf.ID)
		same("links", list(MaterialFilter{Kind: MaterialLink}), link.ID)
		same("search and filter", list(MaterialFilter{Query: "layanan", Kind: MaterialFile}), ref.ID)
		pg, err := w.svc.Materials(ctx, w.sariActor, MaterialFilter{LibraryID: w.libA.ID, PerPage: 2, Page: 2})
		must(t, err)
		if pg.Total != 3 || pg.Pages != 2 || len(pg.Items) != 1 || pg.Items[0].ID != pdf.ID {
			t.Errorf("page 2 of 2: %+v", pg)
		}
		_, err = w.svc.Materials(ctx, w.sariActor, MaterialFilter{LibraryID: w.libA.ID, Kind: "video"})
		wantProblem(t, err, "kind", "training.bad_material_kind")

		// Download: the same bytes; a link has no file.
		f, err := w.svc.MaterialFile(ctx, w.sariActor, w.libA.ID, pdf.ID)
		must(t, err)
		if !bytes.Equal(f.Content, modulPDF) || f.MIME != upload.PDF {
			t.Errorf("downloaded %d bytes of %s", len(f.Content), f.MIME)
		}
		_, err = w.svc.MaterialFile(ctx, w.sariActor, w.libA.ID, link.ID)
		wantCode(t, err, apperr.NotFound)

		// Another library sees none of it and changes none of it.
		_, err = w.svc.Materials(ctx, w.adminB, MaterialFilter{LibraryID: w.libA.ID})
		wantCode(t, err, apperr.NotFound) // not a member: the library is not there
		pgB, err := w.svc.Materials(ctx, w.adminB, MaterialFilter{LibraryID: w.libB.ID})
		must(t, err)
		if pgB.Total != 0 {
			t.Errorf("library B lists %d materials", pgB.Total)
		}
		_, err = w.svc.MaterialFile(ctx, w.adminB, w.libB.ID, pdf.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.DeleteMaterial(ctx, w.adminB, w.libB.ID, pdf.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.AddMaterial(ctx, w.adminB, MaterialInput{LibraryID: w.libB.ID, ProgramID: p.ID, Title: "Lintas", URL: "https://contoh.test/x"})
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.AddMaterial(ctx, w.adminB, MaterialInput{LibraryID: w.libB.ID, CompetencyID: w.competency, Title: "Lintas", URL: "https://contoh.test/x"})
		wantProblem(t, err, "competency_id", "training.bad_material_competency")
		if n := w.materialCount(t, w.libB.ID); n != 0 {
			t.Errorf("library B holds %d materials", n)
		}

		// Delete: a librarian may not; a coordinator may, and it is gone.
		_, err = w.svc.DeleteMaterial(ctx, w.sariActor, w.libA.ID, pdf.ID)
		wantCode(t, err, apperr.Forbidden)
		gone, err := w.svc.DeleteMaterial(ctx, w.coord, w.libA.ID, pdf.ID)
		must(t, err)
		if gone.ID != pdf.ID || gone.ProgramID == nil || *gone.ProgramID != p.ID {
			t.Errorf("deleted %+v", gone)
		}
		_, err = w.svc.Material(ctx, w.sariActor, w.libA.ID, pdf.ID)
		wantCode(t, err, apperr.NotFound)
		same("after delete", list(MaterialFilter{}), link.ID, ref.ID)

		var adds, deletes int
		must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action = 'training.material_add'`, w.libA.ID).Scan(&adds))
		must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action = 'training.material_delete'`, w.libA.ID).Scan(&deletes))
		if adds != 3 || deletes != 1 {
			t.Errorf("audit: %d additions, %d deletions; want 3 and 1", adds, deletes)
		}
	})
}

func TestProgramLinks(t *testing.T) {
	ps := []Program{
		{ID: 1, Title: "Katalogisasi RDA", Materials: []string{"https://contoh.test/rda.pdf", "https://contoh.test/marc"}, Competencies: []Target{{ID: 7}}},
		{ID: 2, Title: "Layanan Prima", Materials: []string{"https://contoh.test/video"}},
	}
	count := func(f MaterialFilter) int { return len(ProgramLinks(ps, f)) }
	for name, c := range map[string]struct {
		f    MaterialFilter
		want int
	}{
		"all":                         {MaterialFilter{}, 3},
		"files only":                  {MaterialFilter{Kind: MaterialFile}, 0},
		"links":                       {MaterialFilter{Kind: MaterialLink}, 3},
		"programme":                   {MaterialFilter{ProgramID: 2}, 1},
		"competency":                  {MaterialFilter{CompetencyID: 7}, 2},
		"search in the link":          {MaterialFilter{Query: "MARC"}, 1},
		"search in the programme":     {MaterialFilter{Query: "prima"}, 1},
		"search and competency, none": {MaterialFilter{Query: "prima", CompetencyID: 7}, 0},
	} {
		if got := count(c.f); got != c.want {
			t.Errorf("%s: %d links, want %d", name, got, c.want)
		}
	}
}
