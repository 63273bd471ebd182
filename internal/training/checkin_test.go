package training

import (
	"context"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
)

// Sari scans the QR code of the day and is present once however often she
// scans; Budi, not a participant, is refused; yesterday's code is refused
// the next day, and no code is handed out for a day other than today.
func TestCheckIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := w.program(t, "Layanan Prima", false)
		x := w.session(t, p, 5, "2026-06-01", "2026-06-02")
		e := w.nominate(t, x, w.sari.ID)
		budi := dbtest.Member(t, d, w.libA.ID, "budi@kediri.test", "Budi Santoso", auth.RoleStaff, &w.budi.ID)

		_, err := w.svc.CheckinCode(ctx, w.coord, w.libA.ID, x.ID, "2026-06-02")
		wantProblem(t, err, "day", "training.checkin_not_today")
		_, err = w.svc.CheckinCode(ctx, w.sariActor, w.libA.ID, x.ID, "2026-06-01")
		wantCode(t, err, apperr.Forbidden)

		code, err := w.svc.CheckinCode(ctx, w.coord, w.libA.ID, x.ID, "2026-06-01")
		must(t, err)
		again, err := w.svc.CheckinCode(ctx, w.coord, w.libA.ID, x.ID, "2026-06-01")
		must(t, err)
		if code == "" || again != code {
			t.Fatalf("the day's code changed from %q to %q", code, again)
		}

		c, err := w.svc.CheckIn(ctx, w.sariActor, w.libA.ID, x.ID, code)
		must(t, err)
		if c.Already || c.Day != "2026-06-01" || c.SessionName != x.Name() {
			t.Errorf("check-in %+v", c)
		}
		c, err = w.svc.CheckIn(ctx, w.sariActor, w.libA.ID, x.ID, code)
		must(t, err)
		if !c.Already {
			t.Errorf("a second scan should say she was already present")
		}
		att, err := w.svc.Attendance(ctx, w.coord, w.libA.ID, x.ID)
		must(t, err)
		if !att[e.ID]["2026-06-01"] || len(att[e.ID]) != 1 {
			t.Errorf("attendance %v, want present on 1 June only", att[e.ID])
		}

		_, err = w.svc.CheckIn(ctx, budi, w.libA.ID, x.ID, code)
		if pe := wantCode(t, err, apperr.Forbidden); pe.Key != "training.checkin_not_participant" {
			t.Errorf("non-participant: %v", err)
		}
		_, err = w.svc.CheckIn(ctx, w.sariActor, w.libA.ID, x.ID, "salah")
		if pe := wantCode(t, err, apperr.Conflict); pe.Key != "training.checkin_bad_code" {
			t.Errorf("wrong code: %v", err)
		}
		_, err = w.svc.CheckIn(ctx, w.coord, w.libA.ID, x.ID, code)
		wantCode(t, err, apperr.Forbidden) // no staff record of her own

		// The next day yesterday's code no longer counts.
		w.clock.t = w.clock.t.Add(24 * time.Hour)
		_, err = w.svc.CheckIn(ctx, w.sariActor, w.libA.ID, x.ID, code)
		if pe := wantCode(t, err, apperr.Conflict); pe.Key != "training.checkin_bad_code" {
			t.Errorf("yesterday's code: %v", err)
		}
		code2, err := w.svc.CheckinCode(ctx, w.coord, w.libA.ID, x.ID, "2026-06-02")
		must(t, err)
		if code2 == code {
			t.Fatal("two days share a code")
		}
		_, err = w.svc.CheckIn(ctx, w.sariActor, w.libA.ID, x.ID, code2)
		must(t, err)
		att, err = w.svc.Attendance(ctx, w.coord, w.libA.ID, x.ID)
		must(t, err)
		if !att[e.ID][string(record.Date("2026-06-02"))] {
			t.Errorf("attendance %v, want present on 2 June", att[e.ID])
		}
	})
}
