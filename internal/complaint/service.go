package complaint

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

// Service files, tracks and handles complaints and keeps the holiday calendar.
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

// reporter is the audit identity of the person who filed: no account, no name.
type reporter struct{}

func (reporter) AuditIdentity() (int64, string) { return 0, "pelapor" }

// The contact columns are read only by loadContact; every other query leaves
// them out, so a list or a public page cannot carry them.
const complaintCols = `c.id, c.library_id, c.code, c.class, c.category, c.service_point_id, COALESCE(sp.name, ''), c.body,
	(c.contact_name <> '' OR c.contact_phone <> '' OR c.contact_email <> ''), c.status, c.assignee_id, COALESCE(u.name, ''),
	c.follow_up, c.reject_reason, c.filed_at, c.verify_due, c.verified_at, c.decide_due, c.decided_at, c.answered_at,
	c.close_due, c.closed_at, c.escalated_stage, c.escalated_at, c.rating, c.rating_comment, c.rated_at`

// The service point's join carries library_id, so a complaint never shows
// another library's unit even if the data were wrong.
const complaintFrom = ` FROM complaints c
	LEFT JOIN service_points sp ON sp.library_id = c.library_id AND sp.id = c.service_point_id
	LEFT JOIN users u ON u.id = c.assignee_id`

func scanComplaint(row interface{ Scan(...any) error }) (Complaint, error) {
	var c Complaint
	var class, status, verifyDue string
	var decideDue, closeDue sql.NullString
	err := row.Scan(&c.ID, &c.LibraryID, &c.Code, &class, &c.Category, &c.ServicePointID, &c.ServicePointName, &c.Body,
		&c.HasContact, &status, &c.AssigneeID, &c.AssigneeName,
		&c.FollowUp, &c.RejectReason, &c.FiledAt, &verifyDue, &c.VerifiedAt, &decideDue, &c.DecidedAt, &c.AnsweredAt,
		&closeDue, &c.ClosedAt, &c.EscalatedStage, &c.EscalatedAt, &c.Rating, &c.RatingComment, &c.RatedAt)
	c.Class, c.Status, c.VerifyDue = Class(class), Status(status), Date(verifyDue)
	c.DecideDue, c.CloseDue = Date(decideDue.String), Date(closeDue.String)
	return c, err
}

func findComplaint(ctx context.Context, q db.Querier, libraryID, id int64) (Complaint, error) {
	c, err := scanComplaint(q.QueryRowContext(ctx, `SELECT `+complaintCols+complaintFrom+` WHERE c.library_id = ? AND c.id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Complaint{}, apperr.NotFoundError("complaint")
	}
	if err != nil {
		return Complaint{}, apperr.InternalError(err)
	}
	return c, nil
}

func findByCode(ctx context.Context, q db.Querier, code string) (Complaint, error) {
	code = NormalizeCode(code)
	if code == "" {
		return Complaint{}, apperr.NotFoundError("complaint")
	}
	c, err := scanComplaint(q.QueryRowContext(ctx, `SELECT `+complaintCols+complaintFrom+` WHERE c.code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Complaint{}, apperr.NotFoundError("complaint")
	}
	if err != nil {
		return Complaint{}, apperr.InternalError(err)
	}
	return c, nil
}

func events(ctx context.Context, q db.Querier, libraryID, complaintID int64, publicOnly bool) ([]Event, error) {
	query := `SELECT id, kind, public, body, actor_name, created_at FROM complaint_events WHERE library_id = ? AND complaint_id = ?`
	args := []any{libraryID, complaintID}
	if publicOnly {
		query += ` AND public = ?`
		args = append(args, true)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY id`, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.Kind, &e.Public, &e.Body, &e.ActorName, &e.CreatedAt); err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

// addEvent writes a timeline line; actor nil is the reporter or the system,
// named by fallback.
func addEvent(ctx context.Context, tx *db.Tx, c Complaint, kind string, public bool, body string, actor audit.Actor, at time.Time) error {
	var user any
	name := "sistem"
	if actor != nil {
		id, n := actor.AuditIdentity()
		if id != 0 {
			user = id
		}
		if n != "" {
			name = n
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO complaint_events (library_id, complaint_id, kind, public, body, user_id, actor_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.LibraryID, c.ID, kind, public, body, user, name, at)
	if err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

func recordAudit(ctx context.Context, tx *db.Tx, actor audit.Actor, libraryID int64, action, entity string, id int64, summary string, changes audit.Changes, at time.Time) error {
	if err := audit.RecordAt(ctx, tx, actor, libraryID, action, entity, id, summary, changes, at); err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// CanSeeContact says who may read a reporter's contact: the library's admins
// and coordinators (who verify and assign, and so handle every complaint) and
// the staff member the complaint is assigned to — nobody else.
func CanSeeContact(actor *auth.Actor, c Complaint) bool {
	return canHandle(actor, c)
}

// canHandle: managers of the library, or the assignee while she holds a
// complaint role there.
func canHandle(actor *auth.Actor, c Complaint) bool {
	if actor.Can(auth.PermComplaintManage, c.LibraryID) {
		return true
	}
	return actor.Can(auth.PermComplaintView, c.LibraryID) && c.AssigneeID != nil && *c.AssigneeID == actor.UserID
}

// loadContact reads the contact and records the access in the audit log, in
// one transaction: if the record cannot be written, the contact is not shown.
func (s *Service) loadContact(ctx context.Context, actor *auth.Actor, c *Complaint) error {
	if !CanSeeContact(actor, *c) {
		return nil
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var ct Contact
		if err := tx.QueryRowContext(ctx, `SELECT contact_name, contact_phone, contact_email FROM complaints WHERE library_id = ? AND id = ?`,
			c.LibraryID, c.ID).Scan(&ct.Name, &ct.Phone, &ct.Email); err != nil {
			return apperr.InternalError(err)
		}
		if ct.Empty() {
			return nil
		}
		c.Contact = &ct
		return recordAudit(ctx, tx, actor, c.LibraryID, "complaint.contact_view", "complaint", c.ID, c.Code, nil, s.now())
	})
}
