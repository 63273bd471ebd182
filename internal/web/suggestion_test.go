package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/suggestion"
)

func countWhere(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRowContext(t.Context(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// follow GETs a redirect's target with the same client (and its flash cookie).
func (c *client) follow(res response) response {
	c.t.Helper()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || loc == "" {
		c.t.Fatalf("want a redirect, got %d: %s", res.StatusCode, between(res.Body, "<main", "</main>"))
	}
	return c.get(loc)
}

func TestPublicSuggestionBoxNeedsNoAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		c := a.client() // no account
		path := fmt.Sprintf("/p/%d/saran", a.A.Library.ID)
		before := countWhere(t, d, `SELECT COUNT(*) FROM suggestions WHERE library_id = ?`, a.A.Library.ID)

		page := c.get(path)
		if page.StatusCode != 200 || !strings.Contains(page.Body, a.A.Library.Name) || !strings.Contains(page.Body, `id="suggestion-form"`) ||
			!strings.Contains(page.Body, `name="website"`) || !strings.Contains(page.Body, a.A.ServicePoint.Name) {
			t.Fatalf("public form: %d\n%s", page.StatusCode, between(page.Body, "<main", "</main>"))
		}
		if strings.Contains(page.Body, a.B.Library.Name) {
			t.Error("library A's form names library B")
		}

		res := c.postForm(path, url.Values{"body": {"Mohon tambah stop kontak di ruang baca."}, "service_point_id": {fmt.Sprint(a.A.ServicePoint.ID)}, "website": {""}})
		if next := c.follow(res); !strings.Contains(next.Body, "Terima kasih") {
			t.Errorf("no thanks after sending:\n%s", between(next.Body, "<main", "</main>"))
		}
		if n := countWhere(t, d, `SELECT COUNT(*) FROM suggestions WHERE library_id = ? AND service_point_id = ?`, a.A.Library.ID, a.A.ServicePoint.ID); n != 1 {
			t.Errorf("%d suggestions stored for the service point, want 1", n)
		}

		// A bot filling the hidden field is refused, and nothing is stored.
		res = c.postForm(path, url.Values{"body": {"Murah meriah klik di sini"}, "website": {"http://spam.test"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("honeypot: status %d, want 422", res.StatusCode)
		}
		// An empty suggestion shows the form again with the error in place.
		res = c.postForm(path, url.Values{"body": {"  "}, "contact": {"0812"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="body-error"`) || !strings.Contains(res.Body, `value="0812"`) {
			t.Errorf("empty body: %d\n%s", res.StatusCode, between(res.Body, "<main", "</main>"))
		}
		if n := countWhere(t, d, `SELECT COUNT(*) FROM suggestions WHERE library_id = ?`, a.A.Library.ID); n != before+1 {
			t.Errorf("%d suggestions, want %d", n, before+1)
		}

		// An unknown library is the translated 404, in both languages.
		for _, p := range []string{"/p/999999/saran", "/p/bukan-angka/saran", "/p/999999/usulan-buku"} {
			if res := c.get(p); res.StatusCode != 404 || !strings.Contains(res.Body, "Perpustakaan tidak ditemukan") {
				t.Errorf("GET %s: %d\n%s", p, res.StatusCode, between(res.Body, "<main", "</main>"))
			}
		}
		c.lang = "en"
		if res := c.get("/p/999999/saran"); res.StatusCode != 404 || !strings.Contains(res.Body, "Library not found") {
			t.Errorf("English 404: %d", res.StatusCode)
		}
		if res := c.postForm("/p/999999/saran", url.Values{"body": {"x"}}); res.StatusCode != 404 {
			t.Errorf("POST to an unknown library: %d", res.StatusCode)
		}
	})
}

func codeInPath(loc string) string { return loc[strings.LastIndexByte(loc, '/')+1:] }

func TestBookRequestStatusIsVisibleByCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		c := a.client()
		form := fmt.Sprintf("/p/%d/usulan-buku", a.A.Library.ID)
		if res := c.get(form); res.StatusCode != 200 || !strings.Contains(res.Body, `id="request-form"`) || !strings.Contains(res.Body, `id="track-form"`) {
			t.Fatalf("public form: %d", res.StatusCode)
		}

		res := c.postForm(form, url.Values{"title": {"Cantik Itu Luka"}, "author": {"Eka Kurniawan"}, "isbn": {"978-602-03-3125-6"}, "contact": {"081234567890"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %d\n%s", res.StatusCode, between(res.Body, "<main", "</main>"))
		}
		loc := res.Header.Get("Location")
		code := codeInPath(loc)
		if !strings.HasPrefix(loc, form+"/") || len(code) != 14 || code[4] != '-' {
			t.Fatalf("redirected to %q, want the status page with a readable code", loc)
		}
		status := c.get(loc)
		for _, want := range []string{"Cantik Itu Luka", code, "Diterima", "Terima kasih"} {
			if !strings.Contains(status.Body, want) {
				t.Errorf("status page lacks %q:\n%s", want, between(status.Body, "<main", "</main>"))
			}
		}
		if strings.Contains(status.Body, "081234567890") {
			t.Error("the status page shows the requester's contact")
		}

		// Another patron asks for the same book, its ISBN typed without hyphens: one request, demand 2.
		other := a.client()
		res = other.postForm(form, url.Values{"title": {"cantik itu luka"}, "isbn": {"9786020331256"}})
		next := other.follow(res)
		if !strings.Contains(next.Body, "sudah pernah diusulkan") || !strings.Contains(next.Body, "2 pemustaka") {
			t.Errorf("second ask:\n%s", between(next.Body, "<main", "</main>"))
		}
		if n := countWhere(t, d, `SELECT COUNT(*) FROM book_requests WHERE library_id = ? AND isbn = ?`, a.A.Library.ID, "9786020331256"); n != 1 {
			t.Fatalf("%d rows for one book", n)
		}

		// Staff refuse it with a reason; the first requester sees both.
		coord := a.login(a.A.CoordEmail)
		var id int64
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(d.Reader().QueryRowContext(t.Context(), `SELECT id FROM book_requests WHERE library_id = ? AND isbn = ?`, a.A.Library.ID, "9786020331256").Scan(&id))
		staffPath := fmt.Sprintf("/libraries/%d/book-requests/%d", a.A.Library.ID, id)
		res = coord.postForm(staffPath+"/status", url.Values{"status": {"ditolak"}, "reason": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="reason-error"`) {
			t.Errorf("refusal without reason: %d", res.StatusCode)
		}
		res = coord.postForm(staffPath+"/status", url.Values{"status": {"ditolak"}, "reason": {"Buku untuk pembaca dewasa; sudah ada di layanan referensi."}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("refuse: %d\n%s", res.StatusCode, between(res.Body, "<main", "</main>"))
		}
		status = c.get(loc)
		if !strings.Contains(status.Body, "Ditolak") || !strings.Contains(status.Body, "sudah ada di layanan referensi") {
			t.Errorf("requester does not see the refusal:\n%s", between(status.Body, "<main", "</main>"))
		}
		if n := countWhere(t, d, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action = ?`, a.A.Library.ID, "book_request.status"); n != 1 {
			t.Errorf("%d audit entries for the decision, want 1", n)
		}

		// The lookup box takes the code as typed and leads to the status.
		res = c.get(form + "?kode=" + url.QueryEscape(strings.ToLower(strings.ReplaceAll(code, "-", " "))))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != loc {
			t.Errorf("lookup: %d → %q, want %q", res.StatusCode, res.Header.Get("Location"), loc)
		}
		res = c.get(form + "?kode=ABCD-EFGH-JKLM")
		if res.StatusCode != 404 || !strings.Contains(res.Body, `id="kode-error"`) {
			t.Errorf("unknown code: %d", res.StatusCode)
		}
		// The code does not open anything in another library.
		if res := c.get(fmt.Sprintf("/p/%d/usulan-buku/%s", a.B.Library.ID, code)); res.StatusCode != 404 {
			t.Errorf("A's code in B: %d", res.StatusCode)
		}

		// A bot is refused and stores nothing.
		before := countWhere(t, d, `SELECT COUNT(*) FROM book_request_requesters`)
		res = c.postForm(form, url.Values{"title": {"Buku Spam"}, "website": {"x"}})
		if res.StatusCode != http.StatusUnprocessableEntity || countWhere(t, d, `SELECT COUNT(*) FROM book_request_requesters`) != before {
			t.Errorf("honeypot: %d", res.StatusCode)
		}
		res = c.postForm(form, url.Values{"title": {"Ok"}, "isbn": {"978-602-03-3125-7"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="isbn-error"`) {
			t.Errorf("bad ISBN: %d", res.StatusCode)
		}
	})
}

func TestContactsStayWithAdminsAndCoordinators(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		lib := a.A.Library.ID
		contact := "pemustaka@batu.test" // left by the harness's suggestion
		suggPath := fmt.Sprintf("/libraries/%d/suggestions/%d", lib, a.A.Suggestion.ID)
		reqPath := fmt.Sprintf("/libraries/%d/book-requests/%d", lib, a.A.BookRequest.ID)
		// The harness's book request has no contact; add one.
		_, err := a.Svc.Suggestions.RequestBook(t.Context(), suggestion.NewBookRequest{LibraryID: lib, Title: "Laskar Pelangi", Author: "Andrea Hirata", Contact: "0811-222-333", ClientIP: "192.0.2.9"})
		if err != nil {
			t.Fatal(err)
		}

		// A librarian without the role reaches none of it.
		staff := a.login(a.A.StaffEmail)
		for _, p := range []string{fmt.Sprintf("/libraries/%d/suggestions", lib), suggPath, suggPath + "?show_contact=1",
			fmt.Sprintf("/libraries/%d/book-requests", lib), reqPath, reqPath + "?show_contact=1"} {
			if res := staff.get(p); res.StatusCode != http.StatusForbidden || strings.Contains(res.Body, contact) {
				t.Errorf("staff GET %s: %d", p, res.StatusCode)
			}
		}
		staffToken := a.apiToken(a.A.StaffEmail)
		if res := staff.api("GET", fmt.Sprintf("/api/v1/libraries/%d/suggestions", lib), staffToken, ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff API: %d", res.StatusCode)
		}

		// A coordinator sees the box; the contact only when she asks, and the log says so.
		coord := a.login(a.A.CoordEmail)
		list := coord.get(fmt.Sprintf("/libraries/%d/suggestions", lib))
		if list.StatusCode != 200 || !strings.Contains(list.Body, "Saran untuk") || strings.Contains(list.Body, contact) || !strings.Contains(list.Body, "Meninggalkan kontak") {
			t.Errorf("coordinator's list: %d\n%s", list.StatusCode, between(list.Body, "<main", "</main>"))
		}
		show := coord.get(suggPath)
		if show.StatusCode != 200 || strings.Contains(show.Body, contact) || !strings.Contains(show.Body, `id="show-contact"`) {
			t.Errorf("detail before asking: %d", show.StatusCode)
		}
		logged := func(action string) int {
			return countWhere(t, d, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action = ?`, lib, action)
		}
		if logged("suggestion.contact_view") != 0 {
			t.Fatal("contact logged before it was shown")
		}
		show = coord.get(suggPath + "?show_contact=1")
		if !strings.Contains(show.Body, contact) || logged("suggestion.contact_view") != 1 {
			t.Errorf("after asking: shown %v, logged %d", strings.Contains(show.Body, contact), logged("suggestion.contact_view"))
		}
		show = coord.get(reqPath + "?show_contact=1")
		if !strings.Contains(show.Body, "0811-222-333") || logged("book_request.contact_view") != 1 {
			t.Errorf("book request contacts: shown %v, logged %d", strings.Contains(show.Body, "0811-222-333"), logged("book_request.contact_view"))
		}

		// The API never carries contacts.
		token := a.apiToken(a.A.CoordEmail)
		for _, p := range []string{fmt.Sprintf("/api/v1/libraries/%d/suggestions", lib), fmt.Sprintf("/api/v1/libraries/%d/book-requests/%d", lib, a.A.BookRequest.ID)} {
			res := coord.api("GET", p, token, "")
			if res.StatusCode != 200 || strings.Contains(res.Body, contact) || strings.Contains(res.Body, "0811-222-333") {
				t.Errorf("API %s: %d %s", p, res.StatusCode, res.Body)
			}
		}
		// The coordinator marks it read.
		res := coord.postForm(suggPath+"/status", url.Values{"status": {"dibaca"}, "note": {""}})
		if next := coord.follow(res); !strings.Contains(next.Body, "Dibaca") {
			t.Errorf("after marking read:\n%s", between(next.Body, "<main", "</main>"))
		}
	})
}

func TestBookRequestsMostAskedFirstOnPageAndAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		ctx, lib := t.Context(), a.A.Library.ID
		ask := func(title string, n int) int64 {
			var id int64
			for i := 0; i < n; i++ {
				rc, err := a.Svc.Suggestions.RequestBook(ctx, suggestion.NewBookRequest{LibraryID: lib, Title: title, ClientIP: fmt.Sprintf("198.51.100.%d", i)})
				if err != nil {
					t.Fatal(err)
				}
				id = rc.Request.ID
			}
			return id
		}
		ask("Hujan", 2)
		pulang := ask("Pulang", 5)
		ask("Laut Bercerita", 3)

		coord := a.login(a.A.CoordEmail)
		page := coord.get(fmt.Sprintf("/libraries/%d/book-requests", lib))
		order := []string{"Pulang", "Laut Bercerita", "Hujan", "Laskar Pelangi"}
		last := -1
		for _, title := range order {
			i := strings.Index(page.Body, ">"+title+"<")
			if i < 0 || i < last {
				t.Fatalf("book requests page not in demand order %v:\n%s", order, between(page.Body, `id="request-table"`, "</table>"))
			}
			last = i
		}

		token := a.apiToken(a.A.CoordEmail)
		res := coord.api("GET", fmt.Sprintf("/api/v1/libraries/%d/book-requests", lib), token, "")
		var list struct {
			Items []suggestion.BookRequest `json:"items"`
			Total int                      `json:"total"`
		}
		if err := json.Unmarshal([]byte(res.Body), &list); err != nil || list.Total != 4 || list.Items[0].Title != "Pulang" || list.Items[0].Demand != 5 {
			t.Fatalf("API list: %d %s", res.StatusCode, res.Body)
		}

		one := fmt.Sprintf("/api/v1/libraries/%d/book-requests/%d", lib, pulang)
		if res := coord.api("PATCH", one, token, `{"status":"ditolak"}`); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `"reason"`) {
			t.Errorf("PATCH refusal without reason: %d %s", res.StatusCode, res.Body)
		}
		if res := coord.api("PATCH", one, token, `{"state":"dipesan"}`); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("PATCH with an unknown field: %d", res.StatusCode)
		}
		res = coord.api("PATCH", one, token, `{"status":"dipesan"}`)
		var br suggestion.BookRequest
		if err := json.Unmarshal([]byte(res.Body), &br); err != nil || res.StatusCode != 200 || br.Status != "dipesan" || br.Demand != 5 {
			t.Fatalf("PATCH: %d %s", res.StatusCode, res.Body)
		}
		res = coord.api("GET", fmt.Sprintf("/api/v1/libraries/%d/book-requests?status=dipesan", lib), token, "")
		if err := json.Unmarshal([]byte(res.Body), &list); err != nil || list.Total != 1 || list.Items[0].ID != pulang {
			t.Errorf("filtered API list: %s", res.Body)
		}
		if res := coord.api("GET", fmt.Sprintf("/api/v1/libraries/%d/book-requests?status=hilang", lib), token, ""); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown status filter: %d", res.StatusCode)
		}

		// Manual merge from the detail page.
		hujan := ask("Hujan (novel)", 1)
		res = coord.postForm(fmt.Sprintf("/libraries/%d/book-requests/%d/merge", lib, hujan), url.Values{"into": {fmt.Sprint(pulang)}})
		if next := coord.follow(res); !strings.Contains(next.Body, "Usulan digabungkan") || !strings.Contains(next.Body, `id="request-demand">6<`) {
			t.Errorf("after merge:\n%s", between(next.Body, "<main", "</main>"))
		}
		res = coord.postForm(fmt.Sprintf("/libraries/%d/book-requests/%d/merge", lib, pulang), url.Values{"into": {fmt.Sprint(pulang)}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="into-error"`) {
			t.Errorf("merge into itself: %d", res.StatusCode)
		}
	})
}

// Keys built from data in the templates (statuses) and by the audit page.
func TestSuggestionKeysAreTranslated(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"kind.suggestion", "kind.book_request", "nav.suggestions", "nav.book_requests", "book_request.merged_from",
		"audit.action.suggestion.status", "audit.action.suggestion.contact_view",
		"audit.action.book_request.status", "audit.action.book_request.merge", "audit.action.book_request.contact_view",
		"suggestion.refused", "suggestion.rate_limited", "suggestion.unknown_service_point", "suggestion.bad_status",
		"book_request.isbn_format", "book_request.isbn_checksum", "book_request.bad_year", "book_request.bad_status",
		"book_request.reason_required", "book_request.merge_self", "book_request.merge_unknown",
		"book_request.received", "book_request.received_merged", "book_request.updated", "book_request.merged",
		"suggestion.thanks", "suggestion.updated", "book_request.code_unknown"}
	for _, s := range suggestion.SuggestionStatuses {
		keys = append(keys, "suggestion.status."+s)
	}
	for _, s := range suggestion.RequestStatuses {
		keys = append(keys, "book_request.status."+s, "book_request.status_help."+s)
	}
	for _, k := range keys {
		for _, lang := range i18n.Langs {
			if !bundle.Has(lang, k) {
				t.Errorf("key %q has no %s text", k, lang)
			}
		}
	}
}
