package competency_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/people"
)

// Suggestions by hand: gaps 1, 0, 3, 2, 3 (and one not reviewed) → the
// three largest, reading order among equals: #3 (3), #5 (3), #4 (2); #5
// drops out once it is already a goal, letting #1 in.
func TestSuggestLargestGapsFirst(t *testing.T) {
	row := func(id int64, req, agreed int) competency.GapRow {
		g := competency.ComputeGaps([]competency.GapInput{{CompetencyID: id, Required: req, Agreed: agreed}}).Items[0]
		return competency.GapRow{Gap: g, Code: "C" + string(rune('0'+id))}
	}
	rows := []competency.GapRow{row(1, 3, 2), row(2, 4, 4), row(3, 4, 1), row(4, 5, 3), row(5, 5, 2), row(6, 3, 0)}
	ids := func(s []competency.Suggestion) []int64 {
		var out []int64
		for _, x := range s {
			out = append(out, x.CompetencyID)
		}
		return out
	}
	got := competency.Suggest(rows, nil, 3)
	if !reflect.DeepEqual(ids(got), []int64{3, 5, 4}) || got[0].From != 1 || got[0].To != 4 || got[0].Gap != 3 {
		t.Errorf("suggestions %+v, want C3 (1→4), C5, C4", got)
	}
	if got := competency.Suggest(rows, map[int64]bool{5: true}, 3); !reflect.DeepEqual(ids(got), []int64{3, 4, 1}) {
		t.Errorf("with C5 taken: %v, want 3 4 1", ids(got))
	}
}

func TestDevelopmentPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newAsWorld(t, d)
		c, aid := w.open(t, "Semester I 2026")
		// Required PK.01 3, LP.02 4, KU.02 2; agreed 1, 1, 2 → gaps 2, 3, 0.
		fwMust(t, w.svc.SaveRatings(ctx, w.staff, w.lib.ID, aid, competency.RoleSelf, []competency.RatingInput{
			{CompetencyID: w.pk01, Level: 2}, {CompetencyID: w.lp02, Level: 2}, {CompetencyID: w.ku02, Level: 2}}, nil))
		fwMust(t, w.svc.SaveRatings(ctx, w.coord, w.lib.ID, aid, competency.RoleSupervisor, []competency.RatingInput{
			{CompetencyID: w.pk01, Level: 1}, {CompetencyID: w.lp02, Level: 1}, {CompetencyID: w.ku02, Level: 2}}, nil))

		// While the cycle is open there is nothing to suggest.
		pg, err := w.svc.PlanFor(ctx, w.staff, w.lib.ID, w.sari.ID, 0)
		fwMust(t, err)
		if len(pg.Suggestions) != 0 || pg.Plan.ID != 0 || !pg.CanEdit || pg.CanSignOff {
			t.Fatalf("open cycle: %+v", pg)
		}
		_, err = w.svc.CloseCycle(ctx, w.coord, w.lib.ID, c.ID)
		fwMust(t, err)
		pg, err = w.svc.PlanFor(ctx, w.staff, w.lib.ID, w.sari.ID, 0)
		fwMust(t, err)
		want := []competency.Suggestion{
			{CompetencyID: w.lp02, Code: "LP.02", From: 1, To: 4, Gap: 3},
			{CompetencyID: w.pk01, Code: "PK.01", From: 1, To: 3, Gap: 2},
		}
		for i := range pg.Suggestions {
			pg.Suggestions[i].Title = ""
		}
		if !reflect.DeepEqual(pg.Suggestions, want) || pg.Cycle == nil || pg.Cycle.ID != c.ID {
			t.Fatalf("suggestions %+v, want %+v", pg.Suggestions, want)
		}

		// A new cycle opens: nothing in it is agreed yet, so her page keeps
		// showing the closed cycle's gaps, and the plan its suggestions.
		c2, _ := w.open(t, "Semester II 2026")
		g, err := w.svc.PersonGaps(ctx, w.staff, w.lib.ID, w.sari.ID, 0)
		fwMust(t, err)
		if g.Cycle == nil || g.Cycle.ID != c.ID || g.Summary.TotalGap != 5 || len(g.Cycles) != 2 {
			t.Fatalf("with a new cycle open, her default gaps are from cycle %+v (total %d), want the closed %d with total 5", g.Cycle, g.Summary.TotalGap, c.ID)
		}
		if g, err = w.svc.PersonGaps(ctx, w.staff, w.lib.ID, w.sari.ID, c2.ID); err != nil || g.Cycle.ID != c2.ID {
			t.Fatalf("the open cycle chosen explicitly: %+v %v", g.Cycle, err)
		}
		pg, err = w.svc.PlanFor(ctx, w.staff, w.lib.ID, w.sari.ID, 0)
		fwMust(t, err)
		if len(pg.Suggestions) != 2 || pg.Cycle == nil || pg.Cycle.ID != c.ID {
			t.Fatalf("with a new cycle open the plan suggests %+v from %+v", pg.Suggestions, pg.Cycle)
		}

		// Sari adds the largest gap as a goal; it is no longer suggested.
		gid, err := w.svc.AddGoal(ctx, w.staff, w.lib.ID, w.sari.ID, 0, competency.GoalInput{CompetencyID: &w.lp02, TargetLevel: 4,
			Description: "Naik dari tingkat 1 ke 4 pada LP.02", DueDate: "2026-12-31"})
		fwMust(t, err)
		_, err = w.svc.AddGoal(ctx, w.staff, w.lib.ID, w.sari.ID, 0, competency.GoalInput{Description: "", DueDate: "31-12-2026"})
		if e := fwWantCode(t, err, apperr.Invalid); len(e.Problems) != 2 {
			t.Errorf("empty goal: %+v", e.Problems)
		}
		fwMust(t, w.svc.AddAction(ctx, w.staff, w.lib.ID, w.sari.ID, gid, competency.ActionInput{Kind: "magang", Description: "Magang di Perpusnas"}))
		fwWantCode(t, w.svc.AddAction(ctx, w.staff, w.lib.ID, w.sari.ID, gid, competency.ActionInput{Kind: "liburan", Description: "x"}), apperr.Invalid)
		pg, err = w.svc.PlanFor(ctx, w.staff, w.lib.ID, w.sari.ID, 0)
		fwMust(t, err)
		if len(pg.Plan.Goals) != 1 || len(pg.Plan.Goals[0].Actions) != 1 || pg.Plan.Goals[0].CompetencyCode != "LP.02" ||
			len(pg.Suggestions) != 1 || pg.Suggestions[0].CompetencyID != w.pk01 {
			t.Fatalf("after adding: %+v", pg)
		}

		// A colleague neither sees nor edits Sari's plan.
		budi, err := (&people.Service{DB: d}).Create(ctx, fwSuper, people.Staff{LibraryID: w.lib.ID, Name: "Budi", EmploymentStatus: "pns", NIP: "198001012005011002",
			Position: "Pustakawan", Level: "Ahli Pertama", Active: true})
		fwMust(t, err)
		colleague := fwMember(t, d, w.lib.ID, "budi@kotabatu.test", auth.RoleStaff)
		m := colleague.Memberships[w.lib.ID]
		m.StaffID = &budi.ID
		colleague.Memberships[w.lib.ID] = m
		_, err = w.svc.PlanFor(ctx, colleague, w.lib.ID, w.sari.ID, 0)
		fwWantCode(t, err, apperr.Forbidden)
		_, err = w.svc.AddGoal(ctx, colleague, w.lib.ID, w.sari.ID, 0, competency.GoalInput{Description: "x"})
		fwWantCode(t, err, apperr.Forbidden)
		fwWantCode(t, w.svc.SetActionDone(ctx, colleague, w.lib.ID, w.sari.ID, gid, pg.Plan.Goals[0].Actions[0].ID, true), apperr.Forbidden)
		// Her goal is not found under Budi's plan.
		fwWantCode(t, w.svc.DeleteGoal(ctx, w.coord, w.lib.ID, budi.ID, gid), apperr.NotFound)

		// Sign-off: only after submission, never by Sari herself.
		fwWantCode(t, w.svc.SignOffPlan(ctx, w.coord, w.lib.ID, w.sari.ID, 0), apperr.Conflict)
		fwMust(t, w.svc.SubmitPlan(ctx, w.staff, w.lib.ID, w.sari.ID, 0))
		fwWantCode(t, w.svc.SignOffPlan(ctx, w.staff, w.lib.ID, w.sari.ID, 0), apperr.Forbidden)
		fwWantCode(t, w.svc.SignOffPlan(ctx, colleague, w.lib.ID, w.sari.ID, 0), apperr.Forbidden)
		fwMust(t, w.svc.SignOffPlan(ctx, w.coord, w.lib.ID, w.sari.ID, 0))
		pg, err = w.svc.PlanFor(ctx, w.staff, w.lib.ID, w.sari.ID, 0)
		fwMust(t, err)
		if pg.Plan.Status != competency.PlanSignedOff || pg.Plan.SignedOffBy == nil || *pg.Plan.SignedOffBy != w.coord.UserID || pg.Plan.SignedOffAt == nil {
			t.Fatalf("signed off: %+v", pg.Plan)
		}

		// Ticking an action off changes the plan: it is a draft again.
		fwMust(t, w.svc.SetActionDone(ctx, w.staff, w.lib.ID, w.sari.ID, gid, pg.Plan.Goals[0].Actions[0].ID, true))
		pg, err = w.svc.PlanFor(ctx, w.coord, w.lib.ID, w.sari.ID, 0)
		fwMust(t, err)
		if pg.Plan.Status != competency.PlanDraft || pg.Plan.SignedOffBy != nil || !pg.Plan.Goals[0].Actions[0].Done || !pg.CanSignOff {
			t.Fatalf("after an edit: %+v", pg.Plan)
		}
		if n := fwCount(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'development_plan'`); n != 5 {
			t.Errorf("%d audit entries, want 5: goal, action, submit, sign-off, tick", n)
		}
	})
}
