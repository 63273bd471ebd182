package auth

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
)

// Login lockout and rate limit. The lockout protects one account from
// guessing; the per-address limit slows one machine guessing across many
// accounts (which the lockout alone would not notice).
const (
	MaxFailedLogins   = 5
	LockoutDuration   = 15 * time.Minute
	LoginRateLimit    = 20 // attempts per address per LoginRateWindow
	LoginRateWindow   = 5 * time.Minute
	loginRateKeyScope = "login:ip:"
)

func loginFailed() error { return apperr.New(apperr.Unauthorized, "login.failed", nil) }

func lockedError(until, now time.Time) error {
	minutes := int((until.Sub(now) + time.Minute - 1) / time.Minute)
	return apperr.New(apperr.Locked, "login.locked", apperr.Args{"Minutes": minutes})
}

// Login checks an email and password and returns the actor. A wrong email,
// a wrong password and a disabled account all give the same "login.failed",
// and all cost one argon2 computation, so neither the answer nor its timing
// tells whether an account exists.
func (s *Service) Login(ctx context.Context, email, password, clientIP string) (*Actor, error) {
	now := s.now()
	ok, err := Allow(ctx, s.DB, loginRateKeyScope+clientIP, LoginRateLimit, LoginRateWindow, now)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.New(apperr.RateLimited, "login.rate_limited", nil)
	}

	var (
		userID      int64
		hash        string
		active      bool
		lockedUntil *time.Time
	)
	err = s.DB.Reader().QueryRowContext(ctx, `SELECT id, password_hash, active, locked_until FROM users WHERE email = ?`,
		NormalizeEmail(email)).Scan(&userID, &hash, &active, &lockedUntil)
	if errors.Is(err, sql.ErrNoRows) {
		// The same work as a wrong password: one argon2 computation and the
		// failure counter's write (id 0 matches no account).
		_, _ = s.hasher().Hash(password)
		return nil, s.recordFailure(ctx, 0, now)
	}
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	if lockedUntil != nil && lockedUntil.After(now) {
		return nil, lockedError(*lockedUntil, now)
	}
	if !CheckPassword(hash, password) || !active {
		return nil, s.recordFailure(ctx, userID, now)
	}

	params := s.hasher()
	newHash := hash
	if params.NeedsRehash(hash) {
		if h, err := params.Hash(password); err == nil {
			newHash = h
		}
	}
	// The lockout condition is repeated in the UPDATE: a guess checked in
	// parallel with the failure that locked the account must not get in.
	var accepted bool
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ?, password_hash = ?
			WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)`, now, newHash, userID, now)
		if err != nil {
			return apperr.InternalError(err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return apperr.InternalError(err)
		}
		accepted = n == 1
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !accepted {
		return nil, s.currentLockout(ctx, userID, now)
	}
	return s.LoadActor(ctx, userID)
}

// recordFailure counts a failed login; the MaxFailedLogins-th in a row locks
// the account for LockoutDuration and starts the count again, so after the
// lockout the person has another MaxFailedLogins tries. One statement, so
// parallel failures are all counted.
func (s *Service) recordFailure(ctx context.Context, userID int64, now time.Time) error {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET
				failed_logins = CASE WHEN failed_logins + 1 >= ? THEN 0 ELSE failed_logins + 1 END,
				locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END
			WHERE id = ?`, MaxFailedLogins, MaxFailedLogins, now.Add(LockoutDuration), userID)
		return err
	})
	if err != nil {
		return apperr.InternalError(err)
	}
	return loginFailed()
}

// currentLockout reports the lockout that refused a correct password.
func (s *Service) currentLockout(ctx context.Context, userID int64, now time.Time) error {
	var until *time.Time
	if err := s.DB.Reader().QueryRowContext(ctx, `SELECT locked_until FROM users WHERE id = ?`, userID).Scan(&until); err != nil {
		return apperr.InternalError(err)
	}
	if until == nil || !until.After(now) {
		return loginFailed() // cannot happen; refuse rather than guess
	}
	return lockedError(*until, now)
}
