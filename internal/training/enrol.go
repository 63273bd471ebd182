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

// Nominate enrols a staff member in a session on a coordinator's word: a
// seat when one is free, else the end of the waitlist.
func (s *Service) Nominate(ctx context.Context, actor *auth.Actor, libraryID, sessionID, staffID int64) (Enrolment, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return Enrolment{}, err
	}
	if _, err := findSession(ctx, s.DB.Reader(), libraryID, sessionID); err != nil {
		return Enrolment{}, err
	}
	return s.enrol(ctx, actor, libraryID, sessionID, staffID, Nominated)
}

// Register enrols the actor herself, where the programme allows
// self-registration, while the session's registration is open and before
// its first day.
func (s *Service) Register(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64) (Enrolment, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return Enrolment{}, err
	}
	q := s.DB.Reader()
	x, err := findSession(ctx, q, libraryID, sessionID)
	if err != nil {
		return Enrolment{}, err
	}
	staffID := ownStaffID(actor, libraryID)
	if staffID == 0 {
		return Enrolment{}, apperr.New(apperr.Forbidden, "training.no_staff_record", nil)
	}
	p, err := findProgram(ctx, q, libraryID, x.ProgramID)
	if err != nil {
		return Enrolment{}, err
	}
	if !p.SelfRegistration || !p.Active {
		return Enrolment{}, apperr.New(apperr.Forbidden, "training.no_self_registration", nil)
	}
	lib, err := s.library(ctx, q, libraryID)
	if err != nil {
		return Enrolment{}, err
	}
	if x.Status != SessionOpen || x.FirstDay() <= lib.Today {
		return Enrolment{}, apperr.New(apperr.Conflict, "training.registration_closed", nil)
	}
	return s.enrol(ctx, actor, libraryID, sessionID, staffID, Registered)
}

// enrol is the one way into a session. Under the session's lock it checks
// the session takes people, the person is not in already and has no other
// session on the same days, then gives her a seat or the next waitlist number.
func (s *Service) enrol(ctx context.Context, actor *auth.Actor, libraryID, sessionID, staffID int64, origin string) (Enrolment, error) {
	var out Enrolment
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		status, capacity, err := lockSession(ctx, tx, libraryID, sessionID)
		if err != nil {
			return err
		}
		if status != SessionPlanned && status != SessionOpen {
			return apperr.New(apperr.Conflict, "training.session_closed", apperr.Args{"Status": status})
		}
		name, err := lockPerson(ctx, tx, libraryID, staffID)
		if err != nil {
			return err
		}
		var existingID int64
		var existingStatus string
		err = tx.QueryRowContext(ctx, `SELECT id, status FROM training_enrolments WHERE library_id = ? AND session_id = ? AND staff_id = ?`,
			libraryID, sessionID, staffID).Scan(&existingID, &existingStatus)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return apperr.InternalError(err)
		case existingStatus != Cancelled:
			return apperr.New(apperr.Conflict, "training.already_enrolled", apperr.Args{"Name": name, "Status": existingStatus})
		}
		days, err := sessionDays(ctx, tx, libraryID, sessionID)
		if err != nil {
			return err
		}
		if c, err := findClash(ctx, tx, libraryID, staffID, sessionID, days); err != nil {
			return err
		} else if c != nil {
			var v apperr.Validation
			v.Add("staff_id", "training.clash", apperr.Args{"Name": name, "Session": c.Name, "Day": string(c.Day)})
			return v.Err()
		}
		seated, err := seatedIDs(ctx, tx, libraryID, sessionID)
		if err != nil {
			return err
		}
		now := s.now()
		newStatus, waitNo := Confirmed, any(nil)
		if len(seated) >= capacity {
			newStatus = Waitlisted
			if waitNo, err = nextWaitlistNo(ctx, tx, libraryID, sessionID); err != nil {
				return err
			}
		}
		id := existingID
		if id == 0 {
			err = tx.QueryRowContext(ctx, `INSERT INTO training_enrolments (library_id, session_id, staff_id, origin, status, waitlist_no,
				created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				libraryID, sessionID, staffID, origin, newStatus, waitNo, userOrNil(actor), now, now).Scan(&id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE training_enrolments SET origin = ?, status = ?, waitlist_no = ?, created_by = ?, updated_at = ?
				WHERE library_id = ? AND id = ?`, origin, newStatus, waitNo, userOrNil(actor), now, libraryID, id)
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		action := "training.nominate"
		if origin == Registered {
			action = "training.register"
		}
		if err := recordAudit(ctx, tx, actor, libraryID, action, "training_enrolment", id, name,
			audit.Changes{"status": {existingStatus, newStatus}}, now); err != nil {
			return err
		}
		out, err = findEnrolment(ctx, tx, libraryID, id)
		return err
	})
	return out, err
}

