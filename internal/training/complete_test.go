package training

import (
	"context"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
)

func TestCompletionCreditsJPOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		rec := &record.Service{DB: d, Now: w.clock.now}
		p := w.program(t, "Bimbingan Teknis Katalogisasi", false) // 16 JP, workshop
		in := w.sessionInput(p, 10, "2026-05-11", "2026-05-12", "2026-05-13", "2026-05-14", "2026-05-15")
		in.Title, in.PassMark = "Angkatan I", intp(70)
		x, err := w.svc.CreateSession(ctx, w.coord, in)
		must(t, err)
		ps := w.crowd(t, 4)
		var es []Enrolment
		for _, person := range ps {
			es = append(es, w.nominate(t, x, person.ID))
		}
		// es[0]: all five days, post 85 → completed.
		// es[1]: four days (exactly 80 %), post 70 (exactly the mark) → completed.
		// es[2]: three days, post 95 → not completed (attendance).
		// es[3]: five days, post 60 → not completed (post-test).
		present := map[string][]int64{
			"2026-05-11": {es[0].ID, es[1].ID, es[2].ID, es[3].ID},
			"2026-05-12": {es[0].ID, es[1].ID, es[2].ID, es[3].ID},
			"2026-05-13": {es[0].ID, es[1].ID, es[2].ID, es[3].ID},
			"2026-05-14": {es[0].ID, es[1].ID, es[3].ID},
			"2026-05-15": {es[0].ID, es[3].ID},
		}
		for day, ids := range present {
			must(t, w.svc.SetAttendance(ctx, w.coord, w.libA.ID, x.ID, record.Date(day), ids))
		}
		err = w.svc.SetAttendance(ctx, w.coord, w.libA.ID, x.ID, "2026-05-16", nil)
		wantProblem(t, err, "day", "training.not_a_session_day")
		must(t, w.svc.SetScores(ctx, w.coord, w.libA.ID, x.ID, []Score{
			{EnrolmentID: es[0].ID, Pre: intp(40), Post: intp(85)},
			{EnrolmentID: es[1].ID, Pre: intp(50), Post: intp(70)},
			{EnrolmentID: es[2].ID, Pre: intp(100), Post: intp(95)},
			{EnrolmentID: es[3].ID, Pre: intp(55), Post: intp(60)},
		}))

		// Not before the last day.
		w.clock.t = w.clock.t.AddDate(0, 0, -30) // 2 May
		_, err = w.svc.Complete(ctx, w.coord, w.libA.ID, x.ID)
		if e := wantCode(t, err, apperr.Conflict); e.Key != "training.not_finished" {
			t.Errorf("early completion: %v", err)
		}
		w.clock.t = w.clock.t.AddDate(0, 0, 30)

		res, err := w.svc.Complete(ctx, w.coord, w.libA.ID, x.ID)
		must(t, err)
		if res != (Completion{Completed: 2, NotCompleted: 2, Credited: 2}) {
			t.Fatalf("completion %+v", res)
		}
		got := map[int64]string{}
		for _, e := range mustParticipants(t, w, x.ID) {
			got[e.ID] = e.Status
		}
		want := map[int64]string{es[0].ID: Completed, es[1].ID: Completed, es[2].ID: NotCompleted, es[3].ID: NotCompleted}
		for id, st := range want {
			if got[id] != st {
				t.Errorf("enrolment %d is %s, want %s", id, got[id], st)
			}
		}
		// The session average gain: (0.75 + 0.4 + 1/9) / 3; the pre-test of 100 is left out.
		sum := SummarizeGains(mustParticipants(t, w, x.ID))
		if sum.Count != 3 {
			t.Errorf("gains counted %d, want 3", sum.Count)
		}

		// The JP are in the ledgers, verified, once.
		ledger, err := rec.JPLedger(ctx, w.coord, w.libA.ID, ps[0].ID, 2026)
		must(t, err)
		if len(ledger.Entries) != 1 || ledger.Status.Verified != 16 || ledger.Entries[0].Status != record.StatusVerified ||
			ledger.Entries[0].Title != "Bimbingan Teknis Katalogisasi — Angkatan I" || ledger.Entries[0].Activity != "workshop" ||
			ledger.Entries[0].Organizer != w.libA.Name || ledger.Entries[0].Date != "2026-05-15" {
			t.Fatalf("ledger %+v", ledger)
		}
		if l, _ := rec.JPLedger(ctx, w.coord, w.libA.ID, ps[2].ID, 2026); len(l.Entries) != 0 {
			t.Errorf("not completed but credited: %+v", l.Entries)
		}

		// A forgotten tick is fixed and the session completed again: es[2]
		// now completes and is credited; no one is credited twice.
		must(t, w.svc.SetAttendance(ctx, w.coord, w.libA.ID, x.ID, "2026-05-14", []int64{es[0].ID, es[1].ID, es[2].ID, es[3].ID}))
		res, err = w.svc.Complete(ctx, w.coord, w.libA.ID, x.ID)
		must(t, err)
		if res != (Completion{Completed: 3, NotCompleted: 1, Credited: 1}) {
			t.Fatalf("second completion %+v", res)
		}
		res, err = w.svc.Complete(ctx, w.coord, w.libA.ID, x.ID)
		must(t, err)
		if res.Credited != 0 {
			t.Errorf("third completion credited %d", res.Credited)
		}
		var entries int
		must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM record_jp_entries WHERE library_id = ?`, w.libA.ID).Scan(&entries))
		if entries != 3 {
			t.Errorf("%d JP entries in the library, want 3", entries)
		}
		// A completed session is closed to changes of its seats.
		_, err = w.svc.Cancel(ctx, w.coord, w.libA.ID, es[0].ID)
		wantCode(t, err, apperr.Conflict)
		_, err = w.svc.Nominate(ctx, w.coord, w.libA.ID, x.ID, w.sari.ID)
		wantCode(t, err, apperr.Conflict)
		in.ID = x.ID
		_, err = w.svc.UpdateSession(ctx, w.coord, in)
		wantCode(t, err, apperr.Conflict)
		// Staff do not complete sessions.
		_, err = w.svc.Complete(ctx, w.sariActor, w.libA.ID, x.ID)
		wantCode(t, err, apperr.Forbidden)
	})
}

// Two coordinators press "complete" at the same moment: still one credit each.
func TestConcurrentCompletion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		x := w.session(t, w.program(t, "Etika Pustakawan", false), 5, "2026-05-20")
		e := w.nominate(t, x, w.sari.ID)
		must(t, w.svc.SetAttendance(ctx, w.coord, w.libA.ID, x.ID, "2026-05-20", []int64{e.ID}))
		done := make(chan error, 2)
		for i := 0; i < 2; i++ {
			go func() { _, err := w.svc.Complete(ctx, w.coord, w.libA.ID, x.ID); done <- err }()
		}
		must(t, <-done)
		must(t, <-done)
		var n int
		must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM record_jp_entries WHERE library_id = ? AND staff_id = ?`, w.libA.ID, w.sari.ID).Scan(&n))
		if n != 1 {
			t.Errorf("%d JP entries after two simultaneous completions, want 1", n)
		}
	})
}

