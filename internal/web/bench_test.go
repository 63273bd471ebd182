package web_test

// Benchmarks of the staff list at the size the foundation issue names:
// 5,000 staff in one library, target < 20 ms per request on SQLite.
// Results and how to read them: docs/BENCHMARKS.md. Run with
//
//	go test -run '^$' -bench . -benchtime 3s -count 3 ./internal/web/
//
// and BINA_TEST_POSTGRES_URL set for the PostgreSQL figures.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/library"
)

// benchStaff is the number of generated staff; library A also has the
// harness's own staff member, so its list shows benchStaff+1.
const benchStaff = 5000

// benchSearch is a name fragment common in Javanese names (Kurniawati,
// Setyawati …), so the search returns several pages, not a handful.
const benchSearch = "wati"

var benchEngines = []struct {
	name string
	open func(testing.TB) *db.DB
}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}}

// benchWorld is the harness's two libraries with library A grown to
// benchStaff people over five service points, and A's admin signed in on
// the web and on the API.
type benchWorld struct {
	app         *app
	lib         int64
	handler     http.Handler // the server's own handler, called without TCP
	loopback    *http.Client // keep-alive client for a.HTTP
	cookie      *http.Cookie // A's admin's web session
	token       string       // A's admin's API token
	total       int          // staff listed by the default filter
	searchTotal int          // staff whose name contains benchSearch
}

// eachBenchEngine runs fn as a sub-benchmark per engine over a fresh world.
// The world is built in the engine's benchmark, which only holds
// sub-benchmarks and so runs once; fn's own sub-benchmarks are the timed ones.
func eachBenchEngine(b *testing.B, fn func(b *testing.B, w *benchWorld)) {
	for _, e := range benchEngines {
		b.Run(e.name, func(b *testing.B) { fn(b, newBenchWorld(b, e.open(b))) })
	}
}

