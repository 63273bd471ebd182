package training

import (
	"context"
	"database/sql"
	"errors"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// enrolmentCols reads an enrolment with its person's name, the days she
// attended and, while waitlisted, her place in the queue (1 = next).
const enrolmentCols = `e.id, e.library_id, e.session_id, e.staff_id, st.name, e.origin, e.status, e.pre_score, e.post_score,
	e.jp_item_id IS NOT NULL, e.created_at, e.updated_at,
	(SELECT COUNT(*) FROM training_attendance a WHERE a.library_id = e.library_id AND a.enrolment_id = e.id),
	CASE WHEN e.status = '` + Waitlisted + `' THEN (SELECT COUNT(*) FROM training_enrolments w
		WHERE w.library_id = e.library_id AND w.session_id = e.session_id AND w.status = '` + Waitlisted + `' AND w.waitlist_no <= e.waitlist_no)
		ELSE 0 END`

const enrolmentFrom = ` FROM training_enrolments e JOIN staff st ON st.library_id = e.library_id AND st.id = e.staff_id`

func scanEnrolment(row interface{ Scan(...any) error }) (Enrolment, error) {
	var e Enrolment
	var pre, post sql.NullInt64
	err := row.Scan(&e.ID, &e.LibraryID, &e.SessionID, &e.StaffID, &e.StaffName, &e.Origin, &e.Status, &pre, &post,
		&e.JPCredited, &e.CreatedAt, &e.UpdatedAt, &e.Attended, &e.Position)
	e.PreScore, e.PostScore = intPtr(pre), intPtr(post)
	return e, err
}

func findEnrolment(ctx context.Context, q db.Querier, libraryID, id int64) (Enrolment, error) {
	e, err := scanEnrolment(q.QueryRowContext(ctx, `SELECT `+enrolmentCols+enrolmentFrom+` WHERE e.library_id = ? AND e.id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Enrolment{}, apperr.NotFoundError("training_enrolment")
	}
	if err != nil {
		return Enrolment{}, apperr.InternalError(err)
	}
	return e, nil
}

// Enrolment returns one enrolment: a coordinator any, a staff member her own.
func (s *Service) Enrolment(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Enrolment, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return Enrolment{}, err
	}
	e, err := findEnrolment(ctx, s.DB.Reader(), libraryID, id)
	if err != nil {
		return Enrolment{}, err
	}
	if !actor.Can(auth.PermTrainingManage, libraryID) && ownStaffID(actor, libraryID) != e.StaffID {
		return Enrolment{}, apperr.ForbiddenError()
	}
	return e, nil
}

// statusOrder sorts a session's list: seats first, then the waitlist in
// its order, then those who left.
const statusOrder = `CASE e.status WHEN '` + Confirmed + `' THEN 1 WHEN '` + Completed + `' THEN 1 WHEN '` + NotCompleted + `' THEN 1
	WHEN '` + Waitlisted + `' THEN 2 ELSE 3 END`

func enrolments(ctx context.Context, q db.Querier, where string, args ...any) ([]Enrolment, error) {
	out := []Enrolment{}
	err := eachRow(ctx, q, `SELECT `+enrolmentCols+enrolmentFrom+` WHERE `+where+` ORDER BY `+statusOrder+`, e.waitlist_no, st.name, e.id`, args,
		func(r *sql.Rows) error {
			e, err := scanEnrolment(r)
			if err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	return out, err
}

// Participants lists a session's enrolments: seated people by name, the
// waitlist in its order, then cancellations. Scores are a coordinator's to
// see; a staff member sees only her own.
func (s *Service) Participants(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64) ([]Enrolment, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	if _, err := findSession(ctx, q, libraryID, sessionID); err != nil {
		return nil, err
	}
	es, err := enrolments(ctx, q, `e.library_id = ? AND e.session_id = ?`, libraryID, sessionID)
	if err != nil {
		return nil, err
	}
	if !actor.Can(auth.PermTrainingManage, libraryID) {
		own := ownStaffID(actor, libraryID)
		for i := range es {
			if es[i].StaffID != own {
				es[i].PreScore, es[i].PostScore = nil, nil
			}
		}
	}
	return es, nil
}

// Attendance returns, per enrolment id, the days attended.
func (s *Service) Attendance(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64) (map[int64]map[string]bool, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return nil, err
	}
	out := map[int64]map[string]bool{}
	err := eachRow(ctx, s.DB.Reader(), `SELECT a.enrolment_id, a.day FROM training_attendance a
		JOIN training_enrolments e ON e.library_id = a.library_id AND e.id = a.enrolment_id
		WHERE a.library_id = ? AND e.session_id = ?`, []any{libraryID, sessionID}, func(r *sql.Rows) error {
		var id int64
		var day string
		if err := r.Scan(&id, &day); err != nil {
			return err
		}
		if out[id] == nil {
			out[id] = map[string]bool{}
		}
		out[id][day] = true
		return nil
	})
	return out, err
}

// Candidate is a staff member a coordinator may nominate.
type Candidate struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Position string `json:"position"`
	Level    string `json:"level"`
}

// Candidates lists the library's active staff not yet in the session.
func (s *Service) Candidates(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64) ([]Candidate, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return nil, err
	}
	out := []Candidate{}
	err := eachRow(ctx, s.DB.Reader(), `SELECT st.id, st.name, st.position, st.level FROM staff st
		WHERE st.library_id = ? AND st.active = ? AND NOT EXISTS (SELECT 1 FROM training_enrolments e
			WHERE e.library_id = st.library_id AND e.staff_id = st.id AND e.session_id = ? AND e.status <> ?)
		ORDER BY st.name, st.id`, []any{libraryID, true, sessionID, Cancelled}, func(r *sql.Rows) error {
		var c Candidate
		if err := r.Scan(&c.ID, &c.Name, &c.Position, &c.Level); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// MyTraining is one of a person's enrolments with its session.
type MyTraining struct {
	Enrolment Enrolment `json:"enrolment"`
	Session   Session   `json:"session"`
}

// Available is the staff member's training page: sessions she may register
// for herself, and her own enrolments.
type Available struct {
	StaffID int64        `json:"staff_id"` // 0: the account has no staff record here
	Open    []Session    `json:"open"`     // registration open, self-registration allowed, not yet begun
	Mine    []MyTraining `json:"mine"`     // newest session first
}

// Registered reports whether the person already holds a place (or waits)
// in the session.
func (a Available) Registered(sessionID int64) bool {
	for _, m := range a.Mine {
		if m.Session.ID == sessionID && m.Enrolment.Status != Cancelled {
			return true
		}
	}
	return false
}

// AvailableFor returns the actor's training page.
func (s *Service) AvailableFor(ctx context.Context, actor *auth.Actor, libraryID int64) (Available, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return Available{}, err
	}
	q := s.DB.Reader()
	lib, err := s.library(ctx, q, libraryID)
	if err != nil {
		return Available{}, err
	}
	out := Available{StaffID: ownStaffID(actor, libraryID), Open: []Session{}, Mine: []MyTraining{}}
	all, err := sessions(ctx, q, SessionFilter{LibraryID: libraryID}, 0)
	if err != nil {
		return Available{}, err
	}
	selfReg := map[int64]bool{}
	err = eachRow(ctx, q, `SELECT id FROM training_programs WHERE library_id = ? AND self_registration = ? AND active = ?`,
		[]any{libraryID, true, true}, func(r *sql.Rows) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			selfReg[id] = true
			return nil
		})
	if err != nil {
		return Available{}, err
	}
	byID := map[int64]Session{}
	for _, x := range all {
		byID[x.ID] = x
		if x.Status == SessionOpen && selfReg[x.ProgramID] && x.FirstDay() > lib.Today {
			out.Open = append(out.Open, x)
		}
	}
	if out.StaffID == 0 {
		return out, nil
	}
	mine, err := enrolments(ctx, q, `e.library_id = ? AND e.staff_id = ?`, libraryID, out.StaffID)
	if err != nil {
		return Available{}, err
	}
	for i := len(all) - 1; i >= 0; i-- { // newest session first
		for _, e := range mine {
			if e.SessionID == all[i].ID {
				out.Mine = append(out.Mine, MyTraining{Enrolment: e, Session: byID[e.SessionID]})
			}
		}
	}
	return out, nil
}
