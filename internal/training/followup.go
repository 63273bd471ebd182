package training

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/record"
)

// Follow-up after a session (docs/training-needs.md): Kirkpatrick level 3
// is a reassessment of the programme's target competencies DefaultL3Days
// after the session's last day; level 4 is an indicative look at the
// trainees' service points' IKM the quarter before and after.
//
// Both are computed from completed sessions when read: nothing is stored,
// so a session completed, re-completed or edited is always current.

// DefaultL3Days is how long after the last day the reassessment falls due.
const DefaultL3Days = 90

// L3 states.
const (
	L3Upcoming = "upcoming" // due date ahead
	L3Due      = "due"      // due today
	L3Overdue  = "overdue"  // due date passed, not reassessed
	L3Done     = "done"     // reassessed after the session
)

// L3Item is one participant's reassessment of one completed session.
type L3Item struct {
	SessionID   int64       `json:"session_id"`
	SessionName string      `json:"session_name"`
	LastDay     record.Date `json:"last_day"`
	StaffID     int64       `json:"staff_id"`
	StaffName   string      `json:"staff_name"`
	Due         record.Date `json:"due"`
	State       string      `json:"state"`
	Targets     []string    `json:"targets"` // competency codes
}

// l3Days is one place to make the delay a library setting later.
func (s *Service) l3Days() int { return DefaultL3Days }

// L3FollowUps lists the reassessments of completed sessions' participants
// (status completed), earliest due first; open=true leaves out the done.
func (s *Service) L3FollowUps(ctx context.Context, actor *auth.Actor, libraryID int64, open bool) ([]L3Item, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	lib, err := s.library(ctx, q, libraryID)
	if err != nil {
		return nil, err
	}
	items, err := l3Items(ctx, q, libraryID, s.l3Days(), lib.Today)
	if err != nil {
		return nil, err
	}
	if open {
		items = slices.DeleteFunc(items, func(x L3Item) bool { return x.State == L3Done })
	}
	return items, nil
}

