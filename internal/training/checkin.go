package training

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/record"
)

// CheckinCode is the code of a session day's QR code, made the first time
// it is asked for. Only today's code is given: a code shown in advance
// could be passed round and used from home.
func (s *Service) CheckinCode(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64, day record.Date) (string, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return "", err
	}
	lib, err := s.library(ctx, s.DB.Reader(), libraryID)
	if err != nil {
		return "", err
	}
	var code string
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
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
		if !hasDay(days, day) || day != lib.Today {
			var v apperr.Validation
			v.Add("day", "training.checkin_not_today", apperr.Args{"Day": string(day)})
			return v.Err()
		}
		err = tx.QueryRowContext(ctx, `SELECT code FROM training_checkin_codes WHERE library_id = ? AND session_id = ? AND day = ?`,
			libraryID, sessionID, string(day)).Scan(&code)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return apperr.InternalError(err)
		}
		code = newCheckinCode()
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_checkin_codes (library_id, session_id, day, code, created_at) VALUES (?, ?, ?, ?, ?)`,
			libraryID, sessionID, string(day), code, now); err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, libraryID, "training.checkin_qr", "training_session", sessionID, string(day), nil, now)
	})
	return code, err
}

// newCheckinCode is 80 random bits, short enough for a small QR code.
func newCheckinCode() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return strings.ToLower(base32.StdEncoding.EncodeToString(b))
}

// CheckIn is what a participant's check-in did.
type CheckIn struct {
	SessionID   int64       `json:"session_id"`
	SessionName string      `json:"session_name"`
	Day         record.Date `json:"day"`
	Already     bool        `json:"already"` // she had been marked present that day before
}

// CheckIn marks the actor present on the day of a session's code: she
// scanned the QR code shown in the room. Only a code of today counts, and
// only for her own seat; scanning twice changes nothing.
func (s *Service) CheckIn(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64, code string) (CheckIn, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return CheckIn{}, err
	}
	staffID := ownStaffID(actor, libraryID)
	if staffID == 0 {
		return CheckIn{}, apperr.New(apperr.Forbidden, "training.no_staff_record", nil)
	}
	q := s.DB.Reader()
	lib, err := s.library(ctx, q, libraryID)
	if err != nil {
		return CheckIn{}, err
	}
	x, err := findSession(ctx, q, libraryID, sessionID)
	if err != nil {
		return CheckIn{}, err
	}
	out := CheckIn{SessionID: sessionID, SessionName: x.Name(), Day: lib.Today}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		status, _, err := lockSession(ctx, tx, libraryID, sessionID)
		if err != nil {
			return err
		}
		if status == SessionCancelled {
			return apperr.New(apperr.Conflict, "training.session_closed", apperr.Args{"Status": status})
		}
		var day string
		err = tx.QueryRowContext(ctx, `SELECT day FROM training_checkin_codes WHERE library_id = ? AND session_id = ? AND code = ?`,
			libraryID, sessionID, strings.ToLower(strings.TrimSpace(code))).Scan(&day)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && record.Date(day) != lib.Today) {
			return apperr.New(apperr.Conflict, "training.checkin_bad_code", nil)
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		var enrolmentID int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM training_enrolments WHERE library_id = ? AND session_id = ? AND staff_id = ? AND status IN (?, ?, ?)`,
			libraryID, sessionID, staffID, Confirmed, Completed, NotCompleted).Scan(&enrolmentID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.Forbidden, "training.checkin_not_participant", nil)
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_attendance WHERE library_id = ? AND enrolment_id = ? AND day = ?`,
			libraryID, enrolmentID, day).Scan(&n); err != nil {
			return apperr.InternalError(err)
		}
		if n > 0 {
			out.Already = true
			return nil
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_attendance (library_id, enrolment_id, day, marked_at) VALUES (?, ?, ?, ?)`,
			libraryID, enrolmentID, day, now); err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, libraryID, "training.checkin_scan", "training_enrolment", enrolmentID, day,
			audit.Changes{"present": {"", day}}, now)
	})
	return out, err
}
