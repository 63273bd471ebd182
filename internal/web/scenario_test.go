package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/web"
)

func staffCount(t *testing.T, d *db.DB, libraryID int64) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRowContext(t.Context(), "SELECT COUNT(*) FROM staff WHERE library_id = ?", libraryID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// upload posts a file as multipart form field "file".
func (c *client) upload(path, filename string, content []byte) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// nip builds a valid-looking 18-digit NIP with sequence n.
func nip(n int) string { return fmt.Sprintf("19850312201001%d%03d", 1+n%2, n%999+1) }

func staffCSV(rows int, badLine int) []byte {
	var b strings.Builder
	b.WriteString("NIP,Nama,Jabatan,Golongan,Status Kepegawaian,Pendidikan Terakhir,Unit Kerja,Email\n")
	for i := 2; i <= rows+1; i++ {
		n := nip(i)
		if i == badLine {
			n = "19850312201001" // 14 digits
		}
		fmt.Fprintf(&b, "%s,Pegawai Uji %d,Pustakawan Ahli Pertama,III/a,PNS,S1 Ilmu Perpustakaan,Sirkulasi,uji%d@perpus.test\n", n, i, i)
	}
	return []byte(b.String())
}

func TestStaffImportThroughUploadPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		c := a.login(a.A.CoordEmail)
		path := fmt.Sprintf("/libraries/%d/staff/import", a.A.Library.ID)
		before := staffCount(t, d, a.A.Library.ID)

		res := c.upload(path, "pegawai.csv", staffCSV(40, 37))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad CSV: status %d", res.StatusCode)
		}
		for _, want := range []string{"Baris 37", "NIP"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("bad CSV: page does not say %q:\n%s", want, between(res.Body, `id="import-error"`, "</div>"))
			}
		}
		if n := staffCount(t, d, a.A.Library.ID); n != before {
			t.Fatalf("a refused import changed the staff count from %d to %d", before, n)
		}

		res = c.upload(path, "pegawai.csv", staffCSV(40, 0))
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="import-result"`) {
			t.Fatalf("good CSV: status %d\n%s", res.StatusCode, between(res.Body, "<main", "</main>"))
		}
		if n := staffCount(t, d, a.A.Library.ID); n != before+40 {
			t.Fatalf("after import: %d staff, want %d", n, before+40)
		}

		// 41 people are two pages of 25: the list says so and the link leads on.
		list := c.get(fmt.Sprintf("/libraries/%d/staff", a.A.Library.ID))
		next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(list.Body)
		if !strings.Contains(list.Body, "Halaman 1 dari 2") || next == nil {
			t.Fatalf("first page of the staff list has no pager:\n%s", between(list.Body, `</table>`, "</main>"))
		}
		second := c.get(html.UnescapeString(next[1]))
		if !strings.Contains(second.Body, "Halaman 2 dari 2") || !strings.Contains(second.Body, `rel="prev"`) || strings.Contains(second.Body, `rel="next"`) {
			t.Errorf("second page of the staff list:\n%s", between(second.Body, `</table>`, "</main>"))
		}
		if rows := strings.Count(second.Body, "<tr") - 1; rows != 16 {
			t.Errorf("second page shows %d people, want 16", rows)
		}
	})
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return s
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j+len(to)]
	}
	return s
}

func TestOversizedUploadGets413(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	c := a.login(a.A.CoordEmail)
	big := bytes.Repeat([]byte("x"), 50<<20)
	res := c.upload(fmt.Sprintf("/libraries/%d/staff/import", a.A.Library.ID), "besar.csv", big)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("50 MB upload: status %d, want 413", res.StatusCode)
	}
	if !strings.Contains(res.Body, "10 MB") {
		t.Errorf("413 page does not name the limit: %s", between(res.Body, "<main", "</main>"))
	}
	// The same over the API door: a 2 MB JSON body is refused as problem+json.
	token := a.apiToken(a.A.CoordEmail)
	res = c.api("POST", fmt.Sprintf("/api/v1/libraries/%d/staff", a.A.Library.ID), token, `{"name":"`+strings.Repeat("a", 2<<20)+`"}`)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("2 MB JSON: status %d, type %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func TestUnknownIDGetsTranslated404Page(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	c := a.login(a.A.AdminEmail)
	for _, tc := range []struct{ lang, want string }{
		{"id", "Pegawai tidak ditemukan"},
		{"en", "Staff member not found"},
	} {
		c.lang = tc.lang
		for _, path := range []string{
			fmt.Sprintf("/libraries/%d/staff/999999", a.A.Library.ID),
			fmt.Sprintf("/libraries/%d/staff/bukan-angka", a.A.Library.ID),
		} {
			res := c.get(path)
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s: status %d", tc.lang, path, res.StatusCode)
			}
			if !strings.Contains(strings.ToLower(res.Body), strings.ToLower(tc.want)) {
				t.Errorf("%s %s: page lacks %q:\n%s", tc.lang, path, tc.want, between(res.Body, "<main", "</main>"))
			}
			if !strings.Contains(res.Body, `<html lang="`+tc.lang+`"`) {
				t.Errorf("%s: page not in that language", tc.lang)
			}
		}
	}
	// A path no route knows is a translated 404 too, and the API answers problem+json.
	c.lang = "id"
	if res := c.get("/tidak-ada"); res.StatusCode != 404 || !strings.Contains(res.Body, "Halaman tidak ditemukan") {
		t.Errorf("unknown path: %d", res.StatusCode)
	}
	token := a.apiToken(a.A.AdminEmail)
	res := c.api("GET", fmt.Sprintf("/api/v1/libraries/%d/staff/999999", a.A.Library.ID), token, "")
	var p struct {
		Status int    `json:"status"`
		Code   string `json:"code"`
		Detail string `json:"detail"`
	}
	if err := json.Unmarshal([]byte(res.Body), &p); err != nil || p.Status != 404 || p.Code != "not_found" || p.Detail == "" {
		t.Errorf("API 404: %d %s", res.StatusCode, res.Body)
	}
}

func TestLoginLockoutThroughTheForm(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	c := a.client()
	for i := 1; i <= 5; i++ {
		res := c.postForm("/login", url.Values{"email": {a.A.AdminEmail}, "password": {"salah-sandi-" + fmt.Sprint(i)}})
		if res.StatusCode != http.StatusUnauthorized && !(i == 5 && res.StatusCode == http.StatusLocked) {
			t.Fatalf("attempt %d: status %d", i, res.StatusCode)
		}
	}
	res := c.postForm("/login", url.Values{"email": {a.A.AdminEmail}, "password": {testPassword}})
	if res.StatusCode != http.StatusLocked || !strings.Contains(res.Body, "dikunci") {
		t.Fatalf("right password after five failures: status %d, want 423 with a lockout message:\n%s", res.StatusCode, between(res.Body, "<main", "</main>"))
	}
	// Someone else's account is not affected.
	if res := c.postForm("/login", url.Values{"email": {a.A.CoordEmail}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another account: %d", res.StatusCode)
	}
}

func TestPasswordsNeverLoggedOrReturned(t *testing.T) {
	var logs bytes.Buffer
	d := dbtest.SQLite(t)
	a := newAppLogging(t, d, &logs)
	c := a.client()
	secret := "sandi-yang-tidak-boleh-bocor"
	c.postForm("/login", url.Values{"email": {a.A.AdminEmail}, "password": {secret}})
	admin := a.login(a.A.AdminEmail)
	res := admin.postForm(fmt.Sprintf("/libraries/%d/users", a.A.Library.ID), url.Values{
		"name": {"Akun Baru"}, "email": {"baru@batu.test"}, "role": {"staff"}, "password": {secret}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create user: %d", res.StatusCode)
	}
	page := admin.get(res.Header.Get("Location"))
	token := a.apiToken(a.A.AdminEmail)
	apiRes := admin.api("POST", "/api/v1/auth/token", "", `{"email":"`+a.A.AdminEmail+`","password":"`+testPassword+`"}`)
	for name, text := range map[string]string{"log": logs.String(), "user page": page.Body, "token response": apiRes.Body} {
		if strings.Contains(text, secret) || strings.Contains(text, testPassword) {
			t.Errorf("%s contains a password", name)
		}
		if strings.Contains(text, "$argon2id$") {
			t.Errorf("%s contains a password hash", name)
		}
	}
	_ = token
	if !strings.Contains(logs.String(), "/login") {
		t.Fatalf("the request log was not captured, so this test proves nothing")
	}
}

func TestOpenAPIDocumentMatchesRoutes(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	res := a.client().get("/api/v1/openapi.json")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(res.Body), &doc); err != nil || doc.OpenAPI == "" {
		t.Fatalf("openapi.json: %v %s", err, res.Body[:min(200, len(res.Body))])
	}
	routes := map[string]bool{}
	for _, rt := range a.Server.Routes() {
		if !rt.API {
			continue
		}
		key := strings.ToLower(rt.Method) + " " + rt.Pattern
		routes[key] = true
		op, ok := doc.Paths[rt.Pattern][strings.ToLower(rt.Method)]
		if !ok {
			t.Errorf("route %s is missing from the OpenAPI document", key)
			continue
		}
		var o struct {
			Summary string `json:"summary"`
		}
		json.Unmarshal(op, &o)
		if o.Summary == "" {
			t.Errorf("route %s has no summary: add it to apiDocs", key)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !routes[method+" "+path] {
				t.Errorf("the document lists %s %s, which no route serves", method, path)
			}
		}
	}
}

func TestAPIBadInput(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	c := a.client()
	token := a.apiToken(a.A.CoordEmail)
	path := fmt.Sprintf("/api/v1/libraries/%d/staff", a.A.Library.ID)
	cases := []struct {
		name, body string
		status     int
		field      string
	}{
		{"not json", `{nama`, 422, "body"},
		{"unknown field", `{"nama":"Sari"}`, 422, "body"},
		{"bad NIP", `{"name":"Sari","employment_status":"pns","nip":"123"}`, 422, "nip"},
		{"missing name", `{"employment_status":"non_asn"}`, 422, "name"},
		{"duplicate NIP", `{"name":"Kembar","employment_status":"pns","nip":"` + a.A.Staff.NIP + `"}`, 409, "nip"},
	}
	for _, tc := range cases {
		res := c.api("POST", path, token, tc.body)
		var p struct {
			Problems []struct {
				Field   string `json:"field"`
				Message string `json:"message"`
			} `json:"problems"`
		}
		json.Unmarshal([]byte(res.Body), &p)
		if res.StatusCode != tc.status || len(p.Problems) == 0 || p.Problems[0].Field != tc.field || p.Problems[0].Message == "" {
			t.Errorf("%s: %d %s", tc.name, res.StatusCode, res.Body)
		}
	}
	if res := c.api("GET", path, "bukan-token", ""); res.StatusCode != 401 {
		t.Errorf("bad token: %d", res.StatusCode)
	}
	// A good create and a partial update work end to end.
	res := c.api("POST", path, token, `{"name":"Rina Kartika","employment_status":"non_asn","service_point_id":`+fmt.Sprint(a.A.ServicePoint.ID)+`}`)
	if res.StatusCode != 201 {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	var st struct {
		ID               int64  `json:"id"`
		ServicePointName string `json:"service_point_name"`
		Education        string `json:"education"`
		Name             string `json:"name"`
	}
	json.Unmarshal([]byte(res.Body), &st)
	res = c.api("PATCH", fmt.Sprintf("%s/%d", path, st.ID), token, `{"education":"S1 Ilmu Perpustakaan"}`)
	json.Unmarshal([]byte(res.Body), &st)
	if res.StatusCode != 200 || st.Education != "S1 Ilmu Perpustakaan" || st.Name != "Rina Kartika" || st.ServicePointName != "Sirkulasi" {
		t.Errorf("patch: %d %s", res.StatusCode, res.Body)
	}
}

var _ = web.Route{}

func TestHealthzMetricsAndSecurityHeaders(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	c := a.client()
	res := c.get("/healthz")
	if res.StatusCode != 200 || strings.Join(strings.Fields(res.Body), "") != `{"status":"ok"}` {
		t.Fatalf("healthz: %d %s", res.StatusCode, res.Body)
	}
	c.get("/login")
	res = c.get("/metrics")
	if res.StatusCode != 200 || !strings.Contains(res.Body, `bina_http_requests_total{route="GET /login",status="200"} 1`) || !strings.Contains(res.Body, "bina_database_up 1") {
		t.Fatalf("metrics: %d\n%s", res.StatusCode, res.Body[:min(400, len(res.Body))])
	}
	res = c.get("/login")
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
	} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("CSP: %q", res.Header.Get("Content-Security-Policy"))
	}
	// A form posted from another site is refused (CSRF).
	req, _ := http.NewRequest("POST", a.HTTP.URL+"/login", strings.NewReader("email=x&password=y"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := c.do(req); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", res.StatusCode)
	}
}
