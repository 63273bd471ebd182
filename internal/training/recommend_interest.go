package training

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// MaxInterests bounds a person's stated interests.
const MaxInterests = 20

// mayActFor allows a person's own record, or anyone's for a coordinator.
func mayActFor(actor *auth.Actor, libraryID, staffID int64) error {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return err
	}
	if !actor.Can(auth.PermTrainingManage, libraryID) && ownStaffID(actor, libraryID) != staffID {
		return apperr.ForbiddenError()
	}
	return nil
}

func staffExists(ctx context.Context, q db.Querier, libraryID, staffID int64) error {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM staff WHERE library_id = ? AND id = ?`, libraryID, staffID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFoundError("staff")
	}
	if err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// Interests lists the competencies the person wants to develop.
func (s *Service) Interests(ctx context.Context, actor *auth.Actor, libraryID, staffID int64) ([]Target, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	if err := staffExists(ctx, q, libraryID, staffID); err != nil {
		return nil, err
	}
	if err := mayActFor(actor, libraryID, staffID); err != nil {
		return nil, err
	}
	out := []Target{}
	err := eachRow(ctx, q, `SELECT c.id, c.code, c.title FROM staff_interests i
		JOIN competencies c ON c.library_id = i.library_id AND c.id = i.competency_id
		WHERE i.library_id = ? AND i.staff_id = ? ORDER BY c.code, c.id`, []any{libraryID, staffID}, func(r *sql.Rows) error {
		var t Target
		if err := r.Scan(&t.ID, &t.Code, &t.Title); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// SetInterests replaces the person's competency interests with
// competencies of a published framework version (the same choice as a
// programme's targets); her other preferences stay (SaveInterests changes
// all of them).
func (s *Service) SetInterests(ctx context.Context, actor *auth.Actor, libraryID, staffID int64, competencyIDs []int64) error {
	if err := mayActFor(actor, libraryID, staffID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var c checker
		n, err := s.replaceInterests(ctx, tx, &c, libraryID, staffID, competencyIDs, nil)
		if err != nil {
			return err
		}
		return recordAudit(ctx, tx, actor, libraryID, "training.interests", "staff", staffID,
			strconv.Itoa(n)+" interests", nil, s.now())
	})
}

// replaceInterests checks the person and the competencies (and, with more,
// the rest of the form), returns every problem at once, and only then
// replaces her competency interests; it returns how many she now has.
func (s *Service) replaceInterests(ctx context.Context, tx *db.Tx, c *checker, libraryID, staffID int64, competencyIDs []int64, more func(*checker)) (int, error) {
	ids := uniqueIDs(competencyIDs)
	if err := staffExists(ctx, tx, libraryID, staffID); err != nil {
		return 0, err
	}
	if len(ids) > MaxInterests {
		c.Add("competencies", "training.too_many_interests", apperr.Args{"Max": MaxInterests})
	}
	if err := checkTargets(ctx, tx, c, libraryID, ids, nil); err != nil {
		return 0, err
	}
	if more != nil {
		more(c)
	}
	if err := c.Err(); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM staff_interests WHERE library_id = ? AND staff_id = ?`, libraryID, staffID); err != nil {
		return 0, apperr.InternalError(err)
	}
	for _, cid := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO staff_interests (library_id, staff_id, competency_id) VALUES (?, ?, ?)`,
			libraryID, staffID, cid); err != nil {
			return 0, apperr.InternalError(err)
		}
	}
	return len(ids), nil
}
