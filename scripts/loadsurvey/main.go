// Command loadsurvey measures public survey submissions sustained on
// loopback: C clients post complete answers to /s/{code} for a fixed time,
// then the same clients post the same form to a bare handler that only
// inserts the same row (the baseline), and it prints throughput and
// latency percentiles of both and their ratio. It checks that every
// acknowledged answer (303) is stored and counted in the aggregates.
//
//	go run ./scripts/loadsurvey                      # in-process server, temporary SQLite file
//	go run ./scripts/loadsurvey -db 'postgres://…'   # the same on PostgreSQL (a scratch database!)
//	go run ./scripts/loadsurvey -target http://127.0.0.1:8080/s/abc234   # a running server, no baseline
//
// It only ever talks to 127.0.0.1 / ::1 and stops by itself. Results and
// how to read them: docs/BENCHMARKS.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/survey"
	"github.com/bina-pustaka/bina/internal/web"
)

func main() {
	duration := flag.Duration("duration", 10*time.Second, "how long each phase posts (after a 1 s warm-up)")
	clients := flag.Int("c", 16, "concurrent clients")
	dbURL := flag.String("db", "", "database for the in-process server: a SQLite file (default: a new temporary one) or a postgres:// URL of a scratch database")
	target := flag.String("target", "", "URL of a running server's survey (http://127.0.0.1:PORT/s/CODE); no baseline then")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the survey phase to this file")
	flag.Parse()
	if err := run(*duration, *clients, *dbURL, *target, *cpuProfile); err != nil {
		fmt.Fprintln(os.Stderr, "loadsurvey:", err)
		os.Exit(1)
	}
}

func run(duration time.Duration, clients int, dbURL, target, cpuProfile string) error {
	ctx := context.Background()
	fmt.Printf("date %s, %d CPUs, %s, GOMAXPROCS %d\n", time.Now().UTC().Format(time.DateOnly), runtime.NumCPU(), runtime.Version(), runtime.GOMAXPROCS(0))
	if target != "" {
		u, err := url.Parse(target)
		if err != nil || !loopback(u.Hostname()) {
			return fmt.Errorf("-target must be on 127.0.0.1 or ::1, got %q", target)
		}
		res := post(target, clients, duration, nil)
		res.print("survey (running server)")
		return nil
	}

	d, desc, err := openDB(ctx, dbURL)
	if err != nil {
		return err
	}
	defer d.Close()
	fmt.Printf("database: %s\n", desc)
	w, err := seed(ctx, d)
	if err != nil {
		return err
	}

	// The real server, its rate limit counted as always but set high:
	// every client here is 127.0.0.1.
	svc := web.Services{
		DB: d, Libraries: &library.Service{DB: d}, Users: &auth.Service{DB: d},
		Survey: &survey.Service{DB: d, Limit: 1 << 30},
	}
	bundle, err := i18n.New()
	if err != nil {
		return err
	}
	// The request log is formatted as in production and thrown away.
	srv, err := web.New(web.Config{}, svc, bundle, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	appURL, stopApp, err := listen(srv.Handler())
	if err != nil {
		return err
	}
	defer stopApp()
	bareURL, stopBare, err := listen(bareHandler(d, w))
	if err != nil {
		return err
	}
	defer stopBare()

	var startProfile func()
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		startProfile = func() { pprof.StartCPUProfile(f) }
	}
	app := post(appURL+"/s/"+w.code, clients, duration, startProfile)
	pprof.StopCPUProfile()
	app.print("survey  POST /s/{code} (full app)")
	if err := verify(ctx, d, w, app.acked); err != nil {
		return err
	}
	bare := post(bareURL+"/s/"+w.code, clients, duration, nil)
	bare.print("baseline bare INSERT handler")
	fmt.Printf("ratio   survey/baseline: throughput %.2f, p50 %.2f×, p99 %.2f×\n",
		app.rate()/bare.rate(), ratio(app.pct(50), bare.pct(50)), ratio(app.pct(99), bare.pct(99)))
	return nil
}

func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

func openDB(ctx context.Context, dbURL string) (*db.DB, string, error) {
	if dbURL == "" {
		dir, err := os.MkdirTemp("", "bina-loadsurvey-")
		if err != nil {
			return nil, "", err
		}
		dbURL = filepath.Join(dir, "bina.db")
	}
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		return nil, "", err
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, "", err
	}
	desc := "PostgreSQL"
	if d.Dialect == db.SQLite {
		desc = "SQLite " + d.Path() + " (WAL, synchronous=NORMAL)"
	}
	return d, desc, nil
}

// world is the library, service point and short code the load goes to.
type world struct {
	lib, sp int64
	code    string
	zone    *time.Location
}

func seed(ctx context.Context, d *db.DB) (world, error) {
	sys := &auth.Actor{Name: "loadsurvey", Superadmin: true}
	ls := &library.Service{DB: d}
	name := "Perpustakaan Uji Beban " + strconv.FormatInt(time.Now().UnixNano(), 36)
	l, err := ls.Create(ctx, sys, library.Library{Name: name, City: "Kota Batu", Province: "Jawa Timur", TimeZone: "Asia/Jakarta"})
	if err != nil {
		return world{}, err
	}
	sp, err := ls.CreateServicePoint(ctx, sys, library.ServicePoint{LibraryID: l.ID, Name: "Sirkulasi", Kind: "sirkulasi"})
	if err != nil {
		return world{}, err
	}
	link, err := (&survey.Service{DB: d}).CreateLink(ctx, sys, l.ID, sp.ID)
	if err != nil {
		return world{}, err
	}
	zone, _ := time.LoadLocation(l.TimeZone)
	return world{lib: l.ID, sp: sp.ID, code: link.Code, zone: zone}, nil
}

