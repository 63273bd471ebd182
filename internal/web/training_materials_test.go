package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/training"
	"github.com/bina-pustaka/bina/internal/upload"
)

// addMaterial gives the tenant's programme a PDF among its materials.
func addMaterial(t testing.TB, a *app, tn tenant) training.Material {
	t.Helper()
	m, err := a.Svc.Training.AddMaterial(context.Background(), a.system(), training.MaterialInput{LibraryID: tn.Library.ID,
		ProgramID: tn.Program.ID, Title: "Modul " + tn.Library.Name, File: &upload.File{Name: "modul.pdf", Content: testPDF}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// realPDF is a small but complete PDF (one page saying a line), with a
// correct cross-reference table.
func realPDF(text string) []byte {
	stream := fmt.Sprintf("BT /F1 18 Tf 72 720 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// wordDocument builds a small .docx the way Word lays one out.
func wordDocument(t *testing.T, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
			`<w:body><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:body></w:document>`},
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// postMaterial posts the material form: fields, and a file under "file"
// sent with the type the browser claims (which the server ignores).
func (c *client) postMaterial(path string, fields url.Values, filename, claimedType string, content []byte) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if filename != "" {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, filename))
		h.Set("Content-Type", claimedType)
		fw, _ := mw.CreatePart(h)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var downloadRE = regexp.MustCompile(`href="(/libraries/\d+/training/materials/(\d+)/file)"`)

func materials(t *testing.T, d *db.DB, libraryID int64) int {
	return countWhere(t, d, `SELECT COUNT(*) FROM training_materials WHERE library_id = ?`, libraryID)
}

// A coordinator uploads a PDF and a Word document to a programme; a
// librarian finds them in the reference library and downloads the same
// bytes; a fake PDF is refused beside the field; the staff role cannot
// upload.
func TestTrainingMaterials(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		coord := a.login(a.A.CoordEmail)
		base := trainingBase(a.A)
		program := fmt.Sprintf("%s/programs/%d", base, a.A.Program.ID)

		page := coord.get(program)
		if page.StatusCode != 200 || !strings.Contains(page.Body, "Materi pelatihan") || !strings.Contains(page.Body, `enctype="multipart/form-data"`) ||
			!strings.Contains(page.Body, `id="material-form"`) {
			t.Fatalf("programme page for a coordinator: %d, upload form shown: %v", page.StatusCode, strings.Contains(page.Body, `id="material-form"`))
		}

		pdf := realPDF("Modul Katalogisasi RDA")
		res := coord.postMaterial(program+"/materials", url.Values{"title": {"Modul Katalogisasi RDA"}, "description": {"Bab 1-3: deskripsi bibliografis"},
			"competency_id": {fmt.Sprint(a.A.Competency)}}, "modul-rda.pdf", "application/pdf", pdf)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), program) {
			t.Fatalf("upload PDF: %d %s", res.StatusCode, res.Body)
		}
		doc := wordDocument(t, "Panduan layanan referensi")
		res = coord.postMaterial(program+"/materials", url.Values{"title": {""}}, "Panduan Layanan Referensi.docx", "application/octet-stream", doc)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload DOCX: %d %s", res.StatusCode, res.Body)
		}
		page = coord.get(program)
		if !strings.Contains(page.Body, "Modul Katalogisasi RDA") || !strings.Contains(page.Body, "Panduan Layanan Referensi") || !strings.Contains(page.Body, "DOCX") {
			t.Errorf("programme page lacks the uploads")
		}
		stored := materials(t, d, a.A.Library.ID)

		// An HTML page named modul.pdf: refused beside the field, nothing stored.
		res = coord.postMaterial(program+"/materials", url.Values{"title": {"Modul palsu"}}, "modul.pdf", "application/pdf",
			[]byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="file-error"`) ||
			!strings.Contains(res.Body, "Berkas bukan PDF, gambar, atau dokumen Office yang dikenali") || !strings.Contains(res.Body, `value="Modul palsu"`) {
			t.Errorf("fake PDF: %d, error beside the file: %v", res.StatusCode, strings.Contains(res.Body, `id="file-error"`))
		}
		// A link that is not http(s), and neither file nor link.
		res = coord.postMaterial(program+"/materials", url.Values{"title": {"Berkas bersama"}, "url": {"file://server/modul.pdf"}}, "", "", nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="url-error"`) {
			t.Errorf("file:// link: %d", res.StatusCode)
		}
		res = coord.postMaterial(program+"/materials", url.Values{"title": {"Kosong"}}, "", "", nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="file-error"`) {
			t.Errorf("neither file nor link: %d", res.StatusCode)
		}
		// Over the server's upload limit: refused whole.
		big := append(realPDF("besar"), make([]byte, training.MaxMaterialBytes)...)
		if res = coord.postMaterial(program+"/materials", url.Values{"title": {"Pindaian"}}, "pindaian.pdf", "application/pdf", big); res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized upload: %d", res.StatusCode)
		}
		if n := materials(t, d, a.A.Library.ID); n != stored {
			t.Fatalf("refused uploads stored something: %d rows, want %d", n, stored)
		}

		// The staff role may read but not upload.
		staff := a.login(a.A.StaffEmail)
		if res := staff.postMaterial(program+"/materials", url.Values{"title": {"Catatan saya"}}, "catatan.pdf", "application/pdf", pdf); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff uploads to a programme: %d", res.StatusCode)
		}
		if res := staff.postMaterial(base+"/references", url.Values{"title": {"Catatan saya"}, "url": {"https://contoh.test/catatan"}}, "", "", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff adds a reference: %d", res.StatusCode)
		}
		if n := materials(t, d, a.A.Library.ID); n != stored {
			t.Fatalf("staff stored something: %d rows, want %d", n, stored)
		}
		if p := staff.get(program); p.StatusCode != 200 || strings.Contains(p.Body, `id="material-form"`) || !strings.Contains(p.Body, "Modul Katalogisasi RDA") {
			t.Errorf("programme page for staff: %d, upload form shown: %v", p.StatusCode, strings.Contains(p.Body, `id="material-form"`))
		}

		// The librarian finds the PDF by searching, and downloads the same bytes.
		lib := staff.get(base + "/references?q=katalogisasi")
		if lib.StatusCode != 200 || !strings.Contains(lib.Body, "Pustaka rujukan") || !strings.Contains(lib.Body, "Modul Katalogisasi RDA") ||
			strings.Contains(lib.Body, "Panduan Layanan Referensi") || !strings.Contains(lib.Body, a.A.Program.Title) || !strings.Contains(lib.Body, "LP.01") ||
			!strings.Contains(lib.Body, `id="nav-training-references"`) {
			t.Fatalf("reference library search: %d", lib.StatusCode)
		}
		if strings.Contains(lib.Body, `id="material-form"`) {
			t.Errorf("the reference library offers staff the add form")
		}
		m := downloadRE.FindStringSubmatch(lib.Body)
		if m == nil {
			t.Fatalf("no download link in the reference library")
		}
		dl := staff.get(m[1])
		if dl.StatusCode != 200 || dl.Body != string(pdf) || dl.Header.Get("Content-Type") != "application/pdf" ||
			dl.Header.Get("Content-Disposition") != fmt.Sprintf(`attachment; filename="materi-%s-modul-katalogisasi-rda.pdf"`, m[2]) ||
			dl.Header.Get("X-Content-Type-Options") != "nosniff" || dl.Header.Get("Cache-Control") != "private, no-store" ||
			dl.Header.Get("Content-Length") != fmt.Sprint(len(pdf)) {
			t.Errorf("download: %d, %d bytes, headers %v", dl.StatusCode, len(dl.Body), dl.Header)
		}
		// The Word document, found by its kind and downloaded as it was.
		files := staff.get(base + "/references?kind=file&q=panduan")
		m = downloadRE.FindStringSubmatch(files.Body)
		if m == nil {
			t.Fatalf("no Word document among the files")
		}
		if dl := staff.get(m[1]); dl.Body != string(doc) || dl.Header.Get("Content-Type") != upload.DOCX ||
			dl.Header.Get("Content-Disposition") != fmt.Sprintf(`attachment; filename="materi-%s-panduan-layanan-referensi.docx"`, m[2]) {
			t.Errorf("DOCX download: %d bytes as %s, %s", len(dl.Body), dl.Header.Get("Content-Type"), dl.Header.Get("Content-Disposition"))
		}
		// The competency filter keeps the tagged PDF only.
		if tagged := staff.get(fmt.Sprintf("%s/references?competency=%d", base, a.A.Competency)); !strings.Contains(tagged.Body, "Modul Katalogisasi RDA") ||
			strings.Contains(tagged.Body, "Panduan Layanan Referensi") {
			t.Errorf("competency filter")
		}

		// A coordinator adds a stand-alone reference (a link) in the library.
		res = coord.postMaterial(base+"/references", url.Values{"title": {"Pedoman Layanan Perpustakaan Umum"}, "url": {"https://contoh.test/pedoman"}}, "", "", nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("stand-alone reference: %d %s", res.StatusCode, res.Body)
		}
		links := staff.get(base + "/references?kind=link")
		if !strings.Contains(links.Body, "Pedoman Layanan Perpustakaan Umum") || !strings.Contains(links.Body, "Rujukan mandiri") ||
			!strings.Contains(links.Body, `href="https://contoh.test/pedoman"`) || strings.Contains(links.Body, "Modul Katalogisasi RDA") {
			t.Errorf("links in the reference library")
		}

		// The API lists the same, with where to download.
		token := a.apiToken(a.A.StaffEmail)
		api := a.client().api("GET", fmt.Sprintf("/api/v1/libraries/%d/materials?q=katalogisasi", a.A.Library.ID), token, "")
		var out struct {
			Items []struct {
				ID      int64  `json:"id"`
				Title   string `json:"title"`
				Kind    string `json:"kind"`
				FileURL string `json:"file_url"`
				SHA256  string `json:"sha256"`
			} `json:"items"`
			Total int `json:"total"`
		}
		if err := json.Unmarshal([]byte(api.Body), &out); err != nil || api.StatusCode != 200 || out.Total != 1 || out.Items[0].FileURL == "" ||
			out.Items[0].SHA256 != upload.SHA256(pdf) {
			t.Fatalf("API list: %d %s", api.StatusCode, api.Body)
		}
		if file := a.client().api("GET", out.Items[0].FileURL, token, ""); file.StatusCode != 200 || file.Body != string(pdf) {
			t.Errorf("API download: %d, %d bytes", file.StatusCode, len(file.Body))
		}
		if bad := a.client().api("GET", fmt.Sprintf("/api/v1/libraries/%d/materials?kind=video", a.A.Library.ID), token, ""); bad.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("API with a bad kind: %d", bad.StatusCode)
		}

		// Delete: staff may not; the coordinator may, and the file is gone.
		del := fmt.Sprintf("%s/materials/%d/delete", base, out.Items[0].ID)
		if res := staff.postForm(del, nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff deletes: %d", res.StatusCode)
		}
		if res := coord.postForm(del, nil); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), program) {
			t.Errorf("coordinator deletes: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		if res := staff.get(fmt.Sprintf("%s/materials/%d/file", base, out.Items[0].ID)); res.StatusCode != http.StatusNotFound {
			t.Errorf("deleted file still downloads: %d", res.StatusCode)
		}
		if n := countWhere(t, d, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action IN ('training.material_add', 'training.material_delete')`, a.A.Library.ID); n != 5 {
			t.Errorf("audit entries: %d, want 5 (harness PDF, PDF, DOCX, link; one delete)", n)
		}
	})
}