// lockPerson reads an active staff member's name and, on PostgreSQL, holds
// her row: two sessions on the same day cannot both seat her at once.
func lockPerson(ctx context.Context, tx *db.Tx, libraryID, staffID int64) (string, error) {
	var name string
	var active bool
	err := tx.QueryRowContext(ctx, `SELECT name, active FROM staff WHERE library_id = ? AND id = ?`+forUpdate(tx), libraryID, staffID).Scan(&name, &active)
	if errors.Is(err, sql.ErrNoRows) {
		var v apperr.Validation
		v.Add("staff_id", "training.bad_staff", nil)
		return "", v.Err()
	}
	if err != nil {
		return "", apperr.InternalError(err)
	}
	if !active {
		var v apperr.Validation
		v.Add("staff_id", "training.staff_inactive", apperr.Args{"Name": name})
		return "", v.Err()
	}
	return name, nil
}

func nextWaitlistNo(ctx context.Context, tx *db.Tx, libraryID, sessionID int64) (int64, error) {
	var n int64
	if err := tx.QueryRowContext(ctx, `UPDATE training_sessions SET waitlist_next = waitlist_next + 1 WHERE library_id = ? AND id = ?
		RETURNING waitlist_next - 1`, libraryID, sessionID).Scan(&n); err != nil {
		return 0, apperr.InternalError(err)
	}
	return n, nil
}

func sessionDays(ctx context.Context, q db.Querier, libraryID, sessionID int64) ([]record.Date, error) {
	var days []record.Date
	err := eachRow(ctx, q, `SELECT day FROM training_session_days WHERE library_id = ? AND session_id = ? ORDER BY day`,
		[]any{libraryID, sessionID}, func(r *sql.Rows) error {
			var d string
			if err := r.Scan(&d); err != nil {
				return err
			}
			days = append(days, record.Date(d))
			return nil
		})
	return days, err
}

// seat is an enrolment holding a seat.
type seat struct{ id, staffID int64 }

// seatedIDs lists the enrolments holding a seat in a session.
func seatedIDs(ctx context.Context, q db.Querier, libraryID, sessionID int64) ([]seat, error) {
	var out []seat
	err := eachRow(ctx, q, `SELECT id, staff_id FROM training_enrolments WHERE library_id = ? AND session_id = ? AND status IN (?, ?, ?) ORDER BY id`,
		[]any{libraryID, sessionID, Confirmed, Completed, NotCompleted}, func(r *sql.Rows) error {
			var x seat
			if err := r.Scan(&x.id, &x.staffID); err != nil {
				return err
			}
			out = append(out, x)
			return nil
		})
	return out, err
}

// clash is another session of the person's on one of the same days.
type clash struct {
	SessionID int64
	Name      string
	Day       record.Date
}

// findClash returns the person's first other session, not cancelled, in
// which she holds a seat on one of days (nil when there is none). Sessions
// clash when they share a day, not merely when their ranges overlap: a
// weekly course leaves the days between free.
func findClash(ctx context.Context, q db.Querier, libraryID, staffID, sessionID int64, days []record.Date) (*clash, error) {
	if len(days) == 0 {
		return nil, nil
	}
	args := []any{libraryID, staffID, Confirmed, Completed, NotCompleted, sessionID, SessionCancelled}
	for _, d := range days {
		args = append(args, string(d))
	}
	var c clash
	var program, title string
	err := q.QueryRowContext(ctx, `SELECT s.id, p.title, s.title, d.day
		FROM training_enrolments e
		JOIN training_sessions s ON s.library_id = e.library_id AND s.id = e.session_id
		JOIN training_programs p ON p.library_id = s.library_id AND p.id = s.program_id
		JOIN training_session_days d ON d.library_id = s.library_id AND d.session_id = s.id
		WHERE e.library_id = ? AND e.staff_id = ? AND e.status IN (?, ?, ?) AND s.id <> ? AND s.status <> ?
		AND d.day IN (`+placeholders(len(days))+`)
		ORDER BY d.day, s.id LIMIT 1`, args...).Scan(&c.SessionID, &program, &title, &c.Day)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	c.Name = Session{ProgramTitle: program, Title: title}.Name()
	return &c, nil
}

