package training

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/record"
)

// ikmDay stores one day of a service point where every element got the
// same total from 25 respondents (score 4 each: 100; 3 each: 75).
func ikmDay(t *testing.T, d *db.DB, libraryID, spID int64, day string, sum int) {
	t.Helper()
	cols, vals, args := "library_id, day, service_point_id, respondents", "?, ?, ?, 25", []any{libraryID, day, spID}
	for i := 1; i <= 9; i++ {
		cols += fmt.Sprintf(", s%d, c%d", i, i)
		vals += ", ?, 25"
		args = append(args, sum)
	}
	must(t, d.InTx(context.Background(), func(tx *db.Tx) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO ikm_daily (`+cols+`) VALUES (`+vals+`)`, args...)
		return err
	}))
}

// completedSession runs a session of A on the days with Sari and Budi
// attending every day, and completes it.
func completedSession(t *testing.T, w *world, title string, days ...string) Session {
	t.Helper()
	ctx := context.Background()
	p := w.program(t, title, false)
	x := w.session(t, p, 10, days...)
	es := []Enrolment{w.nominate(t, x, w.sari.ID), w.nominate(t, x, w.budi.ID)}
	for _, day := range days {
		must(t, w.svc.SetAttendance(ctx, w.coord, w.libA.ID, x.ID, record.Date(day), []int64{es[0].ID, es[1].ID}))
	}
	_, err := w.svc.Complete(ctx, w.coord, w.libA.ID, x.ID)
	must(t, err)
	return x
}

func TestL3FollowUps(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		x := completedSession(t, w, "Pelayanan Prima", "2026-02-02", "2026-02-03")
		// Due 3 Feb + 90 days = 4 May; today is 1 June.
		items, err := w.svc.L3FollowUps(ctx, w.coord, w.libA.ID, true)
		must(t, err)
		if len(items) != 2 || items[0].Due != "2026-05-04" || items[0].State != L3Overdue || items[1].State != L3Overdue || len(items[0].Targets) != 1 {
			t.Fatalf("items %+v", items)
		}
		// Sari is reassessed on the target in a cycle opened after the session.
		var version int64
		must(t, d.Reader().QueryRowContext(ctx, `SELECT version_id FROM competencies WHERE id = ?`, w.competency).Scan(&version))
		now := db.Now()
		must(t, d.InTx(ctx, func(tx *db.Tx) error {
			var cycle, a int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO assessment_cycles (library_id, name, version_id, opens_on, closes_on, status, created_at)
				VALUES (?, 'Semester I 2026', ?, '2026-05-10', '2026-06-30', 'open', ?) RETURNING id`, w.libA.ID, version, now).Scan(&cycle); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO assessments (library_id, cycle_id, staff_id, status) VALUES (?, ?, ?, 'reviewed') RETURNING id`,
				w.libA.ID, cycle, w.sari.ID).Scan(&a); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO assessment_ratings (library_id, assessment_id, competency_id, role, level, updated_at)
				VALUES (?, ?, ?, 'supervisor', 3, ?)`, w.libA.ID, a, w.competency, now)
			return err
		}))
		items, err = w.svc.L3FollowUps(ctx, w.coord, w.libA.ID, true)
		must(t, err)
		if len(items) != 1 || items[0].StaffID != w.budi.ID || items[0].SessionID != x.ID {
			t.Fatalf("open after Sari's reassessment: %+v", items)
		}
		all, err := w.svc.L3FollowUps(ctx, w.coord, w.libA.ID, false)
		must(t, err)
		if len(all) != 2 {
			t.Fatalf("all: %+v", all)
		}
		for _, it := range all {
			if it.StaffID == w.sari.ID && it.State != L3Done {
				t.Errorf("Sari: %s", it.State)
			}
		}
		// On the due day it is due, before it upcoming.
		w.clock.t = time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)
		items, _ = w.svc.L3FollowUps(ctx, w.coord, w.libA.ID, true)
		if len(items) != 1 || items[0].State != L3Due {
			t.Errorf("on the due day: %+v", items)
		}
		w.clock.t = time.Date(2026, 5, 3, 3, 0, 0, 0, time.UTC)
		items, _ = w.svc.L3FollowUps(ctx, w.coord, w.libA.ID, true)
		if len(items) != 1 || items[0].State != L3Upcoming {
			t.Errorf("the day before: %+v", items)
		}
		if b, _ := w.svc.L3FollowUps(ctx, w.adminB, w.libB.ID, false); len(b) != 0 {
			t.Errorf("B sees %+v", b)
		}
		_, err = w.svc.L3FollowUps(ctx, w.sariActor, w.libA.ID, true)
		wantCode(t, err, apperr.Forbidden)
	})
}

func TestL4Summaries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		libs := &library.Service{DB: d}
		ref, err := libs.CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: w.libA.ID, Name: "Layanan Referensi", Kind: "referensi", Active: true})
		must(t, err)
		other, err := libs.CreateServicePoint(ctx, super, library.ServicePoint{LibraryID: w.libA.ID, Name: "Layanan Anak", Kind: "anak", Active: true})
		must(t, err)
		must(t, d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE staff SET service_point_id = ? WHERE library_id = ? AND id = ?`, ref.ID, w.libA.ID, w.sari.ID)
			return err
		}))
		completedSession(t, w, "Pelayanan Prima", "2026-02-02", "2026-02-03")
		// Q4 2025 (before): NRR 3 everywhere → IKM 75; the other point's
		// poor day is not the trainees'. Q2 2026 (after): NRR 4 → 100.
		ikmDay(t, d, w.libA.ID, ref.ID, "2025-11-10", 75)
		ikmDay(t, d, w.libA.ID, other.ID, "2025-11-10", 25)
		ikmDay(t, d, w.libA.ID, ref.ID, "2026-04-15", 100)

		sum, err := w.svc.L4Summaries(ctx, w.coord, w.libA.ID)
		must(t, err)
		if len(sum) != 1 {
			t.Fatalf("summaries %+v", sum)
		}
		x := sum[0]
		if x.BeforeFrom != "2025-10-01" || x.BeforeTo != "2025-12-31" || x.AfterFrom != "2026-04-01" || x.AfterTo != "2026-06-30" {
			t.Errorf("quarters %+v", x)
		}
		if len(x.ServicePoints) != 1 || x.ServicePoints[0] != "Layanan Referensi" || x.Before == nil || *x.Before != 75 || !x.AfterPending || x.After != nil {
			t.Errorf("while the after quarter runs: %+v", x)
		}
		w.clock.t = time.Date(2026, 7, 1, 3, 0, 0, 0, time.UTC)
		sum, err = w.svc.L4Summaries(ctx, w.coord, w.libA.ID)
		must(t, err)
		x = sum[0]
		if x.After == nil || *x.After != 100 || x.AfterPending || x.Change() == nil || *x.Change() != 25 {
			t.Errorf("after the quarter: %+v", x)
		}
	})
}
