package insight_test

import (
	"context"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/insight"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/survey"
	"github.com/bina-pustaka/bina/internal/training"
)

// The training card late in December: the 30 days run into January, so
// next year's sessions count too; a session that has begun, a cancelled one
// and one past the window are not "upcoming", and the waiting lists are
// those of sessions still to start, this year's or next. A library with no
// answers, no cycle and no certificates gets empty cards, not errors. A
// librarian gets only the cards of pages she may open, and the others are
// not even computed (their services are missing here).
func TestHighlightsTrainingWindowAndPermissions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		q := d.Reader()
		staffID := func(name string) int64 {
			t.Helper()
			var id int64
			if err := q.QueryRowContext(ctx, `SELECT id FROM staff WHERE library_id = ? AND name = ?`, f.kediri, name).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		// The sessions are scheduled on 1 December.
		clock := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
		tr := &training.Service{DB: d, Now: func() time.Time { return clock }}
		p, err := tr.CreateProgram(ctx, super, training.Program{LibraryID: f.kediri, Title: "Layanan Prima", Type: "workshop",
			Level: "dasar", JP: 8, ProviderKind: "internal", Modality: "offline"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		session := func(title, status string, capacity int, days ...record.Date) training.Session {
			t.Helper()
			x, err := tr.CreateSession(ctx, super, training.Session{LibraryID: f.kediri, ProgramID: p.ID, Title: title, Days: days,
				Place: "Aula", Capacity: capacity, Status: status, MinAttendance: training.DefaultMinAttendance})
			if err != nil {
				t.Fatalf("session %s: %v", title, err)
			}
			return x
		}
		nominate := func(x training.Session, names ...string) {
			t.Helper()
			for _, n := range names {
				if _, err := tr.Nominate(ctx, super, f.kediri, x.ID, staffID(n)); err != nil {
					t.Fatalf("nominate %s to %s: %v", n, x.Title, err)
				}
			}
		}
		begun := session("Angkatan 1", training.SessionOpen, 1, "2026-12-18", "2026-12-21")
		nominate(begun, "Sari", "Budi") // Budi waits, but the session has begun
		december := session("Angkatan 2", training.SessionOpen, 1, "2026-12-28")
		nominate(december, "Dewi", "Yusuf") // Yusuf waits
		session("Angkatan 3", training.SessionCancelled, 10, "2026-12-30")
		session("Angkatan 4", training.SessionPlanned, 10, "2027-01-19")
		march := session("Angkatan 5", training.SessionOpen, 1, "2027-03-02")
		nominate(march, "Sari", "Budi", "Dewi")                       // Budi and Dewi wait
		session("Angkatan 6", training.SessionOpen, 10, "2027-01-20") // the day after the window

		h := &insight.Highlights{Libraries: &library.Service{DB: d}, Survey: nil, Complaints: &complaint.Service{DB: d},
			Record: &record.Service{DB: d}, Competency: nil, Training: tr}
		today := record.Date("2026-12-20")

		// The librarian: complaints (her own) and training only. Survey and
		// Competency are nil here: computing their cards would panic.
		sari := &auth.Actor{UserID: 999, Name: "Sari", Memberships: map[int64]auth.Membership{f.kediri: {LibraryID: f.kediri, Role: auth.RoleStaff}}}
		got, err := h.Library(ctx, sari, f.kediri, today)
		if err != nil {
			t.Fatal(err)
		}
		if got.IKM != nil || got.JP != nil || got.Assessment != nil || got.Certificates != nil {
			t.Errorf("the librarian gets cards of pages she may not open: %+v", got)
		}
		if got.Complaints == nil || !got.Complaints.Mine || got.Complaints.Open != 0 {
			t.Errorf("the librarian's complaint card %+v: want her own (none)", got.Complaints)
		}
		tc := got.Training
		if tc == nil {
			t.Fatal("the librarian has no training card")
		}
		if tc.Days != 30 || tc.Upcoming != 2 {
			t.Errorf("upcoming: %d in %d days; want 2 (28 December and 19 January) in 30", tc.Upcoming, tc.Days)
		}
		if tc.Next == nil || tc.Next.ID != december.ID {
			t.Errorf("next session %+v: want %q on 28 December", tc.Next, december.Title)
		}
		if tc.Waitlisted != 3 {
			t.Errorf("waitlisted %d: want 3 (one in December, two in March; not the session that has begun)", tc.Waitlisted)
		}

		// The admin, with every service: empty cards where there is nothing.
		h.Survey, h.Competency = &survey.Service{DB: d}, &competency.Service{DB: d}
		got, err = h.Library(ctx, f.adminKediri, f.kediri, today)
		if err != nil {
			t.Fatal(err)
		}
		if got.IKM == nil || got.IKM.Year != 2026 || got.IKM.IKM != nil || got.IKM.Respondents != 0 {
			t.Errorf("IKM card %+v: want 2026 without answers", got.IKM)
		}
		if got.JP == nil || got.JP.Year != 2026 || got.JP.Total != 4 || got.JP.Reached != 0 || got.JP.Target != 20 {
			t.Errorf("JP card %+v: want 0 of the 4 active staff at 20 JP in 2026", got.JP)
		}
		if got.Assessment == nil || got.Assessment.Open != nil || got.Assessment.LastClosed != nil {
			t.Errorf("assessment card %+v: want one saying there is no cycle", got.Assessment)
		}
		if got.Certificates == nil || got.Certificates.Expiring != 0 || got.Certificates.Days != 60 {
			t.Errorf("certificate card %+v: want none within 60 days", got.Certificates)
		}
		if got.Complaints == nil || got.Complaints.Mine {
			t.Errorf("the admin's complaint card %+v: want the whole library's", got.Complaints)
		}

		// Another library's admin learns nothing.
		batuAdmin := &auth.Actor{UserID: 998, Name: "Admin Batu", Memberships: map[int64]auth.Membership{f.batu: {LibraryID: f.batu, Role: auth.RoleAdmin}}}
		if _, err := h.Library(ctx, batuAdmin, f.kediri, today); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("Batu's admin asking for Kediri's highlights: %v, want not found", err)
		}
	})
}
