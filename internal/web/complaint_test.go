package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

var trackingCodeRE = regexp.MustCompile(`/pengaduan/lacak/([A-Z]{3}-[0-9A-Z]{5}-[0-9A-Z]{5})`)

// fileComplaint sends the public form and returns the tracking code from the redirect.
func fileComplaint(t *testing.T, c *client, lib int64, form url.Values) string {
	t.Helper()
	res := c.postForm(fmt.Sprintf("/p/%d/pengaduan", lib), form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("file: status %d\n%s", res.StatusCode, between(res.Body, "<main", "</main>"))
	}
	m := trackingCodeRE.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil || !strings.HasSuffix(res.Header.Get("Location"), "/bukti") {
		t.Fatalf("file: redirected to %q, want the receipt", res.Header.Get("Location"))
	}
	return m[1]
}

func complaintForm(body string, contact ...string) url.Values {
	f := url.Values{"class": {"pengaduan"}, "category": {"layanan_petugas"}, "body": {body}}
	if len(contact) == 3 {
		f.Set("contact_name", contact[0])
		f.Set("contact_phone", contact[1])
		f.Set("contact_email", contact[2])
	}
	return f
}

// complaintIDOf finds a complaint's id by its tracking code.
func complaintIDOf(t *testing.T, d *db.DB, code string) int64 {
	t.Helper()
	var id int64
	if err := d.Reader().QueryRowContext(context.Background(), `SELECT id FROM complaints WHERE code = ?`, code).Scan(&id); err != nil {
		t.Fatalf("complaint %s: %v", code, err)
	}
	return id
}

func wantComplaintStatus(t *testing.T, what string, res response, status int) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, res.StatusCode, status, between(res.Body, "<main", "</main>"))
	}
}

