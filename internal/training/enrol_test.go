package training

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

func TestWaitlistPromotion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := w.program(t, "Layanan Prima", false)
		x := w.session(t, p, 2, "2026-07-13", "2026-07-14")
		ps := w.crowd(t, 4)
		var es []Enrolment
		for _, person := range ps {
			es = append(es, w.nominate(t, x, person.ID))
		}
		if es[0].Status != Confirmed || es[1].Status != Confirmed || es[2].Status != Waitlisted || es[3].Status != Waitlisted {
			t.Fatalf("statuses %s %s %s %s, want two seats then two waiting", es[0].Status, es[1].Status, es[2].Status, es[3].Status)
		}
		if es[2].Position != 1 || es[3].Position != 2 {
			t.Fatalf("waitlist positions %d, %d; want 1, 2", es[2].Position, es[3].Position)
		}
		// Enrolled twice is refused, naming the person.
		_, err := w.svc.Nominate(ctx, w.coord, w.libA.ID, x.ID, ps[0].ID)
		if e := wantCode(t, err, apperr.Conflict); e.Key != "training.already_enrolled" {
			t.Errorf("second nomination: %v", err)
		}

		// A seat frees: the first waiting moves up, the second becomes first.
		c, err := w.svc.Cancel(ctx, w.coord, w.libA.ID, es[0].ID)
		must(t, err)
		if c.Status != Cancelled {
			t.Errorf("cancelled enrolment is %s", c.Status)
		}
		st := w.statuses(t, x.ID)
		if len(st[Confirmed]) != 2 || len(st[Waitlisted]) != 1 || st[Waitlisted][0].ID != es[3].ID || st[Waitlisted][0].Position != 1 {
			t.Fatalf("after one cancellation: %d seated, waitlist %+v", len(st[Confirmed]), st[Waitlisted])
		}
		if !seated(st, es[2].ID) {
			t.Errorf("the first on the waitlist was not promoted")
		}
		// Cancelling twice is refused; cancelling the waiting frees no seat.
		_, err = w.svc.Cancel(ctx, w.coord, w.libA.ID, es[0].ID)
		if e := wantCode(t, err, apperr.Conflict); e.Key != "training.not_cancellable" {
			t.Errorf("second cancellation: %v", err)
		}
		_, err = w.svc.Cancel(ctx, w.coord, w.libA.ID, es[3].ID)
		must(t, err)
		if st := w.statuses(t, x.ID); len(st[Confirmed]) != 2 || len(st[Waitlisted]) != 0 {
			t.Errorf("after the waiting one left: %d seated, %d waiting", len(st[Confirmed]), len(st[Waitlisted]))
		}

		// Enrolling again after cancelling reuses the line, at the end of the queue.
		again := w.nominate(t, x, ps[0].ID)
		if again.ID != es[0].ID || again.Status != Waitlisted || again.Position != 1 {
			t.Errorf("enrolled again: %+v", again)
		}

		// A person who meanwhile took a seat elsewhere on the same day is
		// passed over and keeps her place; the next one gets the seat.
		late := w.crowd(t, 1)[0]
		lateE := w.nominate(t, x, late.ID) // waitlist 2
		other := w.session(t, w.program(t, "Pelestarian Naskah", false), 5, "2026-07-14")
		w.nominate(t, other, ps[0].ID)
		_, err = w.svc.Cancel(ctx, w.coord, w.libA.ID, es[1].ID)
		must(t, err)
		st = w.statuses(t, x.ID)
		if !seated(st, lateE.ID) || seated(st, es[0].ID) || len(st[Waitlisted]) != 1 || st[Waitlisted][0].ID != es[0].ID {
			t.Errorf("promotion past a clash: seated %+v, waiting %+v", st[Confirmed], st[Waitlisted])
		}

		// More seats promote at once.
		in := w.sessionInput(p, 3, "2026-07-13")
		in.ID = x.ID
		_, err = w.svc.UpdateSession(ctx, w.coord, in)
		must(t, err)
		st = w.statuses(t, x.ID)
		if len(st[Confirmed]) != 3 || len(st[Waitlisted]) != 0 {
			// ps[0] no longer clashes: the session dropped 14 July.
			t.Errorf("after raising capacity: %d seated, %d waiting; want 3 and 0 (%+v)", len(st[Confirmed]), len(st[Waitlisted]), st)
		}
	})
}

func seated(st map[string][]Enrolment, id int64) bool {
	for _, e := range st[Confirmed] {
		if e.ID == id {
			return true
		}
	}
	return false
}

