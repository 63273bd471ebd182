package training

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/record"
)

const sessionCols = `s.id, s.library_id, s.program_id, p.title, s.title, s.place, s.online_url, s.capacity, s.budget_line, s.budget,
	s.status, s.min_attendance_percent, s.pass_mark, s.completed_at, s.created_at, s.updated_at`

const sessionFrom = ` FROM training_sessions s JOIN training_programs p ON p.library_id = s.library_id AND p.id = s.program_id`

func scanSession(row interface{ Scan(...any) error }) (Session, error) {
	var x Session
	var pass sql.NullInt64
	err := row.Scan(&x.ID, &x.LibraryID, &x.ProgramID, &x.ProgramTitle, &x.Title, &x.Place, &x.OnlineURL, &x.Capacity, &x.BudgetLine,
		&x.Budget, &x.Status, &x.MinAttendance, &pass, &x.CompletedAt, &x.CreatedAt, &x.UpdatedAt)
	x.PassMark = intPtr(pass)
	x.Days, x.Trainers = []record.Date{}, []Trainer{}
	return x, err
}

// SessionFilter narrows the session list.
type SessionFilter struct {
	LibraryID int64
	Year      int   // the year a session starts in; 0: every year
	ProgramID int64 // 0: every programme
}

// Sessions lists sessions by their first day, with days, trainers and
// seat counts.
func (s *Service) Sessions(ctx context.Context, actor *auth.Actor, f SessionFilter) ([]Session, error) {
	if err := actor.Require(auth.PermTrainingView, f.LibraryID); err != nil {
		return nil, err
	}
	return sessions(ctx, s.DB.Reader(), f, 0)
}

// sessions loads the filtered sessions (or the one with id) in four
// queries, whatever their number.
func sessions(ctx context.Context, q db.Querier, f SessionFilter, id int64) ([]Session, error) {
	query := `SELECT ` + sessionCols + sessionFrom + ` WHERE s.library_id = ?`
	args := []any{f.LibraryID}
	if id != 0 {
		query += ` AND s.id = ?`
		args = append(args, id)
	}
	if f.Year != 0 {
		query += ` AND s.year = ?`
		args = append(args, f.Year)
	}
	if f.ProgramID != 0 {
		query += ` AND s.program_id = ?`
		args = append(args, f.ProgramID)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY s.first_day, s.id`, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	out := []Session{}
	idx := map[int64]int{}
	for rows.Next() {
		x, err := scanSession(rows)
		if err != nil {
			rows.Close()
			return nil, apperr.InternalError(err)
		}
		idx[x.ID] = len(out)
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(out)+1)
	ids = append(ids, f.LibraryID)
	for _, x := range out {
		ids = append(ids, x.ID)
	}
	in := ` IN (` + placeholders(len(out)) + `)`
	err = eachRow(ctx, q, `SELECT session_id, day FROM training_session_days WHERE library_id = ? AND session_id`+in+` ORDER BY session_id, day`, ids,
		func(r *sql.Rows) error {
			var sid int64
			var day string
			if err := r.Scan(&sid, &day); err != nil {
				return err
			}
			out[idx[sid]].Days = append(out[idx[sid]].Days, record.Date(day))
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT t.session_id, t.staff_id, COALESCE(st.name, t.name), t.institution FROM training_trainers t
		LEFT JOIN staff st ON st.library_id = t.library_id AND st.id = t.staff_id
		WHERE t.library_id = ? AND t.session_id`+in+` ORDER BY t.session_id, t.position`, ids,
		func(r *sql.Rows) error {
			var sid int64
			var staffID sql.NullInt64
			var t Trainer
			if err := r.Scan(&sid, &staffID, &t.Name, &t.Institution); err != nil {
				return err
			}
			if staffID.Valid {
				t.StaffID = &staffID.Int64
			}
			out[idx[sid]].Trainers = append(out[idx[sid]].Trainers, t)
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT session_id, status, COUNT(*) FROM training_enrolments WHERE library_id = ? AND session_id`+in+`
		GROUP BY session_id, status`, ids,
		func(r *sql.Rows) error {
			var sid int64
			var status string
			var n int
			if err := r.Scan(&sid, &status, &n); err != nil {
				return err
			}
			switch status {
			case Confirmed, Completed, NotCompleted:
				out[idx[sid]].Confirmed += n
			case Waitlisted:
				out[idx[sid]].Waitlisted += n
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func eachRow(ctx context.Context, q db.Querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return apperr.InternalError(err)
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// Session returns one session of the library.
func (s *Service) Session(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Session, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return Session{}, err
	}
	return findSession(ctx, s.DB.Reader(), libraryID, id)
}

func findSession(ctx context.Context, q db.Querier, libraryID, id int64) (Session, error) {
	xs, err := sessions(ctx, q, SessionFilter{LibraryID: libraryID}, id)
	if err != nil {
		return Session{}, err
	}
	if len(xs) == 0 {
		return Session{}, apperr.NotFoundError("training_session")
	}
	return xs[0], nil
}

// lockSession reads a session's status and capacity and, on PostgreSQL,
// holds its row until the transaction ends: every change to its seats
// passes here first, so they happen one after another.
func lockSession(ctx context.Context, tx *db.Tx, libraryID, id int64) (status string, capacity int, err error) {
	err = tx.QueryRowContext(ctx, `SELECT status, capacity FROM training_sessions WHERE library_id = ? AND id = ?`+forUpdate(tx),
		libraryID, id).Scan(&status, &capacity)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, apperr.NotFoundError("training_session")
	}
	if err != nil {
		return "", 0, apperr.InternalError(err)
	}
	return status, capacity, nil
}

// sortDays orders a valid session's days.
func sortDays(days []record.Date) {
	sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
}

// checkTrainers refuses staff trainers who are not staff of the library.
func checkTrainers(ctx context.Context, q db.Querier, c *checker, libraryID int64, ts []Trainer) error {
	for _, t := range ts {
		if t.StaffID == nil {
			continue
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE library_id = ? AND id = ?`, libraryID, *t.StaffID).Scan(&n); err != nil {
			return apperr.InternalError(err)
		}
		if n == 0 {
			c.Add("trainers", "training.bad_trainer", nil)
			return nil
		}
	}
	return nil
}

