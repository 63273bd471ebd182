package training

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/people"
	"github.com/bina-pustaka/bina/internal/record"
)

var super = &auth.Actor{Name: "Super", Superadmin: true}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// world is one database with library A (WIB) and B: in A a coordinator, an
// admin and pustakawan Sari (with her own staff account) and Budi; in B one
// pustakawan and its admin. Today is 1 June 2026 in A.
type world struct {
	d          *db.DB
	svc        *Service
	clock      *clock
	libA, libB library.Library
	sari, budi people.Staff
	staffB     people.Staff
	sariActor  *auth.Actor
	coord      *auth.Actor
	adminB     *auth.Actor
	competency int64 // a unit of A's published default framework
	seq        int
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	libs := &library.Service{DB: d}
	w := &world{d: d, clock: &clock{t: time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)}}
	w.svc = &Service{DB: d, Now: w.clock.now}
	var err error
	if w.libA, err = libs.Create(ctx, super, library.Library{Name: "Perpustakaan Kota Kediri", City: "Kota Kediri", Province: "Jawa Timur", TimeZone: "Asia/Jakarta"}); err != nil {
		t.Fatal(err)
	}
	if w.libB, err = libs.Create(ctx, super, library.Library{Name: "Perpustakaan Kota Semarang", City: "Kota Semarang", Province: "Jawa Tengah", TimeZone: "Asia/Jakarta"}); err != nil {
		t.Fatal(err)
	}
	w.sari = w.person(t, w.libA.ID, "Sari Wulandari")
	w.budi = w.person(t, w.libA.ID, "Budi Santoso")
	w.staffB = w.person(t, w.libB.ID, "Rina Kusuma")
	w.sariActor = dbtest.Member(t, d, w.libA.ID, "sari@kediri.test", "Sari Wulandari", auth.RoleStaff, &w.sari.ID)
	w.coord = dbtest.Member(t, d, w.libA.ID, "koordinator@kediri.test", "Pak Koordinator", auth.RoleCoordinator, nil)
	w.adminB = dbtest.Member(t, d, w.libB.ID, "admin@semarang.test", "Admin Semarang", auth.RoleAdmin, nil)
	cs := &competency.Service{DB: d}
	fw, err := cs.InstallDefault(ctx, super, w.libA.ID)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := cs.CurrentVersion(ctx, super, w.libA.ID, fw.ID)
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

func (w *world) person(t *testing.T, libraryID int64, name string) people.Staff {
	t.Helper()
	st, err := (&people.Service{DB: w.d}).Create(context.Background(), super, people.Staff{LibraryID: libraryID, Name: name,
		EmploymentStatus: "non_asn", Position: "Pustakawan", Level: "Ahli Pertama", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// crowd makes n more staff members of library A.
func (w *world) crowd(t *testing.T, n int) []people.Staff {
	t.Helper()
	out := make([]people.Staff, n)
	for i := range out {
		w.seq++
		out[i] = w.person(t, w.libA.ID, fmt.Sprintf("Peserta %02d", w.seq))
	}
	return out
}

// program adds a 16-JP workshop to A's catalogue.
func (w *world) program(t *testing.T, title string, selfReg bool) Program {
	t.Helper()
	p, err := w.svc.CreateProgram(context.Background(), w.coord, Program{LibraryID: w.libA.ID, Title: title, Type: "workshop",
		Level: "dasar", JP: 16, ProviderKind: "internal", Modality: "offline", SelfRegistration: selfReg}, []int64{w.competency})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// session schedules a session of p on the given days.
func (w *world) session(t *testing.T, p Program, capacity int, days ...string) Session {
	t.Helper()
	x, err := w.svc.CreateSession(context.Background(), w.coord, w.sessionInput(p, capacity, days...))
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func (w *world) sessionInput(p Program, capacity int, days ...string) Session {
	ds := make([]record.Date, len(days))
	for i, d := range days {
		ds[i] = record.Date(d)
	}
	return Session{LibraryID: w.libA.ID, ProgramID: p.ID, Days: ds, Place: "Aula Perpustakaan", Capacity: capacity,
		Status: SessionOpen, MinAttendance: DefaultMinAttendance}
}

func (w *world) nominate(t *testing.T, x Session, staffID int64) Enrolment {
	t.Helper()
	e, err := w.svc.Nominate(context.Background(), w.coord, w.libA.ID, x.ID, staffID)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// statuses returns the session's enrolments by status.
func (w *world) statuses(t *testing.T, sessionID int64) map[string][]Enrolment {
	t.Helper()
	es, err := w.svc.Participants(context.Background(), w.coord, w.libA.ID, sessionID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]Enrolment{}
	for _, e := range es {
		out[e.Status] = append(out[e.Status], e)
	}
	return out
}

func wantCode(t *testing.T, err error, code apperr.Code) *apperr.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("got %v, want code %s", err, code)
	}
	return apperr.As(err)
}

// wantProblem checks an Invalid error names the field with the key and
// returns the problem's arguments.
func wantProblem(t *testing.T, err error, field, key string) apperr.Args {
	t.Helper()
	e := wantCode(t, err, apperr.Invalid)
	for _, p := range e.Problems {
		if p.Field == field && p.Key == key {
			return p.Args
		}
	}
	t.Fatalf("problems %+v lack %s on %s", e.Problems, key, field)
	return nil
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func intp(n int) *int { return &n }
