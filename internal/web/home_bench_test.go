package web_test

// BenchmarkHomeHighlights: the home page of a library head whose library
// has 1,000 staff and a year of data, with the six key-figure cards; target
// < 100 ms through the handler on SQLite. Results: docs/BENCHMARKS.md. Run with
//
//	go test -run '^$' -bench HomeHighlights -benchtime 3s -count 3 ./internal/web/
//
// and BINA_TEST_POSTGRES_URL set for the PostgreSQL figures.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/demo"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// homeStaff is the size of the benchmark's library.
const homeStaff = 1000

func BenchmarkHomeHighlights(b *testing.B) {
	for _, e := range benchEngines {
		b.Run(e.name, func(b *testing.B) {
			d := e.open(b)
			a := newAppEmpty(b, d)
			lib, today := homeWorld(b, a, d)
			c := a.client()
			if res := c.postForm("/login", url.Values{"email": {"admin@batu.bina.demo"}, "password": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
				b.Fatalf("login: %d", res.StatusCode)
			}
			base, _ := url.Parse(a.HTTP.URL)
			w := &benchWorld{app: a, lib: lib, handler: a.Server.Handler()}
			for _, ck := range c.http.Jar.Cookies(base) {
				if ck.Name == "bina_session" {
					w.cookie = ck
				}
			}
			if w.cookie == nil {
				b.Fatal("no session cookie after login")
			}
			// The real page: every card, and the JP card over the 1,000.
			body := w.serve(b, w.request("/")).Body.String()
			for _, id := range []string{"highlight-ikm", "highlight-complaints", "highlight-jp", "highlight-assessment", "highlight-training", "highlight-certificates"} {
				if !strings.Contains(body, `id="`+id+`"`) {
					b.Fatalf("the home page lacks #%s", id)
				}
			}
			if !strings.Contains(body, `id="highlight-jp-total">1.000<`) || !strings.Contains(body, `id="highlight-cycle-total">1.000<`) {
				b.Fatalf("the JP and cycle cards do not count 1.000 staff:\n%s", between(body, `id="highlights"`, "</section>"))
			}
			b.Run("handler", func(b *testing.B) {
				for b.Loop() {
					w.serve(b, w.request("/"))
				}
			})
			// The cards alone, without the page around them.
			actor := &auth.Actor{UserID: 1, Name: "Admin", Memberships: map[int64]auth.Membership{lib: {LibraryID: lib, Role: auth.RoleAdmin}}}
			b.Run("service", func(b *testing.B) {
				for b.Loop() {
					if _, err := a.Svc.Highlights.Library(context.Background(), actor, lib, today); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// homeWorld is the demo with Kota Batu grown to homeStaff active staff and a
// year of their development: three JP lines each this year (most reach 20),
// a cycle opened for all of them (40 % submitted, 10 % reviewed), 80
// two-day sessions this year and next with 30 people each (25 seated, 5
// waiting; the past ones completed, with certificates ending over the next
// two years), and 200 more complaints filed over the past year. It returns
// the library and its day.
func homeWorld(b *testing.B, a *app, d *db.DB) (int64, record.Date) {
	b.Helper()
	ctx, sys := context.Background(), a.system()
	start := time.Now()
	if seeded, err := demo.Seed(ctx, d, a.Svc.Libraries, a.Svc.Staff, a.Svc.Users); err != nil || !seeded {
		b.Fatalf("seed: %v %v", seeded, err)
	}
	q := d.Reader()
	var lib int64
	var zone string
	if err := q.QueryRowContext(ctx, `SELECT id, time_zone FROM libraries WHERE city = ?`, "Kota Batu").Scan(&lib, &zone); err != nil {
		b.Fatal(err)
	}
	today := record.DateOf(time.Now(), record.Zone(zone))
	year := today.Year()
	ids := func(query string, args ...any) []int64 {
		b.Helper()
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				b.Fatal(err)
			}
			out = append(out, id)
		}
		return out
	}
	var units []string
	rows, err := q.QueryContext(ctx, `SELECT name FROM service_points WHERE library_id = ? ORDER BY id`, lib)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			b.Fatal(err)
		}
		units = append(units, n)
	}
	rows.Close()

	// Staff: the demo's plus generated people up to homeStaff.
	var have int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE library_id = ? AND active = ?`, lib, true).Scan(&have); err != nil {
		b.Fatal(err)
	}
	csv, _ := benchStaffCSV(units)
	lines := bytes.SplitAfter(csv, []byte("\n"))
	if res, err := a.Svc.Staff.Import(ctx, sys, lib, bytes.NewReader(bytes.Join(lines[:1+homeStaff-have], nil))); err != nil || res.Created != homeStaff-have {
		b.Fatalf("import: %+v %v", res, err)
	}
	staff := ids(`SELECT id FROM staff WHERE library_id = ? AND active = ? ORDER BY id`, lib, true)
	if len(staff) != homeStaff {
		b.Fatalf("%d active staff, want %d", len(staff), homeStaff)
	}

	err = d.InTx(ctx, func(tx *db.Tx) error {
		now := db.Now()
		// JP: three lines each; 60 % have 24 verified JP, the others 8
		// verified and 8 waiting.
		for i, st := range staff {
			for k := range 3 {
				status, jp := record.StatusVerified, 8
				if i%5 >= 3 && k > 0 {
					status = record.StatusSubmitted
					if k == 2 {
						continue
					}
				}
				var item int64
				if err := tx.QueryRowContext(ctx, `INSERT INTO record_items (library_id, staff_id, kind, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
					lib, st, "jp", now).Scan(&item); err != nil {
					return err
				}
				held := fmt.Sprintf("%d-%02d-%02d", year, 1+k, 10+i%15)
				if _, err := tx.ExecContext(ctx, `INSERT INTO record_jp_entries (item_id, library_id, staff_id, activity, title, held_on, year, jp, status)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, item, lib, st, "seminar", fmt.Sprintf("Seminar %d", k+1), held, year, jp, status); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}

	// The assessment cycle: the demo's open one closed, a new one for all.
	cycles, err := a.Svc.Competency.Cycles(ctx, sys, lib)
	if err != nil {
		b.Fatal(err)
	}
	var framework int64
	if err := q.QueryRowContext(ctx, `SELECT id FROM frameworks WHERE library_id = ? ORDER BY id LIMIT 1`, lib).Scan(&framework); err != nil {
		b.Fatal(err)
	}
	for _, c := range cycles {
		if c.Open() {
			if _, err := a.Svc.Competency.CloseCycle(ctx, sys, lib, c.ID); err != nil {
				b.Fatal(err)
			}
		}
	}
	cycle, err := a.Svc.Competency.OpenCycle(ctx, sys, lib, competency.NewCycle{Name: "Penilaian Seluruh Pegawai", FrameworkID: framework,
		OpensOn: string(today), ClosesOn: string(today.AddDays(60))})
	if err != nil {
		b.Fatal(err)
	}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		as := ids(`SELECT id FROM assessments WHERE library_id = ? AND cycle_id = ? ORDER BY id`, lib, cycle.ID)
		for i, id := range as {
			status := ""
			switch {
			case i%10 == 0:
				status = competency.AssessmentReviewed
			case i%10 < 4:
				status = competency.AssessmentSubmitted
			default:
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE assessments SET status = ? WHERE library_id = ? AND id = ?`, status, lib, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}

	// Training: 60 sessions spread over this year and 20 early next year.
	p, err := a.Svc.Training.CreateProgram(ctx, sys, training.Program{LibraryID: lib, Title: "Bimbingan Teknis Layanan", Type: "workshop",
		Level: "dasar", JP: 16, ProviderKind: "internal", Modality: "offline"}, nil)
	if err != nil {
		b.Fatal(err)
	}
	jan1 := record.Date(fmt.Sprintf("%d-01-02", year))
	var past []training.Session
	var upcoming []training.Session
	for i := range 80 {
		first := jan1.AddDays(i * 6)
		if i >= 60 {
			first = record.Date(fmt.Sprintf("%d-01-05", year+1)).AddDays((i - 60) * 4)
		}
		x, err := a.Svc.Training.CreateSession(ctx, sys, training.Session{LibraryID: lib, ProgramID: p.ID, Title: fmt.Sprintf("Angkatan %d", i+1),
			Days: []record.Date{first, first.AddDays(1)}, Place: "Aula", Capacity: 25, Status: training.SessionOpen, MinAttendance: training.DefaultMinAttendance})
		if err != nil {
			b.Fatal(err)
		}
		if first < today {
			past = append(past, x)
		} else {
			upcoming = append(upcoming, x)
		}
	}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		now := db.Now()
		seq := 0
		for n, x := range append(past, upcoming...) {
			done := n < len(past)
			if done {
				if _, err := tx.ExecContext(ctx, `UPDATE training_sessions SET status = ? WHERE library_id = ? AND id = ?`, training.SessionCompleted, lib, x.ID); err != nil {
					return err
				}
			}
			for k := range 30 {
				st := staff[(n*30+k)%len(staff)]
				status, waitNo := training.Confirmed, any(nil)
				switch {
				case k >= 25 && !done:
					status, waitNo = training.Waitlisted, k-24
				case k >= 25:
					status = training.Cancelled
				case done:
					status = training.Completed
				}
				var enrolment int64
				if err := tx.QueryRowContext(ctx, `INSERT INTO training_enrolments (library_id, session_id, staff_id, origin, status, waitlist_no, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, lib, x.ID, st, training.Nominated, status, waitNo, now, now).Scan(&enrolment); err != nil {
					return err
				}
				if status != training.Completed {
					continue
				}
				seq++
				issued := x.Days[1]
				if _, err := tx.ExecContext(ctx, `INSERT INTO training_certificates (library_id, enrolment_id, session_id, staff_id, year, seq, number, code,
					issued_at, issued_on, expires_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, lib, enrolment, x.ID, st, year, 100000+seq,
					fmt.Sprintf("BENCH/%d/%05d", year, seq), fmt.Sprintf("BENCH-%06d", seq), now, string(issued), string(today.AddDays(seq%730))); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}

	// Complaints: 200 more, one every other day or so over the past year.
	var point int64
	if err := q.QueryRowContext(ctx, `SELECT id FROM service_points WHERE library_id = ? ORDER BY id LIMIT 1`, lib).Scan(&point); err != nil {
		b.Fatal(err)
	}
	var at time.Time
	desk := &complaint.Service{DB: d, Now: func() time.Time { return at }}
	for i := range 200 {
		at = time.Now().AddDate(0, 0, -365+i*365/200)
		if _, err := desk.File(ctx, complaint.NewComplaint{LibraryID: lib, Class: complaint.ClassComplaint, Category: "layanan_petugas",
			ServicePointID: &point, Body: fmt.Sprintf("Pengaduan uji nomor %d tentang layanan", i+1),
			Contact: complaint.Contact{Name: "Pelapor", Email: fmt.Sprintf("pelapor%d@contoh.id", i)}}); err != nil {
			b.Fatal(err)
		}
	}
	if d.Dialect == db.Postgres {
		if _, err := d.Reader().ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: world built in %v (%d past and %d upcoming sessions)", d.Dialect, time.Since(start).Round(time.Millisecond), len(past), len(upcoming))
	return lib, today
}