func mustParticipants(t *testing.T, w *world, sessionID int64) []Enrolment {
	t.Helper()
	es, err := w.svc.Participants(context.Background(), w.coord, w.libA.ID, sessionID)
	must(t, err)
	return es
}

func TestAnnualPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := w.program(t, "Manajemen Koleksi", false)
		for _, c := range []struct {
			day    string
			budget int64
			status string
		}{
			{"2026-02-10", 5_000_000, SessionPlanned},
			{"2026-03-31", 2_500_000, SessionOpen},
			{"2026-04-01", 7_000_000, SessionPlanned},
			{"2026-11-15", 1_000_000, SessionCancelled},
			{"2027-01-05", 9_000_000, SessionPlanned},
		} {
			in := w.sessionInput(p, 20, c.day)
			in.Budget, in.Status, in.BudgetLine = c.budget, c.status, "5.2.1.01"
			_, err := w.svc.CreateSession(ctx, w.coord, in)
			must(t, err)
		}
		plan, err := w.svc.AnnualPlan(ctx, w.coord, w.libA.ID, 2026)
		must(t, err)
		if len(plan.Quarters) != 4 || plan.Quarters[0].Budget != 7_500_000 || plan.Quarters[1].Budget != 7_000_000 ||
			plan.Quarters[2].Budget != 0 || plan.Quarters[3].Budget != 0 || plan.Budget != 14_500_000 {
			t.Fatalf("plan %+v", plan)
		}
		if len(plan.Quarters[0].Sessions) != 2 || plan.Quarters[0].JP != 32 || plan.Seats != 60 || len(plan.Cancelled) != 1 {
			t.Errorf("plan details %+v", plan)
		}
		_, err = w.svc.AnnualPlan(ctx, w.sariActor, w.libA.ID, 2026)
		wantCode(t, err, apperr.Forbidden)
	})
}
