package complaint

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/db"
)

// The public door takes no actor: anyone may file, and the tracking code is
// the only key to a report afterwards. It shows what the reporter wrote and
// what the library answered, never the contact, internal notes or staff names.

// Intake is what the public form needs to know about a library.
type Intake struct {
	LibraryID     int64
	LibraryName   string
	ServicePoints []ServicePointOption
}

// ServicePointOption is an open service point a report can be about.
type ServicePointOption struct {
	ID   int64
	Name string
}

// Intake returns the library's name and open service points; not found when
// there is no such library.
func (s *Service) Intake(ctx context.Context, libraryID int64) (Intake, error) {
	r := s.DB.Reader()
	in := Intake{LibraryID: libraryID}
	err := r.QueryRowContext(ctx, `SELECT name FROM libraries WHERE id = ?`, libraryID).Scan(&in.LibraryName)
	if errors.Is(err, sql.ErrNoRows) {
		return Intake{}, apperr.NotFoundError("library")
	}
	if err != nil {
		return Intake{}, apperr.InternalError(err)
	}
	rows, err := r.QueryContext(ctx, `SELECT id, name FROM service_points WHERE library_id = ? AND active = ? ORDER BY name`, libraryID, true)
	if err != nil {
		return Intake{}, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sp ServicePointOption
		if err := rows.Scan(&sp.ID, &sp.Name); err != nil {
			return Intake{}, apperr.InternalError(err)
		}
		in.ServicePoints = append(in.ServicePoints, sp)
	}
	if err := rows.Err(); err != nil {
		return Intake{}, apperr.InternalError(err)
	}
	return in, nil
}

// File records a new report in one transaction and returns it with its
// tracking code and verification deadline (3 working days).
func (s *Service) File(ctx context.Context, n NewComplaint) (Complaint, error) {
	n.normalize()
	if err := n.Validate(); err != nil {
		return Complaint{}, err
	}
	// A code collision (one in 2^50) fails the insert; try again with a new one.
	for attempt := 0; ; attempt++ {
		c, err := s.file(ctx, n, newCode(n.Class))
		if db.IsUniqueViolation(err) && attempt < 3 {
			continue
		}
		return c, err
	}
}

func (s *Service) file(ctx context.Context, n NewComplaint, code string) (Complaint, error) {
	now := s.now()
	c := Complaint{LibraryID: n.LibraryID, Code: code, Class: n.Class, Category: n.Category, ServicePointID: n.ServicePointID,
		Body: n.Body, HasContact: !n.Contact.Empty(), Status: StatusNew, FiledAt: now}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		cal, err := s.calendar(ctx, tx, n.LibraryID, now)
		if err != nil {
			return err
		}
		if n.ServicePointID != nil {
			err := tx.QueryRowContext(ctx, `SELECT name FROM service_points WHERE library_id = ? AND id = ? AND active = ?`,
				n.LibraryID, *n.ServicePointID, true).Scan(&c.ServicePointName)
			if errors.Is(err, sql.ErrNoRows) {
				var v apperr.Validation
				v.Add("service_point_id", "complaint.bad_service_point", nil)
				return v.Err()
			}
			if err != nil {
				return apperr.InternalError(err)
			}
		}
		c.VerifyDue = AddWorkingDays(now, VerifyDays, cal)
		var sp any
		if n.ServicePointID != nil {
			sp = *n.ServicePointID
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO complaints (library_id, code, class, category, service_point_id, body,
			contact_name, contact_phone, contact_email, status, filed_at, verify_due, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.LibraryID, c.Code, string(c.Class), c.Category, sp, c.Body, n.Contact.Name, n.Contact.Phone, n.Contact.Email,
			string(c.Status), now, string(c.VerifyDue), now, now).Scan(&c.ID)
		if err != nil {
			if db.IsUniqueViolation(err) {
				return err // the caller retries with another code
			}
			return apperr.InternalError(err)
		}
		if err := addEvent(ctx, tx, c, "filed", true, "", reporter{}, now); err != nil {
			return err
		}
		return recordAudit(ctx, tx, reporter{}, c.LibraryID, "complaint.file", "complaint", c.ID, c.Code, nil, now)
	})
	if err != nil {
		return Complaint{}, err
	}
	c.Due = c.VerifyDue
	return c, nil
}

