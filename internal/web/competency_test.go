package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// competencyUpload posts a file with more form fields, as the import form does.
func competencyUpload(c *client, path string, fields url.Values, filename string, content []byte) response {
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

// follow gets the page a POST redirected to, with its flash.
func follow(t *testing.T, c *client, res response) response {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("want a redirect, got %d: %s", res.StatusCode, res.Body)
	}
	return c.get(res.Header.Get("Location"))
}

func codeIn(tree competency.Tree, code string) *competency.Competency {
	for _, c := range tree.All() {
		if c.Code == code {
			return c
		}
	}
	return nil
}

func TestCompetencyFrameworkPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		coord := a.login(a.A.CoordEmail)
		staff := a.login(a.A.StaffEmail)
		tree := a.A.Framework
		lib := a.A.Library.ID
		fwURL := fmt.Sprintf("/libraries/%d/frameworks/%d", lib, tree.Framework.ID)
		v1URL := fmt.Sprintf("%s/versions/%d", fwURL, tree.Version.ID)
		seleksi := codeIn(tree, "PK.02")

		list := staff.get(fmt.Sprintf("/libraries/%d/frameworks", lib))
		if list.StatusCode != 200 || !strings.Contains(list.Body, html.EscapeString(competency.DefaultFrameworkName)) || !strings.Contains(list.Body, "Versi 1") {
			t.Fatalf("framework list for staff: %d", list.StatusCode)
		}
		if strings.Contains(list.Body, `id="framework-new"`) {
			t.Errorf("staff sees the new-framework button")
		}
		page := staff.get(fwURL)
		for _, want := range []string{"Melakukan seleksi bahan perpustakaan", "Mampu mandiri", "Komunikasi efektif", `id="c-` + fmt.Sprint(seleksi.ID) + `"`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("framework page lacks %q", want)
			}
		}
		if strings.Contains(page.Body, `id="edit-`) || strings.Contains(page.Body, `id="make-draft"`) {
			t.Errorf("staff sees editing controls")
		}
		if !strings.Contains(coord.get(fwURL).Body, `id="edit-`+fmt.Sprint(seleksi.ID)+`"`) {
			t.Errorf("coordinator sees no edit link on the published version")
		}

		// A bad edit stays on the form with the field's message.
		editURL := fmt.Sprintf("%s/competencies/%d/edit", v1URL, seleksi.ID)
		res := coord.postForm(editURL, url.Values{"code": {"PK.02"}, "title": {"  "}, "indicators": {"Satu"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="title-error"`) {
			t.Fatalf("empty title: %d", res.StatusCode)
		}

		// Editing the published version saves into a new draft.
		res = coord.postForm(editURL, url.Values{"code": {"PK.02"}, "title": {"Seleksi bahan tercetak dan digital"},
			"description": {""}, "indicators": {"Menilai mutu\r\nMenilai relevansi\r\n"}})
		draftPage := follow(t, coord, res)
		if !strings.Contains(draftPage.Body, "Perubahan disimpan di draf versi baru") || !strings.Contains(draftPage.Body, "Seleksi bahan tercetak dan digital") {
			t.Fatalf("after the edit: %s", res.Header.Get("Location"))
		}
		if body := staff.get(v1URL).Body; !strings.Contains(body, "Melakukan seleksi bahan perpustakaan") || strings.Contains(body, "Seleksi bahan tercetak dan digital") {
			t.Errorf("the published version changed")
		}
		draftURL, _, _ := strings.Cut(res.Header.Get("Location"), "#")
		if draftURL == v1URL {
			t.Fatalf("the edit redirected to the published version")
		}

		// Publish the draft; the framework page shows version 2.
		res = coord.postForm(draftURL+"/publish", url.Values{"note": {"Seleksi mencakup bahan digital"}})
		if body := follow(t, coord, res).Body; !strings.Contains(body, "Versi diterbitkan") {
			t.Errorf("publishing: no flash")
		}
		if body := staff.get(fwURL).Body; !strings.Contains(body, "Seleksi bahan tercetak dan digital") || !strings.Contains(body, "Versi 2") {
			t.Errorf("framework page after publishing does not show version 2")
		}
		if body := staff.get(v1URL).Body; !strings.Contains(body, `id="retired-notice"`) || !strings.Contains(body, "Melakukan seleksi bahan perpustakaan") {
			t.Errorf("version 1 after publishing 2 is not shown as retired and unchanged")
		}
		if res := coord.get(editURL); res.StatusCode != http.StatusConflict {
			t.Errorf("edit form of a retired version: %d", res.StatusCode)
		}

		// Exports.
		res = staff.get(draftURL + "/export?format=csv")
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.Contains(res.Body, "kode,kode_induk,jenis,judul,deskripsi,indikator") ||
			!strings.Contains(res.Body, "PK.02,PK,unit,Seleksi bahan tercetak dan digital,,Menilai mutu | Menilai relevansi") {
			t.Errorf("CSV export: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		res = staff.get(draftURL + "/export?format=xlsx")
		x, err := excelize.OpenReader(strings.NewReader(res.Body))
		if err != nil {
			t.Fatalf("XLSX export does not open: %v", err)
		}
		if v, _ := x.GetCellValue(x.GetSheetList()[0], "D3"); v != "Melakukan analisis kebutuhan pemustaka terhadap koleksi" {
			t.Errorf("XLSX D3 = %q", v)
		}
	})
}

func TestCompetencyImportPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		coord := a.login(a.A.CoordEmail)
		lib := a.A.Library.ID
		importURL := fmt.Sprintf("/libraries/%d/frameworks/import", lib)
		count := func(table string) int {
			var n int
			if err := d.Reader().QueryRowContext(t.Context(), `SELECT COUNT(*) FROM `+table+` WHERE library_id = ?`, lib).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		frameworks, comps := count("frameworks"), count("competencies")

		lines := []string{"kode,kode_induk,jenis,judul,deskripsi,indikator",
			"PK,,key_function,Pengembangan koleksi,,", "PK.01,PK,unit,Seleksi,,",
			"PK.02,PK,unit,Pengadaan,,", "PK.03,PK,unit,Penyiangan,,", "LP,,key_function,Layanan,,",
			"LP.01,LP,unit,Sirkulasi,,", "PK.01.01,PK.01,sub_unit,Seleksi tercetak,,",
			"PK.01.02,PK.01,sub_unit,Seleksi digital,,", // line 9
			"LP.02,LP,unit,Referensi,,", "LP.03,LP,unit,Layanan anak,,", "LP.04,LP,unit,Keliling,,",
			"LP.05,LP,unit,Promosi,,",
			"PK.01.02,PK.01,sub_unit,Kembar,,", // line 14
		}
		file := []byte(strings.Join(lines, "\n") + "\n")
		res := competencyUpload(coord, importURL, url.Values{"framework_id": {"0"}, "name": {"Kerangka uji"}}, "kerangka.csv", file)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("import with a duplicate code: %d", res.StatusCode)
		}
		want := html.EscapeString(`Baris 14, kolom "kode": Kode PK.01.02 sudah dipakai di baris 9.`)
		if !strings.Contains(res.Body, want) || !strings.Contains(res.Body, "Tidak ada yang disimpan") {
			t.Errorf("import page does not say %q", want)
		}
		if count("frameworks") != frameworks || count("competencies") != comps {
			t.Errorf("a failed import saved something")
		}

		lines[13] = "PK.01.03,PK.01,sub_unit,Seleksi koleksi anak,,"
		file = []byte(strings.Join(lines, "\n") + "\n")
		res = competencyUpload(coord, importURL, url.Values{"framework_id": {"0"}}, "Kerangka Seleksi.csv", file)
		page := follow(t, coord, res)
		if !strings.Contains(page.Body, "Kerangka Seleksi") || !strings.Contains(page.Body, "Seleksi koleksi anak") || !strings.Contains(page.Body, `id="publish"`) {
			t.Errorf("imported framework page: %s", res.Header.Get("Location"))
		}
		if count("frameworks") != frameworks+1 || count("competencies") != comps+13 {
			t.Errorf("frameworks %d, competencies %d after the import", count("frameworks"), count("competencies"))
		}
		if res := a.login(a.A.StaffEmail).get(importURL); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff opens the import page: %d", res.StatusCode)
		}
	})
}

func TestRequirementsMatrixAndAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		coord := a.login(a.A.CoordEmail)
		tree := a.A.Framework
		lib := a.A.Library.ID
		reqURL := fmt.Sprintf("/libraries/%d/frameworks/%d/versions/%d/requirements", lib, tree.Framework.ID, tree.Version.ID)
		lp01, kf := codeIn(tree, "LP.01"), codeIn(tree, "LP")

		page := coord.get(reqURL + "?position=Pustakawan")
		cell := fmt.Sprintf("r_%d_", lp01.ID)
		if page.StatusCode != 200 || !strings.Contains(page.Body, `name="`+cell+`0"`) || strings.Contains(page.Body, fmt.Sprintf(`name="r_%d_0"`, kf.ID)) {
			t.Fatalf("matrix page: %d", page.StatusCode)
		}
		if !strings.Contains(page.Body, "Ahli Pertama") || !strings.Contains(page.Body, "Semua jenjang") {
			t.Errorf("matrix lacks the jenjang columns")
		}
		res := coord.postForm(reqURL, url.Values{"position": {"Pustakawan"}, "service_point_kind": {""},
			"col_0": {""}, "col_1": {"Ahli Pertama"}, cell + "0": {"2"}, cell + "1": {"3"}})
		if body := follow(t, coord, res).Body; !strings.Contains(body, "Persyaratan jabatan disimpan") || !strings.Contains(body, `<option value="3" selected>`) {
			t.Errorf("after saving the matrix")
		}

		// The staff member reads the matrix but has no selects.
		if body := a.login(a.A.StaffEmail).get(reqURL).Body; strings.Contains(body, `<select name="r_`) {
			t.Errorf("staff can edit the requirements matrix")
		}

		// The API serves the framework, its requirements and the version.
		token := a.apiToken(a.A.StaffEmail)
		c := a.client()
		api := fmt.Sprintf("/api/v1/libraries/%d/frameworks", lib)
		var listed struct {
			Items []struct {
				ID      int64 `json:"id"`
				Current *struct {
					Number int `json:"number"`
				} `json:"current_version"`
			} `json:"items"`
		}
		res = c.api("GET", api, token, "")
		if err := json.Unmarshal([]byte(res.Body), &listed); err != nil || len(listed.Items) != 1 || listed.Items[0].Current == nil || listed.Items[0].Current.Number != 1 {
			t.Fatalf("framework list: %s", res.Body)
		}
		var doc struct {
			Version struct {
				Number         int `json:"number"`
				CompetentLevel int `json:"competent_level"`
			} `json:"version"`
			Scale struct {
				Levels []struct {
					Name string `json:"name"`
				} `json:"levels"`
			} `json:"scale"`
			Competencies []struct {
				Code     string `json:"code"`
				Kind     string `json:"kind"`
				Children []struct {
					Code       string   `json:"code"`
					Indicators []string `json:"indicators"`
				} `json:"children"`
			} `json:"competencies"`
		}
		res = c.api("GET", fmt.Sprintf("%s/%d", api, tree.Framework.ID), token, "")
		if err := json.Unmarshal([]byte(res.Body), &doc); err != nil || doc.Version.Number != 1 || doc.Version.CompetentLevel != 3 ||
			len(doc.Scale.Levels) != 5 || len(doc.Competencies) != 8 || doc.Competencies[0].Code != "PK" || len(doc.Competencies[0].Children[0].Indicators) == 0 {
			t.Fatalf("framework tree: %v %.300s", err, res.Body)
		}
		res = c.api("GET", fmt.Sprintf("%s/%d/versions/%d", api, tree.Framework.ID, tree.Version.ID), token, "")
		if res.StatusCode != 200 || !strings.Contains(res.Body, `"code": "KU.07"`) {
			t.Errorf("version by id: %d", res.StatusCode)
		}
		var reqs struct {
			VersionID int64 `json:"version_id"`
			Items     []competency.Requirement
		}
		res = c.api("GET", fmt.Sprintf("%s/%d/requirements", api, tree.Framework.ID), token, "")
		if err := json.Unmarshal([]byte(res.Body), &reqs); err != nil || reqs.VersionID != tree.Version.ID || len(reqs.Items) != 2 {
			t.Fatalf("requirements: %s", res.Body)
		}
		for _, r := range reqs.Items {
			if r.CompetencyCode != "LP.01" || r.Position != "Pustakawan" || (r.Level == "Ahli Pertama") != (r.RequiredLevel == 3) {
				t.Errorf("requirement %+v", r)
			}
		}
		res = c.api("GET", fmt.Sprintf("%s/%d", api, a.B.Framework.Framework.ID), token, "")
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("B's framework through A's library: %d", res.StatusCode)
		}
	})
}
