package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/people"
	"github.com/bina-pustaka/bina/internal/record"
)

var testPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

// postMultipart posts fields and, when filename is set, a file as "evidence".
func (c *client) postMultipart(path string, fields url.Values, filename string, content []byte) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if filename != "" {
		fw, _ := mw.CreateFormFile("evidence", filename)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func recordItems(t *testing.T, d *db.DB, libraryID int64) int {
	return countWhere(t, d, `SELECT COUNT(*) FROM record_items WHERE library_id = ?`, libraryID)
}

// colleague adds a second pustakawan to library A, with one JP entry.
func (a *app) colleague(t *testing.T) (people.Staff, record.JPEntry) {
	t.Helper()
	ctx := t.Context()
	st, err := a.Svc.Staff.Create(ctx, a.system(), people.Staff{LibraryID: a.A.Library.ID, Name: "Budi Santoso", EmploymentStatus: "non_asn",
		Position: "Pustakawan", Level: "Ahli Pertama", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	e, err := a.Svc.Record.AddJP(ctx, a.system(), record.JPEntry{LibraryID: a.A.Library.ID, StaffID: st.ID, Activity: "seminar",
		Title: "Seminar Nasional Kepustakawanan", JP: 8, Date: "2026-02-10"}, &record.Upload{Name: "budi.pdf", Content: testPDF}, false)
	if err != nil {
		t.Fatal(err)
	}
	return st, e
}

func TestStaffKeepsHerOwnRecordOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		budi, budiEntry := a.colleague(t)
		c := a.login(a.A.StaffEmail)
		lib := a.A.Library.ID
		own := fmt.Sprintf("/libraries/%d/staff/%d/record", lib, a.A.Staff.ID)

		page := c.get(own)
		if page.StatusCode != 200 || !strings.Contains(page.Body, a.A.Staff.Name) || !strings.Contains(page.Body, `id="jp-entries"`) ||
			!strings.Contains(page.Body, "Menunggu verifikasi") {
			t.Fatalf("own record: %d\n%s", page.StatusCode, between(page.Body, "<main", "</main>"))
		}
		// A colleague's record, entry and evidence are closed to her; library B's do not exist for her.
		for _, p := range []string{
			fmt.Sprintf("/libraries/%d/staff/%d/record", lib, budi.ID),
			fmt.Sprintf("/libraries/%d/staff/%d/record/new?kind=jp", lib, budi.ID),
			fmt.Sprintf("/libraries/%d/record/%d/evidence", lib, budiEntry.ID),
		} {
			if res := c.get(p); res.StatusCode != http.StatusForbidden || strings.Contains(res.Body, "Seminar Nasional") {
				t.Errorf("GET %s: %d", p, res.StatusCode)
			}
		}
		if res := c.postForm(fmt.Sprintf("/libraries/%d/record/%d/delete", lib, budiEntry.ID), nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("delete a colleague's entry: %d", res.StatusCode)
		}
		before := recordItems(t, d, lib)
		res := c.postMultipart(fmt.Sprintf("/libraries/%d/staff/%d/record/jp", lib, budi.ID),
			url.Values{"activity": {"pelatihan"}, "title": {"Titipan"}, "date": {"2026-03-01"}, "jp": {"4"}}, "", nil)
		if res.StatusCode != http.StatusForbidden || recordItems(t, d, lib) != before {
			t.Errorf("add to a colleague's record: %d", res.StatusCode)
		}
		if res := c.get(fmt.Sprintf("/libraries/%d/staff/%d/record", a.B.Library.ID, a.B.Staff.ID)); res.StatusCode != http.StatusNotFound {
			t.Errorf("library B's record: %d", res.StatusCode)
		}
		// Her own rating is her coordinator's to enter.
		if res := c.get(own + "/new?kind=rating"); res.StatusCode != http.StatusForbidden {
			t.Errorf("rating form for herself: %d", res.StatusCode)
		}

		// She records a training with its certificate; it waits for verification.
		form := c.get(own + "/new?kind=jp")
		if form.StatusCode != 200 || !strings.Contains(form.Body, `enctype="multipart/form-data"`) || strings.Contains(form.Body, `id="verified"`) {
			t.Fatalf("JP form: %d\n%s", form.StatusCode, between(form.Body, "<main", "</main>"))
		}
		fields := url.Values{"activity": {"e_learning"}, "title": {"Kursus Daring Literasi Digital"},
			"organizer": {"Perpusnas"}, "date": {"2026-09-14"}, "jp": {"10"}, "verified": {"1"}}
		// Verifying her own entry by a crafted form is refused, and nothing is saved.
		if res := c.postMultipart(own+"/jp", fields, "sertifikat.pdf", testPDF); res.StatusCode != http.StatusForbidden || recordItems(t, d, lib) != before {
			t.Fatalf("self-verified entry: %d", res.StatusCode)
		}
		fields.Del("verified")
		res = c.postMultipart(own+"/jp", fields, "sertifikat.pdf", testPDF)
		next := c.follow(res)
		if !strings.Contains(next.Body, "Kursus Daring Literasi Digital") || !strings.Contains(next.Body, "Catatan disimpan") {
			t.Fatalf("after adding:\n%s", between(next.Body, "<main", "</main>"))
		}
		var id int64
		var status string
		if err := d.Reader().QueryRowContext(t.Context(), `SELECT item_id, status FROM record_jp_entries WHERE title = ?`, "Kursus Daring Literasi Digital").Scan(&id, &status); err != nil || status != "diajukan" {
			t.Fatalf("stored entry: %v %s (her own entry must wait for a verifier)", err, status)
		}
		dl := c.get(fmt.Sprintf("/libraries/%d/record/%d/evidence", lib, id))
		if dl.StatusCode != 200 || dl.Body != string(testPDF) || dl.Header.Get("Content-Type") != "application/pdf" ||
			dl.Header.Get("Content-Disposition") != fmt.Sprintf(`attachment; filename="bukti-%d.pdf"`, id) || dl.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("evidence download: %d %v", dl.StatusCode, dl.Header)
		}
		// She may withdraw it while it waits.
		if res := c.postForm(fmt.Sprintf("/libraries/%d/record/%d/delete", lib, id), nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("withdraw own entry: %d", res.StatusCode)
		}
	})
}