func TestComplaintJourney(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		public := a.client()
		lib := a.A.Library.ID

		res := public.get(fmt.Sprintf("/p/%d/pengaduan", lib))
		wantComplaintStatus(t, "form", res, http.StatusOK)
		if !strings.Contains(res.Body, a.A.Library.Name) || !strings.Contains(res.Body, `id="complaint-form"`) || !strings.Contains(res.Body, "Sirkulasi") {
			t.Fatalf("public form lacks the library, the form or its service points")
		}
		for _, p := range []string{"/p/999999/pengaduan", "/p/bukan-angka/pengaduan"} {
			if res := public.get(p); res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, "Perpustakaan tidak ditemukan") {
				t.Errorf("%s: status %d, want the translated 404", p, res.StatusCode)
			}
		}

		// Refused input comes back in the form; a bot's filled trap stores nothing.
		res = public.postForm(fmt.Sprintf("/p/%d/pengaduan", lib), url.Values{"class": {"pengaduan"}, "category": {"koleksi"}, "body": {" "}, "contact_phone": {"12"}})
		wantComplaintStatus(t, "empty report", res, http.StatusUnprocessableEntity)
		if !strings.Contains(res.Body, `id="body-error"`) || !strings.Contains(res.Body, `id="contact_phone-error"`) {
			t.Fatalf("field errors not shown:\n%s", between(res.Body, "<main", "</main>"))
		}
		bot := complaintForm("Beli obat murah")
		bot.Set("situs_web", "http://spam.example")
		res = public.postForm(fmt.Sprintf("/p/%d/pengaduan", lib), bot)
		var n int
		complaintNoErr(t, d.Reader().QueryRowContext(t.Context(), `SELECT COUNT(*) FROM complaints WHERE body LIKE '%obat%'`).Scan(&n))
		if res.StatusCode != http.StatusSeeOther || n != 0 {
			t.Fatalf("trap filled: status %d, %d stored", res.StatusCode, n)
		}

		code := fileComplaint(t, public, lib, complaintForm("Buku referensi yang saya cari tidak ada di rak.", "Rina Pemustaka", "0812 7777 1234", "rina.pemustaka@contoh.id"))
		res = public.get("/pengaduan/lacak/" + code + "/bukti")
		wantComplaintStatus(t, "receipt", res, http.StatusOK)
		if !strings.Contains(res.Body, code) || !strings.Contains(res.Body, `id="flash"`) {
			t.Fatalf("receipt lacks the code or the confirmation")
		}
		// A code typed in lower case with spaces finds the report.
		res = public.get("/pengaduan/lacak?kode=" + url.QueryEscape(strings.ToLower(strings.ReplaceAll(code, "-", " "))))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/pengaduan/lacak/"+code {
			t.Fatalf("lookup: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		res = public.get("/pengaduan/lacak?kode=PGD-22222-22222")
		if res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, `id="kode-error"`) {
			t.Fatalf("unknown code: %d", res.StatusCode)
		}

		// The coordinator verifies and assigns the staff member; she answers.
		id := complaintIDOf(t, d, code)
		coord := a.login(a.A.CoordEmail)
		page := fmt.Sprintf("/libraries/%d/complaints/%d", lib, id)
		wantComplaintStatus(t, "verify", coord.postForm(page+"/verify", url.Values{"assignee_id": {fmt.Sprint(a.A.StaffUserID)}}), http.StatusSeeOther)
		res = coord.postForm(page+"/verify", url.Values{"assignee_id": {fmt.Sprint(a.A.StaffUserID)}})
		wantComplaintStatus(t, "verify twice", res, http.StatusConflict)
		if !strings.Contains(res.Body, `id="complaint-message"`) {
			t.Fatal("a refused action does not say why")
		}
		librarian := a.login(a.A.StaffEmail)
		wantComplaintStatus(t, "empty reply", librarian.postForm(page+"/reply", url.Values{"reply": {""}}), http.StatusUnprocessableEntity)
		wantComplaintStatus(t, "reply", librarian.postForm(page+"/reply", url.Values{"reply": {"Buku tersebut sedang dipinjam; kami pesan satu eksemplar lagi."}}), http.StatusSeeOther)
		wantComplaintStatus(t, "note", coord.postForm(page+"/note", url.Values{"note": {"Usulkan pengadaan pada rapat koleksi."}}), http.StatusSeeOther)

		res = public.get("/pengaduan/lacak/" + code)
		wantComplaintStatus(t, "status page", res, http.StatusOK)
		for _, want := range []string{"Dijawab", "kami pesan satu eksemplar lagi", `id="complaint-rate-form"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("status page lacks %q", want)
			}
		}
		for _, never := range []string{"rapat koleksi", "Rina Pemustaka", "0812 7777 1234", "rina.pemustaka@contoh.id", "Pustakawan batu", "Koordinator batu"} {
			if strings.Contains(res.Body, never) {
				t.Errorf("status page shows %q", never)
			}
		}

		// Rating once.
		wantComplaintStatus(t, "rating out of range", public.postForm("/pengaduan/lacak/"+code+"/nilai", url.Values{"rating": {"9"}}), http.StatusUnprocessableEntity)
		wantComplaintStatus(t, "rating", public.postForm("/pengaduan/lacak/"+code+"/nilai", url.Values{"rating": {"4"}, "comment": {"Terima kasih"}}), http.StatusSeeOther)
		res = public.postForm("/pengaduan/lacak/"+code+"/nilai", url.Values{"rating": {"1"}})
		wantComplaintStatus(t, "second rating", res, http.StatusConflict)
		res = public.get("/pengaduan/lacak/" + code)
		if !strings.Contains(res.Body, "Selesai") || !strings.Contains(res.Body, `id="complaint-rating"`) || strings.Contains(res.Body, `id="complaint-rate-form"`) {
			t.Fatalf("after rating:\n%s", between(res.Body, "<main", "</main>"))
		}
	})
}

// The acceptance test for privacy: a staff member not assigned to a
// complaint never sees its contact, through any page or API; the assigned
// one does, and each look is audited.
func TestComplaintContactPrivacy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		ctx := t.Context()
		lib := a.A.Library.ID
		secret := []string{"Dewi Rahasia", "0813 9999 4242", "dewi.rahasia@contoh.id"}
		code := fileComplaint(t, a.client(), lib, complaintForm("Petugas bersikap kasar.", secret...))
		id := complaintIDOf(t, d, code)
		coord := a.login(a.A.CoordEmail)
		wantComplaintStatus(t, "verify", coord.postForm(fmt.Sprintf("/libraries/%d/complaints/%d/verify", lib, id), url.Values{"assignee_id": {fmt.Sprint(a.A.StaffUserID)}}), http.StatusSeeOther)

		other, err := a.Svc.Users.Bootstrap(ctx, auth.NewUser{Email: "petugas.lain@batu.test", Name: "Petugas Lain", Password: testPassword, LibraryID: lib, Role: auth.RoleStaff})
		complaintNoErr(t, err)
		showsSecret := func(body string) string {
			for _, s := range secret {
				if strings.Contains(body, s) {
					return s
				}
			}
			return ""
		}

		// Every GET page and API route, with this complaint in {complaint}.
		ids := a.A.ids()
		ids["complaint"] = id
		browser, token := a.login("petugas.lain@batu.test"), a.apiToken("petugas.lain@batu.test")
		walked := 0
		for _, rt := range a.Server.Routes() {
			if rt.Method != "GET" || strings.Contains(rt.Pattern, "{lang}") || strings.Contains(rt.Pattern, "{code}") {
				continue
			}
			path, _ := fill(t, rt, lib, ids)
			var res response
			if rt.API {
				res = browser.api("GET", path, token, "")
			} else {
				res = browser.get(path)
			}
			walked++
			if s := showsSecret(res.Body); s != "" {
				t.Errorf("GET %s as an unassigned staff member (status %d) shows %q", path, res.StatusCode, s)
			}
			if strings.Contains(rt.Pattern, "{complaint}") && res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s as an unassigned staff member: status %d, want 404", path, res.StatusCode)
			}
		}
		for _, p := range []string{"/pengaduan/lacak/" + code, "/pengaduan/lacak/" + code + "/bukti"} {
			if s := showsSecret(browser.get(p).Body); s != "" {
				t.Errorf("public %s shows %q", p, s)
			}
		}
		if walked < 20 {
			t.Fatalf("walked only %d GET routes", walked)
		}
		var views int
		complaintNoErr(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'complaint.contact_view' AND user_id = ?`, other.ID).Scan(&views))
		if views != 0 {
			t.Fatalf("%d contact views logged for someone who saw nothing", views)
		}

		// The assigned staff member sees it on the page and through the API.
		assigned := a.login(a.A.StaffEmail)
		res := assigned.get(fmt.Sprintf("/libraries/%d/complaints/%d", lib, id))
		wantComplaintStatus(t, "assigned staff's page", res, http.StatusOK)
		if !strings.Contains(res.Body, secret[0]) || !strings.Contains(res.Body, secret[1]) {
			t.Fatalf("the assigned staff member does not see the contact:\n%s", between(res.Body, `id="complaint-contact"`, "</section>"))
		}
		res = assigned.api("GET", fmt.Sprintf("/api/v1/libraries/%d/complaints/%d", lib, id), a.apiToken(a.A.StaffEmail), "")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"contact"`) || !strings.Contains(res.Body, secret[2]) {
			t.Fatalf("API for the assignee: %d %s", res.StatusCode, res.Body)
		}
		// Lists never carry it, and the audit log names the access, not the data.
		admin := a.login(a.A.AdminEmail)
		for _, p := range []string{fmt.Sprintf("/libraries/%d/complaints?status=all", lib), fmt.Sprintf("/libraries/%d/audit", lib)} {
			res := admin.get(p)
			wantComplaintStatus(t, p, res, http.StatusOK)
			if s := showsSecret(res.Body); s != "" {
				t.Errorf("%s shows %q", p, s)
			}
		}
		if res := admin.get(fmt.Sprintf("/libraries/%d/audit", lib)); !strings.Contains(res.Body, "Melihat kontak pelapor") {
			t.Error("the audit log does not show the contact views")
		}
		complaintNoErr(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'complaint.contact_view' AND user_id = ? AND entity_id = ?`, a.A.StaffUserID, id).Scan(&views))
		if views != 2 {
			t.Fatalf("%d contact views logged for the assignee, want 2 (page and API)", views)
		}
	})
}

