package survey_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/survey"
)

func TestProfileAndRawResponsesOfAPeriod(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, "Perpustakaan Kota Kediri", "Asia/Jakarta", "Sirkulasi", "Layanan Anak")
		other := newWorld(t, d, "Perpustakaan Kota Batu", "Asia/Jakarta", "Sirkulasi")
		circ, kids := w.points[0].ID, w.points[1].ID
		r := func(sp int64, day, gender string, age int, edu, occ string, comment string) survey.Response {
			return survey.Response{ServicePointID: sp, Day: day, SubmittedAt: time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC),
				Gender: gender, Age: age, Education: edu, Occupation: occ, Answers: [9]uint8{3, 3, 3, 4, 3, 3, 4, 2, 3}, Comment: comment}
		}
		_, err := w.svc.Import(ctx, super, w.lib.ID, []survey.Response{
			r(circ, "2026-03-02", "P", 19, "sma", "pelajar", "kedua"),
			r(circ, "2026-03-01", "L", 20, "s1", "pns", "pertama"),
			r(circ, "2026-03-05", "p", 64, "s2", "pensiunan", ""), // an import may carry a value the form lacks
			r(circ, "2026-03-09", "", 0, "", "", ""),
			r(kids, "2026-03-03", "P", 11, "sd", "pelajar", ""),
			r(circ, "2026-04-01", "L", 30, "s1", "swasta", "april"), // outside March
		})
		must(t, err)
		_, err = other.svc.Import(ctx, super, other.lib.ID, []survey.Response{r(other.points[0].ID, "2026-03-02", "L", 40, "s3", "pns", "")})
		must(t, err)
		march := survey.MonthOf(2026, time.March)
		coord := member(w.lib.ID, auth.RoleCoordinator)

		p, err := w.svc.Profile(ctx, coord, w.lib.ID, 0, march)
		must(t, err)
		want := func(name string, got []survey.Count, want ...survey.Count) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: %+v, want %+v", name, got, want)
				return
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("%s: %+v, want %+v", name, got, want)
					return
				}
			}
		}
		if p.Respondents != 5 {
			t.Errorf("respondents %d, want 5", p.Respondents)
		}
		want("gender", p.Gender, cnt("L", 1), cnt("P", 3), cnt("", 1))
		want("age", p.Age, cnt("0-19", 2), cnt("20-29", 1), cnt("30-39", 0), cnt("40-49", 0),
			cnt("50-59", 0), cnt("60+", 1), cnt("", 1))
		want("education", p.Education, cnt("sd", 1), cnt("smp", 0), cnt("sma", 1), cnt("diploma", 0),
			cnt("s1", 1), cnt("s2", 1), cnt("s3", 0), cnt("", 1))
		want("occupation", p.Occupation, cnt("pelajar", 2), cnt("mahasiswa", 0), cnt("pns", 1), cnt("tni_polri", 0),
			cnt("swasta", 0), cnt("wirausaha", 0), cnt("lainnya", 0), cnt("pensiunan", 1), cnt("", 1))

		// One service point only.
		p, err = w.svc.Profile(ctx, coord, w.lib.ID, kids, march)
		must(t, err)
		if p.Respondents != 1 || p.Gender[1] != (cnt("P", 1)) || len(p.Gender) != 2 {
			t.Errorf("layanan anak: %+v", p)
		}

		// The raw rows, by day, of the whole library.
		var days, comments []string
		err = w.svc.Responses(ctx, coord, w.lib.ID, 0, march, func(r survey.Response) error {
			days = append(days, r.Day)
			comments = append(comments, r.Comment)
			if r.LibraryID != w.lib.ID || r.Answers[7] != 2 || r.Source != survey.SourceImport {
				t.Errorf("row %+v", r)
			}
			return nil
		})
		must(t, err)
		if want := []string{"2026-03-01", "2026-03-02", "2026-03-03", "2026-03-05", "2026-03-09"}; !slices.Equal(days, want) || comments[0] != "pertama" {
			t.Errorf("days %v comments %q", days, comments)
		}
		// fn's error stops the walk.
		stop := errors.New("stop")
		n := 0
		if err := w.svc.Responses(ctx, coord, w.lib.ID, circ, march, func(survey.Response) error { n++; return stop }); err != stop || n != 1 {
			t.Errorf("stopping: %v after %d rows", err, n)
		}

		// Another library, its service point, and a staff member: refused.
		_, err = w.svc.Profile(ctx, coord, w.lib.ID, other.points[0].ID, march)
		wantCode(t, err, apperr.NotFound)
		err = w.svc.Responses(ctx, coord, w.lib.ID, other.points[0].ID, march, func(survey.Response) error { return nil })
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.Profile(ctx, member(w.lib.ID, auth.RoleStaff), w.lib.ID, 0, march)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.Profile(ctx, coord, other.lib.ID, 0, march)
		wantCode(t, err, apperr.NotFound)
	})
}

func cnt(value string, n int64) survey.Count { return survey.Count{Value: value, Count: n} }
