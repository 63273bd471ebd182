package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// seedDevelopment writes the demo libraries' staff development: position
// requirements on the default framework, a closed assessment cycle from
// earlier in the year, a training catalogue with
// completed sessions (attendance, scores, JP credited, certificates, L1
// reactions) and upcoming ones (nominations, a waitlist), this year's JP
// ledgers, certifications, and the demo pustakawan's interests and
// development plan. Everything goes through the domain services; where a
// service takes a clock (training, record) a copy set to the day of the
// event is used, so the history reads as it would have happened. Each
// library draws from its own PCG stream: the same story on every run.
func seedDevelopment(ctx context.Context, d *db.DB, system *auth.Actor, users *auth.Service, libs []Seeded) error {
	now := time.Now()
	// PostgreSQL takes the libraries side by side (they share no rows);
	// SQLite has one writer, where that would only add contention.
	parallel := d.Dialect == db.Postgres
	errs := make([]error, len(libs))
	var wg sync.WaitGroup
	for i, l := range libs {
		key := libraryKey(l.Spec)
		story, ok := devStories[key]
		if !ok {
			continue
		}
		s := &devSeeder{ctx: ctx, d: d, system: system, users: users, lib: l, key: key, story: story, now: now,
			rng:  rand.New(rand.NewPCG(uint64(7100+i), 0x64657631)),
			comp: &competency.Service{DB: d}}
		run := func() {
			if err := s.run(); err != nil {
				errs[i] = fmt.Errorf("%s: %w", l.Spec.City, describe(err))
			}
		}
		if parallel {
			wg.Go(run)
		} else {
			run()
		}
	}
	wg.Wait()
	return errors.Join(errs...)
}

// libraryKey is the library's e-mail subdomain (admin@<key>.bina.demo).
func libraryKey(l Library) string {
	for _, a := range l.Accounts {
		if at := strings.IndexByte(a.Email, '@'); at >= 0 {
			return strings.TrimSuffix(a.Email[at+1:], ".bina.demo")
		}
	}
	return ""
}

// devSeeder writes one library's staff development.
type devSeeder struct {
	ctx    context.Context
	d      *db.DB
	system *auth.Actor
	users  *auth.Service
	lib    Seeded
	key    string
	story  devStory
	rng    *rand.Rand
	comp   *competency.Service

	now   time.Time      // the real clock; nothing is dated after it
	loc   *time.Location // the library's time zone
	today record.Date    // in that zone

	codes    map[string]int64 // competency id by code (the published default framework)
	people   []*devPerson     // in Spec.Staff order
	programs map[string]training.Program
	mineIdx  int // the demo pustakawan, an index into people
	past     []heldSession
	upcoming []heldSession
}

// devPerson is a staff member as the story sees her.
type devPerson struct {
	id       int64
	spec     Staff
	kind     string          // her service point's kind, "" for office staff
	req      map[string]int  // required level by competency code
	agreed   map[string]int  // the level her supervisor agrees on
	reviewed bool            // her review is in the closed cycle
	actor    *auth.Actor     // acting as herself
	jp       int             // JP credited this year by completed training
	done     map[string]bool // competencies her completed training targeted
	behind   jpStanding      // where the story puts her against the JP target
}

// heldSession is a session the seeder scheduled.
type heldSession struct {
	training.Session
	program progDef
}

func (s *devSeeder) run() error {
	s.loc = record.Zone(s.lib.Library.TimeZone)
	s.today = record.DateOf(s.now, s.loc)
	if err := s.loadPeople(); err != nil {
		return err
	}
	steps := []struct {
		name string
		fn   func() error
	}{
		{"requirements", s.setRequirements},
		{"closed cycle", s.closedCycle},
		{"catalogue", s.catalogue},
		{"past sessions", s.pastSessions},
		{"upcoming sessions", s.upcomingSessions},
		{"JP ledger", s.ledger},
		{"certifications", s.certifications},
		{"ratings", s.ratings},
		{"interests", s.interests},
		{"open cycle", s.openCycle},
		{"development plan", s.plan},
	}
	for _, st := range steps {
		if err := st.fn(); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
	}
	return nil
}