// prepareSession normalizes and validates a session of programme p.
func (s *Service) prepareSession(ctx context.Context, x *Session, p Program) error {
	x.normalize()
	c := x.validate(p)
	if err := checkTrainers(ctx, s.DB.Reader(), c, x.LibraryID, x.Trainers); err != nil {
		return err
	}
	if err := c.Err(); err != nil {
		return err
	}
	sortDays(x.Days)
	return nil
}

// CreateSession schedules a session of a programme.
func (s *Service) CreateSession(ctx context.Context, actor *auth.Actor, x Session) (Session, error) {
	if err := actor.Require(auth.PermTrainingManage, x.LibraryID); err != nil {
		return Session{}, err
	}
	p, err := findProgram(ctx, s.DB.Reader(), x.LibraryID, x.ProgramID)
	if err != nil {
		return Session{}, err
	}
	if err := s.prepareSession(ctx, &x, p); err != nil {
		return Session{}, err
	}
	var out Session
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO training_sessions (library_id, program_id, title, first_day, last_day, year, place, online_url,
			capacity, budget_line, budget, status, min_attendance_percent, pass_mark, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, x.LibraryID, x.ProgramID, x.Title, string(x.FirstDay()),
			string(x.LastDay()), x.FirstDay().Year(), x.Place, x.OnlineURL, x.Capacity, x.BudgetLine, x.Budget, x.Status, x.MinAttendance,
			nullInt(x.PassMark), now, now).Scan(&id)
		if err != nil {
			return apperr.InternalError(err)
		}
		if err := writeDaysAndTrainers(ctx, tx, x.LibraryID, id, x); err != nil {
			return err
		}
		if out, err = findSession(ctx, tx, x.LibraryID, id); err != nil {
			return err
		}
		return recordAudit(ctx, tx, actor, x.LibraryID, "training.session_create", "training_session", id, out.Name(),
			audit.Changes{"days": {"", daysText(out.Days)}, "capacity": {"", strconv.Itoa(out.Capacity)}}, now)
	})
	return out, err
}

