package competency

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Individual development plans (rencana pengembangan individu), see
// docs/development-plans.md. Any change to a submitted or signed-off plan
// returns it to draft: what a supervisor signed is exactly what the plan
// says, never something edited afterwards.

// Plan statuses.
const (
	PlanDraft     = "draft"
	PlanSubmitted = "submitted"
	PlanSignedOff = "signed_off"
)

// Goal statuses and action kinds.
var (
	GoalStatuses = []string{"planned", "in_progress", "done", "dropped"}
	ActionKinds  = []string{"training", "mentoring", "self_study", "magang"}
)

// MaxPlanTextLen bounds a goal's or an action's description.
const MaxPlanTextLen = 1000

// SuggestedGoals is how many gaps the plan page offers as goals.
const SuggestedGoals = 3

// Plan is one person's development plan of a year.
type Plan struct {
	ID              int64      `json:"id"` // 0: not started yet
	LibraryID       int64      `json:"library_id"`
	StaffID         int64      `json:"staff_id"`
	Year            int        `json:"year"`
	Status          string     `json:"status"`
	SignedOffBy     *int64     `json:"signed_off_by"`
	SignedOffByName string     `json:"signed_off_by_name"`
	SignedOffAt     *time.Time `json:"signed_off_at"`
	Goals           []Goal     `json:"goals"`
}

// Goal is a plan's goal, usually to close a competency gap.
type Goal struct {
	ID              int64    `json:"id"`
	PlanID          int64    `json:"plan_id"`
	CompetencyID    *int64   `json:"competency_id"`
	CompetencyCode  string   `json:"competency_code"`
	CompetencyTitle string   `json:"competency_title"`
	TargetLevel     int      `json:"target_level"`
	Description     string   `json:"description"`
	DueDate         string   `json:"due_date"`
	Status          string   `json:"status"`
	Actions         []Action `json:"actions"`
}

// Action is a step toward a goal.
type Action struct {
	ID          int64  `json:"id"`
	GoalID      int64  `json:"goal_id"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	DueDate     string `json:"due_date"`
	Done        bool   `json:"done"`
}

// GoalInput is a goal as the form gives it.
type GoalInput struct {
	CompetencyID *int64
	TargetLevel  int
	Description  string
	DueDate      string
	Status       string // "" → planned
}

// ActionInput is an action as the form gives it.
type ActionInput struct {
	Kind        string
	Description string
	DueDate     string
}

// Suggestion is a gap offered as a goal.
type Suggestion struct {
	CompetencyID int64  `json:"competency_id"`
	Code         string `json:"code"`
	Title        string `json:"title"`
	From         int    `json:"from_level"` // agreed
	To           int    `json:"to_level"`   // required
	Gap          int    `json:"gap"`
}

// PlanPage is everything on a person's plan page.
type PlanPage struct {
	Person      Person       `json:"person"`
	Plan        Plan         `json:"plan"`
	Cycle       *Cycle       `json:"cycle"` // the closed cycle the suggestions come from
	Suggestions []Suggestion `json:"suggestions"`
	CanEdit     bool         `json:"can_edit"`
	CanSignOff  bool         `json:"can_sign_off"`
}

// Suggest picks the largest gaps not yet a goal, largest first (reading
// order among equals), at most n.
func Suggest(rows []GapRow, taken map[int64]bool, n int) []Suggestion {
	out := []Suggestion{}
	for _, r := range rows {
		if r.Gap.Gap > 0 && !taken[r.CompetencyID] {
			out = append(out, Suggestion{CompetencyID: r.CompetencyID, Code: r.Code, Title: r.Title, From: r.Agreed, To: r.Required, Gap: r.Gap.Gap})
		}
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int { return cmp.Compare(b.Gap, a.Gap) })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// CanEditPlan: the person herself, or whoever manages assessments.
func CanEditPlan(actor *auth.Actor, libraryID, staffID int64) bool {
	return ownStaff(actor, libraryID, staffID) || actor.Can(auth.PermAssessmentManage, libraryID)
}

// canSignOff: a coordinator or admin, or the person's designated assessment
// supervisor — never the person herself.
func canSignOff(ctx context.Context, q db.Querier, actor *auth.Actor, libraryID, staffID int64) (bool, error) {
	if actor == nil || ownStaff(actor, libraryID, staffID) {
		return false, nil
	}
	if actor.Can(auth.PermAssessmentManage, libraryID) {
		return true, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM assessments WHERE library_id = ? AND staff_id = ? AND supervisor_user_id = ?`,
		libraryID, staffID, actor.UserID).Scan(&n)
	if err != nil {
		return false, apperr.InternalError(err)
	}
	return n > 0, nil
}

// planYear is the asked year when plausible, else this year.
func planYear(year int) int {
	now := db.Now().Year()
	if year >= 2000 && year <= now+1 {
		return year
	}
	return now
}