func TestEvidenceUploadRefusedWithAClearMessage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		c := a.login(a.A.StaffEmail)
		lib := a.A.Library.ID
		path := fmt.Sprintf("/libraries/%d/staff/%d/record/jp", lib, a.A.Staff.ID)
		fields := url.Values{"activity": {"pelatihan"}, "title": {"Pelatihan Katalogisasi RDA"}, "date": {"2026-06-03"}, "jp": {"16"}}
		before := recordItems(t, d, lib)
		files := countWhere(t, d, `SELECT COUNT(*) FROM record_files`)

		// An HTML page named like a PDF: sniffed, refused, the form kept.
		res := c.postMultipart(path, fields, "sertifikat.pdf", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "harus PDF, JPG atau PNG") ||
			!strings.Contains(res.Body, `value="Pelatihan Katalogisasi RDA"`) || !strings.Contains(res.Body, `id="evidence-error"`) {
			t.Errorf("HTML as PDF: %d\n%s", res.StatusCode, between(res.Body, "<main", "</main>"))
		}
		// A Windows program renamed .pdf.
		res = c.postMultipart(path, fields, "sertifikat.pdf", append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 600)...))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("program as PDF: %d", res.StatusCode)
		}
		// 6 MB: over the evidence limit, under the request limit.
		big := append(append([]byte{}, testPDF...), bytes.Repeat([]byte(" "), 6<<20)...)
		res = c.postMultipart(path, fields, "besar.pdf", big)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "paling besar 5 MB") {
			t.Errorf("6 MB evidence: %d\n%s", res.StatusCode, between(res.Body, `id="evidence-error"`, "</p>"))
		}
		// Over the whole request limit: 413, and it names the limit.
		res = c.postMultipart(path, fields, "sangat-besar.pdf", append(append([]byte{}, testPDF...), bytes.Repeat([]byte(" "), 11<<20)...))
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body, "10 MB") {
			t.Errorf("11 MB request: %d", res.StatusCode)
		}
		if n := recordItems(t, d, lib); n != before || countWhere(t, d, `SELECT COUNT(*) FROM record_files`) != files {
			t.Fatalf("refused uploads saved something: %d items (was %d)", n, before)
		}
		// English speakers read it in English.
		c.lang = "en"
		res = c.postMultipart(path, fields, "photo.png", []byte("not really a png"))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "must be a PDF, JPG or PNG") {
			t.Errorf("English message: %s", between(res.Body, `id="evidence-error"`, "</p>"))
		}
	})
}

