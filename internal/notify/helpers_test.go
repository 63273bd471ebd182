package notify

import (
	"context"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/people"
	"github.com/bina-pustaka/bina/internal/training"
)

var super = &auth.Actor{Name: "Super", Superadmin: true}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// world: library A (WIB) with pustakawan Sari and Budi, each with an
// account, and a coordinator; today is 1 June 2026.
type world struct {
	d                   *db.DB
	svc                 *Service
	tr                  *training.Service
	clock               *clock
	lib                 library.Library
	sari, budi          people.Staff
	sariUser, budiUser  int64
	coord, sariA, budiA *auth.Actor
	competency          int64
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{d: d, clock: &clock{t: time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)}}
	w.svc = &Service{DB: d, Now: w.clock.now}
	w.tr = &training.Service{DB: d, Now: w.clock.now}
	var err error
	if w.lib, err = (&library.Service{DB: d}).Create(ctx, super, library.Library{Name: "Perpustakaan Kota Kediri", City: "Kota Kediri",
		Province: "Jawa Timur", TimeZone: "Asia/Jakarta"}); err != nil {
		t.Fatal(err)
	}
	person := func(name string) people.Staff {
		st, err := (&people.Service{DB: d}).Create(ctx, super, people.Staff{LibraryID: w.lib.ID, Name: name,
			EmploymentStatus: "non_asn", Position: "Pustakawan", Level: "Ahli Pertama", Active: true})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	w.sari, w.budi = person("Sari Wulandari"), person("Budi Santoso")
	w.sariA = dbtest.Member(t, d, w.lib.ID, "sari@kediri.test", "Sari Wulandari", auth.RoleStaff, &w.sari.ID)
	w.budiA = dbtest.Member(t, d, w.lib.ID, "budi@kediri.test", "Budi Santoso", auth.RoleStaff, &w.budi.ID)
	w.coord = dbtest.Member(t, d, w.lib.ID, "koordinator@kediri.test", "Pak Koordinator", auth.RoleCoordinator, nil)
	w.sariUser, w.budiUser = w.sariA.UserID, w.budiA.UserID
	cs := &competency.Service{DB: d}
	fw, err := cs.InstallDefault(ctx, super, w.lib.ID)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := cs.CurrentVersion(ctx, super, w.lib.ID, fw.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range tree.All() {
		if c.Kind == competency.KindUnit {
			w.competency = c.ID
			break
		}
	}
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
