package training

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/record"
)

// Service reads and changes the catalogue, sessions and enrolments.
type Service struct {
	DB   *db.DB
	Now  func() time.Time // nil → db.Now; tests move the clock
	Gaps GapSource        // nil → ClosedCycleGaps; for the recommendations
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return db.Now()
	}
	return s.Now().UTC().Truncate(time.Microsecond)
}

// libraryInfo is what the service needs of the library: its name (the
// organizer of internal programmes) and today in its time zone.
type libraryInfo struct {
	Name  string
	Today record.Date
}

func (s *Service) library(ctx context.Context, q db.Querier, libraryID int64) (libraryInfo, error) {
	var name, tz string
	err := q.QueryRowContext(ctx, `SELECT name, time_zone FROM libraries WHERE id = ?`, libraryID).Scan(&name, &tz)
	if errors.Is(err, sql.ErrNoRows) {
		return libraryInfo{}, apperr.NotFoundError("library")
	}
	if err != nil {
		return libraryInfo{}, apperr.InternalError(err)
	}
	return libraryInfo{Name: name, Today: record.DateOf(s.now(), record.Zone(tz))}, nil
}

// Today is the current day in the library's time zone (forms' defaults,
// the calendar's year).
func (s *Service) Today(ctx context.Context, actor *auth.Actor, libraryID int64) (record.Date, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return "", err
	}
	l, err := s.library(ctx, s.DB.Reader(), libraryID)
	return l.Today, err
}

// forUpdate is the one place the dialects differ here: PostgreSQL locks the
// rows a SELECT reads until the transaction ends; SQLite has no row locks
// and needs none, since its write transactions run one at a time.
func forUpdate(q db.Querier) string {
	if q.Dialect() == db.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// ownStaffID is the actor's own staff record in the library (0: none).
func ownStaffID(actor *auth.Actor, libraryID int64) int64 {
	if actor == nil {
		return 0
	}
	if m, ok := actor.Memberships[libraryID]; ok && m.StaffID != nil {
		return *m.StaffID
	}
	return 0
}

// OwnStaffID is the actor's own staff record in the library (0: none), for
// the pages that show "my training".
func OwnStaffID(actor *auth.Actor, libraryID int64) int64 { return ownStaffID(actor, libraryID) }

func userOrNil(actor *auth.Actor) any {
	if actor == nil || actor.UserID == 0 {
		return nil
	}
	return actor.UserID
}

func recordAudit(ctx context.Context, tx *db.Tx, actor *auth.Actor, libraryID int64, action, entity string, id int64, summary string, changes audit.Changes, at time.Time) error {
	if err := audit.RecordAt(ctx, tx, actor, libraryID, action, entity, id, summary, changes, at); err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, 0, 3*n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '?')
	}
	return string(b)
}

// nullInt stores an optional integer.
func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// intPtr reads an optional integer.
func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}
