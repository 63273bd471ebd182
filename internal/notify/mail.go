package notify

import (
	"context"
	"database/sql"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
)

// Mailer is the SMTP configuration (BINA_SMTP_*). Addr "" turns e-mail off.
type Mailer struct {
	Addr     string // host:port
	From     string // the sender address
	User     string // with Password: PLAIN auth (net/smtp refuses it without TLS except to localhost)
	Password string
	BaseURL  string // e.g. https://bina.example.go.id, to make links absolute; "" leaves them out
}

// MaxAttempts is how often a message is tried before it is left failed.
const MaxAttempts = 5

// backoff is the wait before attempt n+1: 1, 4, 9, 16 minutes.
func backoff(attempts int) time.Duration { return time.Duration(attempts*attempts) * time.Minute }

// message builds the RFC 5322 text: UTF-8 plain text, the subject
// encoded when it is not ASCII.
func message(from, to, subject, body string, at time.Time) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\n", from, to, mime.QEncoding.Encode("utf-8", subject), at.Format(time.RFC1123Z))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n"))
	b.WriteString("\r\n")
	return []byte(b.String())
}

// send delivers one message.
func (m Mailer) send(to, subject, body string, at time.Time) error {
	var a smtp.Auth
	if m.User != "" {
		host, _, err := net.SplitHostPort(m.Addr)
		if err != nil {
			return err
		}
		a = smtp.PlainAuth("", m.User, m.Password, host)
	}
	return smtp.SendMail(m.Addr, a, m.From, []string{to}, message(m.From, to, subject, body, at))
}

// SendResult counts what a SendPending run did.
type SendResult struct{ Sent, Failed int }

// SendPending delivers up to limit due messages of the outbox. A failure
// counts an attempt, keeps the error and waits longer before the next;
// after MaxAttempts the message stays unsent with its last error. Rows are
// claimed one at a time by pushing next_attempt_at forward in their own
// transaction, so two instances running the job do not send one twice in
// the normal case.
//
// It reads the outbox of every library at once, by design: it is the
// deployment's system job (one SMTP account per installation), not a user
// acting in a library, so there is no library to scope it to. No
// user-facing route reads the outbox (docs/notifications.md).
func (s *Service) SendPending(ctx context.Context, limit int) (SendResult, error) {
	var res SendResult
	if s.Mail.Addr == "" {
		return res, nil
	}
	type msg struct {
		id                int64
		to, subject, body string
		attempts          int
	}
	now := s.now()
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT id, to_addr, subject, body, attempts FROM email_outbox
		WHERE sent_at IS NULL AND attempts < ? AND next_attempt_at <= ? ORDER BY id LIMIT ?`, MaxAttempts, now, limit)
	if err != nil {
		return res, apperr.InternalError(err)
	}
	var due []msg
	for rows.Next() {
		var m msg
		if err := rows.Scan(&m.id, &m.to, &m.subject, &m.body, &m.attempts); err != nil {
			rows.Close()
			return res, apperr.InternalError(err)
		}
		due = append(due, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, apperr.InternalError(err)
	}
	for _, m := range due {
		claimed := false
		err := s.DB.InTx(ctx, func(tx *db.Tx) error {
			r, err := tx.ExecContext(ctx, `UPDATE email_outbox SET next_attempt_at = ? WHERE id = ? AND sent_at IS NULL AND attempts = ?`,
				now.Add(backoff(m.attempts+1)), m.id, m.attempts)
			if err != nil {
				return err
			}
			n, _ := r.RowsAffected()
			claimed = n == 1
			return nil
		})
		if err != nil {
			return res, apperr.InternalError(err)
		}
		if !claimed {
			continue
		}
		sendErr := s.Mail.send(m.to, m.subject, m.body, now)
		err = s.DB.InTx(ctx, func(tx *db.Tx) error {
			var err error
			if sendErr == nil {
				_, err = tx.ExecContext(ctx, `UPDATE email_outbox SET attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`, s.now(), m.id)
			} else {
				_, err = tx.ExecContext(ctx, `UPDATE email_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?`, truncate(sendErr.Error(), 500), m.id)
			}
			return err
		})
		if err != nil {
			return res, apperr.InternalError(err)
		}
		if sendErr == nil {
			res.Sent++
		} else {
			res.Failed++
		}
	}
	return res, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// OutboxItem is one outbox row, for tests and operations.
type OutboxItem struct {
	ID        int64
	To        string
	Subject   string
	Attempts  int
	Sent      bool
	LastError string
}

// Outbox lists the outbox, oldest first. It is deployment-wide and takes no
// actor, so it must never back a library's page: tests use it; an outbox
// page, if one is added, is superadmin-only or filters on its {lib}.
func (s *Service) Outbox(ctx context.Context) ([]OutboxItem, error) {
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT id, to_addr, subject, attempts, sent_at, last_error FROM email_outbox ORDER BY id`)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		var x OutboxItem
		var sent sql.NullTime
		if err := rows.Scan(&x.ID, &x.To, &x.Subject, &x.Attempts, &sent, &x.LastError); err != nil {
			return nil, apperr.InternalError(err)
		}
		x.Sent = sent.Valid
		out = append(out, x)
	}
	return out, rows.Err()
}
