package survey_test

// The IKM of one library-year read from 1,000,000 stored responses, from
// the daily aggregates (the app's way) beside a plain scan of the same
// rows (the baseline). Results: docs/BENCHMARKS.md. Run with
//
//	go test -run '^$' -bench IKMYear1M -benchtime 3s ./internal/survey/
//
// and BINA_TEST_POSTGRES_URL set for the PostgreSQL figures.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/survey"
)

const (
	benchResponses = 1_000_000
	benchPoints    = 6
	benchBatch     = 50_000 // responses per Import call (one transaction each)
)

// benchScores leans towards the upper answers, as real surveys do.
func benchScores(r *rand.Rand) [ikm.NumElements]uint8 {
	var s [ikm.NumElements]uint8
	for i := range s {
		switch x := r.IntN(100); {
		case x < 5:
			s[i] = 1
		case x < 20:
			s[i] = 2
		case x < 65:
			s[i] = 3
		default:
			s[i] = 4
		}
	}
	return s
}

// loadYear stores benchResponses answers over 2026 and benchPoints
// service points through Import, which writes the daily aggregates in the
// same transactions.
func loadYear(b *testing.B, d *db.DB) *world {
	b.Helper()
	names := make([]string, benchPoints)
	for i := range names {
		names[i] = fmt.Sprintf("Layanan %d", i+1)
	}
	w := newWorld(b, d, "Perpustakaan Kota Samarinda", "Asia/Makassar", names...)
	r := rand.New(rand.NewPCG(2026, 11))
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	ctx := context.Background()
	batch := make([]survey.Response, 0, benchBatch)
	for n := 0; n < benchResponses; n++ {
		day := r.IntN(365)
		at := start.AddDate(0, 0, day).Add(time.Duration(r.IntN(8*3600)) * time.Second)
		batch = append(batch, survey.Response{ServicePointID: w.points[r.IntN(benchPoints)].ID, SubmittedAt: at,
			Day: at.Format(time.DateOnly), Gender: "P", Age: 20 + r.IntN(50), Education: "s1", Occupation: "swasta", Answers: benchScores(r)})
		if len(batch) == benchBatch {
			if _, err := w.svc.Import(ctx, super, w.lib.ID, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if d.Dialect == db.Postgres {
		// As autovacuum would within a minute of such a load.
		if _, err := d.Reader().ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	return w
}

// scanYear is the baseline: the same sums and counts straight from the
// stored responses, computed by the database.
func scanYear(ctx context.Context, d *db.DB, libraryID int64, p survey.Period) (ikm.Result, error) {
	var cols []string
	for i := 1; i <= ikm.NumElements; i++ {
		cols = append(cols, fmt.Sprintf("COALESCE(SUM(u%d), 0), SUM(CASE WHEN u%d > 0 THEN 1 ELSE 0 END)", i, i))
	}
	var acc ikm.Accumulator
	var dest []any
	for i := range acc.Sum {
		dest = append(dest, &acc.Sum[i], &acc.Count[i])
	}
	dest = append(dest, &acc.Respondents)
	err := d.Reader().QueryRowContext(ctx, `SELECT `+strings.Join(cols, ", ")+`, COUNT(*) FROM survey_responses
		WHERE library_id = ? AND day >= ? AND day <= ?`, libraryID, p.From, p.To).Scan(dest...)
	return acc.Result(), err
}

func BenchmarkIKMYear1M(b *testing.B) {
	for _, engine := range []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) {
			d := engine.open(b)
			loaded := time.Now()
			w := loadYear(b, d)
			b.Logf("%s: %d responses loaded in %s", engine.name, benchResponses, time.Since(loaded).Round(time.Millisecond))
			ctx := context.Background()
			year := survey.YearOf(2026)
			rep, err := w.svc.IKM(ctx, super, w.lib.ID, 0, year)
			if err != nil {
				b.Fatal(err)
			}
			scan, err := scanYear(ctx, d, w.lib.ID, year)
			if err != nil {
				b.Fatal(err)
			}
			if rep.Result.Respondents != benchResponses || scan.Respondents != benchResponses || rep.Result.IKM != scan.IKM || rep.Result.Exact.Cmp(scan.Exact) != 0 {
				b.Fatalf("aggregates say %d respondents, IKM %v; the scan says %d, %v", rep.Result.Respondents, rep.Result.Exact, scan.Respondents, scan.Exact)
			}
			b.Logf("IKM %.2f %s over %d respondents", rep.Result.IKM, rep.Result.Grade, rep.Result.Respondents)
			b.Run("aggregate", func(b *testing.B) {
				for b.Loop() {
					if _, err := w.svc.IKM(ctx, super, w.lib.ID, 0, year); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("scan", func(b *testing.B) {
				for b.Loop() {
					if _, err := scanYear(ctx, d, w.lib.ID, year); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