func TestCoordinatorVerifiesAndSeesWhoIsBehind(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		budi, budiEntry := a.colleague(t)
		lib := a.A.Library.ID
		c := a.login(a.A.CoordEmail)

		q := c.get(fmt.Sprintf("/libraries/%d/jp/verify", lib))
		if q.StatusCode != 200 || !strings.Contains(q.Body, a.A.RecordItem.Title) || !strings.Contains(q.Body, "Seminar Nasional Kepustakawanan") ||
			strings.Contains(q.Body, a.B.RecordItem.Title) {
			t.Fatalf("queue: %d\n%s", q.StatusCode, between(q.Body, "<main", "</main>"))
		}
		// Rejecting needs a reason; the queue says so.
		res := c.postForm(fmt.Sprintf("/libraries/%d/record/%d/reject", lib, budiEntry.ID), url.Values{"note": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="verify-error"`) {
			t.Errorf("reject without reason: %d", res.StatusCode)
		}
		res = c.postForm(fmt.Sprintf("/libraries/%d/record/%d/reject", lib, budiEntry.ID), url.Values{"note": {"Sertifikat tidak terbaca"}})
		if next := c.follow(res); !strings.Contains(next.Body, "Kegiatan JP ditolak") {
			t.Errorf("after reject: %s", between(next.Body, "<main", "</main>"))
		}
		res = c.postForm(fmt.Sprintf("/libraries/%d/record/%d/verify", lib, a.A.RecordItem.ID), nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("verify: %d %s", res.StatusCode, between(res.Body, "<main", "</main>"))
		}
		if res := c.postForm(fmt.Sprintf("/libraries/%d/record/%d/verify", lib, a.A.RecordItem.ID), nil); res.StatusCode != http.StatusConflict {
			t.Errorf("verify twice: %d", res.StatusCode)
		}
		// The coordinator records Budi's workshop verified at once.
		res = c.postMultipart(fmt.Sprintf("/libraries/%d/staff/%d/record/jp", lib, budi.ID), url.Values{"activity": {"workshop"},
			"title": {"Lokakarya Layanan Inklusif"}, "date": {"2026-05-05"}, "jp": {"24"}, "verified": {"1"}}, "", nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("coordinator adds: %d %s", res.StatusCode, between(res.Body, "<main", "</main>"))
		}

		// The year: Sari 12 verified (behind), Budi 24 (reached); fewest first.
		st := c.get(fmt.Sprintf("/libraries/%d/jp?year=2026", lib))
		body := between(st.Body, `id="jp-status"`, "</table>")
		sari, bud := strings.Index(body, a.A.Staff.Name), strings.Index(body, "Budi Santoso")
		if st.StatusCode != 200 || sari < 0 || bud < 0 || sari > bud || !strings.Contains(st.Body, `id="jp-reached-count">1<`) ||
			!strings.Contains(st.Body, `id="jp-behind-count">1<`) || strings.Contains(st.Body, a.B.Staff.Name) {
			t.Fatalf("status page: %d\n%s", st.StatusCode, between(st.Body, "<main", "</main>"))
		}
		if !strings.Contains(body, "Kurang 8 JP") {
			t.Errorf("Sari is 8 JP short: %s", body)
		}
		// Filtered to the circulation desk only Sari is listed.
		st = c.get(fmt.Sprintf("/libraries/%d/jp?year=2026&service_point=%d", lib, a.A.ServicePoint.ID))
		if body := between(st.Body, `id="jp-status"`, "</table>"); strings.Contains(body, "Budi Santoso") || !strings.Contains(body, a.A.Staff.Name) {
			t.Errorf("service point filter: %s", body)
		}
		// Only the admin sets the library's target, never under 20.
		if res := c.postForm(fmt.Sprintf("/libraries/%d/jp/target", lib), url.Values{"jp_target": {"30"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("coordinator sets target: %d", res.StatusCode)
		}
		admin := a.login(a.A.AdminEmail)
		if res := admin.postForm(fmt.Sprintf("/libraries/%d/jp/target", lib), url.Values{"jp_target": {"12"}}); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, "minimal nasional 20 JP") {
			t.Errorf("target 12: %d", res.StatusCode)
		}
		admin.follow(admin.postForm(fmt.Sprintf("/libraries/%d/jp/target", lib), url.Values{"jp_target": {"30"}}))
		if st := c.get(fmt.Sprintf("/libraries/%d/jp?year=2026", lib)); !strings.Contains(st.Body, `id="jp-reached-count">0<`) {
			t.Errorf("after raising the target to 30, Budi's 24 no longer reach it")
		}
	})
}

func TestRecordAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		budi, _ := a.colleague(t)
		lib := a.A.Library.ID
		c := a.client()
		staffToken, coordToken := a.apiToken(a.A.StaffEmail), a.apiToken(a.A.CoordEmail)
		mine := fmt.Sprintf("/api/v1/libraries/%d/staff/%d", lib, a.A.Staff.ID)

		res := c.api("POST", mine+"/jp", staffToken, `{"activity":"belajar_mandiri","title":"Membaca Pedoman RDA","date":"2026-07-01","jp":6,"evidence_url":"https://elearning.perpusnas.go.id/sertifikat/123"}`)
		var e record.JPEntry
		if res.StatusCode != 201 || json.Unmarshal([]byte(res.Body), &e) != nil || e.Status != "diajukan" || e.EvidenceURL == "" {
			t.Fatalf("add: %d %s", res.StatusCode, res.Body)
		}
		res = c.api("POST", mine+"/jp", staffToken, `{"activity":"belajar_mandiri","title":"Tanpa tanggal","jp":0,"evidence_url":"ftp://x"}`)
		if res.StatusCode != 422 || !strings.Contains(res.Body, `"field": "date"`) || !strings.Contains(res.Body, `"field": "jp"`) || !strings.Contains(res.Body, `"field": "evidence_url"`) {
			t.Errorf("bad add: %d %s", res.StatusCode, res.Body)
		}
		if res := c.api("POST", fmt.Sprintf("/api/v1/libraries/%d/staff/%d/jp", lib, budi.ID), staffToken, `{"title":"x"}`); res.StatusCode != 403 {
			t.Errorf("add to a colleague: %d", res.StatusCode)
		}
		res = c.api("GET", mine+"/jp?year=2026", staffToken, "")
		var l struct {
			Status  record.JPStatus  `json:"status"`
			Entries []record.JPEntry `json:"entries"`
		}
		if res.StatusCode != 200 || json.Unmarshal([]byte(res.Body), &l) != nil || l.Status.Pending != 18 || l.Status.Verified != 0 || len(l.Entries) != 2 {
			t.Errorf("ledger: %d %s", res.StatusCode, res.Body)
		}
		if res := c.api("GET", fmt.Sprintf("/api/v1/libraries/%d/jp-status", lib), staffToken, ""); res.StatusCode != 403 {
			t.Errorf("staff reads the library status: %d", res.StatusCode)
		}
		res = c.api("GET", fmt.Sprintf("/api/v1/libraries/%d/jp-status?year=2026", lib), coordToken, "")
		var st record.LibraryJP
		if res.StatusCode != 200 || json.Unmarshal([]byte(res.Body), &st) != nil || st.Target != 20 || st.Total != 2 || st.Reached != 0 || len(st.People) != 2 {
			t.Errorf("status: %d %s", res.StatusCode, res.Body)
		}

		// The coordinator enters three years of ratings through the form.
		coord := a.login(a.A.CoordEmail)
		for year, rating := range map[string]string{"2023": "baik", "2024": "baik", "2025": "sangat_baik"} {
			res := coord.postForm(fmt.Sprintf("/libraries/%d/staff/%d/record/ratings", lib, a.A.Staff.ID), url.Values{"year": {year}, "rating": {rating}, "jenjang": {"Ahli Pertama"}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("rating %s: %d %s", year, res.StatusCode, between(res.Body, "<main", "</main>"))
			}
		}
		res = coord.postForm(fmt.Sprintf("/libraries/%d/staff/%d/record/ratings", lib, a.A.Staff.ID), url.Values{"year": {"2025"}, "rating": {"baik"}, "jenjang": {"Ahli Pertama"}})
		if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "sudah dicatat") {
			t.Errorf("second 2025 rating: %d", res.StatusCode)
		}
		res = c.api("GET", mine+"/credits", staffToken, "")
		if res.StatusCode != 200 || !strings.Contains(res.Body, `"total": 43.75`) || !strings.Contains(res.Body, `"remaining": 56.25`) ||
			!strings.Contains(res.Body, `"projected_year": 2028`) || !strings.Contains(res.Body, `"credits": 18.75`) {
			t.Errorf("credits: %d %s", res.StatusCode, res.Body)
		}
		if res := c.api("GET", fmt.Sprintf("/api/v1/libraries/%d/staff/%d/credits", lib, budi.ID), staffToken, ""); res.StatusCode != 403 {
			t.Errorf("a colleague's credits: %d", res.StatusCode)
		}
		// The record page shows the same, the Indonesian way.
		page := a.login(a.A.StaffEmail).get(fmt.Sprintf("/libraries/%d/staff/%d/record", lib, a.A.Staff.ID))
		if !strings.Contains(page.Body, `id="ak-total">43,75<`) || !strings.Contains(page.Body, "tahun 2028") || !strings.Contains(page.Body, "18,75") {
			t.Errorf("record page credits:\n%s", between(page.Body, `id="angka-kredit"`, "</section>"))
		}
	})
}

func TestAngkaKreditTableIsDataASuperadminChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		ctx := t.Context()
		if _, err := a.Svc.Record.AddRating(ctx, a.system(), record.Rating{LibraryID: a.A.Library.ID, StaffID: a.A.Staff.ID, Year: 2025, Rating: "baik"}); err != nil {
			t.Fatal(err)
		}
		staff := a.login(a.A.StaffEmail)
		page := staff.get("/settings/angka-kredit")
		if page.StatusCode != 200 || !strings.Contains(page.Body, `id="ak-coefficients"`) || strings.Contains(page.Body, `id="regulation-form"`) || !strings.Contains(page.Body, "12,5") {
			t.Fatalf("read-only table: %d\n%s", page.StatusCode, between(page.Body, "<main", "</main>"))
		}
		form := url.Values{"coefficient.Ahli Pertama": {"15"}}
		if res := a.login(a.A.AdminEmail).postForm("/settings/angka-kredit", form); res.StatusCode != http.StatusForbidden {
			t.Errorf("library admin changes the regulation: %d", res.StatusCode)
		}
		super := a.login(a.Super)
		res := super.postForm("/settings/angka-kredit", url.Values{"coefficient.Ahli Pertama": {"15,0x"}, "percent.baik": {"100"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="ak-coefficient-ahli-pertama-error"`) {
			t.Errorf("bad number: %d\n%s", res.StatusCode, between(res.Body, `id="ak-coefficients"`, "</table>"))
		}
		res = super.postForm("/settings/angka-kredit", url.Values{"coefficient.Ahli Pertama": {"15"}, "needed.Ahli Pertama": {"90"}, "percent.baik": {"100"}})
		if next := super.follow(res); !strings.Contains(next.Body, "Tabel angka kredit disimpan") {
			t.Fatalf("save: %d %s", res.StatusCode, between(next.Body, "<main", "</main>"))
		}
		token := a.apiToken(a.A.StaffEmail)
		res = a.client().api("GET", fmt.Sprintf("/api/v1/libraries/%d/staff/%d/credits", a.A.Library.ID, a.A.Staff.ID), token, "")
		if !strings.Contains(res.Body, `"total": 15`) || !strings.Contains(res.Body, `"credits_needed": 90`) {
			t.Errorf("credits after the change: %s", res.Body)
		}
		if n := countWhere(t, d, `SELECT COUNT(*) FROM audit_log WHERE action = 'angka_kredit.update' AND library_id IS NULL`); n != 1 {
			t.Errorf("%d audit entries for the change", n)
		}
	})
}

