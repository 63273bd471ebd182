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
//
// A notification is stored as a message key and its arguments (message.go)
// and written out in the reader's language: the page and the API in the
// request's, the e-mail in the recipient's stored preference (users.lang).
package notify

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/i18n"
)

// Kinds of notification; the label is "notify.kind.<kind>".
const (
	KindInvitation = "invitation"  // nominated to a session
	KindPromotion  = "promotion"   // moved up from the waitlist
	KindReminder   = "reminder"    // the session starts tomorrow
	KindL1Prompt   = "l1_prompt"   // fill in the reaction survey
	KindL3Prompt   = "l3_prompt"   // a reassessment is due
	KindCertExpiry = "cert_expiry" // a certificate of hers ends soon
)

// Kinds lists them.
var Kinds = []string{KindInvitation, KindPromotion, KindReminder, KindL1Prompt, KindL3Prompt, KindCertExpiry}

// Notification is one message to one user in one library. Title and Body
// are what the reader sees: List writes them in her language from Message;
// a notification without a message key (older rows) shows them as stored.
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
	Message   Message    `json:"-"`
}

// Service stores and lists notifications and sends the outbox.
type Service struct {
	DB       *db.DB
	Now      func() time.Time // nil → db.Now
	Mail     Mailer           // Addr "" → e-mail off: in-app only, nothing queued
	Messages *i18n.Bundle     // nil → the application's embedded messages
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return db.Now()
	}
	return s.Now().UTC().Truncate(time.Microsecond)
}

// Add stores a notification unless the user already has one with the key,
// and queues its e-mail when e-mail is on and the user has an address.
// It reports whether it was new. A notification with a Message keeps its
// key and arguments, and its title and body in Indonesian (the default
// language) as the text shown should the key ever be unknown; the e-mail
// is written in the recipient's language.
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
	args, err := n.Message.encodeArgs()
	if err != nil {
		return false, apperr.InternalError(err)
	}
	stored := n
	s.localize(&stored, "id")
	now := s.now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (library_id, user_id, kind, title, body, link, dedupe_key, created_at, msg_key, msg_args)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.LibraryID, n.UserID, n.Kind, stored.Title, stored.Body, n.Link, key, now, n.Message.Key, args); err != nil {
		return false, apperr.InternalError(err)
	}
	if s.Mail.Addr == "" {
		return true, nil
	}
	var email, lang string
	err = tx.QueryRowContext(ctx, `SELECT email, lang FROM users WHERE id = ? AND active = TRUE`, n.UserID).Scan(&email, &lang)
	if errors.Is(err, sql.ErrNoRows) || email == "" {
		return true, nil
	}
	if err != nil {
		return false, apperr.InternalError(err)
	}
	subject, body := s.email(n, lang)
	if _, err := tx.ExecContext(ctx, `INSERT INTO email_outbox (library_id, to_addr, subject, body, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, n.LibraryID, email, subject, body, now, now); err != nil {
		return false, apperr.InternalError(err)
	}
	return true, nil
}

// email writes the notification's e-mail in lang: the subject
// "[Bina Pustaka] <kind>: <title>", the body with the absolute link.
func (s *Service) email(n Notification, lang string) (subject, body string) {
	s.localize(&n, lang)
	body = n.Body
	if n.Link != "" && s.Mail.BaseURL != "" {
		body += "\n\n" + s.Mail.BaseURL + n.Link
	}
	return "[Bina Pustaka] " + s.kindLabel(n.Kind, lang) + ": " + n.Title, body
}

// List returns the actor's notifications in the library, newest first,
// written in lang.
func (s *Service) List(ctx context.Context, actor *auth.Actor, libraryID int64, lang string, limit int) ([]Notification, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT id, library_id, user_id, kind, title, body, link, created_at, read_at, msg_key, msg_args
		FROM notifications WHERE library_id = ? AND user_id = ? ORDER BY id DESC LIMIT ?`, libraryID, actor.UserID, limit)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var read sql.NullTime
		var key, args string
		if err := rows.Scan(&n.ID, &n.LibraryID, &n.UserID, &n.Kind, &n.Title, &n.Body, &n.Link, &n.CreatedAt, &read, &key, &args); err != nil {
			return nil, apperr.InternalError(err)
		}
		if read.Valid {
			t := read.Time
			n.ReadAt = &t
		}
		n.Message = decodeMessage(key, args)
		s.localize(&n, lang)
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

// MarkRead marks one of the actor's notifications read, with an audit
// entry, and returns how many it marked (0: it was read already and stays
// as it was). Someone else's notification is not found.
func (s *Service) MarkRead(ctx context.Context, actor *auth.Actor, libraryID, id int64) (int, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return 0, err
	}
	marked := 0
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var title string
		var read sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT title, read_at FROM notifications WHERE library_id = ? AND user_id = ? AND id = ?`,
			libraryID, actor.UserID, id).Scan(&title, &read)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError("notification")
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		if read.Valid {
			return nil
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE library_id = ? AND user_id = ? AND id = ? AND read_at IS NULL`,
			now, libraryID, actor.UserID, id); err != nil {
			return apperr.InternalError(err)
		}
		// The summary is the stored (Indonesian) title: the audit log is
		// one text for every reader.
		if err := audit.RecordAt(ctx, tx, actor, libraryID, "notify.read", "notification", id, title, nil, now); err != nil {
			return apperr.InternalError(err)
		}
		marked = 1
		return nil
	})
	if err != nil {
		return 0, err
	}
	return marked, nil
}

// MarkAllRead marks every unread notification of the actor in the library
// read and returns how many it marked; one audit entry carries the count
// (none when there was nothing to mark).
func (s *Service) MarkAllRead(ctx context.Context, actor *auth.Actor, libraryID int64) (int, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return 0, err
	}
	var marked int
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE library_id = ? AND user_id = ? AND read_at IS NULL`,
			now, libraryID, actor.UserID)
		if err != nil {
			return apperr.InternalError(err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return apperr.InternalError(err)
		}
		marked = int(n)
		if marked == 0 {
			return nil
		}
		if err := audit.RecordAt(ctx, tx, actor, libraryID, "notify.read_all", "notification", 0, strconv.Itoa(marked), nil, now); err != nil {
			return apperr.InternalError(err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return marked, nil
}
