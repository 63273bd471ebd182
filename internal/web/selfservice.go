package web

import (
	"net/http"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// Self-service ("Halaman saya"): a staff member's own profile, assessments,
// gaps, plan, JP, angka kredit, certificates and trainings on one page. It
// reads only the actor's own staff record (her membership's StaffID), never
// a staff id from the request.

func (s *Server) selfServiceRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/libraries/{lib}/me", Perm: auth.PermLibraryView, handle: s.selfService},
	}
}

// MyTopGaps is how many gaps the page lists.
const myTopGaps = 3

type selfServicePage struct {
	StaffID     int64 // 0: the account has no staff record here
	Gaps        competency.PersonGap
	TopGaps     []competency.Suggestion
	Assessments []competency.AssessmentLine
	ToComplete  []competency.AssessmentLine
	Plan        competency.PlanPage
	Record      record.Full
	Trainings   []training.MyTraining // upcoming, confirmed or waitlisted
}

func (s *Server) selfService(w http.ResponseWriter, r *request) error {
	ctx, lib := r.Context(), r.LibraryID
	p := selfServicePage{}
	if m, ok := r.Actor.Memberships[lib]; ok && m.StaffID != nil {
		p.StaffID = *m.StaffID
	}
	if p.StaffID == 0 {
		return s.render(w, r, http.StatusOK, "selfservice", "me.title", p)
	}
	var err error
	if p.Record, err = s.svc.Record.Record(ctx, r.Actor, lib, p.StaffID, 0); err != nil {
		return err
	}
	if p.Assessments, err = s.svc.Competency.MyAssessments(ctx, r.Actor, lib); err != nil {
		return err
	}
	for _, a := range p.Assessments {
		if a.CycleStatus == competency.CycleOpen && a.Status != competency.AssessmentReviewed {
			p.ToComplete = append(p.ToComplete, a)
		}
	}
	if p.Gaps, err = s.svc.Competency.PersonGaps(ctx, r.Actor, lib, p.StaffID, 0); err != nil {
		return err
	}
	p.TopGaps = competency.Suggest(p.Gaps.Rows, nil, myTopGaps)
	if p.Plan, err = s.svc.Competency.PlanFor(ctx, r.Actor, lib, p.StaffID, p.Record.Today.Year()); err != nil {
		return err
	}
	if r.Actor.Can(auth.PermTrainingView, lib) {
		av, err := s.svc.Training.AvailableFor(ctx, r.Actor, lib)
		if err != nil {
			return err
		}
		for _, t := range av.Mine {
			st := t.Enrolment.Status
			if (st == training.Confirmed || st == training.Waitlisted) && t.Session.FirstDay() >= p.Record.Today {
				p.Trainings = append(p.Trainings, t)
			}
		}
	}
	return s.render(w, r, http.StatusOK, "selfservice", "me.title", p)
}
