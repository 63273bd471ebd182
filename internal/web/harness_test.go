package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/insight"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/notify"
	"github.com/bina-pustaka/bina/internal/people"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/suggestion"
	"github.com/bina-pustaka/bina/internal/survey"
	"github.com/bina-pustaka/bina/internal/training"
	"github.com/bina-pustaka/bina/internal/web"
)

const testPassword = "rahasia-perpus-2026"

var cheapHash = auth.HashParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// tenant is one library of the test world with one object of every kind.
type tenant struct {
	Library      library.Library
	ServicePoint library.ServicePoint
	Staff        people.Staff
	AdminID      int64
	AdminEmail   string
	CoordEmail   string
	StaffEmail   string
	StaffUserID  int64
	Suggestion   suggestion.Suggestion  // in the suggestion box
	BookRequest  suggestion.BookRequest // a purchase suggestion
	Complaint    complaint.Complaint    // filed through the public door, not yet verified
	Holiday      complaint.Holiday      // the library's own day off
	SurveyCode   string                 // the service point's survey link
	Followup     survey.Followup        // an IKM follow-up plan for U9
	Framework    competency.Tree        // the default framework, installed and published
	Competency   int64                  // a unit of that framework (LP.01)
	RecordItem   record.JPEntry         // the staff member's JP entry with an evidence file, not yet verified
	SurveyImport survey.ImportUpload    // an uploaded IKM survey file waiting for its columns
	Cycle        competency.Cycle       // an open assessment cycle on the default framework
	Assessment   int64                  // the staff member's assessment in it, self-rated with an evidence file
	EvidenceFile int64                  // that evidence file
	Program      training.Program       // a training programme in the catalogue
	Session      training.Session       // a session of it, open, with Staff enrolled
	Enrolment    training.Enrolment     // Staff's seat in that session
	Certificate  training.Certificate   // a certificate for that seat (written directly)
	Material     training.Material      // a PDF among the programme's materials
	Goal         int64                  // a goal in Staff's development plan of this year
}

// app is a real server over a fresh database with two libraries.
type app struct {
	t      testing.TB
	DB     *db.DB
	Server *web.Server
	HTTP   *httptest.Server
	Svc    web.Services
	A, B   tenant
	Super  string // superadmin email
}

func newApp(t testing.TB, d *db.DB) *app {
	t.Helper()
	return newAppWith(t, d, web.Config{})
}

// newAppLogging is newApp with the server's log written to w.
func newAppLogging(t testing.TB, d *db.DB, w io.Writer) *app {
	t.Helper()
	return newAppFull(t, d, web.Config{}, w)
}

func newAppWith(t testing.TB, d *db.DB, cfg web.Config) *app {
	t.Helper()
	return newAppFull(t, d, cfg, io.Discard)
}

// newAppEmpty is a server over a database with no library and no account.
func newAppEmpty(t testing.TB, d *db.DB) *app {
	t.Helper()
	return newAppOpts(t, d, web.Config{}, io.Discard, true)
}

func newAppFull(t testing.TB, d *db.DB, cfg web.Config, logTo io.Writer) *app {
	t.Helper()
	return newAppOpts(t, d, cfg, logTo, false)
}

func newAppOpts(t testing.TB, d *db.DB, cfg web.Config, logTo io.Writer, empty bool) *app {
	t.Helper()
	svc := web.Services{
		DB:          d,
		Libraries:   &library.Service{DB: d},
		Staff:       &people.Service{DB: d},
		Users:       &auth.Service{DB: d, Hasher: cheapHash},
		Audit:       &audit.Service{DB: d},
		Insight:     &insight.Service{DB: d},
		Suggestions: &suggestion.Service{DB: d},
		Survey:      &survey.Service{DB: d},
		Complaints:  &complaint.Service{DB: d},
		Record:      &record.Service{DB: d},
		Competency:  &competency.Service{DB: d},
		Training:    &training.Service{DB: d},
		Notify:      &notify.Service{DB: d},
	}
	svc.Highlights = &insight.Highlights{Libraries: svc.Libraries, Survey: svc.Survey, Complaints: svc.Complaints,
		Record: svc.Record, Competency: svc.Competency, Training: svc.Training}
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(cfg, svc, bundle, slog.New(slog.NewTextHandler(logTo, nil)))
	if err != nil {
		t.Fatal(err)
	}
	a := &app{t: t, DB: d, Server: srv, Svc: svc, Super: "super@bina.test"}
	a.HTTP = httptest.NewServer(srv.Handler())
	t.Cleanup(a.HTTP.Close)
	if empty {
		return a
	}
	ctx := context.Background()
	if _, err := svc.Users.Bootstrap(ctx, auth.NewUser{Email: a.Super, Name: "Super Admin", Password: testPassword, Superadmin: true}); err != nil {
		t.Fatal(err)
	}
	a.A = a.addTenant("Perpustakaan Kota Batu", "batu")
	a.B = a.addTenant("Perpustakaan Kota Samarinda", "samarinda")
	return a
}

