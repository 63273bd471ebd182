package auth_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

func TestLoginSucceeds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		a, err := w.svc.Login(ctx, " Admin.A@Batu.go.id ", goodPassword, "10.0.0.1")
		must(t, err)
		if a.UserID != w.adminAID || a.Name != "Ani" || a.RoleIn(w.libA) != auth.RoleAdmin || a.Member(w.libB) {
			t.Fatalf("login gave actor %+v", a)
		}
		u, err := w.svc.GetUser(ctx, w.adminA, w.libA, w.adminAID)
		must(t, err)
		if u.LastLoginAt == nil || !u.LastLoginAt.Equal(w.clock.Now()) {
			t.Fatalf("last login %v, want %v", u.LastLoginAt, w.clock.Now())
		}
	})
}

func TestUnknownEmailFailsLikeWrongPassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		_, wrongPassword := w.svc.Login(ctx, "admin.a@batu.go.id", "bukan-sandinya", "10.0.0.1")
		_, unknownEmail := w.svc.Login(ctx, "tidak.ada@batu.go.id", goodPassword, "10.0.0.1")
		wantErr(t, wrongPassword, apperr.Unauthorized, "login.failed")
		if !reflect.DeepEqual(apperr.As(wrongPassword), apperr.As(unknownEmail)) || wrongPassword.Error() != unknownEmail.Error() {
			t.Fatalf("unknown email gave %v, wrong password %v: they must not differ", unknownEmail, wrongPassword)
		}
	})
}

func TestFiveFailuresLockTheAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		email := "admin.a@batu.go.id"
		for i := 1; i <= auth.MaxFailedLogins; i++ {
			_, err := w.svc.Login(ctx, email, fmt.Sprintf("tebakan-salah-%d", i), "10.0.0.1")
			wantErr(t, err, apperr.Unauthorized, "login.failed")
		}
		_, err := w.svc.Login(ctx, email, goodPassword, "10.0.0.1")
		e := wantErr(t, err, apperr.Locked, "login.locked")
		if e.Args["Minutes"] != 15 {
			t.Fatalf("locked for %v minutes, want 15", e.Args["Minutes"])
		}
		u, err := w.svc.GetUser(ctx, w.adminA, w.libA, w.adminAID)
		must(t, err)
		if u.LockedUntil == nil {
			t.Fatal("the admin does not see the lockout")
		}

		w.clock.Advance(14*time.Minute + 30*time.Second)
		_, err = w.svc.Login(ctx, email, goodPassword, "10.0.0.2")
		e = wantErr(t, err, apperr.Locked, "login.locked")
		if e.Args["Minutes"] != 1 {
			t.Fatalf("30 s before the end, locked for %v minutes, want 1 (rounded up)", e.Args["Minutes"])
		}

		w.clock.Advance(time.Minute)
		_, err = w.svc.Login(ctx, email, goodPassword, "10.0.0.2")
		must(t, err)

		// Success reset the count: four more failures do not lock.
		for i := 1; i < auth.MaxFailedLogins; i++ {
			_, err := w.svc.Login(ctx, email, "tebakan-salah", "10.0.0.3")
			wantErr(t, err, apperr.Unauthorized, "login.failed")
		}
		_, err = w.svc.Login(ctx, email, goodPassword, "10.0.0.3")
		must(t, err)
	})
}

func TestAdminResetLiftsLockout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		gita, err := w.svc.CreateUser(ctx, w.adminA, auth.NewUser{Email: "gita@batu.go.id", Name: "Gita", Password: goodPassword, LibraryID: w.libA, Role: auth.RoleStaff})
		must(t, err)
		token, _, err := w.svc.CreateSession(ctx, gita.ID, auth.SessionAPI)
		must(t, err)
		for i := 0; i < auth.MaxFailedLogins; i++ {
			w.svc.Login(ctx, "gita@batu.go.id", "lupa-sandinya", "10.0.0.1")
		}
		must(t, w.svc.ResetPassword(ctx, w.adminA, w.libA, gita.ID, "sandi-dari-admin"))
		_, err = w.svc.Authenticate(ctx, token, auth.SessionAPI)
		wantErr(t, err, apperr.Unauthorized, "error.unauthorized")
		_, err = w.svc.Login(ctx, "gita@batu.go.id", "sandi-dari-admin", "10.0.0.1")
		must(t, err)
	})
}

func TestLoginRateLimitPerAddress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		for i := 0; i < auth.LoginRateLimit; i++ {
			_, err := w.svc.Login(ctx, fmt.Sprintf("tebak%d@batu.go.id", i), goodPassword, "203.0.113.7")
			wantErr(t, err, apperr.Unauthorized, "login.failed")
		}
		_, err := w.svc.Login(ctx, "admin.a@batu.go.id", goodPassword, "203.0.113.7")
		wantErr(t, err, apperr.RateLimited, "login.rate_limited")
		_, err = w.svc.Login(ctx, "admin.a@batu.go.id", goodPassword, "203.0.113.8")
		must(t, err)

		w.clock.Advance(auth.LoginRateWindow)
		_, err = w.svc.Login(ctx, "admin.a@batu.go.id", goodPassword, "203.0.113.7")
		must(t, err)
	})
}

func TestAllowCountsAFixedWindow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		start := time.Date(2025, 3, 10, 1, 0, 0, 0, time.UTC)
		allow := func(key string, at time.Time) bool {
			ok, err := auth.Allow(ctx, d, key, 3, time.Minute, at)
			must(t, err)
			return ok
		}
		for i := 0; i < 3; i++ {
			if !allow("k", start.Add(time.Duration(i)*10*time.Second)) {
				t.Fatalf("hit %d refused, limit is 3", i+1)
			}
		}
		if allow("k", start.Add(59*time.Second)) {
			t.Fatal("4th hit in the window allowed")
		}
		if !allow("other", start.Add(59*time.Second)) {
			t.Fatal("another key is limited by k's hits")
		}
		if !allow("k", start.Add(time.Minute)) {
			t.Fatal("the next window did not start afresh")
		}

		n, err := auth.PurgeRateLimits(ctx, d, start.Add(30*time.Second))
		must(t, err)
		if n != 1 { // "other" is old; "k" started a new window
			t.Fatalf("purged %d counters, want 1", n)
		}
	})
}

func TestAllowIsExactUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2025, 3, 10, 1, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		var mu sync.Mutex
		allowed := 0
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := auth.Allow(ctx, d, "burst", 10, time.Minute, now)
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if allowed != 10 {
			t.Fatalf("%d of 40 simultaneous hits allowed, want exactly 10", allowed)
		}
	})
}
