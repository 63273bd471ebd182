package survey_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/survey"
)

// Random web submissions and imports (with blanks) over a year and three
// service points: every period's IKM read from the aggregates equals the
// one recomputed from the stored rows, for each point and the library.
func TestAggregatesEqualRecomputationFromRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, "Perpustakaan Kota Samarinda", "Asia/Makassar", "Sirkulasi", "Referensi", "Layanan Anak")
		r := rand.New(rand.NewPCG(7, 2026))
		wita := time.FixedZone("WITA", 8*3600)
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, wita)
		var imports []survey.Response
		for i := 0; i < 300; i++ {
			when := start.Add(time.Duration(r.IntN(365*24)) * time.Hour)
			p := r.IntN(len(w.points))
			if i%3 == 0 {
				imports = append(imports, survey.Response{ServicePointID: w.points[p].ID, SubmittedAt: when,
					Day: when.In(wita).Format(time.DateOnly), Answers: randomScores(r, true)})
				continue
			}
			w.at(when)
			if _, _, err := w.svc.Submit(ctx, w.codes[p], answer(randomScores(r, false)), ""); err != nil {
				t.Fatal(err)
			}
		}
		n, err := w.svc.Import(ctx, super, w.lib.ID, imports)
		must(t, err)
		if n != len(imports) {
			t.Fatalf("imported %d of %d", n, len(imports))
		}
		if got := count(t, d, `SELECT COUNT(*) FROM survey_responses WHERE library_id = ?`, w.lib.ID); got != 300 {
			t.Fatalf("%d responses stored, want 300", got)
		}

		periods := []survey.Period{survey.YearOf(2026), survey.SemesterOf(2026, 1), survey.SemesterOf(2026, 2)}
		for q := 1; q <= 4; q++ {
			periods = append(periods, survey.QuarterOf(2026, q))
		}
		for m := time.January; m <= time.December; m++ {
			periods = append(periods, survey.MonthOf(2026, m))
		}
		for i := 0; i < 10; i++ {
			a := start.AddDate(0, 0, r.IntN(365))
			p, err := survey.CustomPeriod(a.Format(time.DateOnly), a.AddDate(0, 0, r.IntN(90)).Format(time.DateOnly))
			must(t, err)
			periods = append(periods, p)
		}
		total := int64(0)
		for _, p := range periods {
			for _, sp := range append([]int64{0}, w.points[0].ID, w.points[1].ID, w.points[2].ID) {
				rep, err := w.svc.IKM(ctx, super, w.lib.ID, sp, p)
				must(t, err)
				raw := rawAccumulator(t, d, w.lib.ID, sp, p)
				want := raw.Result()
				if rep.Result.Respondents != want.Respondents || rep.Result.IKM != want.IKM || rep.Result.Grade != want.Grade {
					t.Errorf("%s point %d: aggregates give %d respondents, IKM %.2f %s; rows give %d, %.2f %s",
						p.Value+" "+p.From, sp, rep.Result.Respondents, rep.Result.IKM, rep.Result.Grade, want.Respondents, want.IKM, want.Grade)
				}
				for i, e := range rep.Result.Elements {
					if e.Sum != want.Elements[i].Sum || e.Count != want.Elements[i].Count {
						t.Errorf("%s point %d %s: sum/count %d/%d, rows say %d/%d", p.From, sp, e.Code, e.Sum, e.Count, want.Elements[i].Sum, want.Elements[i].Count)
					}
				}
				if p.Kind == survey.Year && sp == 0 {
					total = rep.Result.Respondents
				}
			}
		}
		if total != 300 {
			t.Errorf("the year counts %d respondents, want all 300", total)
		}
	})
}

// A response is counted on its day in the library's own zone: 16:30 UTC on
// 31 March is still March in Jakarta (WIB, 23:30) but already 1 April in
// Samarinda (WITA, 00:30), so it falls in the first quarter in one library
// and the second in the other.
func TestDayFollowsTheLibraryTimeZone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		when := time.Date(2026, 3, 31, 16, 30, 0, 0, time.UTC)
		for _, c := range []struct {
			name, zone string
			day        string
			quarter    int
		}{
			{"Perpustakaan Kota Semarang", "Asia/Jakarta", "2026-03-31", 1},
			{"Perpustakaan Kota Samarinda", "Asia/Makassar", "2026-04-01", 2},
		} {
			w := newWorld(t, d, c.name, c.zone, "Sirkulasi")
			w.at(when)
			_, resp, err := w.svc.Submit(ctx, w.codes[0], answer([9]uint8{4, 4, 4, 4, 4, 4, 4, 4, 4}), "")
			must(t, err)
			if resp.Day != c.day {
				t.Errorf("%s: day %s, want %s", c.zone, resp.Day, c.day)
			}
			for q := 1; q <= 2; q++ {
				rep, err := w.svc.IKM(ctx, super, w.lib.ID, 0, survey.QuarterOf(2026, q))
				must(t, err)
				want := int64(0)
				if q == c.quarter {
					want = 1
				}
				if rep.Result.Respondents != want {
					t.Errorf("%s: Q%d has %d respondents, want %d", c.zone, q, rep.Result.Respondents, want)
				}
			}
			if got := survey.Today(when, c.zone); got != c.day {
				t.Errorf("Today in %s = %s, want %s", c.zone, got, c.day)
			}
		}
	})
}