// PublicStatus is a report as its reporter sees it by tracking code.
type PublicStatus struct {
	Code             string
	LibraryID        int64
	LibraryName      string
	Location         *time.Location // the library's zone, for showing times
	Class            Class
	Category         string
	ServicePointName string
	Body             string
	Status           Status
	FiledAt          time.Time
	VerifyDue        Date
	Due              Date // the current stage's deadline, or when an answer closes itself
	RejectReason     string
	Rating           *int
	RatingComment    string
	CanRate          bool
	Events           []Event // public events only, without staff names
}

// Track returns the report with the given tracking code (typed in any case,
// with or without dashes). Not found for anything else.
func (s *Service) Track(ctx context.Context, code string) (PublicStatus, error) {
	r := s.DB.Reader()
	c, err := findByCode(ctx, r, code)
	if err != nil {
		return PublicStatus{}, err
	}
	var zone string
	p := PublicStatus{Code: c.Code, LibraryID: c.LibraryID, Class: c.Class, Category: c.Category, ServicePointName: c.ServicePointName,
		Body: c.Body, Status: c.Status, FiledAt: c.FiledAt, VerifyDue: c.VerifyDue, RejectReason: c.RejectReason,
		Rating: c.Rating, RatingComment: c.RatingComment, CanRate: canRate(c) == nil}
	if err := r.QueryRowContext(ctx, `SELECT name, time_zone FROM libraries WHERE id = ?`, c.LibraryID).Scan(&p.LibraryName, &zone); err != nil {
		return PublicStatus{}, apperr.InternalError(err)
	}
	p.Location = loadZone(zone)
	// The deadline the reporter is waiting for, or the day an answer she
	// does not respond to closes itself.
	p.Due = map[Status]Date{StatusNew: c.VerifyDue, StatusVerified: c.DecideDue, StatusAnswered: c.CloseDue}[c.Status]
	if p.Events, err = events(ctx, r, c.LibraryID, c.ID, true); err != nil {
		return PublicStatus{}, err
	}
	for i := range p.Events {
		p.Events[i].ActorName = "" // the library answers, not a named employee
	}
	return p, nil
}

// canRate: once, and only after an answer (not for a rejected report).
func canRate(c Complaint) error {
	if c.Rating != nil {
		return apperr.New(apperr.Conflict, "complaint.already_rated", nil)
	}
	if c.AnsweredAt == nil || c.Status == StatusRejected {
		return apperr.New(apperr.Conflict, "complaint.not_answered", nil)
	}
	return nil
}

// Rate records the reporter's rating of the answer (1–5, with an optional
// comment). A report waiting in "dijawab" is thereby finished (selesai).
func (s *Service) Rate(ctx context.Context, code string, rating int, comment string) error {
	comment = strings.TrimSpace(comment)
	var v apperr.Validation
	if rating < 1 || rating > 5 {
		v.Add("rating", "complaint.bad_rating", nil)
	}
	if utf8.RuneCountInString(comment) > maxComment {
		v.Add("comment", "field.too_long", apperr.Args{"Max": maxComment})
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		c, err := findByCode(ctx, tx, code)
		if err != nil {
			return err
		}
		if err := canRate(c); err != nil {
			return err
		}
		now := s.now()
		status := c.Status
		changes := audit.Changes{}
		changes.Diff("rating", "", rating)
		var closedAt any = c.ClosedAt
		if c.Status == StatusAnswered {
			status, closedAt = StatusResolved, now
			changes.Diff("status", c.Status, status)
		}
		res, err := tx.ExecContext(ctx, `UPDATE complaints SET rating = ?, rating_comment = ?, rated_at = ?, status = ?, closed_at = ?, updated_at = ?
			WHERE library_id = ? AND id = ? AND rating IS NULL`, rating, comment, now, string(status), closedAt, now, c.LibraryID, c.ID)
		if err := oneRow(res, err); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, c, "rated", true, comment, reporter{}, now); err != nil {
			return err
		}
		return recordAudit(ctx, tx, reporter{}, c.LibraryID, "complaint.rate", "complaint", c.ID, c.Code, changes, now)
	})
}

// oneRow turns an UPDATE that matched nothing (someone else changed the
// complaint first) into a conflict.
func oneRow(res sql.Result, err error) error {
	if err != nil {
		return apperr.InternalError(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return apperr.InternalError(err)
	} else if n != 1 {
		return apperr.New(apperr.Conflict, "complaint.changed", nil)
	}
	return nil
}
