package library

import (
	"context"
	"database/sql"
	"errors"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

const spCols = `id, library_id, name, kind, active, created_at, updated_at`

func scanServicePoint(row interface{ Scan(...any) error }) (ServicePoint, error) {
	var sp ServicePoint
	err := row.Scan(&sp.ID, &sp.LibraryID, &sp.Name, &sp.Kind, &sp.Active, &sp.CreatedAt, &sp.UpdatedAt)
	return sp, err
}

// ServicePoints lists a library's service points by name.
func (s *Service) ServicePoints(ctx context.Context, actor *auth.Actor, libraryID int64) ([]ServicePoint, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT `+spCols+` FROM service_points WHERE library_id = ? ORDER BY name`, libraryID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []ServicePoint
	for rows.Next() {
		sp, err := scanServicePoint(rows)
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}

// ServicePoint returns one service point of the library.
func (s *Service) ServicePoint(ctx context.Context, actor *auth.Actor, libraryID, id int64) (ServicePoint, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return ServicePoint{}, err
	}
	return findServicePoint(ctx, s.DB.Reader(), libraryID, id)
}

func findServicePoint(ctx context.Context, q db.Querier, libraryID, id int64) (ServicePoint, error) {
	sp, err := scanServicePoint(q.QueryRowContext(ctx, `SELECT `+spCols+` FROM service_points WHERE library_id = ? AND id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return ServicePoint{}, apperr.NotFoundError("service_point")
	}
	if err != nil {
		return ServicePoint{}, apperr.InternalError(err)
	}
	return sp, nil
}

// CreateServicePoint adds a service point to the library.
func (s *Service) CreateServicePoint(ctx context.Context, actor *auth.Actor, sp ServicePoint) (ServicePoint, error) {
	if err := actor.Require(auth.PermLibraryManage, sp.LibraryID); err != nil {
		return ServicePoint{}, err
	}
	if err := sp.Validate(); err != nil {
		return ServicePoint{}, err
	}
	now := db.Now()
	sp.CreatedAt, sp.UpdatedAt, sp.Active = now, now, true
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := findLibrary(ctx, tx, sp.LibraryID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO service_points (library_id, name, kind, active, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, sp.LibraryID, sp.Name, sp.Kind, true, now, now).Scan(&sp.ID)
		if db.IsUniqueViolation(err) {
			return nameTaken()
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		return audit.Record(ctx, tx, actor, sp.LibraryID, "service_point.create", "service_point", sp.ID, sp.Name, nil)
	})
	return sp, err
}

// UpdateServicePoint renames, re-types, closes or reopens a service point.
func (s *Service) UpdateServicePoint(ctx context.Context, actor *auth.Actor, sp ServicePoint) (ServicePoint, error) {
	if err := actor.Require(auth.PermLibraryManage, sp.LibraryID); err != nil {
		return ServicePoint{}, err
	}
	if err := sp.Validate(); err != nil {
		return ServicePoint{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findServicePoint(ctx, tx, sp.LibraryID, sp.ID)
		if err != nil {
			return err
		}
		sp.CreatedAt, sp.UpdatedAt = old.CreatedAt, db.Now()
		_, err = tx.ExecContext(ctx, `UPDATE service_points SET name = ?, kind = ?, active = ?, updated_at = ? WHERE library_id = ? AND id = ?`,
			sp.Name, sp.Kind, sp.Active, sp.UpdatedAt, sp.LibraryID, sp.ID)
		if db.IsUniqueViolation(err) {
			return nameTaken()
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		c := audit.Changes{}
		c.Diff("name", old.Name, sp.Name)
		c.Diff("kind", old.Kind, sp.Kind)
		c.Diff("active", old.Active, sp.Active)
		return audit.Record(ctx, tx, actor, sp.LibraryID, "service_point.update", "service_point", sp.ID, sp.Name, c)
	})
	return sp, err
}