// Fifty patrons submitting at the same moment: every answer is stored and
// counted exactly once.
func TestConcurrentSubmissionsAreAllCounted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, "Perpustakaan Kota Batu", "Asia/Jakarta", "Sirkulasi", "Referensi")
		const n = 50
		var wg sync.WaitGroup
		errs := make(chan error, n)
		want := [2]ikm.Accumulator{}
		scores := make([][9]uint8, n)
		r := rand.New(rand.NewPCG(1, 2))
		for i := range scores {
			scores[i] = randomScores(r, false)
			want[i%2].Add(scores[i])
		}
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := w.svc.Submit(ctx, w.codes[i%2], answer(scores[i]), "")
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err)
		}
		today, _ := time.Parse(time.DateOnly, survey.Today(time.Now(), "Asia/Jakarta"))
		year := survey.PeriodOf(survey.Year, today)
		for p := 0; p < 2; p++ {
			rep, err := w.svc.IKM(ctx, super, w.lib.ID, w.points[p].ID, year)
			must(t, err)
			if got, exp := rep.Result, want[p].Result(); got.Respondents != n/2 || got.IKM != exp.IKM {
				t.Errorf("point %d: %d respondents, IKM %.2f; want %d, %.2f", p, got.Respondents, got.IKM, n/2, exp.IKM)
			}
			for i, e := range rep.Result.Elements {
				if e.Sum != want[p].Sum[i] || e.Count != want[p].Count[i] {
					t.Errorf("point %d %s: %d/%d, want %d/%d", p, e.Code, e.Sum, e.Count, want[p].Sum[i], want[p].Count[i])
				}
			}
		}
	})
}

func TestSubmissionIsCheckedAndNothingHalfStored(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, "Perpustakaan Kota Kediri", "Asia/Jakarta", "Sirkulasi")

		// Everything missing: each field is named, nothing is stored.
		_, _, err := w.svc.Submit(ctx, w.codes[0], survey.Response{Age: -1, Comment: strings.Repeat("x", survey.MaxComment+1)}, "")
		e := wantCode(t, err, apperr.Invalid)
		for _, f := range []string{"gender", "education", "occupation", "u1", "u5", "u9"} {
			wantProblem(t, e, f, map[bool]string{true: "survey.choose_one", false: "survey.answer_required"}[!strings.HasPrefix(f, "u")])
		}
		wantProblem(t, e, "age", "survey.bad_age")
		wantProblem(t, e, "comment", "field.too_long")
		r := answer([9]uint8{3, 3, 3, 3, 3, 3, 3, 3, 0})
		_, _, err = w.svc.Submit(ctx, w.codes[0], r, "")
		wantProblem(t, wantCode(t, err, apperr.Invalid), "u9", "survey.answer_required")
		r = answer([9]uint8{3, 3, 3, 3, 3, 3, 3, 3, 3})
		r.Age = 9
		_, _, err = w.svc.Submit(ctx, w.codes[0], r, "")
		wantProblem(t, wantCode(t, err, apperr.Invalid), "age", "survey.bad_age")
		if n := count(t, d, `SELECT COUNT(*) FROM survey_responses`) + count(t, d, `SELECT COUNT(*) FROM ikm_daily`); n != 0 {
			t.Fatalf("refused submissions left %d rows", n)
		}

		// Unknown code; a closed service point.
		_, _, err = w.svc.Submit(ctx, "zzzzzz", answer([9]uint8{4, 4, 4, 4, 4, 4, 4, 4, 4}), "")
		wantCode(t, err, apperr.NotFound)
		ls := &library.Service{DB: d}
		sp := w.points[0]
		sp.Active = false
		_, err = ls.UpdateServicePoint(ctx, super, sp)
		must(t, err)
		// A service that looked the code up before the point closed trusts
		// what it saw for up to 30 seconds; a fresh one sees it closed.
		w.svc = &survey.Service{DB: d}
		_, _, err = w.svc.Submit(ctx, strings.ToUpper(w.codes[0]), answer([9]uint8{4, 4, 4, 4, 4, 4, 4, 4, 4}), "")
		wantCode(t, err, apperr.Conflict)

		// A failure inside the transaction (the aggregate row cannot be
		// written) takes the response with it.
		sp.Active = true
		_, err = ls.UpdateServicePoint(ctx, super, sp)
		must(t, err)
		w.svc = &survey.Service{DB: d}
		_, err = d.Reader().ExecContext(ctx, `DROP TABLE ikm_daily`)
		must(t, err)
		_, _, err = w.svc.Submit(ctx, w.codes[0], answer([9]uint8{4, 4, 4, 4, 4, 4, 4, 4, 4}), "")
		wantCode(t, err, apperr.Internal)
		if n := count(t, d, `SELECT COUNT(*) FROM survey_responses`); n != 0 {
			t.Fatalf("a response whose aggregate failed was kept (%d rows)", n)
		}
	})
}