func TestSelfRegistration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		open := w.program(t, "Literasi Digital", true)
		closed := w.program(t, "Manajemen Perpustakaan", false)
		x := w.session(t, open, 10, "2026-07-20")
		y := w.session(t, closed, 10, "2026-07-21")

		av, err := w.svc.AvailableFor(ctx, w.sariActor, w.libA.ID)
		must(t, err)
		if len(av.Open) != 1 || av.Open[0].ID != x.ID || av.StaffID != w.sari.ID {
			t.Fatalf("available: %+v", av)
		}
		e, err := w.svc.Register(ctx, w.sariActor, w.libA.ID, x.ID)
		must(t, err)
		if e.Status != Confirmed || e.Origin != Registered || e.StaffID != w.sari.ID {
			t.Errorf("registered %+v", e)
		}
		_, err = w.svc.Register(ctx, w.sariActor, w.libA.ID, y.ID)
		wantCode(t, err, apperr.Forbidden)
		// Without a staff record there is no one to register.
		_, err = w.svc.Register(ctx, w.coord, w.libA.ID, x.ID)
		wantCode(t, err, apperr.Forbidden)
		// Registration closes when the session begins.
		w.clock.t = time.Date(2026, 7, 20, 1, 0, 0, 0, time.UTC)
		_, err = w.svc.Register(ctx, w.coord, w.libA.ID, x.ID) // no staff record comes first
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.Register(ctx, dbtest.Member(t, d, w.libA.ID, "budi@kediri.test", "Budi", "staff", &w.budi.ID), w.libA.ID, x.ID)
		if e := wantCode(t, err, apperr.Conflict); e.Key != "training.registration_closed" {
			t.Errorf("late registration: %v", err)
		}
		av, err = w.svc.AvailableFor(ctx, w.sariActor, w.libA.ID)
		must(t, err)
		if len(av.Open) != 0 || len(av.Mine) != 1 || !av.Registered(x.ID) {
			t.Errorf("available after the start: %+v", av)
		}

		// Her own enrolment she may cancel, and read; not a colleague's.
		budiE := w.nominate(t, x, w.budi.ID)
		_, err = w.svc.Cancel(ctx, w.sariActor, w.libA.ID, budiE.ID)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.Enrolment(ctx, w.sariActor, w.libA.ID, budiE.ID)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.Cancel(ctx, w.sariActor, w.libA.ID, e.ID)
		must(t, err)
		// Scores are hers to see, not others'.
		must(t, w.svc.SetScores(ctx, w.coord, w.libA.ID, x.ID, []Score{{EnrolmentID: budiE.ID, Pre: intp(40), Post: intp(80)}}))
		ps, err := w.svc.Participants(ctx, w.sariActor, w.libA.ID, x.ID)
		must(t, err)
		for _, p := range ps {
			if p.PreScore != nil {
				t.Errorf("a colleague's score is shown to staff: %+v", p)
			}
		}
		// Another library sees none of it.
		_, err = w.svc.Participants(ctx, w.adminB, w.libA.ID, x.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.Participants(ctx, w.adminB, w.libB.ID, x.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.Cancel(ctx, w.adminB, w.libB.ID, budiE.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.Nominate(ctx, w.coord, w.libA.ID, x.ID, w.staffB.ID)
		wantProblem(t, err, "staff_id", "training.bad_staff")
	})
}

// Two seated people cancel at the same moment from two goroutines: exactly
// the two waiting are promoted, never more than the capacity seated, and
// no one promoted twice.
func TestConcurrentCancellations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := w.program(t, "Pengembangan Koleksi", false)
		for round := 0; round < 5; round++ {
			x := w.session(t, p, 2, "2026-09-01")
			var es []Enrolment
			for _, person := range w.crowd(t, 4) {
				es = append(es, w.nominate(t, x, person.ID))
			}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			start := make(chan struct{})
			for i := 0; i < 2; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					<-start
					_, errs[i] = w.svc.Cancel(ctx, w.coord, w.libA.ID, es[i].ID)
				}(i)
			}
			close(start)
			wg.Wait()
			for _, err := range errs {
				must(t, err)
			}
			st := w.statuses(t, x.ID)
			if len(st[Confirmed]) != 2 || !seated(st, es[2].ID) || !seated(st, es[3].ID) || len(st[Waitlisted]) != 0 || len(st[Cancelled]) != 2 {
				t.Fatalf("round %d: seated %+v, waiting %+v, cancelled %d", round, st[Confirmed], st[Waitlisted], len(st[Cancelled]))
			}
			var promotions int
			must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action = 'training.promote'
				AND entity_id IN (?, ?)`, w.libA.ID, es[2].ID, es[3].ID).Scan(&promotions))
			if promotions != 2 {
				t.Fatalf("round %d: %d promotions recorded, want 2", round, promotions)
			}
		}
	})
}

// Twenty people enrol into five seats at once: five seated, fifteen
// waiting, numbered 1–15 in the order their enrolments were written.
func TestConcurrentEnrolment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		x := w.session(t, w.program(t, "Penerapan TIK", false), 5, "2026-09-07", "2026-09-08")
		people := w.crowd(t, 20)
		var wg sync.WaitGroup
		errs := make([]error, len(people))
		start := make(chan struct{})
		for i, person := range people {
			wg.Add(1)
			go func(i int, staffID int64) {
				defer wg.Done()
				<-start
				_, errs[i] = w.svc.Nominate(ctx, w.coord, w.libA.ID, x.ID, staffID)
			}(i, person.ID)
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			must(t, err)
		}
		st := w.statuses(t, x.ID)
		if len(st[Confirmed]) != 5 || len(st[Waitlisted]) != 15 {
			t.Fatalf("%d seated, %d waiting; want 5 and 15", len(st[Confirmed]), len(st[Waitlisted]))
		}
		// The first five written hold the seats, and the queue follows the
		// order of writing: ids and positions rise together.
		var maxSeated int64
		for _, e := range st[Confirmed] {
			maxSeated = max(maxSeated, e.ID)
		}
		for i, e := range st[Waitlisted] {
			if e.Position != i+1 {
				t.Errorf("waitlist entry %d has position %d", i, e.Position)
			}
			if e.ID < maxSeated {
				t.Errorf("enrolment %d waits though written before seated %d", e.ID, maxSeated)
			}
			if i > 0 && e.ID < st[Waitlisted][i-1].ID {
				t.Errorf("waitlist out of order: %d after %d", e.ID, st[Waitlisted][i-1].ID)
			}
		}
		got, err := w.svc.Session(ctx, w.coord, w.libA.ID, x.ID)
		must(t, err)
		if got.Confirmed != 5 || got.Waitlisted != 15 || got.SeatsLeft() != 0 {
			t.Errorf("session counts %d/%d", got.Confirmed, got.Waitlisted)
		}
	})
}
