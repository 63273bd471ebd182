package survey_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/survey"
)

var super = &auth.Actor{Name: "test", Superadmin: true}

// world is one library with service points, each with its survey link.
type world struct {
	svc    *survey.Service
	lib    library.Library
	points []library.ServicePoint
	codes  []string
}

func newWorld(t testing.TB, d *db.DB, name, zone string, points ...string) *world {
	t.Helper()
	ctx := context.Background()
	ls := &library.Service{DB: d}
	l, err := ls.Create(ctx, super, library.Library{Name: name, City: name, Province: "Kalimantan Timur", TimeZone: zone})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{svc: &survey.Service{DB: d}, lib: l}
	for _, p := range points {
		sp, err := ls.CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: l.ID, Name: p, Kind: "umum"})
		if err != nil {
			t.Fatal(err)
		}
		link, err := w.svc.CreateLink(ctx, super, l.ID, sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.points = append(w.points, sp)
		w.codes = append(w.codes, link.Code)
	}
	return w
}

// at makes the service's clock stand at t.
func (w *world) at(t time.Time) { w.svc.Now = func() time.Time { return t } }

// answer is a valid web submission with the given scores.
func answer(scores [ikm.NumElements]uint8) survey.Response {
	return survey.Response{Gender: "P", Age: 34, Education: "s1", Occupation: "swasta", Answers: scores}
}

func randomScores(r *rand.Rand, allowBlank bool) [ikm.NumElements]uint8 {
	var s [ikm.NumElements]uint8
	for i := range s {
		s[i] = uint8(1 + r.IntN(4))
		if allowBlank && r.IntN(6) == 0 {
			s[i] = 0
		}
	}
	if allowBlank && s == ([ikm.NumElements]uint8{}) {
		s[0] = 3
	}
	return s
}

// rawAccumulator recomputes a period's sums from the stored responses,
// without the aggregate table.
func rawAccumulator(t testing.TB, d *db.DB, libraryID, servicePointID int64, p survey.Period) ikm.Accumulator {
	t.Helper()
	q := `SELECT u1, u2, u3, u4, u5, u6, u7, u8, u9 FROM survey_responses WHERE library_id = ? AND day >= ? AND day <= ?`
	args := []any{libraryID, p.From, p.To}
	if servicePointID != 0 {
		q += ` AND service_point_id = ?`
		args = append(args, servicePointID)
	}
	rows, err := d.Reader().QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var acc ikm.Accumulator
	for rows.Next() {
		var u [ikm.NumElements]int
		if err := rows.Scan(&u[0], &u[1], &u[2], &u[3], &u[4], &u[5], &u[6], &u[7], &u[8]); err != nil {
			t.Fatal(err)
		}
		var a [ikm.NumElements]uint8
		for i, v := range u {
			a[i] = uint8(v)
		}
		acc.Add(a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return acc
}

func count(t testing.TB, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func wantCode(t testing.TB, err error, code apperr.Code) *apperr.Error {
	t.Helper()
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("got %v, want code %s", err, code)
	}
	return apperr.As(err)
}

func wantProblem(t testing.TB, e *apperr.Error, field, key string) {
	t.Helper()
	for _, p := range e.Problems {
		if p.Field == field && p.Key == key {
			return
		}
	}
	t.Fatalf("problems %+v lack %s on field %q", e.Problems, key, field)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// member is an actor holding role in the library.
func member(libraryID int64, role auth.Role) *auth.Actor {
	return &auth.Actor{UserID: 0, Name: string(role), Memberships: map[int64]auth.Membership{libraryID: {LibraryID: libraryID, Role: role}}}
}
