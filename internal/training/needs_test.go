package training

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
)

// compByCode finds a competency of A's default framework by code.
func (w *world) compByCode(t *testing.T, code string) (id, version int64) {
	t.Helper()
	if err := w.d.Reader().QueryRowContext(context.Background(), `SELECT id, version_id FROM competencies WHERE library_id = ? AND code = ?`,
		w.libA.ID, code).Scan(&id, &version); err != nil {
		t.Fatalf("competency %s: %v", code, err)
	}
	return id, version
}

// needsWorld: a closed cycle where Sari is 2 levels short in LP.01 and 1 in
// KU.01, Budi 1 short in LP.01 and meets KU.02; Q1 2026 IKM with U6 at NRR
// 2.8 (weak) and U7 at 3.2; two counted layanan_petugas complaints.
func needsWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := newWorld(t, d)
	lp01, version := w.compByCode(t, "LP.01")
	ku01, _ := w.compByCode(t, "KU.01")
	ku02, _ := w.compByCode(t, "KU.02")
	sp, err := (&library.Service{DB: d}).CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: w.libA.ID, Name: "Layanan Sirkulasi", Kind: "sirkulasi", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	err = d.InTx(ctx, func(tx *db.Tx) error {
		exec := func(q string, args ...any) error { _, err := tx.ExecContext(ctx, q, args...); return err }
		var cycle int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO assessment_cycles (library_id, name, version_id, opens_on, closes_on, status, created_at, closed_at)
			VALUES (?, 'Semester I 2026', ?, '2026-01-01', '2026-03-31', 'closed', ?, ?) RETURNING id`, w.libA.ID, version, now, now).Scan(&cycle); err != nil {
			return err
		}
		for _, r := range []struct {
			staff, comp int64
			req, agreed int
		}{{w.sari.ID, lp01, 4, 2}, {w.sari.ID, ku01, 3, 2}, {w.budi.ID, lp01, 3, 2}, {w.budi.ID, ku02, 3, 3}} {
			if err := exec(`INSERT INTO assessment_results (library_id, cycle_id, staff_id, competency_id, required_level, agreed_level)
				VALUES (?, ?, ?, ?, ?, ?)`, w.libA.ID, cycle, r.staff, r.comp, r.req, r.agreed); err != nil {
				return err
			}
		}
		// 25 respondents; U6 sums 70 (NRR 2.8), U7 80 (3.2), the rest 100.
		// April's row, after the quarter, would make U7 weak: it must not count.
		for _, day := range []struct {
			day    string
			s6, s7 int
		}{{"2026-02-10", 70, 80}, {"2026-04-10", 100, 25}} {
			cols, vals, args := "library_id, day, service_point_id, respondents", "?, ?, ?, 25", []any{w.libA.ID, day.day, sp.ID}
			for i := 1; i <= 9; i++ {
				s := 100
				switch i {
				case 6:
					s = day.s6
				case 7:
					s = day.s7
				}
				cols += fmt.Sprintf(", s%d, c%d", i, i)
				vals += ", ?, 25"
				args = append(args, s)
			}
			if err := exec(`INSERT INTO ikm_daily (`+cols+`) VALUES (`+vals+`)`, args...); err != nil {
				return err
			}
		}
		for i, c := range []struct {
			category, status, filed string
		}{{"layanan_petugas", "baru", "2026-03-01"}, {"layanan_petugas", "selesai", "2026-05-20"},
			{"layanan_petugas", "ditolak", "2026-03-02"}, {"layanan_petugas", "baru", "2025-11-01"}, {"koleksi", "baru", "2026-03-01"}} {
			filed, _ := time.Parse(time.DateOnly, c.filed)
			if err := exec(`INSERT INTO complaints (library_id, code, class, category, body, status, filed_at, verify_due, created_at, updated_at)
				VALUES (?, ?, 'pengaduan', ?, 'Petugas tidak ramah', ?, ?, ?, ?, ?)`, w.libA.ID, fmt.Sprintf("PGD-NEED-%d", i), c.category, c.status,
				filed, c.filed, now, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	must(t, w.svc.AddNeedMapping(ctx, w.coord, w.libA.ID, SourceIKMElement, "U6", ku01))
	must(t, w.svc.AddNeedMapping(ctx, w.coord, w.libA.ID, SourceIKMElement, "U7", ku02))
	must(t, w.svc.AddNeedMapping(ctx, w.coord, w.libA.ID, SourceComplaintCategory, "layanan_petugas", ku02))
	return w
}

func TestNeedsRanking(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := needsWorld(t, d)
		rep, err := w.svc.Needs(context.Background(), w.coord, w.libA.ID)
		must(t, err)
		if rep.IKMFrom != "2026-01-01" || rep.IKMTo != "2026-03-31" || rep.ComplaintsSince != "2025-12-01" {
			t.Errorf("periods %s–%s, since %s", rep.IKMFrom, rep.IKMTo, rep.ComplaintsSince)
		}
		// KU.01: 1 gap level + (3.0644 − 2.8) × 10 = 1 + 2.64 = 3.64.
		// LP.01: 2 + 1 = 3 levels, 2 people.
		// KU.02: no gap (Budi meets it), U7 not weak, 2 counted complaints = 2.
		want := []struct {
			code        string
			score       float64
			people, gap int
		}{{"KU.01", 3.64, 1, 1}, {"LP.01", 3, 2, 3}, {"KU.02", 2, 0, 0}}
		if len(rep.Needs) != len(want) {
			t.Fatalf("needs %+v, want %d lines", rep.Needs, len(want))
		}
		for i, x := range want {
			n := rep.Needs[i]
			if n.Code != x.code || n.Score != x.score || n.People != x.people || n.GapLevels != x.gap {
				t.Errorf("line %d: %s score %v people %d gap %d, want %+v", i+1, n.Code, n.Score, n.People, n.GapLevels, x)
			}
		}
		why := rep.Needs[0].Why
		if len(why) != 2 || why[1].Kind != "ikm" || why[1].Key != "U6" || why[1].Value != 2.8 || why[1].Points != 2.64 {
			t.Errorf("KU.01 why %+v", why)
		}
		if why := rep.Needs[2].Why; len(why) != 1 || why[0].Kind != "complaint" || why[0].Count != 2 {
			t.Errorf("KU.02 why %+v", why)
		}
		if rep.Needs[1].MaxGap != 2 {
			t.Errorf("LP.01 max gap %d, want 2", rep.Needs[1].MaxGap)
		}

		// Library B sees nothing of A, and staff may not run the analysis.
		repB, err := w.svc.Needs(context.Background(), w.adminB, w.libB.ID)
		must(t, err)
		if len(repB.Needs) != 0 {
			t.Errorf("B needs %+v", repB.Needs)
		}
		_, err = w.svc.Needs(context.Background(), w.sariActor, w.libA.ID)
		wantCode(t, err, apperr.Forbidden)
	})
}

func TestNeedMappings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		ku01, _ := w.compByCode(t, "KU.01")
		ku02, _ := w.compByCode(t, "KU.02")
		sug, err := w.svc.SuggestedNeedMappings(ctx, w.coord, w.libA.ID)
		must(t, err)
		has := func(ms []NeedMapping, key, code string) bool {
			for _, m := range ms {
				if m.SourceKey == key && m.Code == code {
					return true
				}
			}
			return false
		}
		for _, x := range [][2]string{{"U6", "KU.01"}, {"U7", "KU.02"}, {"layanan_petugas", "KU.02"}, {"layanan_digital", "TI.03"}} {
			if !has(sug, x[0], x[1]) {
				t.Errorf("suggestions lack %s → %s: %+v", x[0], x[1], sug)
			}
		}
		if has(sug, "U6", "PB.01") {
			t.Errorf("U6 suggested for cataloguing")
		}
		n, err := w.svc.ApplySuggestedNeedMappings(ctx, w.coord, w.libA.ID)
		must(t, err)
		got, err := w.svc.NeedMappings(ctx, w.coord, w.libA.ID)
		must(t, err)
		if n != len(sug) || len(got) != n {
			t.Errorf("applied %d, have %d, suggested %d", n, len(got), len(sug))
		}
		if again, _ := w.svc.SuggestedNeedMappings(ctx, w.coord, w.libA.ID); len(again) != 0 {
			t.Errorf("suggestions after applying: %+v", again)
		}
		must(t, w.svc.RemoveNeedMapping(ctx, w.coord, w.libA.ID, SourceIKMElement, "U6", ku01))
		if got2, _ := w.svc.NeedMappings(ctx, w.coord, w.libA.ID); len(got2) != n-1 || has(got2, "U6", "KU.01") {
			t.Errorf("after removal: %+v", got2)
		}
		wantProblem(t, w.svc.AddNeedMapping(ctx, w.coord, w.libA.ID, SourceIKMElement, "U10", ku02), "source", "training.need_bad_source")
		wantProblem(t, w.svc.AddNeedMapping(ctx, w.coord, w.libA.ID, SourceComplaintCategory, "parkir", ku02), "source", "training.need_bad_source")
		// Another library's competency is not found in A.
		wantProblem(t, w.svc.AddNeedMapping(ctx, w.adminB, w.libB.ID, SourceIKMElement, "U6", ku02), "competency_id", "training.bad_competency")
		wantCode(t, w.svc.AddNeedMapping(ctx, w.sariActor, w.libA.ID, SourceIKMElement, "U6", ku02), apperr.Forbidden)
	})
}