// PlanFor returns a person's plan of a year (0: this year) with suggestions
// from her latest closed cycle.
func (s *Service) PlanFor(ctx context.Context, actor *auth.Actor, libraryID, staffID int64, year int) (PlanPage, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return PlanPage{}, err
	}
	q := s.DB.Reader()
	p, err := findPerson(ctx, q, libraryID, staffID)
	if err != nil {
		return PlanPage{}, err
	}
	out := PlanPage{Person: p, Suggestions: []Suggestion{}, CanEdit: CanEditPlan(actor, libraryID, staffID)}
	if out.CanSignOff, err = canSignOff(ctx, q, actor, libraryID, staffID); err != nil {
		return PlanPage{}, err
	}
	if !CanSeePerson(actor, libraryID, staffID) && !out.CanSignOff {
		return PlanPage{}, apperr.ForbiddenError()
	}
	if out.Plan, err = loadPlan(ctx, q, libraryID, staffID, planYear(year)); err != nil {
		return PlanPage{}, err
	}
	taken := map[int64]bool{}
	for _, g := range out.Plan.Goals {
		if g.CompetencyID != nil && g.Status != "dropped" {
			taken[*g.CompetencyID] = true
		}
	}
	// A designated supervisor who does not otherwise see assessment
	// results signs the plan off without the gap suggestions.
	if !CanSeePerson(actor, libraryID, staffID) {
		return out, nil
	}
	g, err := s.PersonGaps(ctx, actor, libraryID, staffID, 0)
	if err != nil {
		return PlanPage{}, err
	}
	if g.Cycle != nil && !g.Cycle.Open() {
		out.Cycle, out.Suggestions = g.Cycle, Suggest(g.Rows, taken, SuggestedGoals)
	}
	return out, nil
}

func loadPlan(ctx context.Context, q db.Querier, libraryID, staffID int64, year int) (Plan, error) {
	pl := Plan{LibraryID: libraryID, StaffID: staffID, Year: year, Status: PlanDraft, Goals: []Goal{}}
	err := q.QueryRowContext(ctx, `SELECT p.id, p.status, p.signed_off_by, COALESCE(u.name, ''), p.signed_off_at FROM development_plans p
		LEFT JOIN users u ON u.id = p.signed_off_by
		WHERE p.library_id = ? AND p.staff_id = ? AND p.year = ?`, libraryID, staffID, year).
		Scan(&pl.ID, &pl.Status, &pl.SignedOffBy, &pl.SignedOffByName, &pl.SignedOffAt)
	if errors.Is(err, sql.ErrNoRows) {
		return pl, nil
	}
	if err != nil {
		return Plan{}, apperr.InternalError(err)
	}
	rows, err := q.QueryContext(ctx, `SELECT g.id, g.competency_id, COALESCE(c.code, ''), COALESCE(c.title, ''), g.target_level, g.description, g.due_date, g.status
		FROM plan_goals g LEFT JOIN competencies c ON c.library_id = g.library_id AND c.id = g.competency_id
		WHERE g.library_id = ? AND g.plan_id = ? ORDER BY g.id`, libraryID, pl.ID)
	if err != nil {
		return Plan{}, apperr.InternalError(err)
	}
	idx := map[int64]int{}
	for rows.Next() {
		g := Goal{PlanID: pl.ID, Actions: []Action{}}
		if err := rows.Scan(&g.ID, &g.CompetencyID, &g.CompetencyCode, &g.CompetencyTitle, &g.TargetLevel, &g.Description, &g.DueDate, &g.Status); err != nil {
			rows.Close()
			return Plan{}, apperr.InternalError(err)
		}
		idx[g.ID] = len(pl.Goals)
		pl.Goals = append(pl.Goals, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Plan{}, apperr.InternalError(err)
	}
	rows, err = q.QueryContext(ctx, `SELECT a.id, a.goal_id, a.kind, a.description, a.due_date, a.done FROM plan_actions a
		JOIN plan_goals g ON g.library_id = a.library_id AND g.id = a.goal_id
		WHERE a.library_id = ? AND g.plan_id = ? ORDER BY a.id`, libraryID, pl.ID)
	if err != nil {
		return Plan{}, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var a Action
		if err := rows.Scan(&a.ID, &a.GoalID, &a.Kind, &a.Description, &a.DueDate, &a.Done); err != nil {
			return Plan{}, apperr.InternalError(err)
		}
		if i, ok := idx[a.GoalID]; ok {
			pl.Goals[i].Actions = append(pl.Goals[i].Actions, a)
		}
	}
	return pl, rows.Err()
}

func checkText(v *apperr.Validation, field, s string) {
	switch {
	case s == "":
		v.Add(field, "field.required", nil)
	case utf8.RuneCountInString(s) > MaxPlanTextLen:
		v.Add(field, "field.too_long", apperr.Args{"Max": MaxPlanTextLen})
	}
}

func checkDue(v *apperr.Validation, s string) {
	if s != "" && !validDate(s) {
		v.Add("due_date", "assessment.bad_date", nil)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