func TestImportRefusesBadRowsAndOtherLibrariesPoints(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newWorld(t, d, "Perpustakaan Kota Batu", "Asia/Jakarta", "Sirkulasi")
		b := newWorld(t, d, "Perpustakaan Kota Semarang", "Asia/Jakarta", "Sirkulasi")
		_, err := a.svc.Import(ctx, super, a.lib.ID, []survey.Response{
			{ServicePointID: a.points[0].ID, Day: "2026-02-30", Answers: [9]uint8{1}},
			{ServicePointID: a.points[0].ID, Day: "2026-02-03"},
		})
		e := wantCode(t, err, apperr.Invalid)
		if len(e.Problems) != 2 || e.Problems[0].Key != "survey.bad_day" || e.Problems[1].Key != "survey.no_answers" || e.Problems[1].Line != 2 {
			t.Errorf("problems %+v", e.Problems)
		}
		_, err = a.svc.Import(ctx, super, a.lib.ID, []survey.Response{{ServicePointID: b.points[0].ID, Day: "2026-02-03", Answers: [9]uint8{1}}})
		wantCode(t, err, apperr.NotFound)
		_, err = a.svc.Import(ctx, member(a.lib.ID, auth.RoleStaff), a.lib.ID, nil)
		wantCode(t, err, apperr.Forbidden)
		if n := count(t, d, `SELECT COUNT(*) FROM survey_responses`); n != 0 {
			t.Fatalf("%d rows stored", n)
		}
	})
}

// The rate limit holds exactly under concurrency, whatever the batches:
// 30 answers from one address at once against a limit of 10 store 10 and
// refuse 20; another address and another survey have their own counts.
func TestRateLimitPerAddressAndSurvey(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, "Perpustakaan Kota Batu", "Asia/Jakarta", "Sirkulasi", "Referensi")
		w.svc.Limit = 10
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[apperr.Code]int{}
		for i := 0; i < 30; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := w.svc.Submit(ctx, w.codes[0], answer([9]uint8{3, 3, 3, 3, 3, 3, 3, 3, 3}), "203.0.113.7")
				mu.Lock()
				codes[apperr.CodeOf(err)]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if codes[""] != 10 || codes[apperr.RateLimited] != 20 {
			t.Errorf("outcomes %v, want 10 stored and 20 refused", codes)
		}
		_, _, err := w.svc.Submit(ctx, w.codes[0], answer([9]uint8{3, 3, 3, 3, 3, 3, 3, 3, 3}), "203.0.113.8")
		must(t, err)
		_, _, err = w.svc.Submit(ctx, w.codes[1], answer([9]uint8{3, 3, 3, 3, 3, 3, 3, 3, 3}), "203.0.113.7")
		must(t, err)
		_, _, err = w.svc.Submit(ctx, w.codes[0], answer([9]uint8{3, 3, 3, 3, 3, 3, 3, 3, 3}), "203.0.113.7")
		e := wantCode(t, err, apperr.RateLimited)
		if e.Key != "survey.rate_limited" || e.Args["Minutes"] != 10 {
			t.Errorf("refusal %+v", e)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM survey_responses`); n != 12 {
			t.Errorf("%d rows stored, want 12", n)
		}
		if n := count(t, d, `SELECT SUM(respondents) FROM ikm_daily`); n != 12 {
			t.Errorf("the aggregates count %d, want 12", n)
		}
	})
}
