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

// Service reads and changes libraries and service points.
type Service struct{ DB *db.DB }

const libraryCols = `id, name, city, province, time_zone, population, address, created_at, updated_at`

func scanLibrary(row interface{ Scan(...any) error }) (Library, error) {
	var l Library
	err := row.Scan(&l.ID, &l.Name, &l.City, &l.Province, &l.TimeZone, &l.Population, &l.Address, &l.CreatedAt, &l.UpdatedAt)
	return l, err
}

// List returns the libraries the actor may see: all for a superadmin, else
// those where she holds a role. Ordered by name.
func (s *Service) List(ctx context.Context, actor *auth.Actor) ([]Library, error) {
	if actor == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	q := `SELECT ` + libraryCols + ` FROM libraries`
	var args []any
	if !actor.Superadmin {
		q += ` WHERE id IN (SELECT library_id FROM memberships WHERE user_id = ?)`
		args = append(args, actor.UserID)
	}
	rows, err := s.DB.Reader().QueryContext(ctx, q+` ORDER BY name`, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []Library
	for rows.Next() {
		l, err := scanLibrary(rows)
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Get returns one library the actor may see.
func (s *Service) Get(ctx context.Context, actor *auth.Actor, id int64) (Library, error) {
	if err := actor.Require(auth.PermLibraryView, id); err != nil {
		return Library{}, err
	}
	return findLibrary(ctx, s.DB.Reader(), id)
}

func findLibrary(ctx context.Context, q db.Querier, id int64) (Library, error) {
	l, err := scanLibrary(q.QueryRowContext(ctx, `SELECT `+libraryCols+` FROM libraries WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Library{}, apperr.NotFoundError("library")
	}
	if err != nil {
		return Library{}, apperr.InternalError(err)
	}
	return l, nil
}

// Create adds a library. Superadmins only.
func (s *Service) Create(ctx context.Context, actor *auth.Actor, l Library) (Library, error) {
	if err := actor.Require(auth.PermLibraryCreate, 0); err != nil {
		return Library{}, err
	}
	l.Normalize()
	if err := l.Validate(); err != nil {
		return Library{}, err
	}
	now := db.Now()
	l.CreatedAt, l.UpdatedAt = now, now
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO libraries (name, city, province, time_zone, population, address, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			l.Name, l.City, l.Province, l.TimeZone, l.Population, l.Address, now, now).Scan(&l.ID)
		if db.IsUniqueViolation(err) {
			return nameTaken()
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		return audit.Record(ctx, tx, actor, l.ID, "library.create", "library", l.ID, l.Name, nil)
	})
	return l, err
}

func nameTaken() error {
	var v apperr.Validation
	v.Add("name", "field.taken", nil)
	e := v.Err().(*apperr.Error)
	e.Code = apperr.Conflict
	return e
}

// Update changes a library's details. Library admins and superadmins.
func (s *Service) Update(ctx context.Context, actor *auth.Actor, l Library) (Library, error) {
	if err := actor.Require(auth.PermLibraryManage, l.ID); err != nil {
		return Library{}, err
	}
	l.Normalize()
	if err := l.Validate(); err != nil {
		return Library{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findLibrary(ctx, tx, l.ID)
		if err != nil {
			return err
		}
		l.CreatedAt, l.UpdatedAt = old.CreatedAt, db.Now()
		_, err = tx.ExecContext(ctx, `UPDATE libraries SET name = ?, city = ?, province = ?, time_zone = ?, population = ?, address = ?, updated_at = ?
			WHERE id = ?`, l.Name, l.City, l.Province, l.TimeZone, l.Population, l.Address, l.UpdatedAt, l.ID)
		if db.IsUniqueViolation(err) {
			return nameTaken()
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		c := audit.Changes{}
		c.Diff("name", old.Name, l.Name)
		c.Diff("city", old.City, l.City)
		c.Diff("province", old.Province, l.Province)
		c.Diff("time_zone", old.TimeZone, l.TimeZone)
		c.Diff("population", old.Population, l.Population)
		c.Diff("address", old.Address, l.Address)
		return audit.Record(ctx, tx, actor, l.ID, "library.update", "library", l.ID, l.Name, c)
	})
	return l, err
}
