package training

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/record"
)

// Certificate states, as the verification page shows them
// ("certificate.state.<code>").
const (
	CertValid   = "valid"
	CertRevoked = "revoked"
	CertExpired = "expired"
)

// Limits of certificates.
const (
	MaxValidityMonths = 120
	MaxRevokeReason   = 500
)

// Certificate is a training certificate with what it certifies, joined.
type Certificate struct {
	ID           int64       `json:"id"`
	LibraryID    int64       `json:"library_id"`
	LibraryName  string      `json:"library_name"`
	EnrolmentID  int64       `json:"enrolment_id"`
	SessionID    int64       `json:"session_id"`
	StaffID      int64       `json:"staff_id"`
	StaffName    string      `json:"staff_name"`
	NIP          string      `json:"nip,omitempty"`
	ProgramTitle string      `json:"program_title"`
	SessionTitle string      `json:"session_title"`
	FirstDay     record.Date `json:"first_day"`
	LastDay      record.Date `json:"last_day"`
	JP           int         `json:"jp"`
	Number       string      `json:"number"`
	Code         string      `json:"code"`
	IssuedAt     time.Time   `json:"issued_at"`
	IssuedOn     record.Date `json:"issued_on"`
	ExpiresOn    record.Date `json:"expires_on,omitempty"` // "": never expires
	RevokedAt    *time.Time  `json:"revoked_at,omitempty"`
	RevokeReason string      `json:"-"` // for the library only, never on the public page
	State        string      `json:"state"`
}

// SessionName is the programme, and the session's own title when it has one.
func (c Certificate) SessionName() string {
	if c.SessionTitle == "" {
		return c.ProgramTitle
	}
	return c.ProgramTitle + " — " + c.SessionTitle
}

const certCols = `c.id, c.library_id, l.name, c.enrolment_id, c.session_id, c.staff_id, st.name, COALESCE(st.nip, ''),
	p.title, x.title, x.first_day, x.last_day, p.jp, c.number, c.code, c.issued_at, c.issued_on, COALESCE(c.expires_on, ''),
	c.revoked_at, c.revoke_reason, l.time_zone`

const certFrom = ` FROM training_certificates c
	JOIN libraries l ON l.id = c.library_id
	JOIN staff st ON st.library_id = c.library_id AND st.id = c.staff_id
	JOIN training_sessions x ON x.library_id = c.library_id AND x.id = c.session_id
	JOIN training_programs p ON p.library_id = x.library_id AND p.id = x.program_id`

func (s *Service) scanCertificate(row interface{ Scan(...any) error }) (Certificate, error) {
	var c Certificate
	var first, last, issuedOn, expires, tz string
	var revoked sql.NullTime
	err := row.Scan(&c.ID, &c.LibraryID, &c.LibraryName, &c.EnrolmentID, &c.SessionID, &c.StaffID, &c.StaffName, &c.NIP,
		&c.ProgramTitle, &c.SessionTitle, &first, &last, &c.JP, &c.Number, &c.Code, &c.IssuedAt, &issuedOn, &expires,
		&revoked, &c.RevokeReason, &tz)
	if err != nil {
		return c, err
	}
	c.FirstDay, c.LastDay, c.IssuedOn, c.ExpiresOn = record.Date(first), record.Date(last), record.Date(issuedOn), record.Date(expires)
	if revoked.Valid {
		t := revoked.Time.UTC()
		c.RevokedAt = &t
	}
	c.State = CertValid
	switch {
	case c.RevokedAt != nil:
		c.State = CertRevoked
	case c.ExpiresOn != "" && record.DateOf(s.now(), record.Zone(tz)) > c.ExpiresOn:
		c.State = CertExpired
	}
	return c, nil
}

