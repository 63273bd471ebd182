package training

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
)

// Three rounds of one programme: the first with three reactions (averages
// shown, the weakest item named) and scores, the second with two reactions
// (averages hidden), the third cancelled (left out). Figures by hand.
func TestProgramEvaluationAcrossRounds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := w.program(t, "Pelayanan Prima", false)
		r1 := w.session(t, p, 10, "2026-06-03")
		r2 := w.session(t, p, 10, "2026-06-10")
		r3 := w.session(t, p, 10, "2026-06-17")
		people := w.crowd(t, 5)

		// Round 1: four seated, three attend and answer; one never comes.
		var present []int64
		var actors []*auth.Actor
		var enrolled []Enrolment
		for i, st := range people[:4] {
			e := w.nominate(t, r1, st.ID)
			enrolled = append(enrolled, e)
			if i < 3 {
				present = append(present, e.ID)
				id := st.ID
				actors = append(actors, dbtest.Member(t, d, w.libA.ID, fmt.Sprintf("p%d@kediri.test", i), st.Name, auth.RoleStaff, &id))
			}
		}
		w.clock.t = w.clock.t.AddDate(0, 0, 2) // 3 June
		must(t, w.svc.SetAttendance(ctx, w.coord, w.libA.ID, r1.ID, record.Date("2026-06-03"), present))
		answers := [][5]int{{5, 4, 3, 2, 5}, {4, 4, 3, 3, 5}, {5, 5, 3, 1, 4}}
		for i, a := range actors {
			if _, err := w.svc.SubmitReaction(ctx, a, w.libA.ID, r1.ID, answers[i], "Ruangan panas"); err != nil {
				t.Fatal(err)
			}
		}
		// Gains: (80−40)/60 = 0.667, (90−50)/50 = 0.8, (60−60)/40 = 0 → mean 0.4889.
		n := func(v int) *int { return &v }
		must(t, w.svc.SetScores(ctx, w.coord, w.libA.ID, r1.ID, []Score{
			{EnrolmentID: enrolled[0].ID, Pre: n(40), Post: n(80)},
			{EnrolmentID: enrolled[1].ID, Pre: n(50), Post: n(90)},
			{EnrolmentID: enrolled[2].ID, Pre: n(60), Post: n(60)}}))
		if _, err := w.svc.Complete(ctx, w.coord, w.libA.ID, r1.ID); err != nil {
			t.Fatal(err)
		}

		// Round 2: two answers, too few to show averages.
		var present2 []int64
		for i, st := range people[3:5] {
			e := w.nominate(t, r2, st.ID)
			present2 = append(present2, e.ID)
			id := st.ID
			actors = append(actors, dbtest.Member(t, d, w.libA.ID, fmt.Sprintf("q%d@kediri.test", i), st.Name, auth.RoleStaff, &id))
		}
		w.clock.t = w.clock.t.AddDate(0, 0, 7) // 10 June
		must(t, w.svc.SetAttendance(ctx, w.coord, w.libA.ID, r2.ID, record.Date("2026-06-10"), present2))
		for _, a := range actors[3:] {
			if _, err := w.svc.SubmitReaction(ctx, a, w.libA.ID, r2.ID, [5]int{5, 5, 5, 5, 5}, ""); err != nil {
				t.Fatal(err)
			}
		}
		r3.Status = SessionCancelled
		if _, err := w.svc.UpdateSession(ctx, w.coord, r3); err != nil {
			t.Fatal(err)
		}

		rounds, err := w.svc.ProgramEvaluation(ctx, w.coord, w.libA.ID, p.ID)
		must(t, err)
		if len(rounds) != 2 || rounds[0].Session.ID != r1.ID || rounds[1].Session.ID != r2.ID {
			t.Fatalf("rounds %+v, want r1 and r2 (r3 cancelled)", rounds)
		}
		one := rounds[0]
		if one.Seated != 4 || one.Completed != 3 {
			t.Errorf("round 1: %d seated, %d completed; want 4 and 3", one.Seated, one.Completed)
		}
		if !one.Reaction.Shown || one.Reaction.N != 3 || len(one.Reaction.Comments) != 0 {
			t.Errorf("round 1 reaction %+v", one.Reaction)
		}
		// Items: relevance 14/3, trainer 13/3, method 3, facilities 2, usefulness 14/3; overall 56/15.
		if one.Weakest == nil || one.Weakest.Item != "facilities" || one.Weakest.Average != 2 {
			t.Errorf("weakest item %+v, want facilities 2", one.Weakest)
		}
		if math.Abs(one.Reaction.Overall-56.0/15) > 1e-9 {
			t.Errorf("overall %v, want %v", one.Reaction.Overall, 56.0/15)
		}
		if want := (40.0/60 + 40.0/50 + 0) / 3; one.Gain.Count != 3 || math.Abs(one.Gain.Average-want) > 1e-9 || one.Gain.Band != GainMedium {
			t.Errorf("round 1 gain %+v, want %v medium", one.Gain, want)
		}
		two := rounds[1]
		if two.Reaction.N != 2 || two.Reaction.Shown || two.Weakest != nil || two.Gain.Count != 0 || two.Seated != 2 || two.Completed != 0 {
			t.Errorf("round 2 %+v", two)
		}

		// Coordinators only; another library's programme is not found.
		if _, err := w.svc.ProgramEvaluation(ctx, w.sariActor, w.libA.ID, p.ID); err == nil {
			t.Error("a staff member read the programme's evaluation")
		}
		if _, err := w.svc.ProgramEvaluation(ctx, w.adminB, w.libB.ID, p.ID); err == nil {
			t.Error("library B read A's programme through its own library")
		}
	})
}