func writeDaysAndTrainers(ctx context.Context, tx *db.Tx, libraryID, id int64, x Session) error {
	for _, q := range []string{
		`DELETE FROM training_session_days WHERE library_id = ? AND session_id = ?`,
		`DELETE FROM training_trainers WHERE library_id = ? AND session_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, libraryID, id); err != nil {
			return apperr.InternalError(err)
		}
	}
	for _, d := range x.Days {
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_session_days (library_id, session_id, day) VALUES (?, ?, ?)`, libraryID, id, string(d)); err != nil {
			return apperr.InternalError(err)
		}
	}
	for i, t := range x.Trainers {
		var staffID any
		name := t.Name
		if t.StaffID != nil {
			staffID, name = *t.StaffID, ""
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_trainers (library_id, session_id, position, staff_id, name, institution)
			VALUES (?, ?, ?, ?, ?, ?)`, libraryID, id, i+1, staffID, name, t.Institution); err != nil {
			return apperr.InternalError(err)
		}
	}
	return nil
}

func daysText(days []record.Date) string {
	s := make([]string, len(days))
	for i, d := range days {
		s[i] = string(d)
	}
	return strings.Join(s, ", ")
}

// UpdateSession changes a session. Capacity may not drop below the seats
// already confirmed; new days may not clash with a confirmed participant's
// other sessions; a larger capacity promotes the waitlist at once. A
// completed session no longer changes.
func (s *Service) UpdateSession(ctx context.Context, actor *auth.Actor, x Session) (Session, error) {
	if err := actor.Require(auth.PermTrainingManage, x.LibraryID); err != nil {
		return Session{}, err
	}
	old, err := findSession(ctx, s.DB.Reader(), x.LibraryID, x.ID)
	if err != nil {
		return Session{}, err
	}
	p, err := findProgram(ctx, s.DB.Reader(), x.LibraryID, old.ProgramID)
	if err != nil {
		return Session{}, err
	}
	x.ProgramID = old.ProgramID
	if err := s.prepareSession(ctx, &x, p); err != nil {
		return Session{}, err
	}
	var out Session
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		status, _, err := lockSession(ctx, tx, x.LibraryID, x.ID)
		if err != nil {
			return err
		}
		if status == SessionCompleted {
			return apperr.New(apperr.Conflict, "training.session_completed", nil)
		}
		seated, err := seatedIDs(ctx, tx, x.LibraryID, x.ID)
		if err != nil {
			return err
		}
		if x.Capacity < len(seated) {
			var v apperr.Validation
			v.Add("capacity", "training.capacity_below_enrolled", apperr.Args{"Count": len(seated)})
			return v.Err()
		}
		if x.Status != SessionCancelled {
			for _, e := range seated {
				if err := checkClash(ctx, tx, x.LibraryID, e.staffID, x.ID, x.Days, "days"); err != nil {
					return err
				}
			}
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE training_sessions SET title = ?, first_day = ?, last_day = ?, year = ?, place = ?, online_url = ?,
			capacity = ?, budget_line = ?, budget = ?, status = ?, min_attendance_percent = ?, pass_mark = ?, updated_at = ?
			WHERE library_id = ? AND id = ?`, x.Title, string(x.FirstDay()), string(x.LastDay()), x.FirstDay().Year(), x.Place, x.OnlineURL,
			x.Capacity, x.BudgetLine, x.Budget, x.Status, x.MinAttendance, nullInt(x.PassMark), now, x.LibraryID, x.ID); err != nil {
			return apperr.InternalError(err)
		}
		if err := writeDaysAndTrainers(ctx, tx, x.LibraryID, x.ID, x); err != nil {
			return err
		}
		// Attendance on a day the session no longer has means nothing.
		if _, err := tx.ExecContext(ctx, `DELETE FROM training_attendance WHERE library_id = ? AND day NOT IN
			(SELECT day FROM training_session_days WHERE library_id = ? AND session_id = ?)
			AND enrolment_id IN (SELECT id FROM training_enrolments WHERE library_id = ? AND session_id = ?)`,
			x.LibraryID, x.LibraryID, x.ID, x.LibraryID, x.ID); err != nil {
			return apperr.InternalError(err)
		}
		if x.Status != SessionCancelled {
			if _, err := promote(ctx, tx, actor, x.LibraryID, x.ID, x.Capacity, now); err != nil {
				return err
			}
		}
		if out, err = findSession(ctx, tx, x.LibraryID, x.ID); err != nil {
			return err
		}
		ch := audit.Changes{}
		ch.Diff("title", old.Title, out.Title)
		ch.Diff("days", daysText(old.Days), daysText(out.Days))
		ch.Diff("place", old.Place, out.Place)
		ch.Diff("online_url", old.OnlineURL, out.OnlineURL)
		ch.Diff("capacity", old.Capacity, out.Capacity)
		ch.Diff("budget_line", old.BudgetLine, out.BudgetLine)
		ch.Diff("budget", old.Budget, out.Budget)
		ch.Diff("status", old.Status, out.Status)
		ch.Diff("min_attendance_percent", old.MinAttendance, out.MinAttendance)
		ch.Diff("pass_mark", passText(old.PassMark), passText(out.PassMark))
		return recordAudit(ctx, tx, actor, x.LibraryID, "training.session_update", "training_session", x.ID, out.Name(), ch, now)
	})
	return out, err
}

func passText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}