func l3Items(ctx context.Context, q db.Querier, libraryID int64, days int, today record.Date) ([]L3Item, error) {
	var items []L3Item
	err := eachRow(ctx, q, `SELECT x.id, p.title, x.title, x.last_day, e.staff_id, st.name FROM training_enrolments e
		JOIN training_sessions x ON x.library_id = e.library_id AND x.id = e.session_id
		JOIN training_programs p ON p.library_id = x.library_id AND p.id = x.program_id
		JOIN staff st ON st.library_id = e.library_id AND st.id = e.staff_id
		WHERE e.library_id = ? AND x.status = ? AND e.status = ?`, []any{libraryID, SessionCompleted, Completed},
		func(r *sql.Rows) error {
			var it L3Item
			var prog, title, last string
			if err := r.Scan(&it.SessionID, &prog, &title, &last, &it.StaffID, &it.StaffName); err != nil {
				return err
			}
			it.SessionName = Session{ProgramTitle: prog, Title: title}.Name()
			it.LastDay = record.Date(last)
			it.Due = it.LastDay.AddDays(days)
			items = append(items, it)
			return nil
		})
	if err != nil {
		return nil, err
	}
	// The target codes per session.
	targets := map[int64][]string{}
	err = eachRow(ctx, q, `SELECT x.id, c.code FROM training_sessions x
		JOIN training_program_competencies pc ON pc.library_id = x.library_id AND pc.program_id = x.program_id
		JOIN competencies c ON c.library_id = pc.library_id AND c.id = pc.competency_id
		WHERE x.library_id = ? AND x.status = ? ORDER BY c.code`, []any{libraryID, SessionCompleted}, func(r *sql.Rows) error {
		var id int64
		var code string
		if err := r.Scan(&id, &code); err != nil {
			return err
		}
		targets[id] = append(targets[id], code)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Reassessed: a supervisor rating of a target competency (by code) in a
	// cycle that opened after the session's last day.
	type rated struct {
		opens string
		code  string
	}
	ratings := map[int64][]rated{}
	err = eachRow(ctx, q, `SELECT a.staff_id, cy.opens_on, c.code FROM assessment_ratings r
		JOIN assessments a ON a.library_id = r.library_id AND a.id = r.assessment_id
		JOIN assessment_cycles cy ON cy.library_id = a.library_id AND cy.id = a.cycle_id
		JOIN competencies c ON c.library_id = r.library_id AND c.id = r.competency_id
		WHERE r.library_id = ? AND r.role = 'supervisor'`, []any{libraryID}, func(r *sql.Rows) error {
		var sid int64
		var x rated
		if err := r.Scan(&sid, &x.opens, &x.code); err != nil {
			return err
		}
		ratings[sid] = append(ratings[sid], x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range items {
		it := &items[i]
		it.Targets = targets[it.SessionID]
		done := false
		for _, x := range ratings[it.StaffID] {
			if x.opens > string(it.LastDay) && slices.Contains(it.Targets, x.code) {
				done = true
				break
			}
		}
		switch {
		case done:
			it.State = L3Done
		case it.Due > today:
			it.State = L3Upcoming
		case it.Due == today:
			it.State = L3Due
		default:
			it.State = L3Overdue
		}
	}
	slices.SortFunc(items, func(a, b L3Item) int {
		return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.SessionID, b.SessionID), strings.Compare(a.StaffName, b.StaffName))
	})
	return items, nil
}

// L4Summary is the indicative before/after IKM of the service points the
// session's trainees work at. Later work adds other service metrics.
type L4Summary struct {
	SessionID     int64       `json:"session_id"`
	SessionName   string      `json:"session_name"`
	FirstDay      record.Date `json:"first_day"`
	LastDay       record.Date `json:"last_day"`
	ServicePoints []string    `json:"service_points"`
	BeforeFrom    record.Date `json:"before_from"`
	BeforeTo      record.Date `json:"before_to"`
	AfterFrom     record.Date `json:"after_from"`
	AfterTo       record.Date `json:"after_to"`
	Before        *float64    `json:"ikm_before"` // nil: no answers
	After         *float64    `json:"ikm_after"`  // nil: no answers or the quarter is not over
	AfterPending  bool        `json:"after_pending"`
}

// Change is After − Before when both are known.
func (x L4Summary) Change() *float64 {
	if x.Before == nil || x.After == nil {
		return nil
	}
	d := round2(*x.After - *x.Before)
	return &d
}

// L4Summaries covers every completed session, newest first.
func (s *Service) L4Summaries(ctx context.Context, actor *auth.Actor, libraryID int64) ([]L4Summary, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	lib, err := s.library(ctx, q, libraryID)
	if err != nil {
		return nil, err
	}
	var out []L4Summary
	err = eachRow(ctx, q, `SELECT x.id, p.title, x.title, x.first_day, x.last_day FROM training_sessions x
		JOIN training_programs p ON p.library_id = x.library_id AND p.id = x.program_id
		WHERE x.library_id = ? AND x.status = ? ORDER BY x.last_day DESC, x.id DESC`, []any{libraryID, SessionCompleted},
		func(r *sql.Rows) error {
			var x L4Summary
			var prog, title, first, last string
			if err := r.Scan(&x.SessionID, &prog, &title, &first, &last); err != nil {
				return err
			}
			x.SessionName = Session{ProgramTitle: prog, Title: title}.Name()
			x.FirstDay, x.LastDay = record.Date(first), record.Date(last)
			out = append(out, x)
			return nil
		})
	if err != nil {
		return nil, err
	}
	for i := range out {
		x := &out[i]
		x.BeforeFrom, x.BeforeTo = previousQuarter(x.FirstDay)
		x.AfterFrom, x.AfterTo = nextQuarter(x.LastDay)
		ids := []any{}
		err := eachRow(ctx, q, `SELECT DISTINCT sp.id, sp.name FROM training_enrolments e
			JOIN staff st ON st.library_id = e.library_id AND st.id = e.staff_id
			JOIN service_points sp ON sp.library_id = st.library_id AND sp.id = st.service_point_id
			WHERE e.library_id = ? AND e.session_id = ? AND e.status = ? ORDER BY sp.name`, []any{libraryID, x.SessionID, Completed},
			func(r *sql.Rows) error {
				var id int64
				var name string
				if err := r.Scan(&id, &name); err != nil {
					return err
				}
				ids = append(ids, id)
				x.ServicePoints = append(x.ServicePoints, name)
				return nil
			})
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			continue
		}
		if x.Before, err = pointsIKM(ctx, q, libraryID, ids, x.BeforeFrom, x.BeforeTo); err != nil {
			return nil, err
		}
		if x.AfterTo >= lib.Today {
			x.AfterPending = true
			continue
		}
		if x.After, err = pointsIKM(ctx, q, libraryID, ids, x.AfterFrom, x.AfterTo); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// nextQuarter is the first full quarter after the day's quarter.
func nextQuarter(day record.Date) (record.Date, record.Date) {
	t := day.Time()
	q := (int(t.Month()) - 1) / 3
	start := time.Date(t.Year(), time.Month(q*3+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 3, 0)
	return record.Date(start.Format(time.DateOnly)), record.Date(start.AddDate(0, 3, -1).Format(time.DateOnly))
}

// pointsIKM is the IKM of the service points together over a period; nil
// when nobody answered.
func pointsIKM(ctx context.Context, q db.Querier, libraryID int64, ids []any, from, to record.Date) (*float64, error) {
	var cols strings.Builder
	for i := 1; i <= ikm.NumElements; i++ {
		fmt.Fprintf(&cols, "COALESCE(SUM(s%d), 0), COALESCE(SUM(c%d), 0), ", i, i)
	}
	var acc ikm.Accumulator
	dest := []any{}
	for i := range acc.Sum {
		dest = append(dest, &acc.Sum[i], &acc.Count[i])
	}
	dest = append(dest, &acc.Respondents)
	args := append([]any{libraryID, string(from), string(to)}, ids...)
	if err := q.QueryRowContext(ctx, `SELECT `+cols.String()+`COALESCE(SUM(respondents), 0) FROM ikm_daily
		WHERE library_id = ? AND day >= ? AND day <= ? AND service_point_id IN (`+placeholders(len(ids))+`)`, args...).Scan(dest...); err != nil {
		return nil, apperr.InternalError(err)
	}
	res := acc.Result()
	if res.Grade == "" {
		return nil, nil
	}
	v := res.IKM
	return &v, nil
}
