package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
)

// Session kinds: a browser's cookie, or a token for the JSON API.
const (
	SessionWeb = "web"
	SessionAPI = "api"
)

const (
	// WebSessionTTL is how long a browser session lives after its last
	// request: a working day with room to spare, so nobody is signed out at
	// the desk, while a forgotten session on a shared library PC dies overnight.
	WebSessionTTL = 12 * time.Hour
	// APITokenTTL is the fixed life of an API token; integrations renew it.
	APITokenTTL = 30 * 24 * time.Hour
	// touchInterval bounds how often a request writes last_seen_at, so a
	// busy session costs one write a minute rather than one per request.
	touchInterval = time.Minute
	// rateLimitRetention is how long rate-limit counters are kept; longer
	// than any window in use.
	rateLimitRetention = 24 * time.Hour
)

func unauthorized() error { return apperr.New(apperr.Unauthorized, "error.unauthorized", nil) }

// tokenHash is what the database keeps: a leaked sessions table holds no
// usable token. SHA-256 suffices because tokens are 256 random bits, not
// guessable passwords.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a session of kind SessionWeb or SessionAPI for the
// account and returns its secret token (shown once, never stored) and when
// it expires.
func (s *Service) CreateSession(ctx context.Context, userID int64, kind string) (string, time.Time, error) {
	var ttl time.Duration
	switch kind {
	case SessionWeb:
		ttl = WebSessionTTL
	case SessionAPI:
		ttl = APITokenTTL
	default:
		return "", time.Time{}, apperr.InternalError(fmt.Errorf("unknown session kind %q", kind))
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", time.Time{}, apperr.InternalError(err)
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := s.now()
	expires := now.Add(ttl)
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, kind, created_at, expires_at, last_seen_at)
			VALUES (?, ?, ?, ?, ?, ?)`, tokenHash(token), userID, kind, now, expires, now)
		return err
	})
	if err != nil {
		return "", time.Time{}, apperr.InternalError(err)
	}
	return token, expires, nil
}

// Authenticate returns the actor of a live session of the given kind.
// Unknown, expired or wrong-kind tokens and disabled accounts are all
// Unauthorized. A web session's expiry slides forward with use.
func (s *Service) Authenticate(ctx context.Context, token, kind string) (*Actor, error) {
	if token == "" {
		return nil, unauthorized()
	}
	h := tokenHash(token)
	var (
		userID            int64
		gotKind           string
		expires, lastSeen time.Time
	)
	err := s.DB.Reader().QueryRowContext(ctx, `SELECT user_id, kind, expires_at, last_seen_at FROM sessions WHERE token_hash = ?`, h).
		Scan(&userID, &gotKind, &expires, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, unauthorized()
	}
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	now := s.now()
	if gotKind != kind || !expires.After(now) {
		return nil, unauthorized()
	}
	actor, err := s.LoadActor(ctx, userID)
	if err != nil {
		return nil, err
	}
	if now.Sub(lastSeen) >= touchInterval {
		q, args := `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, []any{now, h}
		if kind == SessionWeb {
			q, args = `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`, []any{now, now.Add(WebSessionTTL), h}
		}
		err := s.DB.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, q, args...)
			return err
		})
		if err != nil {
			return nil, apperr.InternalError(err)
		}
	}
	return actor, nil
}

// DeleteSession ends a session (logout, or revoking an API token). Ending
// one that does not exist is not an error.
func (s *Service) DeleteSession(ctx context.Context, token string) error {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash(token))
		return err
	})
	if err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// PurgeExpired deletes expired sessions and stale rate-limit counters; a
// background job runs it. It returns how many sessions were deleted.
func (s *Service) PurgeExpired(ctx context.Context) (int64, error) {
	now := s.now()
	var n int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, now)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, apperr.InternalError(err)
	}
	if _, err := PurgeRateLimits(ctx, s.DB, now.Add(-rateLimitRetention)); err != nil {
		return n, err
	}
	return n, nil
}
