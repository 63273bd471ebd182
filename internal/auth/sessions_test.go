package auth_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

func TestWebSessionSlidesAndEnds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		token, expires, err := w.svc.CreateSession(ctx, w.adminAID, auth.SessionWeb)
		must(t, err)
		if len(token) != 43 || !expires.Equal(w.clock.Now().Add(12*time.Hour)) {
			t.Fatalf("token %q expires %v", token, expires)
		}
		var stored int
		must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, token).Scan(&stored))
		sum := sha256.Sum256([]byte(token))
		var hashed int
		must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, hex.EncodeToString(sum[:])).Scan(&hashed))
		if stored != 0 || hashed != 1 {
			t.Fatal("the token itself is stored, or not its SHA-256")
		}

		a, err := w.svc.Authenticate(ctx, token, auth.SessionWeb)
		must(t, err)
		if a.UserID != w.adminAID || a.RoleIn(w.libA) != auth.RoleAdmin {
			t.Fatalf("session actor %+v", a)
		}
		_, err = w.svc.Authenticate(ctx, token, auth.SessionAPI)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")
		_, err = w.svc.Authenticate(ctx, token+"x", auth.SessionWeb)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")

		// Requests within a minute do not write; later ones push the expiry on.
		w.clock.Advance(30 * time.Second)
		_, err = w.svc.Authenticate(ctx, token, auth.SessionWeb)
		must(t, err)
		if got := expiresAt(t, d, token); !got.Equal(expires) {
			t.Fatalf("a request 30 s in moved the expiry to %v", got)
		}
		w.clock.Advance(11 * time.Hour)
		_, err = w.svc.Authenticate(ctx, token, auth.SessionWeb)
		must(t, err)
		w.clock.Advance(11 * time.Hour) // 22.5 h after login, 11 h after the last request
		_, err = w.svc.Authenticate(ctx, token, auth.SessionWeb)
		must(t, err)
		w.clock.Advance(12 * time.Hour)
		_, err = w.svc.Authenticate(ctx, token, auth.SessionWeb)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")

		other, _, err := w.svc.CreateSession(ctx, w.adminAID, auth.SessionWeb)
		must(t, err)
		must(t, w.svc.DeleteSession(ctx, other))
		_, err = w.svc.Authenticate(ctx, other, auth.SessionWeb)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")
		must(t, w.svc.DeleteSession(ctx, other)) // logging out twice is fine

		live, _, err := w.svc.CreateSession(ctx, w.adminAID, auth.SessionWeb)
		must(t, err)
		w.clock.Advance(11 * time.Hour)
		n, err := w.svc.PurgeExpired(ctx)
		must(t, err)
		if n != 1 {
			t.Fatalf("purged %d sessions, want the expired one", n)
		}
		_, err = w.svc.Authenticate(ctx, live, auth.SessionWeb)
		must(t, err)
		_, _, err = w.svc.CreateSession(ctx, w.adminAID, "cookie")
		wantErr(t, err, apperr.Internal, "error.internal")
	})
}

func TestAPITokenLastsThirtyDays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		token, _, err := w.svc.CreateSession(ctx, w.adminAID, auth.SessionAPI)
		must(t, err)
		_, err = w.svc.Authenticate(ctx, token, auth.SessionWeb)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")
		w.clock.Advance(29 * 24 * time.Hour)
		_, err = w.svc.Authenticate(ctx, token, auth.SessionAPI)
		must(t, err)
		w.clock.Advance(24 * time.Hour) // use does not extend a token
		_, err = w.svc.Authenticate(ctx, token, auth.SessionAPI)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")
	})
}

func TestDisabledAccountLosesItsSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		hadi, err := w.svc.CreateUser(ctx, w.adminA, auth.NewUser{Email: "hadi@batu.go.id", Name: "Hadi", Password: goodPassword, LibraryID: w.libA, Role: auth.RoleStaff})
		must(t, err)
		token, _, err := w.svc.CreateSession(ctx, hadi.ID, auth.SessionWeb)
		must(t, err)
		_, err = w.svc.SetActive(ctx, w.adminA, w.libA, hadi.ID, false)
		must(t, err)
		_, err = w.svc.Authenticate(ctx, token, auth.SessionWeb)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")
		_, err = w.svc.LoadActor(ctx, hadi.ID)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")

		// Even a session created afterwards does not let a disabled account in.
		token, _, err = w.svc.CreateSession(ctx, hadi.ID, auth.SessionWeb)
		must(t, err)
		_, err = w.svc.Authenticate(ctx, token, auth.SessionWeb)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")

		_, err = w.svc.SetActive(ctx, w.adminA, w.libA, hadi.ID, true)
		must(t, err)
		_, err = w.svc.Authenticate(ctx, token, auth.SessionWeb)
		must(t, err)
	})
}

func expiresAt(t *testing.T, d *db.DB, token string) time.Time {
	t.Helper()
	sum := sha256.Sum256([]byte(token))
	var e time.Time
	must(t, d.Reader().QueryRowContext(context.Background(), `SELECT expires_at FROM sessions WHERE token_hash = ?`, hex.EncodeToString(sum[:])).Scan(&e))
	return e.UTC()
}