func TestExpiringCertificationsReminder(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	ctx := t.Context()
	today := record.DateOf(db.Now(), record.Zone("Asia/Jakarta"))
	if _, err := a.Svc.Record.AddCertification(ctx, a.system(), record.Certification{LibraryID: a.A.Library.ID, StaffID: a.A.Staff.ID,
		Name: "Sertifikat Kompetensi Pustakawan Ahli", Issuer: record.DefaultIssuer, Number: "LSP-042", Issued: today.AddDays(-1000), Expires: today.AddDays(30)}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Svc.Record.AddCertification(ctx, a.system(), record.Certification{LibraryID: a.B.Library.ID, StaffID: a.B.Staff.ID,
		Name: "Sertifikat Milik Samarinda", Issuer: record.DefaultIssuer, Issued: today.AddDays(-1000), Expires: today.AddDays(10)}, nil); err != nil {
		t.Fatal(err)
	}
	page := a.login(a.A.CoordEmail).get(fmt.Sprintf("/libraries/%d/certifications/expiring", a.A.Library.ID))
	if page.StatusCode != 200 || !strings.Contains(page.Body, "LSP-042") || strings.Contains(page.Body, "Samarinda") {
		t.Fatalf("expiring: %d\n%s", page.StatusCode, between(page.Body, "<main", "</main>"))
	}
	own := a.login(a.A.StaffEmail).get(fmt.Sprintf("/libraries/%d/staff/%d/record", a.A.Library.ID, a.A.Staff.ID))
	if !strings.Contains(own.Body, `id="record-reminders"`) || !strings.Contains(between(own.Body, `id="record-reminders"`, "</div>"), "30 hari lagi") {
		t.Errorf("no reminder on her own page:\n%s", between(own.Body, "<main", "</main>"))
	}
	if res := a.login(a.A.StaffEmail).get(fmt.Sprintf("/libraries/%d/certifications/expiring", a.A.Library.ID)); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff opens the library's reminder list: %d", res.StatusCode)
	}
}

