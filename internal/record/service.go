package record

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Service reads and keeps professional development records.
type Service struct {
	DB  *db.DB
	Now func() time.Time // nil → db.Now; tests move the clock
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return db.Now()
	}
	return s.Now().UTC().Truncate(time.Microsecond)
}

// Person is the staff member a record belongs to.
type Person struct {
	ID               int64  `json:"id"`
	LibraryID        int64  `json:"library_id"`
	Name             string `json:"name"`
	Level            string `json:"level"` // jenjang, e.g. Ahli Pertama
	ServicePointID   *int64 `json:"service_point_id"`
	ServicePointName string `json:"service_point_name"`
	Active           bool   `json:"active"`
}

// own reports whether staffID is the actor's own staff record in the library.
func own(actor *auth.Actor, libraryID, staffID int64) bool {
	if actor == nil {
		return false
	}
	m, ok := actor.Memberships[libraryID]
	return ok && m.StaffID != nil && *m.StaffID == staffID
}

// CanView reports whether the actor may read the person's record: her own,
// or everyone's for those holding record:view.
func CanView(actor *auth.Actor, libraryID, staffID int64) bool {
	return actor.Can(auth.PermRecordView, libraryID) || own(actor, libraryID, staffID)
}

// CanAdd reports whether the actor may add an item of kind to the person's
// record: a staff member keeps her own (all but the ratings, which her
// coordinator enters); record:manage keeps everyone's.
func CanAdd(actor *auth.Actor, libraryID, staffID int64, kind Kind) bool {
	if actor.Can(auth.PermRecordManage, libraryID) {
		return true
	}
	return kind != KindRating && own(actor, libraryID, staffID)
}

// CanDelete reports whether the actor may remove an item: record:manage any;
// the owner her own, except ratings and JP entries already verified.
func CanDelete(actor *auth.Actor, libraryID, staffID int64, kind Kind, status string) bool {
	if actor.Can(auth.PermRecordManage, libraryID) {
		return true
	}
	return own(actor, libraryID, staffID) && kind != KindRating && status != StatusVerified
}

// deny is the error for an actor who may not touch a record: not-found
// outside her libraries, forbidden inside.
func deny(actor *auth.Actor, libraryID int64) error {
	if err := actor.Require(auth.PermRecordView, libraryID); err != nil {
		return err
	}
	return apperr.ForbiddenError()
}

// Person returns the staff member whose record the actor may read.
func (s *Service) Person(ctx context.Context, actor *auth.Actor, libraryID, staffID int64) (Person, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return Person{}, err
	}
	p, err := findPerson(ctx, s.DB.Reader(), libraryID, staffID)
	if err != nil {
		return Person{}, err
	}
	if !CanView(actor, libraryID, staffID) {
		return Person{}, deny(actor, libraryID)
	}
	return p, nil
}

func findPerson(ctx context.Context, q db.Querier, libraryID, staffID int64) (Person, error) {
	var p Person
	err := q.QueryRowContext(ctx, `SELECT s.id, s.library_id, s.name, s.level, s.service_point_id, COALESCE(sp.name, ''), s.active
		FROM staff s LEFT JOIN service_points sp ON sp.library_id = s.library_id AND sp.id = s.service_point_id
		WHERE s.library_id = ? AND s.id = ?`, libraryID, staffID).
		Scan(&p.ID, &p.LibraryID, &p.Name, &p.Level, &p.ServicePointID, &p.ServicePointName, &p.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, apperr.NotFoundError("staff")
	}
	if err != nil {
		return Person{}, apperr.InternalError(err)
	}
	return p, nil
}

// item is the common part of every record line.
type item struct {
	ID        int64
	LibraryID int64
	StaffID   int64
	StaffName string
	Kind      Kind
	Status    string // JP entries only
}

// item finds an item of the library the actor may read.
func (s *Service) item(ctx context.Context, actor *auth.Actor, libraryID, itemID int64) (item, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return item{}, err
	}
	it, err := findItem(ctx, s.DB.Reader(), libraryID, itemID)
	if err != nil {
		return item{}, err
	}
	if !CanView(actor, libraryID, it.StaffID) {
		return item{}, deny(actor, libraryID)
	}
	return it, nil
}

func findItem(ctx context.Context, q db.Querier, libraryID, itemID int64) (item, error) {
	var it item
	var kind string
	err := q.QueryRowContext(ctx, `SELECT i.id, i.library_id, i.staff_id, s.name, i.kind, COALESCE(j.status, '')
		FROM record_items i
		JOIN staff s ON s.library_id = i.library_id AND s.id = i.staff_id
		LEFT JOIN record_jp_entries j ON j.library_id = i.library_id AND j.item_id = i.id
		WHERE i.library_id = ? AND i.id = ?`, libraryID, itemID).Scan(&it.ID, &it.LibraryID, &it.StaffID, &it.StaffName, &kind, &it.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return item{}, apperr.NotFoundError("record_item")
	}
	if err != nil {
		return item{}, apperr.InternalError(err)
	}
	it.Kind = Kind(kind)
	return it, nil
}

// Zone is the library's time zone; Indonesia's three have fixed offsets, so
// a machine without the time zone database still gets the right day.
func Zone(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	switch name {
	case "Asia/Makassar":
		return time.FixedZone("WITA", 8*3600)
	case "Asia/Jayapura":
		return time.FixedZone("WIT", 9*3600)
	}
	return time.FixedZone("WIB", 7*3600)
}

// today is the current day in the library's time zone: the year of the JP
// target turns at midnight there, not at midnight UTC.
func (s *Service) today(ctx context.Context, q db.Querier, libraryID int64) (Date, error) {
	var tz string
	err := q.QueryRowContext(ctx, `SELECT time_zone FROM libraries WHERE id = ?`, libraryID).Scan(&tz)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.NotFoundError("library")
	}
	if err != nil {
		return "", apperr.InternalError(err)
	}
	return DateOf(s.now(), Zone(tz)), nil
}

// Today is the current day in the library's time zone (for forms' defaults).
func (s *Service) Today(ctx context.Context, actor *auth.Actor, libraryID int64) (Date, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return "", err
	}
	return s.today(ctx, s.DB.Reader(), libraryID)
}

func recordAudit(ctx context.Context, tx *db.Tx, actor *auth.Actor, libraryID int64, action string, id int64, summary string, changes audit.Changes, at time.Time) error {
	return recordAuditEntity(ctx, tx, actor, libraryID, action, "record_item", id, summary, changes, at)
}

func recordAuditEntity(ctx context.Context, tx *db.Tx, actor *auth.Actor, libraryID int64, action, entity string, id int64, summary string, changes audit.Changes, at time.Time) error {
	if err := audit.RecordAt(ctx, tx, actor, libraryID, action, entity, id, summary, changes, at); err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

func nullDate(d Date) any {
	if d == "" {
		return nil
	}
	return string(d)
}