// loadPeople pairs the spec's staff with their ids, service point kinds and
// an actor for each: the account's own where the person has one.
func (s *devSeeder) loadPeople() error {
	kinds := map[string]string{}
	for _, p := range s.lib.Spec.ServicePoints {
		kinds[p.Name] = p.Kind
	}
	accounts := map[int]string{}
	for _, a := range s.lib.Spec.Accounts {
		if a.StaffIndex >= 0 {
			accounts[a.StaffIndex] = a.Email
		}
	}
	libID := s.lib.Library.ID
	for i, st := range s.lib.Spec.Staff {
		p := &devPerson{id: s.lib.Staff[i], spec: st, kind: kinds[st.ServicePoint], done: map[string]bool{}}
		if email, ok := accounts[i]; ok {
			a, err := s.users.LoadActor(s.ctx, s.lib.Users[email])
			if err != nil {
				return err
			}
			p.actor = a
		} else {
			id := p.id
			p.actor = &auth.Actor{Name: s.system.Name, Memberships: map[int64]auth.Membership{
				libID: {LibraryID: libID, Role: auth.RoleStaff, StaffID: &id}}}
		}
		s.people = append(s.people, p)
	}
	s.mineIdx = librarianIndex
	mix := s.story.jpMix
	for i, p := range s.people {
		switch c := s.rng.IntN(100); {
		case i == s.mineIdx:
			p.behind = jpClose
		case c < mix[0]:
			p.behind = jpMet
		case c < mix[0]+mix[1]:
			p.behind = jpClose
		default:
			p.behind = jpFar
		}
	}
	return nil
}

// jpStanding is where a person ends the year so far against 20 JP. Those
// far behind are those who had no training this year: the coordinator
// nominates them first for what comes.
type jpStanding int

const (
	jpMet jpStanding = iota
	jpClose
	jpFar
)

func (s *devSeeder) mine() *devPerson { return s.people[s.mineIdx] }

// Dates. Days are the library's; instants never pass the real clock.

// at is hour o'clock (and a few minutes) on day d in the library's zone.
func (s *devSeeder) at(d record.Date, hour int) time.Time {
	t := d.Time()
	at := time.Date(t.Year(), t.Month(), t.Day(), hour, s.rng.IntN(50), 0, 0, s.loc)
	if at.After(s.now) {
		return s.now
	}
	return at
}

// training is the training service with its clock at t.
func (s *devSeeder) training(t time.Time) *training.Service {
	return &training.Service{DB: s.d, Now: func() time.Time { return t }}
}

// record is the record service with its clock at t.
func (s *devSeeder) record(t time.Time) *record.Service {
	return &record.Service{DB: s.d, Now: func() time.Time { return t }}
}

func isWeekend(t time.Time) bool { return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday }

// workdayOnOrBefore moves a weekend day back to Friday.
func workdayOnOrBefore(d record.Date) record.Date {
	t := d.Time()
	for isWeekend(t) {
		t = t.AddDate(0, 0, -1)
	}
	return record.Date(t.Format(time.DateOnly))
}

// workdayOnOrAfter moves a weekend day on to Monday.
func workdayOnOrAfter(d record.Date) record.Date {
	t := d.Time()
	for isWeekend(t) {
		t = t.AddDate(0, 0, 1)
	}
	return record.Date(t.Format(time.DateOnly))
}

// workdays are n working days from first (a weekday) on.
func workdays(first record.Date, n int) []record.Date {
	out := make([]record.Date, 0, n)
	for t := first.Time(); len(out) < n; t = t.AddDate(0, 0, 1) {
		if !isWeekend(t) {
			out = append(out, record.Date(t.Format(time.DateOnly)))
		}
	}
	return out
}

func dateOf(year int, month time.Month, day int) record.Date {
	return record.Date(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
}

// pastWindow is where this year's completed training falls: from early
// January (or 200 days back) to ten days ago. Early in the year, when that
// leaves too little, the window reaches back into last year.
func (s *devSeeder) pastWindow() (from, to record.Date) {
	to = s.today.AddDays(-10)
	from = dateOf(s.today.Year(), time.January, 6)
	if back := s.today.AddDays(-200); back > from {
		from = back
	}
	if from.DaysUntil(to) < 45 {
		from = s.today.AddDays(-200)
	}
	return from, to
}

// between is the day at share f (0–1) of the way from a to b, on a workday.
func between(a, b record.Date, f float64) record.Date {
	return workdayOnOrBefore(a.AddDays(int(f * float64(a.DaysUntil(b)))))
}

// clamp keeps a level on the default scale (1–5).
func clamp(level int) int { return max(1, min(5, level)) }

// yearOf reads a year from the first four digits of s, as a NIP holds
// the birth year (and at 8–12 the appointment's); 0 without them.
func yearOf(s string) int {
	if len(s) < 4 {
		return 0
	}
	y := 0
	for _, r := range s[:4] {
		y = y*10 + int(r-'0')
	}
	return y
}