func newBenchWorld(b *testing.B, d *db.DB) *benchWorld {
	b.Helper()
	a := newApp(b, d)
	w := &benchWorld{app: a, lib: a.A.Library.ID, handler: a.Server.Handler()}
	ctx := context.Background()
	units := []string{a.A.ServicePoint.Name}
	for _, sp := range []struct{ name, kind string }{
		{"Referensi", "referensi"}, {"Layanan Anak", "anak"}, {"Perpustakaan Keliling", "keliling"}, {"Layanan Digital", "digital"},
	} {
		created, err := a.Svc.Libraries.CreateServicePoint(ctx, a.system(), library.ServicePoint{LibraryID: w.lib, Name: sp.name, Kind: sp.kind})
		if err != nil {
			b.Fatal(err)
		}
		units = append(units, created.Name)
	}
	csv, searchHits := benchStaffCSV(units)
	start := time.Now()
	res, err := a.Svc.Staff.Import(ctx, a.system(), w.lib, bytes.NewReader(csv))
	if err != nil {
		b.Fatalf("import: %v", err)
	}
	if res.Created != benchStaff || res.Unposted != 0 {
		b.Fatalf("import: %+v", res)
	}
	b.Logf("%s: imported %d staff in %v", d.Dialect, res.Created, time.Since(start).Round(time.Millisecond))
	// PostgreSQL's autovacuum analyzes a table this much changed within a
	// minute, so production plans with statistics; measure that state, not
	// the blind plans of the first seconds after an import. SQLite is left
	// as the app leaves it: nothing runs ANALYZE there.
	if d.Dialect == db.Postgres {
		if _, err := d.Reader().ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	w.total, w.searchTotal = benchStaff+1, searchHits

	web := a.login(a.A.AdminEmail)
	base, _ := url.Parse(a.HTTP.URL)
	for _, c := range web.http.Jar.Cookies(base) {
		if c.Name == "bina_session" {
			w.cookie = c
		}
	}
	if w.cookie == nil {
		b.Fatal("no session cookie after login")
	}
	w.token = a.apiToken(a.A.AdminEmail)
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	b.Cleanup(tr.CloseIdleConnections)
	w.loopback = &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return w
}

// benchStaffCSV writes benchStaff people as an HR export would, with valid
// unique NIPs, and returns it with how many names contain benchSearch.
func benchStaffCSV(units []string) ([]byte, int) {
	given := []string{"Sri", "Dewi", "Siti", "Budi", "Agus", "Rina", "Kurniawati", "Setyawati", "Eko", "Joko",
		"Yuliani", "Hendra", "Wahyu", "Indah", "Rudi", "Sulastri", "Dian", "Nur", "Ahmad", "Retno",
		"Suryawati", "Bambang", "Lestari", "Fitri", "Agung", "Puji", "Herawati", "Andi", "Ratna", "Teguh"}
	family := []string{"Wulandari", "Pratama", "Santoso", "Hidayat", "Saputra", "Rahmawati", "Nugroho", "Susanto",
		"Purnamasari", "Kusuma", "Wibowo", "Handayani", "Setiawan", "Permana", "Utami", "Gunawan", "Hartono",
		"Maharani", "Firmansyah", "Anggraini", "Siregar", "Nasution", "Harahap", "Simanjuntak", "Lubis"}
	positions := []string{"Pustakawan Ahli Pertama", "Pustakawan Ahli Muda", "Pustakawan Terampil", "Pustakawan Mahir",
		"Pustakawan Penyelia", "Arsiparis Ahli Pertama", "Pranata Komputer Terampil", "Pengelola Layanan Perpustakaan"}
	pnsGrades := []string{"III/a", "III/b", "III/c", "III/d", "II/c", "II/d", "IV/a"}
	pppkGrades := []string{"VII", "IX", "X"}
	education := []string{"S1 Ilmu Perpustakaan", "D3 Perpustakaan", "S2 Ilmu Informasi", "S1 Manajemen", "SMA"}

	var buf bytes.Buffer
	buf.WriteString("NIP,Nama,Jabatan,Golongan,Status Kepegawaian,Pendidikan Terakhir,Unit Kerja,Email\n")
	born := time.Date(1966, 1, 1, 0, 0, 0, 0, time.UTC)
	hits := 0
	for i := range benchStaff {
		name := given[i%len(given)] + " " + family[(i/len(given))%len(family)]
		if strings.Contains(strings.ToLower(name), benchSearch) {
			hits++
		}
		// NIP: birth date, appointment at 24 (PPPK: "2" and a frequency
		// instead of the month), sex, sequence. Two days between births
		// make every NIP unique; sequences from 100 never meet the
		// harness's …001.
		bd := born.AddDate(0, 0, 2*i)
		nip := fmt.Sprintf("%s%04d%02d%d%03d", bd.Format("20060102"), bd.Year()+24, 1+i%12, 1+i%2, 100+i%800)
		status, grade, position := "PNS", pnsGrades[i%len(pnsGrades)], positions[i%len(positions)]
		switch i % 10 {
		case 7, 8:
			status, grade = "PPPK", pppkGrades[i%len(pppkGrades)]
			nip = fmt.Sprintf("%s%04d%02d%d%03d", bd.Format("20060102"), bd.Year()+24, 21+i%9, 1+i%2, 100+i%800)
		case 9:
			status, grade, nip, position = "Honorer", "", "", "Tenaga Pendukung Layanan"
		}
		fmt.Fprintf(&buf, "%s,%s,%s,%s,%s,%s,%s,pegawai%04d@perpus-batu.go.id\n",
			nip, name, position, grade, status, education[i%len(education)], units[i%len(units)], i)
	}
	return buf.Bytes(), hits
}

// request builds one browser request for the handler; a fresh one each
// time because the server annotates the request it serves.
func (w *benchWorld) request(path string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Header.Set("Accept-Language", "id")
	r.AddCookie(w.cookie)
	return r
}

func (w *benchWorld) apiRequest(path string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Header.Set("Accept-Language", "id")
	r.Header.Set("Authorization", "Bearer "+w.token)
	return r
}

// serve answers one request through the handler and fails unless it is 200.
func (w *benchWorld) serve(b *testing.B, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d: %.300s", r.URL, rec.Code, rec.Body.String())
	}
	return rec
}

// fetch sends the same request over TCP with the keep-alive client.
func (w *benchWorld) fetch(b *testing.B, r *http.Request) int {
	req, _ := http.NewRequest(r.Method, w.app.HTTP.URL+r.URL.RequestURI(), nil)
	req.Header = r.Header.Clone()
	res, err := w.loopback.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, res.Body) // read to the end, so the connection is reused
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.Fatalf("GET %s over loopback: status %d", req.URL, res.StatusCode)
	}
	return int(n)
}

