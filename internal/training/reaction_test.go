package training

import (
	"context"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
)

func wantRefusal(t *testing.T, err error, key string) {
	t.Helper()
	if e := wantCode(t, err, apperr.Conflict); e.Key != key {
		t.Fatalf("got %v (%s), want %s", err, e.Key, key)
	}
}

func TestReactionOnlyForThoseWhoAttended(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := w.program(t, "Literasi Informasi", false)
		x := w.session(t, p, 10, "2026-06-03", "2026-06-04")
		budiID := w.budi.ID
		budi := dbtest.Member(t, d, w.libA.ID, "budi@kediri.test", "Budi Santoso", auth.RoleStaff, &budiID)
		eSari := w.nominate(t, x, w.sari.ID)
		w.nominate(t, x, w.budi.ID)
		good := [5]int{5, 4, 4, 3, 5}

		// Before the first day nobody may answer.
		_, err := w.svc.SubmitReaction(ctx, w.sariActor, w.libA.ID, x.ID, good, "")
		wantRefusal(t, err, "training.reaction_not_started")

		w.clock.t = w.clock.t.AddDate(0, 0, 3) // 4 June
		must(t, w.svc.SetAttendance(ctx, w.coord, w.libA.ID, x.ID, record.Date("2026-06-03"), []int64{eSari.ID}))

		// Budi is enrolled but attended no day: refused, and nothing stored.
		st, err := w.svc.MyReaction(ctx, budi, w.libA.ID, x.ID)
		must(t, err)
		if st.MayAnswer || st.Reason != "training.reaction_not_attended" {
			t.Errorf("Budi's status: %+v", st)
		}
		_, err = w.svc.SubmitReaction(ctx, budi, w.libA.ID, x.ID, good, "")
		wantRefusal(t, err, "training.reaction_not_attended")

		// The coordinator, not a participant, is refused too.
		_, err = w.svc.SubmitReaction(ctx, w.coord, w.libA.ID, x.ID, good, "")
		wantRefusal(t, err, "training.reaction_not_attended")

		// A score out of 1–5 names the item.
		_, err = w.svc.SubmitReaction(ctx, w.sariActor, w.libA.ID, x.ID, [5]int{5, 4, 0, 3, 6}, "")
		wantProblem(t, err, "method", "training.reaction_bad_score")
		wantProblem(t, err, "usefulness", "training.reaction_bad_score")

		// Sari attended one day: accepted once.
		st, err = w.svc.MyReaction(ctx, w.sariActor, w.libA.ID, x.ID)
		must(t, err)
		if !st.MayAnswer {
			t.Fatalf("Sari may not answer: %+v", st)
		}
		r, err := w.svc.SubmitReaction(ctx, w.sariActor, w.libA.ID, x.ID, good, "  Lebih banyak praktik  ")
		must(t, err)
		if r.EnrolmentID != eSari.ID || r.Improve != "Lebih banyak praktik" {
			t.Errorf("stored %+v", r)
		}
		_, err = w.svc.SubmitReaction(ctx, w.sariActor, w.libA.ID, x.ID, good, "")
		wantRefusal(t, err, "training.reaction_already")
		st, err = w.svc.MyReaction(ctx, w.sariActor, w.libA.ID, x.ID)
		must(t, err)
		if st.MayAnswer || !st.Answered {
			t.Errorf("after answering: %+v", st)
		}

		// One response: the coordinator sees the count, no averages, no comments.
		sum, err := w.svc.ReactionSummary(ctx, w.coord, w.libA.ID, x.ID)
		must(t, err)
		if sum.N != 1 || sum.Shown || len(sum.Averages) != 0 || len(sum.Comments) != 0 {
			t.Errorf("summary of one: %+v", sum)
		}
		// A staff member may not read the summary; another library gets 404.
		_, err = w.svc.ReactionSummary(ctx, w.sariActor, w.libA.ID, x.ID)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.ReactionSummary(ctx, w.adminB, w.libB.ID, x.ID)
		wantCode(t, err, apperr.NotFound)
	})
}

func TestReactionSummaryAverages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := w.program(t, "Layanan Referensi", false)
		x := w.session(t, p, 10, "2026-05-20")
		ps := w.crowd(t, 3)
		answers := [][5]int{{5, 5, 4, 3, 5}, {4, 3, 4, 2, 5}, {3, 4, 4, 4, 2}}
		comments := []string{"Ruangan panas", "", "Waktu kurang"}
		var ids []int64
		var actors []*auth.Actor
		for _, person := range ps {
			e := w.nominate(t, x, person.ID)
			ids = append(ids, e.ID)
			id := person.ID
			actors = append(actors, dbtest.Member(t, d, w.libA.ID, person.Name+"@kediri.test", person.Name, auth.RoleStaff, &id))
		}
		must(t, w.svc.SetAttendance(ctx, w.coord, w.libA.ID, x.ID, "2026-05-20", ids))
		for i, a := range actors {
			_, err := w.svc.SubmitReaction(ctx, a, w.libA.ID, x.ID, answers[i], comments[i])
			must(t, err)
		}
		sum, err := w.svc.ReactionSummary(ctx, w.coord, w.libA.ID, x.ID)
		must(t, err)
		if sum.N != 3 || !sum.Shown {
			t.Fatalf("summary: %+v", sum)
		}
		// Hand-computed: relevance 12/3 = 4, trainer 12/3 = 4, method 4,
		// facilities 9/3 = 3, usefulness 12/3 = 4; overall 19/5 = 3.8.
		want := []float64{4, 4, 4, 3, 4}
		for i, a := range sum.Averages {
			if a.Item != ReactionItems[i] || a.Average != want[i] {
				t.Errorf("average %d: %+v, want %v", i, a, want[i])
			}
		}
		if sum.Overall < 3.7999 || sum.Overall > 3.8001 {
			t.Errorf("overall %v", sum.Overall)
		}
		if len(sum.Comments) != 2 || sum.Comments[0] != "Ruangan panas" || sum.Comments[1] != "Waktu kurang" {
			t.Errorf("comments %q", sum.Comments)
		}
	})
}
