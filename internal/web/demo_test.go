package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/demo"
)

// The README's demo logins work, the superadmin sees all five libraries and
// each library admin only her own.
func TestDemoAccountsFromTheREADME(t *testing.T) {
	d := dbtest.SQLite(t)
	a := newApp(t, d) // adds two test libraries; the demo seeds only an empty database
	if seeded, err := demo.Seed(context.Background(), d, a.Svc.Libraries, a.Svc.Staff, a.Svc.Users); err != nil || seeded {
		t.Fatalf("seeding a non-empty database: seeded=%v err=%v; want no change", seeded, err)
	}

	d = dbtest.SQLite(t)
	a = newAppEmpty(t, d)
	if seeded, err := demo.Seed(context.Background(), d, a.Svc.Libraries, a.Svc.Staff, a.Svc.Users); err != nil || !seeded {
		t.Fatalf("seed: %v %v", seeded, err)
	}
	libs := demo.Libraries()
	login := func(email string) *client {
		c := a.client()
		res := c.postForm("/login", url.Values{"email": {email}, "password": {demo.Password}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("demo login %s: %d", email, res.StatusCode)
		}
		return c
	}
	home := login(demo.SuperadminEmail).get("/").Body
	for _, l := range libs {
		if !strings.Contains(home, l.Name) {
			t.Errorf("superadmin's dashboard lacks %s", l.Name)
		}
	}
	for _, city := range []string{"lubuklinggau", "samarinda", "batu", "kediri", "semarang"} {
		for _, role := range []string{"admin", "koordinator", "pustakawan"} {
			c := login(role + "@" + city + ".bina.demo")
			page := c.get("/libraries").Body
			shown := 0
			for _, l := range libs {
				if strings.Contains(page, l.Name) {
					shown++
					if !strings.Contains(strings.ToLower(l.City), city) {
						t.Errorf("%s@%s sees %s", role, city, l.Name)
					}
				}
			}
			if shown != 1 {
				t.Errorf("%s@%s sees %d libraries, want her own only", role, city, shown)
			}
		}
	}
}

// newDemoApp is a server over a fresh database filled by `serve --demo`'s
// seeding: five libraries and their year of activity.
func newDemoApp(t testing.TB, d *db.DB) *app {
	t.Helper()
	a := newAppEmpty(t, d)
	if seeded, err := demo.Seed(context.Background(), d, a.Svc.Libraries, a.Svc.Staff, a.Svc.Users); err != nil || !seeded {
		t.Fatalf("seed: %v %v", seeded, err)
	}
	return a
}
