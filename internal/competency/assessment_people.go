package competency

import (
	"context"
	"strconv"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Account is a library member who may be named supervisor or peer.
type Account struct {
	UserID  int64  `json:"user_id"`
	Name    string `json:"name"`
	StaffID *int64 `json:"staff_id"` // her own staff record, if any
}

// AssessorsPage is a cycle's assessments with the accounts one may name.
type AssessorsPage struct {
	Cycle       Cycle
	Assessments []AssessmentLine
	Accounts    []Account
}

// Name returns an account's name by user id ("" when unknown or nil).
func (p AssessorsPage) Name(id *int64) string {
	if id == nil {
		return ""
	}
	for _, a := range p.Accounts {
		if a.UserID == *id {
			return a.Name
		}
	}
	return ""
}

// Assessors lists a cycle's assessments with the library's active accounts,
// for the page on which a coordinator names supervisors and peers.
func (s *Service) Assessors(ctx context.Context, actor *auth.Actor, libraryID, cycleID int64) (AssessorsPage, error) {
	if err := actor.Require(auth.PermAssessmentManage, libraryID); err != nil {
		return AssessorsPage{}, err
	}
	q := s.DB.Reader()
	c, err := findCycle(ctx, q, libraryID, cycleID)
	if err != nil {
		return AssessorsPage{}, err
	}
	as, err := assessmentLines(ctx, q, libraryID, ` AND a.cycle_id = ?`, cycleID)
	if err != nil {
		return AssessorsPage{}, err
	}
	accs, err := libraryAccounts(ctx, q, libraryID)
	if err != nil {
		return AssessorsPage{}, err
	}
	return AssessorsPage{Cycle: c, Assessments: as, Accounts: accs}, nil
}

func libraryAccounts(ctx context.Context, q db.Querier, libraryID int64) ([]Account, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.name, m.staff_id FROM memberships m
		JOIN users u ON u.id = m.user_id WHERE m.library_id = ? AND u.active = ? ORDER BY u.name, u.id`, libraryID, true)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Account{}
	for rows.Next() {
		var a Account
		if err := rows.Scan(&a.UserID, &a.Name, &a.StaffID); err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SetAssessors names (or, with nil, clears) the designated supervisor and
// peer of an open cycle's assessment. Both must be active members of the
// library, neither the person herself, and not the same account: the peer
// rating is a second view beside the supervisor's.
func (s *Service) SetAssessors(ctx context.Context, actor *auth.Actor, libraryID, assessmentID int64, supervisorUserID, peerUserID *int64) error {
	if err := actor.Require(auth.PermAssessmentManage, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		a, err := findAssessment(ctx, tx, libraryID, assessmentID)
		if err != nil {
			return err
		}
		c, err := findCycle(ctx, tx, libraryID, a.CycleID)
		if err != nil {
			return err
		}
		if !c.Open() {
			return apperr.New(apperr.Conflict, "assessment.cycle_closed", nil)
		}
		accs, err := libraryAccounts(ctx, tx, libraryID)
		if err != nil {
			return err
		}
		byID := map[int64]Account{}
		for _, acc := range accs {
			byID[acc.UserID] = acc
		}
		var v apperr.Validation
		check := func(field string, id *int64) {
			if id == nil {
				return
			}
			acc, ok := byID[*id]
			switch {
			case !ok:
				v.Add(field, "assessment.not_a_member", nil)
			case acc.StaffID != nil && *acc.StaffID == a.StaffID:
				v.Add(field, "assessment.assessor_is_self", nil)
			}
		}
		check("supervisor_user_id", supervisorUserID)
		check("peer_user_id", peerUserID)
		if supervisorUserID != nil && peerUserID != nil && *supervisorUserID == *peerUserID {
			v.Add("peer_user_id", "assessment.peer_is_supervisor", nil)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assessments SET supervisor_user_id = ?, peer_user_id = ? WHERE library_id = ? AND id = ?`,
			supervisorUserID, peerUserID, libraryID, assessmentID); err != nil {
			return apperr.InternalError(err)
		}
		return audit.Record(ctx, tx, actor, libraryID, "assessment.assessors", "assessment", assessmentID, a.StaffName,
			audit.Changes{"supervisor_user_id": {optID(a.SupervisorUserID), optID(supervisorUserID)}, "peer_user_id": {optID(a.PeerUserID), optID(peerUserID)}})
	})
}

func optID(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

// PeerAssessments lists the open assessments the actor is the designated
// peer of, for "Penilaian saya".
func (s *Service) PeerAssessments(ctx context.Context, actor *auth.Actor, libraryID int64) ([]AssessmentLine, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return nil, err
	}
	return assessmentLines(ctx, s.DB.Reader(), libraryID, ` AND a.peer_user_id = ? AND c.status = ?`, actor.UserID, CycleOpen)
}