func (a *app) system() *auth.Actor { return &auth.Actor{Name: "test", Superadmin: true} }

func (a *app) addTenant(name, slug string) tenant {
	t, ctx := a.t, context.Background()
	var tn tenant
	var err error
	tn.Library, err = a.Svc.Libraries.Create(ctx, a.system(), library.Library{Name: name, City: "Kota " + slug, Province: "Jawa Timur", TimeZone: "Asia/Jakarta", Population: 200000})
	if err != nil {
		t.Fatal(err)
	}
	tn.ServicePoint, err = a.Svc.Libraries.CreateServicePoint(ctx, a.system(), library.ServicePoint{LibraryID: tn.Library.ID, Name: "Sirkulasi", Kind: "sirkulasi"})
	if err != nil {
		t.Fatal(err)
	}
	tn.Staff, err = a.Svc.Staff.Create(ctx, a.system(), people.Staff{LibraryID: tn.Library.ID, Name: "Sari Wulandari " + slug,
		NIP: "197501012000012001", EmploymentStatus: "pns", Position: "Pustakawan", Level: "Ahli Pertama", Grade: "III/a",
		ServicePointID: &tn.ServicePoint.ID, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	tn.AdminEmail, tn.CoordEmail, tn.StaffEmail = "admin@"+slug+".test", "koordinator@"+slug+".test", "pustakawan@"+slug+".test"
	u, err := a.Svc.Users.Bootstrap(ctx, auth.NewUser{Email: tn.AdminEmail, Name: "Admin " + slug, Password: testPassword, LibraryID: tn.Library.ID, Role: auth.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	tn.AdminID = u.ID
	if _, err := a.Svc.Users.Bootstrap(ctx, auth.NewUser{Email: tn.CoordEmail, Name: "Koordinator " + slug, Password: testPassword, LibraryID: tn.Library.ID, Role: auth.RoleCoordinator}); err != nil {
		t.Fatal(err)
	}
	su, err := a.Svc.Users.Bootstrap(ctx, auth.NewUser{Email: tn.StaffEmail, Name: "Pustakawan " + slug, Password: testPassword, LibraryID: tn.Library.ID, Role: auth.RoleStaff, StaffID: &tn.Staff.ID})
	if err != nil {
		t.Fatal(err)
	}
	tn.StaffUserID = su.ID
	tn.Suggestion, err = a.Svc.Suggestions.Submit(ctx, suggestion.NewSuggestion{LibraryID: tn.Library.ID, Body: "Saran untuk " + name, Contact: "pemustaka@" + slug + ".test", ClientIP: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	rc, err := a.Svc.Suggestions.RequestBook(ctx, suggestion.NewBookRequest{LibraryID: tn.Library.ID, Title: "Laskar Pelangi", Author: "Andrea Hirata", ClientIP: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	tn.BookRequest = rc.Request
	tn.Complaint, err = a.Svc.Complaints.File(ctx, complaint.NewComplaint{LibraryID: tn.Library.ID, Class: complaint.ClassComplaint,
		Category: "layanan_petugas", ServicePointID: &tn.ServicePoint.ID, Body: "Pengaduan untuk " + name,
		Contact: complaint.Contact{Name: "Pelapor " + slug, Phone: "0812 0000 1111", Email: "pelapor@" + slug + ".test"}})
	if err != nil {
		t.Fatal(err)
	}
	tn.Holiday, err = a.Svc.Complaints.AddHoliday(ctx, a.system(), complaint.Holiday{LibraryID: tn.Library.ID, Date: "2026-07-09", Name: "Hari Jadi " + slug, Kind: "libur"})
	if err != nil {
		t.Fatal(err)
	}
	link, err := a.Svc.Survey.CreateLink(ctx, a.system(), tn.Library.ID, tn.ServicePoint.ID)
	if err != nil {
		t.Fatal(err)
	}
	tn.SurveyCode = link.Code
	tn.Followup, err = a.Svc.Survey.CreateFollowup(ctx, a.system(), survey.Followup{LibraryID: tn.Library.ID, ServicePointID: &tn.ServicePoint.ID,
		Element: "U9", Period: survey.YearOf(2026), Action: "Tindak lanjut " + name, OwnerStaffID: &tn.Staff.ID, DueDate: "2026-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	fw, err := a.Svc.Competency.InstallDefault(ctx, a.system(), tn.Library.ID)
	if err != nil {
		t.Fatal(err)
	}
	if tn.Framework, err = a.Svc.Competency.CurrentVersion(ctx, a.system(), tn.Library.ID, fw.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range tn.Framework.All() {
		if c.Code == "LP.01" {
			tn.Competency = c.ID
		}
	}
	tn.RecordItem, err = a.Svc.Record.AddJP(ctx, a.system(), record.JPEntry{LibraryID: tn.Library.ID, StaffID: tn.Staff.ID, Activity: "pelatihan",
		Title: "Diklat " + name, JP: 12, Date: "2026-01-15"}, &record.Upload{Name: "sertifikat.pdf", Content: []byte("%PDF-1.4\n%%EOF\n")}, false)
	if err != nil {
		t.Fatal(err)
	}
	tn.Cycle, tn.Assessment, tn.EvidenceFile = a.addAssessment(tn, su.ID)
	tn.SurveyImport, err = a.Svc.Survey.SaveImportUpload(ctx, a.system(), tn.Library.ID, "skm.csv",
		[]byte("U1;U2;U3;U4;U5;U6;U7;U8;U9;Layanan yang digunakan\n4;4;4;4;4;4;4;4;4;Sirkulasi\n"))
	if err != nil {
		t.Fatal(err)
	}
	tn.Program, tn.Session, tn.Enrolment = addTraining(t, a, tn)
	tn.Certificate = addCertificate(t, a, tn)
	tn.Material = addMaterial(t, a, tn)
	tn.Goal = a.addGoal(tn)
	return tn
}

// client is a browser-like client: a cookie jar, no automatic redirects.
type client struct {
	t    testing.TB
	base string
	http *http.Client
	lang string
}

func (a *app) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: a.t, base: a.HTTP.URL, lang: "id", http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login signs in through the real form and fails the test if it does not work.
func (a *app) login(email string) *client {
	c := a.client()
	res := c.postForm("/login", url.Values{"email": {email}, "password": {testPassword}, "next": {"/"}})
	if res.StatusCode != http.StatusSeeOther {
		a.t.Fatalf("login %s: status %d, body %s", email, res.StatusCode, res.Body)
	}
	return c
}

type response struct {
	StatusCode int
	Header     http.Header
	Body       string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	req.Header.Set("Accept-Language", c.lang)
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{StatusCode: res.StatusCode, Header: res.Header, Body: string(b)}
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.base+path, nil)
	return c.do(req)
}

func (c *client) postForm(path string, form url.Values) response {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// apiToken gets a bearer token through the API.
func (a *app) apiToken(email string) string {
	a.t.Helper()
	c := a.client()
	res := c.api("POST", "/api/v1/auth/token", "", `{"email":"`+email+`","password":"`+testPassword+`"}`)
	if res.StatusCode != http.StatusCreated {
		a.t.Fatalf("token for %s: %d %s", email, res.StatusCode, res.Body)
	}
	i := strings.Index(res.Body, `"token": "`)
	rest := res.Body[i+len(`"token": "`):]
	return rest[:strings.IndexByte(rest, '"')]
}

func (c *client) api(method, path, token, body string) response {
	c.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.base+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return c.do(req)
}