func TestComplaintEscalationReachesAdmin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		ctx := t.Context()
		lib := a.A.Library.ID
		admin := a.login(a.A.AdminEmail)
		escalations := fmt.Sprintf("/libraries/%d/complaints/escalations", lib)
		if res := admin.get(escalations); res.StatusCode != 200 || strings.Contains(res.Body, a.A.Complaint.Code) {
			t.Fatalf("before any deadline passed: status %d, lists the complaint: %v", res.StatusCode, strings.Contains(res.Body, a.A.Complaint.Code))
		}
		// A month on, the verify deadline of both tenants' complaints has passed.
		n, err := a.Svc.Complaints.Escalate(ctx, time.Now().AddDate(0, 1, 0))
		complaintNoErr(t, err)
		if n != 2 {
			t.Fatalf("escalated %d, want 2 (one per library)", n)
		}
		res := admin.get(escalations)
		wantComplaintStatus(t, "escalations", res, http.StatusOK)
		if !strings.Contains(res.Body, a.A.Complaint.Code) || strings.Contains(res.Body, a.B.Complaint.Code) {
			t.Fatalf("admin's escalations: shows A's %v, B's %v", strings.Contains(res.Body, a.A.Complaint.Code), strings.Contains(res.Body, a.B.Complaint.Code))
		}
		res = admin.get(fmt.Sprintf("/libraries/%d/complaints?escalated=1", lib))
		if !strings.Contains(res.Body, a.A.Complaint.Code) || !strings.Contains(res.Body, `id="complaint-escalations-link"`) {
			t.Fatal("the inbox filter or the escalations link is missing")
		}
		wantComplaintStatus(t, "coordinator", a.login(a.A.CoordEmail).get(escalations), http.StatusForbidden)

		// Verified, it leaves the list; answered and silent, it closes itself.
		page := fmt.Sprintf("/libraries/%d/complaints/%d", lib, a.A.Complaint.ID)
		wantComplaintStatus(t, "verify", admin.postForm(page+"/verify", url.Values{"assignee_id": {fmt.Sprint(a.A.AdminID)}}), http.StatusSeeOther)
		if res := admin.get(escalations); strings.Contains(res.Body, a.A.Complaint.Code) {
			t.Fatal("a verified complaint is still escalated for verification")
		}
		wantComplaintStatus(t, "reply", admin.postForm(page+"/reply", url.Values{"reply": {"Sudah kami tangani."}}), http.StatusSeeOther)
		n, err = a.Svc.Complaints.AutoClose(ctx, time.Now().AddDate(0, 2, 0))
		complaintNoErr(t, err)
		if n != 1 {
			t.Fatalf("auto-closed %d, want 1", n)
		}
		res = a.client().get("/pengaduan/lacak/" + a.A.Complaint.Code)
		if !strings.Contains(res.Body, "Ditutup otomatis") {
			t.Fatalf("status page after auto-close:\n%s", between(res.Body, `id="complaint-timeline"`, "</ol>"))
		}
	})
}

func TestHolidayPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		lib := a.A.Library.ID
		super := a.login(a.Super)
		res := super.get("/holidays?year=2026")
		wantComplaintStatus(t, "national holidays", res, http.StatusOK)
		if !strings.Contains(res.Body, "Hari Lahir Pancasila") || strings.Contains(res.Body, "Hari Jadi batu") {
			t.Fatal("the national page should list the seeded holidays and no library's own")
		}
		if res := super.get("/holidays?year=2027"); !strings.Contains(res.Body, `id="holidays-none"`) {
			t.Fatal("no warning for a year without national holidays")
		}
		wantComplaintStatus(t, "add national", super.postForm("/holidays", url.Values{"date": {"2027-01-01"}, "name": {"Tahun Baru 2027 Masehi"}, "kind": {"libur"}}), http.StatusSeeOther)

		admin := a.login(a.A.AdminEmail)
		wantComplaintStatus(t, "admin on the national page", admin.get("/holidays"), http.StatusForbidden)
		path := fmt.Sprintf("/libraries/%d/holidays", lib)
		wantComplaintStatus(t, "bad date", admin.postForm(path, url.Values{"date": {"1 Mei"}, "name": {"X"}, "kind": {"libur"}}), http.StatusUnprocessableEntity)
		wantComplaintStatus(t, "taken date", admin.postForm(path, url.Values{"date": {"2026-07-09"}, "name": {"Lagi"}, "kind": {"libur"}}), http.StatusConflict)
		wantComplaintStatus(t, "add local", admin.postForm(path, url.Values{"date": {"2027-01-02"}, "name": {"Cuti bersama daerah"}, "kind": {"cuti_bersama"}}), http.StatusSeeOther)
		res = admin.get(path + "?year=2027")
		if !strings.Contains(res.Body, "Tahun Baru 2027 Masehi") || !strings.Contains(res.Body, "Cuti bersama daerah") || strings.Contains(res.Body, `id="holidays-none"`) {
			t.Fatalf("library calendar 2027:\n%s", between(res.Body, `id="holidays"`, "</table>"))
		}
		staff := a.login(a.A.StaffEmail)
		res = staff.get(path)
		if res.StatusCode != http.StatusOK || strings.Contains(res.Body, `id="holiday-form"`) {
			t.Fatalf("staff: status %d, may add: %v", res.StatusCode, strings.Contains(res.Body, `id="holiday-form"`))
		}
	})
}

func complaintNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
