// Package notify tells people about what concerns them: in the app (the
// notifications table, a "Notifikasi" page with an unread count) and by
// e-mail (an outbox the sender job delivers over SMTP). See
// docs/notifications.md.
//
// Notifications come from jobs that scan the events (audit log, sessions,
// enrolments) rather than from hooks in the training code: the training
// package stays unaware of notifications, and a dedupe key per user and
// event makes every scan idempotent. The e-mail is queued in the same
// transaction as the notification, so one is never written without the
// other.
package notify

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Kinds of notification; the label is "notify.kind.<kind>".
const (
	KindInvitation = "invitation" // nominated to a session
	KindPromotion  = "promotion"  // moved up from the waitlist
	KindReminder   = "reminder"   // the session starts tomorrow
	KindL1Prompt   = "l1_prompt"  // fill in the reaction survey
	KindL3Prompt   = "l3_prompt"  // a reassessment is due
)

// Kinds lists them.
var Kinds = []string{KindInvitation, KindPromotion, KindReminder, KindL1Prompt, KindL3Prompt}

// Notification is one message to one user in one library.
type Notification struct {
	ID        int64      `json:"id"`
	LibraryID int64      `json:"library_id"`
	UserID    int64      `json:"user_id"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	Link      string     `json:"link"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

// Service stores and lists notifications and sends the outbox.
type Service struct {
	DB   *db.DB
	Now  func() time.Time // nil → db.Now
	Mail Mailer           // Addr "" → e-mail off: in-app only, nothing queued
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return db.Now()
	}
	return s.Now().UTC().Truncate(time.Microsecond)
}

// Add stores a notification unless the user already has one with the key,
// and queues its e-mail when e-mail is on and the user has an address.
// It reports whether it was new.
func (s *Service) Add(ctx context.Context, tx *db.Tx, n Notification, key string) (bool, error) {
	var exists int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE library_id = ? AND user_id = ? AND dedupe_key = ?`,
		n.LibraryID, n.UserID, key).Scan(&exists)
	if err != nil {
		return false, apperr.InternalError(err)
	}
	if exists > 0 {
		return false, nil
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (library_id, user_id, kind, title, body, link, dedupe_key, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, n.LibraryID, n.UserID, n.Kind, n.Title, n.Body, n.Link, key, now); err != nil {
		return false, apperr.InternalError(err)
	}
	if s.Mail.Addr == "" {
		return true, nil
	}
	var email string
	err = tx.QueryRowContext(ctx, `SELECT email FROM users WHERE id = ? AND active = TRUE`, n.UserID).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) || email == "" {
		return true, nil
	}
	if err != nil {
		return false, apperr.InternalError(err)
	}
	body := n.Body
	if n.Link != "" && s.Mail.BaseURL != "" {
		body += "\n\n" + s.Mail.BaseURL + n.Link
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO email_outbox (library_id, to_addr, subject, body, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, n.LibraryID, email, subjectOf(n), body, now, now); err != nil {
		return false, apperr.InternalError(err)
	}
	return true, nil
}

// kindLabels are the Indonesian labels used in e-mail subjects (e-mail
// goes out from a job that knows no reader's language; Indonesian is the
// application's default).
var kindLabels = map[string]string{
	KindInvitation: "Undangan pelatihan",
	KindPromotion:  "Anda mendapat kursi pelatihan",
	KindReminder:   "Pengingat: pelatihan besok",
	KindL1Prompt:   "Isi evaluasi pelatihan",
	KindL3Prompt:   "Penilaian ulang kompetensi jatuh tempo",
}

func subjectOf(n Notification) string {
	return "[Bina Pustaka] " + kindLabels[n.Kind] + ": " + n.Title
}

// List returns the actor's notifications in the library, newest first.
func (s *Service) List(ctx context.Context, actor *auth.Actor, libraryID int64, limit int) ([]Notification, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT id, library_id, user_id, kind, title, body, link, created_at, read_at FROM notifications
		WHERE library_id = ? AND user_id = ? ORDER BY id DESC LIMIT ?`, libraryID, actor.UserID, limit)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.LibraryID, &n.UserID, &n.Kind, &n.Title, &n.Body, &n.Link, &n.CreatedAt, &read); err != nil {
			return nil, apperr.InternalError(err)
		}
		if read.Valid {
			t := read.Time
			n.ReadAt = &t
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

// Unread counts the actor's unread notifications in the library (0 on no
// access: the menu asks on every page).
func (s *Service) Unread(ctx context.Context, actor *auth.Actor, libraryID int64) (int, error) {
	if actor == nil || actor.UserID == 0 || !actor.Can(auth.PermLibraryView, libraryID) {
		return 0, nil
	}
	var n int
	err := s.DB.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE library_id = ? AND user_id = ? AND read_at IS NULL`,
		libraryID, actor.UserID).Scan(&n)
	if err != nil {
		return 0, apperr.InternalError(err)
	}
	return n, nil
}

// MarkRead marks one of the actor's notifications read (id 0: all of them
// in the library). Someone else's notification is not found.
func (s *Service) MarkRead(ctx context.Context, actor *auth.Actor, libraryID, id int64) error {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		query := `UPDATE notifications SET read_at = ? WHERE library_id = ? AND user_id = ? AND read_at IS NULL`
		args := []any{s.now(), libraryID, actor.UserID}
		if id != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE library_id = ? AND user_id = ? AND id = ?`,
				libraryID, actor.UserID, id).Scan(&n); err != nil {
				return apperr.InternalError(err)
			}
			if n == 0 {
				return apperr.NotFoundError("notification")
			}
			query += ` AND id = ?`
			args = append(args, id)
		}
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return apperr.InternalError(err)
		}
		return nil
	})
}
