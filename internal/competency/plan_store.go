package competency

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// planEdit runs fn on the person's plan of year inside a transaction, after
// the edit rules: library:view, the person exists, the actor may edit.
// create makes the plan when there is none yet. Any change reopens a
// submitted or signed-off plan to draft.
func (s *Service) planEdit(ctx context.Context, actor *auth.Actor, libraryID, staffID int64, year int, create bool, fn func(tx *db.Tx, planID int64) (string, error)) error {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		p, err := findPerson(ctx, tx, libraryID, staffID)
		if err != nil {
			return err
		}
		if !CanEditPlan(actor, libraryID, staffID) {
			return apperr.ForbiddenError()
		}
		planID, status, err := planRow(ctx, tx, libraryID, staffID, year)
		if err != nil {
			return err
		}
		now := db.Now()
		if planID == 0 {
			if !create {
				return apperr.NotFoundError("plan")
			}
			err := tx.QueryRowContext(ctx, `INSERT INTO development_plans (library_id, staff_id, year, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, libraryID, staffID, year, PlanDraft, now, now).Scan(&planID)
			if err != nil {
				return apperr.InternalError(err)
			}
			status = PlanDraft
		}
		summary, err := fn(tx, planID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE development_plans SET status = ?, signed_off_by = NULL, signed_off_at = NULL, updated_at = ?
			WHERE library_id = ? AND id = ?`, PlanDraft, now, libraryID, planID); err != nil {
			return apperr.InternalError(err)
		}
		ch := audit.Changes{}
		ch.Diff("status", status, PlanDraft)
		return audit.Record(ctx, tx, actor, libraryID, "plan.update", "development_plan", planID, p.Name+" "+itoa(int64(year))+": "+summary, ch)
	})
}

func planRow(ctx context.Context, q db.Querier, libraryID, staffID int64, year int) (int64, string, error) {
	var id int64
	var status string
	err := q.QueryRowContext(ctx, `SELECT id, status FROM development_plans WHERE library_id = ? AND staff_id = ? AND year = ?`,
		libraryID, staffID, year).Scan(&id, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", apperr.InternalError(err)
	}
	return id, status, nil
}

// goalPlan finds the year of a goal's plan, which must be the person's.
func goalPlan(ctx context.Context, q db.Querier, libraryID, staffID, goalID int64) (int, error) {
	var year int
	err := q.QueryRowContext(ctx, `SELECT p.year FROM plan_goals g JOIN development_plans p ON p.library_id = g.library_id AND p.id = g.plan_id
		WHERE g.library_id = ? AND g.id = ? AND p.staff_id = ?`, libraryID, goalID, staffID).Scan(&year)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.NotFoundError("goal")
	}
	if err != nil {
		return 0, apperr.InternalError(err)
	}
	return year, nil
}

func (s *Service) checkGoal(ctx context.Context, q db.Querier, libraryID int64, g *GoalInput) error {
	var v apperr.Validation
	checkText(&v, "description", g.Description)
	checkDue(&v, g.DueDate)
	if g.Status == "" {
		g.Status = GoalStatuses[0]
	}
	if !slices.Contains(GoalStatuses, g.Status) {
		v.Add("status", "plan.bad_status", nil)
	}
	if g.TargetLevel < 0 || g.TargetLevel > 10 {
		v.Add("target_level", "plan.bad_level", nil)
	}
	if g.CompetencyID != nil {
		if _, err := findCompetency(ctx, q, libraryID, *g.CompetencyID); err != nil {
			if apperr.CodeOf(err) != apperr.NotFound {
				return err
			}
			v.Add("competency_id", "plan.bad_competency", nil)
		}
	}
	return v.Err()
}

// AddGoal adds a goal to the person's plan of year (0: this year), starting
// the plan when there is none.
func (s *Service) AddGoal(ctx context.Context, actor *auth.Actor, libraryID, staffID int64, year int, g GoalInput) (int64, error) {
	var id int64
	err := s.planEdit(ctx, actor, libraryID, staffID, planYear(year), true, func(tx *db.Tx, planID int64) (string, error) {
		if err := s.checkGoal(ctx, tx, libraryID, &g); err != nil {
			return "", err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO plan_goals (library_id, plan_id, competency_id, target_level, description, due_date, status)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, libraryID, planID, g.CompetencyID, g.TargetLevel, g.Description, g.DueDate, g.Status).Scan(&id)
		if err != nil {
			return "", apperr.InternalError(err)
		}
		return "+ " + g.Description, nil
	})
	return id, err
}

// UpdateGoal changes a goal (its competency stays).
func (s *Service) UpdateGoal(ctx context.Context, actor *auth.Actor, libraryID, staffID, goalID int64, g GoalInput) error {
	year, err := goalPlan(ctx, s.DB.Reader(), libraryID, staffID, goalID)
	if err != nil {
		return err
	}
	return s.planEdit(ctx, actor, libraryID, staffID, year, false, func(tx *db.Tx, planID int64) (string, error) {
		g.CompetencyID = nil
		if err := s.checkGoal(ctx, tx, libraryID, &g); err != nil {
			return "", err
		}
		_, err := tx.ExecContext(ctx, `UPDATE plan_goals SET target_level = ?, description = ?, due_date = ?, status = ?
			WHERE library_id = ? AND id = ? AND plan_id = ?`, g.TargetLevel, g.Description, g.DueDate, g.Status, libraryID, goalID, planID)
		if err != nil {
			return "", apperr.InternalError(err)
		}
		return "~ " + g.Description + " (" + g.Status + ")", nil
	})
}