func (s *Service) certificates(ctx context.Context, q db.Querier, where string, args ...any) ([]Certificate, error) {
	var out []Certificate
	err := eachRow(ctx, q, `SELECT `+certCols+certFrom+` WHERE `+where+` ORDER BY c.year, c.seq`, args, func(rows *sql.Rows) error {
		c, err := s.scanCertificate(rows)
		if err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

func (s *Service) findCertificate(ctx context.Context, q db.Querier, where string, args ...any) (Certificate, error) {
	c, err := s.scanCertificate(q.QueryRowContext(ctx, `SELECT `+certCols+certFrom+` WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Certificate{}, apperr.NotFoundError("certificate")
	}
	if err != nil {
		return Certificate{}, apperr.InternalError(err)
	}
	return c, nil
}

// Verify finds a certificate by its public code, for anyone: the
// verification page. An unknown code is NotFound.
func (s *Service) Verify(ctx context.Context, code string) (Certificate, error) {
	if code == "" || len(code) > 64 {
		return Certificate{}, apperr.NotFoundError("certificate")
	}
	return s.findCertificate(ctx, s.DB.Reader(), `c.code = ?`, code)
}

// Certificate returns one certificate: a coordinator any of the library's,
// a staff member her own.
func (s *Service) Certificate(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Certificate, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return Certificate{}, err
	}
	c, err := s.findCertificate(ctx, s.DB.Reader(), `c.library_id = ? AND c.id = ?`, libraryID, id)
	if err != nil {
		return Certificate{}, err
	}
	if !actor.Can(auth.PermTrainingManage, libraryID) && ownStaffID(actor, libraryID) != c.StaffID {
		return Certificate{}, apperr.NotFoundError("certificate")
	}
	return c, nil
}

// CertificateFilter narrows Certificates: a session, a person (0: any).
type CertificateFilter struct {
	LibraryID int64
	SessionID int64
	StaffID   int64
}

// Certificates lists certificates in number order: a coordinator sees all
// (of the session or person asked for), a staff member only her own.
func (s *Service) Certificates(ctx context.Context, actor *auth.Actor, f CertificateFilter) ([]Certificate, error) {
	if err := actor.Require(auth.PermTrainingView, f.LibraryID); err != nil {
		return nil, err
	}
	where, args := `c.library_id = ?`, []any{f.LibraryID}
	if !actor.Can(auth.PermTrainingManage, f.LibraryID) {
		own := ownStaffID(actor, f.LibraryID)
		if own == 0 || (f.StaffID != 0 && f.StaffID != own) {
			return nil, nil
		}
		f.StaffID = own
	}
	if f.SessionID != 0 {
		where, args = where+` AND c.session_id = ?`, append(args, f.SessionID)
	}
	if f.StaffID != 0 {
		where, args = where+` AND c.staff_id = ?`, append(args, f.StaffID)
	}
	return s.certificates(ctx, s.DB.Reader(), where, args...)
}

// newCode is the certificate's public code: 72 random bits, URL-safe,
// 12 characters, so codes cannot be guessed from one another.
func newCode() (string, error) {
	b := make([]byte, 9)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// FormatNumber is a certificate's number: BP/<library>/<year>/<seq>.
func FormatNumber(libraryID int64, year int, seq int64) string {
	return fmt.Sprintf("BP/%d/%d/%04d", libraryID, year, seq)
}

// allocate reserves n consecutive sequence numbers of the library's year
// and returns the first. The UPDATE holds the counter row until commit on
// PostgreSQL; SQLite's write transactions run one at a time anyway.
func allocate(ctx context.Context, tx *db.Tx, libraryID int64, year, n int) (int64, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO training_certificate_counters (library_id, year, next_seq) VALUES (?, ?, 1)
		ON CONFLICT (library_id, year) DO NOTHING`, libraryID, year); err != nil {
		return 0, apperr.InternalError(err)
	}
	var next int64
	if err := tx.QueryRowContext(ctx, `UPDATE training_certificate_counters SET next_seq = next_seq + ?
		WHERE library_id = ? AND year = ? RETURNING next_seq`, n, libraryID, year).Scan(&next); err != nil {
		return 0, apperr.InternalError(err)
	}
	return next - int64(n), nil
}

// issueTarget is a completed enrolment still without a certificate.
type issueTarget struct {
	enrolmentID, staffID int64
	staffName            string
}

// issue writes certificates for the session's completed enrolments and
// returns their ids: in bulk (only 0) for those that never had one, so a
// revocation is not undone by the next bulk issue; for one enrolment
// (only) when it has none in force, so a coordinator can re-issue after a
// revocation: a new number and code, the revoked one stays revoked. Both
// Issue and IssueForSession come through here.
func (s *Service) issue(ctx context.Context, tx *db.Tx, actor *auth.Actor, libraryID, sessionID int64, only int64) ([]int64, error) {
	status, _, err := lockSession(ctx, tx, libraryID, sessionID)
	if err != nil {
		return nil, err
	}
	if status != SessionCompleted {
		return nil, apperr.New(apperr.Conflict, "certificate.session_not_completed", nil)
	}
	x, err := findSession(ctx, tx, libraryID, sessionID)
	if err != nil {
		return nil, err
	}
	var months sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT certificate_validity_months FROM training_programs WHERE library_id = ? AND id = ?`,
		libraryID, x.ProgramID).Scan(&months); err != nil {
		return nil, apperr.InternalError(err)
	}
	lib, err := s.library(ctx, tx, libraryID)
	if err != nil {
		return nil, err
	}
	// In bulk an enrolment that ever had a certificate is left alone; for
	// one enrolment only a certificate in force stops a new one.
	held := `c.library_id = e.library_id AND c.enrolment_id = e.id`
	args := []any{libraryID, sessionID, Completed}
	one := ""
	if only != 0 {
		held += ` AND c.revoked_at IS NULL`
		one, args = ` AND e.id = ?`, append(args, only)
	}
	where := `e.library_id = ? AND e.session_id = ? AND e.status = ?
		AND NOT EXISTS (SELECT 1 FROM training_certificates c WHERE ` + held + `)` + one
	var targets []issueTarget
	err = eachRow(ctx, tx, `SELECT e.id, e.staff_id, st.name`+enrolmentFrom+` WHERE `+where+` ORDER BY st.name, e.id`, args,
		func(rows *sql.Rows) error {
			var t issueTarget
			if err := rows.Scan(&t.enrolmentID, &t.staffID, &t.staffName); err != nil {
				return err
			}
			targets = append(targets, t)
			return nil
		})
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	if len(targets) == 0 {
		return nil, nil
	}
	year := lib.Today.Year()
	first, err := allocate(ctx, tx, libraryID, year, len(targets))
	if err != nil {
		return nil, err
	}
	now := s.now()
	var expires any
	if months.Valid && months.Int64 > 0 {
		expires = lib.Today.Time().AddDate(0, int(months.Int64), -1).Format("2006-01-02")
	}
	ids := make([]int64, 0, len(targets))
	for i, t := range targets {
		seq := first + int64(i)
		code, err := newCode()
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		number := FormatNumber(libraryID, year, seq)
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO training_certificates (library_id, enrolment_id, session_id, staff_id, year, seq,
			number, code, issued_at, issued_on, expires_on, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			libraryID, t.enrolmentID, sessionID, t.staffID, year, seq, number, code, now, string(lib.Today), expires, userOrNil(actor)).Scan(&id); err != nil {
			return nil, apperr.InternalError(err)
		}
		if err := recordAudit(ctx, tx, actor, libraryID, "certificate.issue", "training_certificate", id, number+" "+t.staffName,
			audit.Changes{"number": {"", number}}, now); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// IssueForSession issues, in one transaction, a certificate to every
// completed participant of the session who has none yet, and returns them.
func (s *Service) IssueForSession(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64) ([]Certificate, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return nil, err
	}
	var ids []int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		ids, err = s.issue(ctx, tx, actor, libraryID, sessionID, 0)
		return err
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	return s.certificates(ctx, s.DB.Reader(), `c.library_id = ? AND c.id IN (`+placeholders(len(ids))+`)`, append([]any{libraryID}, int64sToAny(ids)...)...)
}

// Issue issues the certificate of one completed enrolment, also after its
// certificate was revoked (a new one; the revoked one stays revoked). An
// enrolment that has one in force gets it back, with issued false.
func (s *Service) Issue(ctx context.Context, actor *auth.Actor, libraryID, enrolmentID int64) (c Certificate, issued bool, err error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return Certificate{}, false, err
	}
	e, err := findEnrolment(ctx, s.DB.Reader(), libraryID, enrolmentID)
	if err != nil {
		return Certificate{}, false, err
	}
	if e.Status != Completed {
		return Certificate{}, false, apperr.New(apperr.Conflict, "certificate.not_completed", apperr.Args{"Name": e.StaffName})
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		ids, err := s.issue(ctx, tx, actor, libraryID, e.SessionID, enrolmentID)
		issued = len(ids) > 0
		return err
	})
	if err != nil {
		return Certificate{}, false, err
	}
	c, err = s.findCertificate(ctx, s.DB.Reader(), `c.library_id = ? AND c.enrolment_id = ? AND c.revoked_at IS NULL`, libraryID, enrolmentID)
	return c, issued, err
}

// Revoke withdraws a certificate for a reason (kept for the library and
// the audit log; the public page only says it was revoked).
func (s *Service) Revoke(ctx context.Context, actor *auth.Actor, libraryID, id int64, reason string) (Certificate, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return Certificate{}, err
	}
	reason = strings.TrimSpace(reason)
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		// Another library's certificate is not found, whatever the reason.
		c, err := s.findCertificate(ctx, tx, `c.library_id = ? AND c.id = ?`, libraryID, id)
		if err != nil {
			return err
		}
		var v apperr.Validation
		if reason == "" {
			v.Add("reason", "field.required", nil)
		} else if len([]rune(reason)) > MaxRevokeReason {
			v.Add("reason", "field.too_long", apperr.Args{"Max": MaxRevokeReason})
		}
		if err := v.Err(); err != nil {
			return err
		}
		if c.RevokedAt != nil {
			return apperr.New(apperr.Conflict, "certificate.already_revoked", nil)
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE training_certificates SET revoked_at = ?, revoke_reason = ?, revoked_by = ?
			WHERE library_id = ? AND id = ? AND revoked_at IS NULL`, now, reason, userOrNil(actor), libraryID, id)
		if err != nil {
			return apperr.InternalError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "certificate.already_revoked", nil)
		}
		return recordAudit(ctx, tx, actor, libraryID, "certificate.revoke", "training_certificate", id, c.Number,
			audit.Changes{"revoke_reason": {"", reason}}, now)
	})
	if err != nil {
		return Certificate{}, err
	}
	return s.findCertificate(ctx, s.DB.Reader(), `c.library_id = ? AND c.id = ?`, libraryID, id)
}

func int64sToAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
