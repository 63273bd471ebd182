package training

import (
	"context"
	"fmt"
	"strconv"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/record"
)

// seatedEnrolments lists a session's seated enrolments by id, for the
// checks of attendance and scores.
func seatedEnrolments(ctx context.Context, tx *db.Tx, libraryID, sessionID int64) (map[int64]Enrolment, error) {
	es, err := enrolments(ctx, tx, `e.library_id = ? AND e.session_id = ? AND e.status IN (?, ?, ?)`,
		libraryID, sessionID, Confirmed, Completed, NotCompleted)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Enrolment, len(es))
	for _, e := range es {
		out[e.ID] = e
	}
	return out, nil
}

// SetAttendance records who attended one day of a session: the
// coordinator's checklist. Those not listed are marked absent that day.
func (s *Service) SetAttendance(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64, day record.Date, present []int64) error {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		status, _, err := lockSession(ctx, tx, libraryID, sessionID)
		if err != nil {
			return err
		}
		if status == SessionCancelled {
			return apperr.New(apperr.Conflict, "training.session_closed", apperr.Args{"Status": status})
		}
		days, err := sessionDays(ctx, tx, libraryID, sessionID)
		if err != nil {
			return err
		}
		if !hasDay(days, day) {
			var v apperr.Validation
			v.Add("day", "training.not_a_session_day", apperr.Args{"Day": string(day)})
			return v.Err()
		}
		seated, err := seatedEnrolments(ctx, tx, libraryID, sessionID)
		if err != nil {
			return err
		}
		ids := uniqueIDs(present)
		for _, id := range ids {
			if _, ok := seated[id]; !ok {
				var v apperr.Validation
				v.Add("present", "training.bad_participant", nil)
				return v.Err()
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM training_attendance WHERE library_id = ? AND day = ?
			AND enrolment_id IN (SELECT id FROM training_enrolments WHERE library_id = ? AND session_id = ?)`,
			libraryID, string(day), libraryID, sessionID); err != nil {
			return apperr.InternalError(err)
		}
		now := s.now()
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO training_attendance (library_id, enrolment_id, day, marked_at) VALUES (?, ?, ?, ?)`,
				libraryID, id, string(day), now); err != nil {
				return apperr.InternalError(err)
			}
		}
		return recordAudit(ctx, tx, actor, libraryID, "training.attendance", "training_session", sessionID, string(day),
			audit.Changes{"present": {"", fmt.Sprintf("%d/%d", len(ids), len(seated))}}, now)
	})
}

func hasDay(days []record.Date, d record.Date) bool {
	for _, x := range days {
		if x == d {
			return true
		}
	}
	return false
}

// Score is a participant's pre-test and post-test (nil: not taken).
type Score struct {
	EnrolmentID int64
	Pre, Post   *int
}