// DeleteGoal removes a goal and its actions.
func (s *Service) DeleteGoal(ctx context.Context, actor *auth.Actor, libraryID, staffID, goalID int64) error {
	year, err := goalPlan(ctx, s.DB.Reader(), libraryID, staffID, goalID)
	if err != nil {
		return err
	}
	return s.planEdit(ctx, actor, libraryID, staffID, year, false, func(tx *db.Tx, planID int64) (string, error) {
		var desc string
		if err := tx.QueryRowContext(ctx, `SELECT description FROM plan_goals WHERE library_id = ? AND id = ? AND plan_id = ?`, libraryID, goalID, planID).Scan(&desc); err != nil {
			return "", apperr.NotFoundError("goal")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_actions WHERE library_id = ? AND goal_id = ?`, libraryID, goalID); err != nil {
			return "", apperr.InternalError(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_goals WHERE library_id = ? AND id = ?`, libraryID, goalID); err != nil {
			return "", apperr.InternalError(err)
		}
		return "− " + desc, nil
	})
}

// AddAction adds an action to a goal.
func (s *Service) AddAction(ctx context.Context, actor *auth.Actor, libraryID, staffID, goalID int64, a ActionInput) error {
	year, err := goalPlan(ctx, s.DB.Reader(), libraryID, staffID, goalID)
	if err != nil {
		return err
	}
	return s.planEdit(ctx, actor, libraryID, staffID, year, false, func(tx *db.Tx, _ int64) (string, error) {
		var v apperr.Validation
		if !slices.Contains(ActionKinds, a.Kind) {
			v.Add("kind", "plan.bad_kind", nil)
		}
		checkText(&v, "description", a.Description)
		checkDue(&v, a.DueDate)
		if err := v.Err(); err != nil {
			return "", err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO plan_actions (library_id, goal_id, kind, description, due_date, done) VALUES (?, ?, ?, ?, ?, ?)`,
			libraryID, goalID, a.Kind, a.Description, a.DueDate, false)
		if err != nil {
			return "", apperr.InternalError(err)
		}
		return "+ " + a.Kind + ": " + a.Description, nil
	})
}

// SetActionDone marks a goal's action done or not done.
func (s *Service) SetActionDone(ctx context.Context, actor *auth.Actor, libraryID, staffID, goalID, actionID int64, done bool) error {
	year, err := goalPlan(ctx, s.DB.Reader(), libraryID, staffID, goalID)
	if err != nil {
		return err
	}
	return s.planEdit(ctx, actor, libraryID, staffID, year, false, func(tx *db.Tx, _ int64) (string, error) {
		res, err := tx.ExecContext(ctx, `UPDATE plan_actions SET done = ? WHERE library_id = ? AND goal_id = ? AND id = ?`, done, libraryID, goalID, actionID)
		if err != nil {
			return "", apperr.InternalError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return "", apperr.NotFoundError("action")
		}
		if done {
			return "✓ action " + itoa(actionID), nil
		}
		return "○ action " + itoa(actionID), nil
	})
}

// SubmitPlan hands a draft plan with at least one goal to the supervisor.
func (s *Service) SubmitPlan(ctx context.Context, actor *auth.Actor, libraryID, staffID int64, year int) error {
	return s.setStatus(ctx, actor, libraryID, staffID, planYear(year), PlanSubmitted)
}

// SignOffPlan signs a submitted plan off: a coordinator, an admin or the
// designated supervisor, never the person herself.
func (s *Service) SignOffPlan(ctx context.Context, actor *auth.Actor, libraryID, staffID int64, year int) error {
	return s.setStatus(ctx, actor, libraryID, staffID, planYear(year), PlanSignedOff)
}

func (s *Service) setStatus(ctx context.Context, actor *auth.Actor, libraryID, staffID int64, year int, to string) error {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		p, err := findPerson(ctx, tx, libraryID, staffID)
		if err != nil {
			return err
		}
		from, want := PlanDraft, CanEditPlan(actor, libraryID, staffID)
		if to == PlanSignedOff {
			from = PlanSubmitted
			if want, err = canSignOff(ctx, tx, actor, libraryID, staffID); err != nil {
				return err
			}
		}
		if !want {
			return apperr.ForbiddenError()
		}
		planID, status, err := planRow(ctx, tx, libraryID, staffID, year)
		if err != nil {
			return err
		}
		if planID == 0 {
			return apperr.NotFoundError("plan")
		}
		if status != from {
			return apperr.New(apperr.Conflict, "plan.wrong_status", nil)
		}
		var goals int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM plan_goals WHERE library_id = ? AND plan_id = ?`, libraryID, planID).Scan(&goals); err != nil {
			return apperr.InternalError(err)
		}
		if goals == 0 {
			return apperr.New(apperr.Conflict, "plan.submit_no_goals", nil)
		}
		now := db.Now()
		var by any
		var at any
		if to == PlanSignedOff {
			by, at = actor.UserID, now
		}
		if _, err := tx.ExecContext(ctx, `UPDATE development_plans SET status = ?, signed_off_by = ?, signed_off_at = ?, updated_at = ? WHERE library_id = ? AND id = ?`,
			to, by, at, now, libraryID, planID); err != nil {
			return apperr.InternalError(err)
		}
		ch := audit.Changes{}
		ch.Diff("status", status, to)
		action := "plan.submit"
		if to == PlanSignedOff {
			action = "plan.sign_off"
		}
		return audit.Record(ctx, tx, actor, libraryID, action, "development_plan", planID, p.Name+" "+itoa(int64(year)), ch)
	})
}
