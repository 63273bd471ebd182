package auth_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// cheapHash keeps the tests fast; production cost is DefaultHashParams.
var cheapHash = auth.HashParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const goodPassword = "kopi-tubruk-2024"

// clock is a hand-moved clock for lockouts and session expiry.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newService(d *db.DB) (*auth.Service, *clock) {
	c := &clock{t: time.Date(2025, 3, 10, 1, 0, 0, 0, time.UTC)}
	return &auth.Service{DB: d, Now: c.Now, Hasher: cheapHash}, c
}

func addLibrary(t *testing.T, d *db.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	var id int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO libraries (name, city, province, time_zone, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, name, "Batu", "Jawa Timur", "Asia/Jakarta", now, now).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// world is the usual cast: a superadmin, and libraries A and B each with an admin.
type world struct {
	svc                *auth.Service
	clock              *clock
	libA, libB         int64
	super              *auth.Actor
	adminA, adminB     *auth.Actor
	adminAID, adminBID int64
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	w := &world{}
	w.svc, w.clock = newService(d)
	w.libA = addLibrary(t, d, "Perpustakaan Kota Batu")
	w.libB = addLibrary(t, d, "Perpustakaan Kota Kediri")
	w.super = w.actor(t, w.bootstrap(t, auth.NewUser{Email: "super@bina.id", Name: "Super", Password: goodPassword, Superadmin: true}))
	w.adminAID = w.bootstrap(t, auth.NewUser{Email: "admin.a@batu.go.id", Name: "Ani", Password: goodPassword, LibraryID: w.libA, Role: auth.RoleAdmin})
	w.adminBID = w.bootstrap(t, auth.NewUser{Email: "admin.b@kediri.go.id", Name: "Bayu", Password: goodPassword, LibraryID: w.libB, Role: auth.RoleAdmin})
	w.adminA, w.adminB = w.actor(t, w.adminAID), w.actor(t, w.adminBID)
	return w
}

func (w *world) bootstrap(t *testing.T, n auth.NewUser) int64 {
	t.Helper()
	u, err := w.svc.Bootstrap(context.Background(), n)
	if err != nil {
		t.Fatalf("bootstrap %s: %v", n.Email, err)
	}
	return u.ID
}

func (w *world) actor(t *testing.T, userID int64) *auth.Actor {
	t.Helper()
	a, err := w.svc.LoadActor(context.Background(), userID)
	if err != nil {
		t.Fatalf("load actor %d: %v", userID, err)
	}
	return a
}

// wantErr fails unless err has the code and message key.
func wantErr(t *testing.T, err error, code apperr.Code, key string) *apperr.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s %s", code, key)
	}
	e := apperr.As(err)
	if e.Code != code || e.Key != key {
		t.Fatalf("got %v, want %s %s", err, code, key)
	}
	return e
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
