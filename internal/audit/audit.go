// Package audit records who changed what, inside the same transaction as the
// change, and lists the record for admins.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
)

// Entry is one line of the audit log.
type Entry struct {
	ID        int64
	LibraryID *int64
	UserID    *int64
	ActorName string
	Action    string // e.g. "staff.create"
	Entity    string // e.g. "staff"
	EntityID  *int64
	Summary   string
	Changes   map[string][2]string // field → [old, new]
	CreatedAt time.Time
}

// Change is a field's old and new value, as shown to a reader.
type Changes map[string][2]string

// Diff adds field to the changes when old and new differ.
func (c Changes) Diff(field string, old, new any) {
	o, n := fmt.Sprint(old), fmt.Sprint(new)
	if o != n {
		c[field] = [2]string{o, n}
	}
}

// Actor is who made a change; auth.Actor is one. The package asks only for
// this so that auth itself can record its changes without an import cycle.
type Actor interface {
	// AuditIdentity returns the account id (0 for the system) and the name to show.
	AuditIdentity() (userID int64, name string)
}

// Viewer may or may not read a library's audit log; auth.Actor is one.
type Viewer interface {
	CanViewAudit(libraryID int64) error
}

// Record writes an entry inside tx, at the given time (zero: now).
// libraryID 0 means deployment-wide.
func Record(ctx context.Context, tx *db.Tx, actor Actor, libraryID int64, action, entity string, entityID int64, summary string, changes Changes) error {
	return RecordAt(ctx, tx, actor, libraryID, action, entity, entityID, summary, changes, time.Time{})
}

// RecordAt is Record with the service's own clock.
func RecordAt(ctx context.Context, tx *db.Tx, actor Actor, libraryID int64, action, entity string, entityID int64, summary string, changes Changes, at time.Time) error {
	var lib, user, eid any
	if libraryID != 0 {
		lib = libraryID
	}
	if entityID != 0 {
		eid = entityID
	}
	if at.IsZero() {
		at = db.Now()
	}
	name := "sistem"
	if actor != nil {
		id, n := actor.AuditIdentity()
		if n != "" {
			name = n
		}
		if id != 0 {
			user = id
		}
	}
	var js string
	if len(changes) > 0 {
		b, err := json.Marshal(changes)
		if err != nil {
			return err
		}
		js = string(b)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (library_id, user_id, actor_name, action, entity, entity_id, summary, changes, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, lib, user, name, action, entity, eid, summary, js, at)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// Filter selects audit entries of one library, newest first.
type Filter struct {
	LibraryID int64
	Action    string // prefix, e.g. "staff."
	BeforeID  int64  // paging: entries older than this id
	Limit     int
}

// Service lists the audit log.
type Service struct{ DB *db.DB }

// List returns the library's entries, newest first. Admins only.
func (s *Service) List(ctx context.Context, viewer Viewer, f Filter) ([]Entry, error) {
	if viewer == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	if err := viewer.CanViewAudit(f.LibraryID); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q := `SELECT id, library_id, user_id, actor_name, action, entity, entity_id, summary, changes, created_at
		FROM audit_log WHERE library_id = ?`
	args := []any{f.LibraryID}
	if f.Action != "" {
		// An exact, case-sensitive prefix on both engines (LIKE folds case on
		// SQLite and treats _ as a wildcard).
		q += " AND SUBSTR(action, 1, ?) = ?"
		args = append(args, utf8.RuneCountInString(f.Action), f.Action)
	}
	if f.BeforeID > 0 {
		q += " AND id < ?"
		args = append(args, f.BeforeID)
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, f.Limit)
	rows, err := s.DB.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var changes string
		if err := rows.Scan(&e.ID, &e.LibraryID, &e.UserID, &e.ActorName, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &changes, &e.CreatedAt); err != nil {
			return nil, apperr.InternalError(err)
		}
		if changes != "" {
			_ = json.Unmarshal([]byte(changes), &e.Changes)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