func listen(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	s := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go s.Serve(ln)
	return "http://" + ln.Addr().String(), func() { s.Close() }, nil
}

// bareHandler is the baseline: read the same form and insert the same row,
// nothing else — no routing table, middleware, link lookup, rate limit,
// validation or aggregate.
func bareHandler(d *db.DB, w world) http.Handler {
	q := `INSERT INTO survey_responses (library_id, service_point_id, submitted_at, day, source, gender, age, education, occupation,
		u1, u2, u3, u4, u5, u6, u7, u8, u9, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		now := db.Now()
		age, _ := strconv.Atoi(r.PostFormValue("age"))
		args := []any{w.lib, w.sp, now, now.In(w.zone).Format(time.DateOnly), "web", r.PostFormValue("gender"), age,
			r.PostFormValue("education"), r.PostFormValue("occupation")}
		for i := 1; i <= 9; i++ {
			v, _ := strconv.Atoi(r.PostFormValue("u" + strconv.Itoa(i)))
			args = append(args, v)
		}
		args = append(args, r.PostFormValue("comment"))
		if _, err := d.Reader().ExecContext(r.Context(), q, args...); err != nil {
			http.Error(rw, err.Error(), http.StatusInternalServerError)
			return
		}
		http.Redirect(rw, r, r.URL.Path+"/terima-kasih", http.StatusSeeOther)
	})
}

// form is a complete answer; the scores vary with n so the aggregates
// have something to add.
func form(n int) string {
	v := url.Values{"gender": {[]string{"L", "P"}[n%2]}, "age": {strconv.Itoa(17 + n%60)}, "education": {"s1"}, "occupation": {"mahasiswa"}}
	for i := 1; i <= 9; i++ {
		v.Set("u"+strconv.Itoa(i), strconv.Itoa(1+(n+i)%4))
	}
	if n%5 == 0 {
		v.Set("comment", "Ruang baca nyaman, wifi kadang putus")
	}
	return v.Encode()
}

type result struct {
	acked, failed int64
	elapsed       time.Duration
	latencies     []time.Duration // of acknowledged posts, sorted
	firstErr      string
}

func (r result) rate() float64 { return float64(r.acked) / r.elapsed.Seconds() }

func (r result) pct(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.latencies)-1) * p / 100)
	return r.latencies[i]
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 2, 64) + " ms"
}

func (r result) print(name string) {
	fmt.Printf("%-36s %8d ok %4d failed in %5.1f s = %7.0f/s   p50 %s  p90 %s  p99 %s  max %s\n",
		name, r.acked, r.failed, r.elapsed.Seconds(), r.rate(), ms(r.pct(50)), ms(r.pct(90)), ms(r.pct(99)), ms(r.pct(100)))
	if r.firstErr != "" {
		fmt.Printf("%-36s first failure: %s\n", "", r.firstErr)
	}
}

// post runs clients workers against u: a warm-up second, then duration
// measured (onMeasure, if any, called as it starts). Only 303 See Other
// (the thank-you redirect) counts as success.
func post(u string, clients int, duration time.Duration, onMeasure func()) result {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var (
		measuring atomic.Bool
		stop      atomic.Bool
		acked     atomic.Int64
		failed    atomic.Int64
		firstErr  atomic.Value
		mu        sync.Mutex
		all       []time.Duration
		wg        sync.WaitGroup
		seq       atomic.Int64
	)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 1<<14)
			for !stop.Load() {
				body := form(int(seq.Add(1)))
				t0 := time.Now()
				err := once(hc, u, body)
				d := time.Since(t0)
				if !measuring.Load() {
					continue
				}
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				acked.Add(1)
				lat = append(lat, d)
			}
			mu.Lock()
			all = append(all, lat...)
			mu.Unlock()
		}()
	}
	time.Sleep(time.Second) // warm-up: connections, pools, caches
	if onMeasure != nil {
		onMeasure()
	}
	start := time.Now()
	measuring.Store(true)
	time.Sleep(duration)
	measuring.Store(false)
	elapsed := time.Since(start)
	stop.Store(true)
	wg.Wait()
	slices.Sort(all)
	r := result{acked: acked.Load(), failed: failed.Load(), elapsed: elapsed, latencies: all}
	if e, ok := firstErr.Load().(string); ok {
		r.firstErr = e
	}
	// Posts that were in flight when measuring stopped are counted if
	// acknowledged before it; the few later ones only as stored rows.
	return r
}

func once(hc *http.Client, u, body string) error {
	res, err := hc.Post(u, "application/x-www-form-urlencoded", strings.NewReader(body))
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/terima-kasih") {
		return fmt.Errorf("status %d, location %q", res.StatusCode, res.Header.Get("Location"))
	}
	return nil
}

// verify checks that no acknowledged answer was lost: at least as many
// rows as acknowledgements (warm-up and in-flight posts add a few), and
// the daily aggregates count exactly the rows.
func verify(ctx context.Context, d *db.DB, w world, acked int64) error {
	var rows, counted int64
	if err := d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM survey_responses WHERE library_id = ? AND service_point_id = ?`, w.lib, w.sp).Scan(&rows); err != nil {
		return err
	}
	if err := d.Reader().QueryRowContext(ctx, `SELECT COALESCE(SUM(respondents), 0) FROM ikm_daily WHERE library_id = ? AND service_point_id = ?`, w.lib, w.sp).Scan(&counted); err != nil {
		return err
	}
	fmt.Printf("check   %d acknowledged in the measured window; %d rows stored in all (with warm-up), %d counted in ikm_daily\n", acked, rows, counted)
	if rows < acked || counted != rows {
		return errors.New("acknowledged answers are missing or the aggregates disagree with the rows")
	}
	return nil
}
