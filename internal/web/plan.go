package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
)

// planRoutes are individual development plans: a person's plan of a year
// with goals, actions, suggestions from her gaps, submission and sign-off.
// The person edits her own, so the routes need only library:view and the
// service decides (docs/development-plans.md).
func (s *Server) planRoutes() []Route {
	lv := auth.PermLibraryView
	const plan = "/libraries/{lib}/staff/{staff}/plan"
	const goal = plan + "/goals/{goal}"
	return []Route{
		{Method: "GET", Pattern: plan, Perm: lv, handle: s.planShow},
		{Method: "POST", Pattern: plan + "/goals", Perm: lv, handle: s.planAddGoal},
		{Method: "POST", Pattern: plan + "/submit", Perm: lv, handle: s.planSubmit},
		{Method: "POST", Pattern: plan + "/sign-off", Perm: lv, handle: s.planSignOff},
		{Method: "POST", Pattern: goal, Perm: lv, handle: s.planUpdateGoal},
		{Method: "POST", Pattern: goal + "/delete", Perm: lv, handle: s.planDeleteGoal},
		{Method: "POST", Pattern: goal + "/actions", Perm: lv, handle: s.planAddAction},
		{Method: "POST", Pattern: goal + "/actions/done", Perm: lv, handle: s.planActionDone},
	}
}

func planURL(lib, staff int64, year int) string {
	u := "/libraries/" + strconv.FormatInt(lib, 10) + "/staff/" + strconv.FormatInt(staff, 10) + "/plan"
	if year != 0 {
		u += "?year=" + strconv.Itoa(year)
	}
	return u
}

type planPage struct {
	competency.PlanPage
	GoalStatuses []string
	ActionKinds  []string
	Form         map[string]string
	ErrForm      string // which form the errors belong to: "goal-new", "goal-{id}", "action-{id}"
	Errors       map[string]string
}

func (s *Server) planShow(w http.ResponseWriter, r *request) error {
	return s.planRender(w, r, http.StatusOK, "", map[string]string{}, nil)
}

func (s *Server) planRender(w http.ResponseWriter, r *request, status int, errForm string, form, errs map[string]string) error {
	staffID, err := pathID(r, "staff", "staff")
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.FormValue("year"))
	pg, err := s.svc.Competency.PlanFor(r.Context(), r.Actor, r.LibraryID, staffID, year)
	if err != nil {
		return err
	}
	p := planPage{PlanPage: pg, GoalStatuses: competency.GoalStatuses, ActionKinds: competency.ActionKinds, Form: form, ErrForm: errForm, Errors: errs}
	return s.render(w, r, status, "plan", "plan.title", p)
}

// planDone redirects to the plan, or shows the form error on it.
func (s *Server) planDone(w http.ResponseWriter, r *request, err error, errForm string, form map[string]string, flash string) error {
	if isFormError(err) {
		return s.planRender(w, r, statusOf(codeOf(err)), errForm, form, s.fieldErrors(r.Lang, err))
	}
	if err != nil {
		return err
	}
	staffID, _ := pathID(r, "staff", "staff")
	year, _ := strconv.Atoi(r.FormValue("year"))
	return s.redirect(w, r, planURL(r.LibraryID, staffID, year), flash)
}

func (s *Server) planAddGoal(w http.ResponseWriter, r *request) error {
	staffID, err := pathID(r, "staff", "staff")
	if err != nil {
		return err
	}
	form := formValues(r, "competency_id", "target_level", "description", "due_date")
	in := competency.GoalInput{Description: form["description"], DueDate: form["due_date"]}
	in.TargetLevel, _ = strconv.Atoi(form["target_level"])
	if cid, err := strconv.ParseInt(form["competency_id"], 10, 64); err == nil && cid > 0 {
		in.CompetencyID = &cid
	}
	year, _ := strconv.Atoi(r.FormValue("year"))
	_, err = s.svc.Competency.AddGoal(r.Context(), r.Actor, r.LibraryID, staffID, year, in)
	return s.planDone(w, r, err, "goal-new", form, "plan.goal_added")
}

func (s *Server) planUpdateGoal(w http.ResponseWriter, r *request) error {
	staffID, goalID, err := planIDs(r)
	if err != nil {
		return err
	}
	form := formValues(r, "target_level", "description", "due_date", "status")
	in := competency.GoalInput{Description: form["description"], DueDate: form["due_date"], Status: form["status"]}
	in.TargetLevel, _ = strconv.Atoi(form["target_level"])
	err = s.svc.Competency.UpdateGoal(r.Context(), r.Actor, r.LibraryID, staffID, goalID, in)
	return s.planDone(w, r, err, "goal-"+strconv.FormatInt(goalID, 10), form, "plan.saved")
}

func (s *Server) planDeleteGoal(w http.ResponseWriter, r *request) error {
	staffID, goalID, err := planIDs(r)
	if err != nil {
		return err
	}
	err = s.svc.Competency.DeleteGoal(r.Context(), r.Actor, r.LibraryID, staffID, goalID)
	return s.planDone(w, r, err, "", nil, "plan.goal_deleted")
}

func (s *Server) planAddAction(w http.ResponseWriter, r *request) error {
	staffID, goalID, err := planIDs(r)
	if err != nil {
		return err
	}
	form := formValues(r, "kind", "description", "due_date")
	err = s.svc.Competency.AddAction(r.Context(), r.Actor, r.LibraryID, staffID, goalID,
		competency.ActionInput{Kind: form["kind"], Description: form["description"], DueDate: form["due_date"]})
	return s.planDone(w, r, err, "action-"+strconv.FormatInt(goalID, 10), form, "plan.saved")
}

func (s *Server) planActionDone(w http.ResponseWriter, r *request) error {
	staffID, goalID, err := planIDs(r)
	if err != nil {
		return err
	}
	actionID, _ := strconv.ParseInt(r.PostFormValue("action_id"), 10, 64)
	err = s.svc.Competency.SetActionDone(r.Context(), r.Actor, r.LibraryID, staffID, goalID, actionID, r.PostFormValue("done") == "1")
	return s.planDone(w, r, err, "", nil, "plan.saved")
}

func (s *Server) planSubmit(w http.ResponseWriter, r *request) error {
	staffID, err := pathID(r, "staff", "staff")
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.FormValue("year"))
	err = s.svc.Competency.SubmitPlan(r.Context(), r.Actor, r.LibraryID, staffID, year)
	return s.planDone(w, r, err, "", nil, "plan.submitted")
}

func (s *Server) planSignOff(w http.ResponseWriter, r *request) error {
	staffID, err := pathID(r, "staff", "staff")
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.FormValue("year"))
	err = s.svc.Competency.SignOffPlan(r.Context(), r.Actor, r.LibraryID, staffID, year)
	return s.planDone(w, r, err, "", nil, "plan.signed_off")
}

func planIDs(r *request) (int64, int64, error) {
	staffID, err := pathID(r, "staff", "staff")
	if err != nil {
		return 0, 0, err
	}
	goalID, err := pathID(r, "goal", "goal")
	return staffID, goalID, err
}