// benchBoth times one request through the handler and over loopback.
func benchBoth(b *testing.B, w *benchWorld, newReq func() *http.Request) {
	b.Run("handler", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() { // Loop resets the timer on entry: setup above is not timed
			w.serve(b, newReq())
		}
	})
	b.Run("loopback", func(b *testing.B) {
		b.ReportAllocs()
		w.fetch(b, newReq()) // opens the kept-alive connection before timing
		b.ResetTimer()
		for b.Loop() {
			w.fetch(b, newReq())
		}
	})
}

// checkStaffPage fails unless the page lists rows people out of total.
func checkStaffPage(b *testing.B, w *benchWorld, body string, rows, total int, want ...string) {
	b.Helper()
	link := fmt.Sprintf(`<td><a href="/libraries/%d/staff/`, w.lib)
	if got := strings.Count(body, link); got != rows {
		b.Fatalf("page shows %d staff rows, want %d", got, rows)
	}
	want = append(want, i18n.FormatNumber("id", int64(total))+" data")
	for _, s := range want {
		if !strings.Contains(body, s) {
			b.Fatalf("page lacks %q", s)
		}
	}
}

func pagesOf(total int) int { return (total + 24) / 25 }

func BenchmarkStaffListPage(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, w *benchWorld) {
		path := fmt.Sprintf("/libraries/%d/staff", w.lib)
		body := w.serve(b, w.request(path)).Body.String()
		checkStaffPage(b, w, body, 25, w.total, "Halaman 1 dari "+strconv.Itoa(pagesOf(w.total)), "Layanan Digital")
		benchBoth(b, w, func() *http.Request { return w.request(path) })
	})
}

func BenchmarkStaffListPageSearch(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, w *benchWorld) {
		path := fmt.Sprintf("/libraries/%d/staff?q=%s", w.lib, benchSearch)
		body := w.serve(b, w.request(path)).Body.String()
		if w.searchTotal < 100 {
			b.Fatalf("only %d names contain %q; the search should span pages", w.searchTotal, benchSearch)
		}
		checkStaffPage(b, w, body, 25, w.searchTotal, `value="`+benchSearch+`"`)
		benchBoth(b, w, func() *http.Request { return w.request(path) })
	})
}

func BenchmarkStaffListPageLast(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, w *benchWorld) {
		last := pagesOf(w.total)
		path := fmt.Sprintf("/libraries/%d/staff?page=%d", w.lib, last)
		body := w.serve(b, w.request(path)).Body.String()
		rows := w.total - (last-1)*25
		checkStaffPage(b, w, body, rows, w.total, fmt.Sprintf("Halaman %d dari %d", last, last), `rel="prev"`)
		if strings.Contains(body, `rel="next"`) {
			b.Fatal("the last page links to a next page")
		}
		benchBoth(b, w, func() *http.Request { return w.request(path) })
	})
}

func BenchmarkStaffListAPI(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, w *benchWorld) {
		path := fmt.Sprintf("/api/v1/libraries/%d/staff", w.lib)
		var got struct {
			Items []struct {
				NIP              string `json:"nip"`
				ServicePointName string `json:"service_point_name"`
			} `json:"items"`
			Total int `json:"total"`
			Pages int `json:"pages"`
		}
		if err := json.Unmarshal(w.serve(b, w.apiRequest(path)).Body.Bytes(), &got); err != nil {
			b.Fatal(err)
		}
		if got.Total != w.total || len(got.Items) != 25 || got.Pages != pagesOf(w.total) || got.Items[0].ServicePointName == "" {
			b.Fatalf("API answered total %d, %d items, %d pages, first %+v", got.Total, len(got.Items), got.Pages, got.Items[0])
		}
		benchBoth(b, w, func() *http.Request { return w.apiRequest(path) })
	})
}

// BenchmarkStaffListPageParallel serves the first page from GOMAXPROCS
// goroutines at once (2 on the reference machine): throughput, not latency.
func BenchmarkStaffListPageParallel(b *testing.B) {
	eachBenchEngine(b, func(b *testing.B, w *benchWorld) {
		path := fmt.Sprintf("/libraries/%d/staff", w.lib)
		checkStaffPage(b, w, w.serve(b, w.request(path)).Body.String(), 25, w.total)
		b.Run("handler", func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					rec := httptest.NewRecorder()
					w.handler.ServeHTTP(rec, w.request(path))
					if rec.Code != http.StatusOK {
						b.Errorf("status %d", rec.Code) // Fatal may not be called off the benchmark's goroutine
						return
					}
				}
			})
		})
	})
}