// SetScores records the pre-test and post-test scores of a session's
// participants, 0–100. A wrong score is refused naming the test and the
// person, on the field "pre_<enrolment id>" or "post_<enrolment id>".
func (s *Service) SetScores(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64, scores []Score) error {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		status, _, err := lockSession(ctx, tx, libraryID, sessionID)
		if err != nil {
			return err
		}
		if status == SessionCancelled {
			return apperr.New(apperr.Conflict, "training.session_closed", apperr.Args{"Status": status})
		}
		seated, err := seatedEnrolments(ctx, tx, libraryID, sessionID)
		if err != nil {
			return err
		}
		var v apperr.Validation
		for _, sc := range scores {
			e, ok := seated[sc.EnrolmentID]
			if !ok {
				v.Add("scores", "training.bad_participant", nil)
				continue
			}
			if sc.Pre != nil && (*sc.Pre < 0 || *sc.Pre > 100) {
				v.Add(fmt.Sprintf("pre_%d", e.ID), "training.bad_pre_score", apperr.Args{"Name": e.StaffName, "Value": *sc.Pre})
			}
			if sc.Post != nil && (*sc.Post < 0 || *sc.Post > 100) {
				v.Add(fmt.Sprintf("post_%d", e.ID), "training.bad_post_score", apperr.Args{"Name": e.StaffName, "Value": *sc.Post})
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		changed := 0
		for _, sc := range scores {
			e := seated[sc.EnrolmentID]
			if eqInt(e.PreScore, sc.Pre) && eqInt(e.PostScore, sc.Post) {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET pre_score = ?, post_score = ?, updated_at = ? WHERE library_id = ? AND id = ?`,
				nullInt(sc.Pre), nullInt(sc.Post), now, libraryID, sc.EnrolmentID); err != nil {
				return apperr.InternalError(err)
			}
			changed++
		}
		if changed == 0 {
			return nil
		}
		return recordAudit(ctx, tx, actor, libraryID, "training.scores", "training_session", sessionID, strconv.Itoa(changed),
			nil, now)
	})
}

func eqInt(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// jpActivity maps a programme type to the activity of the JP ledger.
var jpActivity = map[string]string{
	"workshop": "workshop", "seminar": "seminar", "webinar": "seminar", "e_learning": "e_learning",
	"project_based": "pelatihan", "magang": "magang", "conference": "seminar",
}

// Completion is what Complete did.
type Completion struct {
	Completed    int `json:"completed"`
	NotCompleted int `json:"not_completed"`
	Credited     int `json:"credited"` // JP entries written now
}

// Complete closes a session once its last day has come: each seated
// participant who meets the rule is completed and the programme's JP are
// credited, verified, to her ledger; the others are not completed. It may
// run again after a correction: it only adds, so no one is credited twice
// and no credit is taken back (a record manager may delete a ledger line).
func (s *Service) Complete(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64) (Completion, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return Completion{}, err
	}
	q := s.DB.Reader()
	x, err := findSession(ctx, q, libraryID, sessionID)
	if err != nil {
		return Completion{}, err
	}
	p, err := findProgram(ctx, q, libraryID, x.ProgramID)
	if err != nil {
		return Completion{}, err
	}
	lib, err := s.library(ctx, q, libraryID)
	if err != nil {
		return Completion{}, err
	}
	if x.LastDay() > lib.Today {
		return Completion{}, apperr.New(apperr.Conflict, "training.not_finished", apperr.Args{"Day": string(x.LastDay())})
	}
	var out Completion
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		status, _, err := lockSession(ctx, tx, libraryID, sessionID)
		if err != nil {
			return err
		}
		if status == SessionCancelled {
			return apperr.New(apperr.Conflict, "training.session_closed", apperr.Args{"Status": status})
		}
		// Read again under the lock: the days and the rule may have changed.
		if x, err = findSession(ctx, tx, libraryID, sessionID); err != nil {
			return err
		}
		seated, err := enrolments(ctx, tx, `e.library_id = ? AND e.session_id = ? AND e.status IN (?, ?, ?)`,
			libraryID, sessionID, Confirmed, Completed, NotCompleted)
		if err != nil {
			return err
		}
		now := s.now()
		rule := x.Rule()
		for _, e := range seated {
			var itemID any
			newStatus := NotCompleted
			switch {
			case e.JPCredited:
				newStatus = Completed // a credit stands
			case rule.Check(len(x.Days), e.Attended, e.PostScore).Met():
				newStatus = Completed
				id, err := record.CreditJP(ctx, tx, actor, record.Credit{LibraryID: libraryID, StaffID: e.StaffID,
					Activity: jpActivity[p.Type], Title: x.Name(), Organizer: p.Organizer(lib.Name), Date: x.LastDay(), JP: p.JP,
					Note: "Pelatihan selesai (Bina Pustaka)"})
				if err != nil {
					return err
				}
				itemID = id
				out.Credited++
			}
			if newStatus == Completed {
				out.Completed++
			} else {
				out.NotCompleted++
			}
			if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET status = ?, jp_item_id = COALESCE(jp_item_id, ?), updated_at = ?
				WHERE library_id = ? AND id = ?`, newStatus, itemID, now, libraryID, e.ID); err != nil {
				return apperr.InternalError(err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_sessions SET status = ?, completed_at = ?, updated_at = ? WHERE library_id = ? AND id = ?`,
			SessionCompleted, now, now, libraryID, sessionID); err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, libraryID, "training.complete", "training_session", sessionID, x.Name(),
			audit.Changes{"status": {status, SessionCompleted}, "completed": {"", strconv.Itoa(out.Completed)},
				"credited": {"", strconv.Itoa(out.Credited)}}, now)
	})
	return out, err
}