// Keys built from data in the record templates, by the audit page and by
// the not-found message.
func TestRecordKeysAreTranslated(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"kind.record_item", "kind.evidence", "kind.jp_entry",
		"record.jp_title", "record.organizer", "record.date_ended", "record.jp_hours", "record.cert_name", "record.issuer", "record.number",
		"record.issued", "record.expires", "record.pub_title", "record.venue", "record.year", "record.url", "record.conf_name", "record.place",
		"record.date", "record.association", "record.since", "record.until", "record.evidence_url"}
	for _, a := range []string{"jp_add", "jp_verify", "jp_reject", "certification_add", "publication_add", "conference_add", "membership_add", "rating_add", "delete"} {
		keys = append(keys, "audit.action.record."+a)
	}
	keys = append(keys, "audit.action.angka_kredit.update", "audit.action.jp_target.update")
	for _, k := range record.Kinds {
		keys = append(keys, "record.form_title."+string(k))
	}
	for _, x := range record.Activities {
		keys = append(keys, "record.activity."+x)
	}
	for _, x := range record.PublicationTypes {
		keys = append(keys, "record.publication_type."+x)
	}
	for _, x := range record.ConferenceRoles {
		keys = append(keys, "record.conference_role."+x)
	}
	for _, x := range []string{record.StatusSubmitted, record.StatusVerified, record.StatusRejected} {
		keys = append(keys, "record.status."+x)
	}
	for _, x := range []string{"valid", "expiring", "expired"} {
		keys = append(keys, "record.cert_state."+x)
	}
	for _, x := range []string{"sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"} {
		keys = append(keys, "record.rating."+x)
	}
	for _, k := range keys {
		for _, lang := range i18n.Langs {
			if !bundle.Has(lang, k) {
				t.Errorf("key %q has no %s text", k, lang)
			}
		}
	}
}
