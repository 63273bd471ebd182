package web_test

import (
	"context"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
)

// addAssessment gives a tenant an open cycle on its default framework and
// the staff member's self-assessment of one competency with a PDF as
// evidence, for the tenant walk ({cycle}, {assessment}, {file}).
func (a *app) addAssessment(tn tenant, staffUserID int64) (competency.Cycle, int64, int64) {
	t, ctx := a.t, context.Background()
	c, err := a.Svc.Competency.OpenCycle(ctx, a.system(), tn.Library.ID, competency.NewCycle{Name: "Semester II 2026",
		FrameworkID: tn.Framework.Framework.ID, OpensOn: "2026-07-01", ClosesOn: "2026-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	lines, err := a.Svc.Competency.CycleAssessments(ctx, a.system(), tn.Library.ID, c.ID)
	if err != nil || len(lines) != 1 {
		t.Fatalf("assessments of the harness cycle: %v %+v", err, lines)
	}
	self := &auth.Actor{UserID: staffUserID, Name: "Pustakawan", Memberships: map[int64]auth.Membership{
		tn.Library.ID: {LibraryID: tn.Library.ID, Role: auth.RoleStaff, StaffID: &tn.Staff.ID}}}
	err = a.Svc.Competency.SaveRatings(ctx, self, tn.Library.ID, lines[0].ID, competency.RoleSelf,
		[]competency.RatingInput{{CompetencyID: tn.Competency, Level: 3}},
		[]competency.Upload{{CompetencyID: tn.Competency, Name: "bukti.pdf", Content: []byte("%PDF-1.4\n%%EOF\n")}})
	if err != nil {
		t.Fatal(err)
	}
	sh, err := a.Svc.Competency.Sheet(ctx, self, tn.Library.ID, lines[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range sh.Items {
		if len(it.Files) > 0 {
			return c, lines[0].ID, it.Files[0].ID
		}
	}
	t.Fatal("the harness evidence file was not stored")
	return c, 0, 0
}

// addGoal gives the tenant's staff member a development plan with one goal
// on the harness competency, for the tenant walk ({goal}).
func (a *app) addGoal(tn tenant) int64 {
	id, err := a.Svc.Competency.AddGoal(context.Background(), a.system(), tn.Library.ID, tn.Staff.ID, 0,
		competency.GoalInput{CompetencyID: &tn.Competency, TargetLevel: 3, Description: "Naik ke tingkat 3", DueDate: "2026-12-31"})
	if err != nil {
		a.t.Fatal(err)
	}
	return id
}