// checkClash refuses new days for a session when one of its seated
// participants has another session on one of them.
func checkClash(ctx context.Context, tx *db.Tx, libraryID, staffID, sessionID int64, days []record.Date, field string) error {
	c, err := findClash(ctx, tx, libraryID, staffID, sessionID, days)
	if err != nil || c == nil {
		return err
	}
	var name string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM staff WHERE library_id = ? AND id = ?`, libraryID, staffID).Scan(&name); err != nil {
		return apperr.InternalError(err)
	}
	var v apperr.Validation
	v.Add(field, "training.clash", apperr.Args{"Name": name, "Session": c.Name, "Day": string(c.Day)})
	return v.Err()
}

// Cancel withdraws an enrolment: a coordinator any, a staff member her own.
// A freed seat goes to the first on the waitlist in the same transaction.
func (s *Service) Cancel(ctx context.Context, actor *auth.Actor, libraryID, enrolmentID int64) (Enrolment, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return Enrolment{}, err
	}
	e, err := findEnrolment(ctx, s.DB.Reader(), libraryID, enrolmentID)
	if err != nil {
		return Enrolment{}, err
	}
	if !actor.Can(auth.PermTrainingManage, libraryID) && ownStaffID(actor, libraryID) != e.StaffID {
		return Enrolment{}, apperr.ForbiddenError()
	}
	var out Enrolment
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		status, capacity, err := lockSession(ctx, tx, libraryID, e.SessionID)
		if err != nil {
			return err
		}
		if status == SessionCompleted {
			return apperr.New(apperr.Conflict, "training.session_completed", nil)
		}
		// Read again under the lock: someone may have cancelled it meanwhile.
		cur, err := findEnrolment(ctx, tx, libraryID, enrolmentID)
		if err != nil {
			return err
		}
		if !cur.Active() {
			return apperr.New(apperr.Conflict, "training.not_cancellable", apperr.Args{"Status": cur.Status})
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET status = ?, waitlist_no = NULL, updated_at = ? WHERE library_id = ? AND id = ?`,
			Cancelled, now, libraryID, enrolmentID); err != nil {
			return apperr.InternalError(err)
		}
		if err := recordAudit(ctx, tx, actor, libraryID, "training.cancel", "training_enrolment", enrolmentID, cur.StaffName,
			audit.Changes{"status": {cur.Status, Cancelled}}, now); err != nil {
			return err
		}
		if cur.Status == Confirmed && status != SessionCancelled {
			if _, err := promote(ctx, tx, actor, libraryID, e.SessionID, capacity, now); err != nil {
				return err
			}
		}
		out, err = findEnrolment(ctx, tx, libraryID, enrolmentID)
		return err
	})
	return out, err
}

// promote fills free seats from the waitlist, first come first served. A
// person who meanwhile took a seat in another session on the same days is
// passed over and keeps her place. The caller holds the session's lock.
func promote(ctx context.Context, tx *db.Tx, actor *auth.Actor, libraryID, sessionID int64, capacity int, now time.Time) ([]int64, error) {
	seated, err := seatedIDs(ctx, tx, libraryID, sessionID)
	if err != nil {
		return nil, err
	}
	free := capacity - len(seated)
	if free <= 0 {
		return nil, nil
	}
	type waiting struct {
		id, staffID int64
	}
	var queue []waiting
	err = eachRow(ctx, tx, `SELECT id, staff_id FROM training_enrolments WHERE library_id = ? AND session_id = ? AND status = ?
		ORDER BY waitlist_no, id`, []any{libraryID, sessionID, Waitlisted}, func(r *sql.Rows) error {
		var w waiting
		if err := r.Scan(&w.id, &w.staffID); err != nil {
			return err
		}
		queue = append(queue, w)
		return nil
	})
	if err != nil || len(queue) == 0 {
		return nil, err
	}
	days, err := sessionDays(ctx, tx, libraryID, sessionID)
	if err != nil {
		return nil, err
	}
	var promoted []int64
	for _, w := range queue {
		if free == 0 {
			break
		}
		name, err := lockPerson(ctx, tx, libraryID, w.staffID)
		if apperr.CodeOf(err) == apperr.Invalid {
			continue // left the library meanwhile: not promoted
		}
		if err != nil {
			return nil, err
		}
		c, err := findClash(ctx, tx, libraryID, w.staffID, sessionID, days)
		if err != nil {
			return nil, err
		}
		if c != nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET status = ?, waitlist_no = NULL, updated_at = ? WHERE library_id = ? AND id = ?`,
			Confirmed, now, libraryID, w.id); err != nil {
			return nil, apperr.InternalError(err)
		}
		if err := recordAudit(ctx, tx, actor, libraryID, "training.promote", "training_enrolment", w.id, name,
			audit.Changes{"status": {Waitlisted, Confirmed}}, now); err != nil {
			return nil, err
		}
		promoted = append(promoted, w.id)
		free--
	}
	return promoted, nil
}
