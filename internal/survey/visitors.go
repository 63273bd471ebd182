package survey

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// VisitorCount is the number of visitors of a month, for the whole library
// (ServicePointID nil) or one service point: the population the sample
// target is drawn from.
type VisitorCount struct {
	LibraryID        int64     `json:"library_id"`
	ServicePointID   *int64    `json:"service_point_id"`
	ServicePointName string    `json:"service_point_name"`
	Month            string    `json:"month"` // YYYY-MM
	Visitors         int64     `json:"visitors"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// SetVisitors records (or corrects) a month's visitor count.
func (s *Service) SetVisitors(ctx context.Context, actor *auth.Actor, vc VisitorCount) error {
	if err := actor.Require(auth.PermSurveyManage, vc.LibraryID); err != nil {
		return err
	}
	var v apperr.Validation
	if m, err := time.Parse("2006-01", vc.Month); err != nil || m.Year() < 2000 {
		v.Add("month", "survey.bad_month", nil)
	}
	if vc.Visitors < 0 {
		v.Add("visitors", "field.not_negative", nil)
	}
	if err := v.Err(); err != nil {
		return err
	}
	vc.UpdatedAt = s.now()
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		scope, who := `service_point_id IS NULL`, []any{}
		summary := vc.Month
		if vc.ServicePointID != nil {
			name, err := servicePointName(ctx, tx, vc.LibraryID, *vc.ServicePointID)
			if err != nil {
				if apperr.CodeOf(err) == apperr.NotFound {
					v.Add("service_point_id", "survey.choose_one", nil)
					return v.Err()
				}
				return err
			}
			scope, who = `service_point_id = ?`, []any{*vc.ServicePointID}
			summary += " " + name
		}
		// Update, else insert: the two partial unique indexes make a
		// portable ON CONFLICT target awkward, and one writer (or the
		// unique index on PostgreSQL) keeps this safe.
		args := append([]any{vc.Visitors, vc.UpdatedAt, vc.LibraryID, vc.Month}, who...)
		res, err := tx.ExecContext(ctx, `UPDATE visitor_counts SET visitors = ?, updated_at = ? WHERE library_id = ? AND month = ? AND `+scope, args...)
		if err != nil {
			return apperr.InternalError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO visitor_counts (library_id, service_point_id, month, visitors, updated_at) VALUES (?, ?, ?, ?, ?)`,
				vc.LibraryID, vc.ServicePointID, vc.Month, vc.Visitors, vc.UpdatedAt)
			if err != nil {
				return apperr.InternalError(err)
			}
		}
		return audit.RecordAt(ctx, tx, actor, vc.LibraryID, "survey.visitors", "visitor_count", 0, summary+": "+strconv.FormatInt(vc.Visitors, 10), nil, vc.UpdatedAt)
	})
}

// VisitorCounts lists the library's counts of the last months, newest
// first, the whole library before its service points.
func (s *Service) VisitorCounts(ctx context.Context, actor *auth.Actor, libraryID int64, limit int) ([]VisitorCount, error) {
	if err := actor.Require(auth.PermSurveyView, libraryID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT v.service_point_id, COALESCE(sp.name, ''), v.month, v.visitors, v.updated_at
		FROM visitor_counts v LEFT JOIN service_points sp ON sp.library_id = v.library_id AND sp.id = v.service_point_id
		WHERE v.library_id = ? ORDER BY v.month DESC, v.service_point_id IS NOT NULL, sp.name LIMIT ?`, libraryID, limit)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []VisitorCount
	for rows.Next() {
		vc := VisitorCount{LibraryID: libraryID}
		var sp sql.NullInt64
		if err := rows.Scan(&sp, &vc.ServicePointName, &vc.Month, &vc.Visitors, &vc.UpdatedAt); err != nil {
			return nil, apperr.InternalError(err)
		}
		if sp.Valid {
			vc.ServicePointID = &sp.Int64
		}
		out = append(out, vc)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}
