package complaint

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

func TestLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// Friday 29 May 2026; Monday 1 June is Hari Lahir Pancasila.
		w := newWorld(t, d, at(2026, 5, 29, 10, 0))
		c := w.file(t, w.libA.ID)
		if c.Status != StatusNew || c.VerifyDue != "2026-06-04" || !strings.HasPrefix(c.Code, "PGD-") {
			t.Fatalf("filed: status %s, verify due %s, code %s; want baru, 2026-06-04, PGD-…", c.Status, c.VerifyDue, c.Code)
		}
		p, err := w.svc.Track(ctx, strings.ToLower(strings.ReplaceAll(c.Code, "-", " ")))
		must(t, err)
		if p.Status != StatusNew || p.Due != "2026-06-04" || p.LibraryName != w.libA.Name || !slices.Equal(kinds(p.Events), []string{"filed"}) {
			t.Fatalf("tracked: %+v", p)
		}

		// Staff cannot verify; the coordinator verifies on Tuesday and assigns Sari.
		w.clock.t = at(2026, 6, 2, 9, 0)
		wantCode(t, w.svc.Verify(ctx, w.handler, w.libA.ID, c.ID, w.handler.UserID), apperr.Forbidden)
		e := wantCode(t, w.svc.Verify(ctx, w.coord, w.libA.ID, c.ID, w.adminB.UserID), apperr.Invalid)
		if e.Problems[0].Field != "assignee_id" {
			t.Fatalf("assigning another library's admin: %+v", e.Problems)
		}
		must(t, w.svc.Verify(ctx, w.coord, w.libA.ID, c.ID, w.handler.UserID))
		wantCode(t, w.svc.Verify(ctx, w.coord, w.libA.ID, c.ID, w.handler.UserID), apperr.Conflict)
		got := w.get(t, w.handler, c.ID)
		if got.Status != StatusVerified || got.DecideDue != "2026-06-09" || got.AssigneeName != "Sari Pustakawan" {
			t.Fatalf("verified: status %s, decide due %s, assignee %q", got.Status, got.DecideDue, got.AssigneeName)
		}

		// Sari decides the follow-up, notes something internal, and answers.
		wantCode(t, w.svc.Decide(ctx, w.handler, w.libA.ID, c.ID, "  "), apperr.Invalid)
		must(t, w.svc.Decide(ctx, w.handler, w.libA.ID, c.ID, "Atur jadwal piket meja sirkulasi."))
		must(t, w.svc.Note(ctx, w.handler, w.libA.ID, c.ID, "Cek rekaman CCTV hari itu."))
		wantCode(t, w.svc.Resolve(ctx, w.handler, w.libA.ID, c.ID), apperr.Conflict) // not answered yet
		w.clock.t = at(2026, 6, 10, 10, 0)
		must(t, w.svc.Reply(ctx, w.handler, w.libA.ID, c.ID, "Mohon maaf. Kini selalu ada petugas piket di meja sirkulasi."))
		got = w.get(t, w.coord, c.ID)
		// 10 working days from Wednesday 10 June, skipping Tahun Baru Islam on 16 June.
		if got.Status != StatusAnswered || got.CloseDue != "2026-06-25" || got.AnsweredAt == nil || got.DecidedAt == nil {
			t.Fatalf("answered: status %s, close due %s", got.Status, got.CloseDue)
		}

		// The reporter sees the answer, never the note, the assignment or a name.
		p, err = w.svc.Track(ctx, c.Code)
		must(t, err)
		if want := []string{"filed", "verified", "decided", "replied"}; !slices.Equal(kinds(p.Events), want) {
			t.Fatalf("public timeline %v, want %v", kinds(p.Events), want)
		}
		for _, e := range p.Events {
			if e.ActorName != "" || strings.Contains(e.Body, "CCTV") || strings.Contains(e.Body, "Sari") {
				t.Fatalf("public event shows internal data: %+v", e)
			}
		}
		if !p.CanRate || !strings.Contains(p.Events[3].Body, "petugas piket") {
			t.Fatalf("answer not shown or not rateable: %+v", p)
		}

		// Rating: 1–5, once; it finishes the complaint.
		wantCode(t, w.svc.Rate(ctx, c.Code, 6, ""), apperr.Invalid)
		must(t, w.svc.Rate(ctx, c.Code, 4, "Terima kasih, sudah lebih baik."))
		e = wantCode(t, w.svc.Rate(ctx, c.Code, 5, ""), apperr.Conflict)
		if e.Key != "complaint.already_rated" {
			t.Fatalf("second rating: %s", e.Key)
		}
		got = w.get(t, w.coord, c.ID)
		if got.Status != StatusResolved || got.Rating == nil || *got.Rating != 4 || got.ClosedAt == nil {
			t.Fatalf("rated: status %s, rating %v", got.Status, got.Rating)
		}

		d2, err := w.svc.Get(ctx, w.admin, w.libA.ID, c.ID)
		must(t, err)
		if want := []string{"filed", "verified", "assigned", "decided", "note", "replied", "rated"}; !slices.Equal(kinds(d2.Events), want) {
			t.Fatalf("staff timeline %v, want %v", kinds(d2.Events), want)
		}
		want := []string{"complaint.file", "complaint.verify", "complaint.contact_view", "complaint.decide", "complaint.note",
			"complaint.reply", "complaint.contact_view", "complaint.rate", "complaint.contact_view", "complaint.contact_view"}
		if got := auditActions(t, d, w.libA.ID, c.ID); !slices.Equal(got, want) {
			t.Fatalf("audit %v\nwant  %v", got, want)
		}
	})
}

func TestContactOnlyForHandlers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, at(2026, 6, 2, 9, 0))
		c := w.file(t, w.libA.ID)
		must(t, w.svc.Verify(ctx, w.admin, w.libA.ID, c.ID, w.handler.UserID))

		// The assignee, the coordinator and the admin see the contact.
		for _, a := range []struct {
			name string
			d    Detail
		}{{"assignee", mustGet(t, w, w.handler, c.ID)}, {"coordinator", mustGet(t, w, w.coord, c.ID)}, {"admin", mustGet(t, w, w.admin, c.ID)}} {
			if a.d.Complaint.Contact == nil || *a.d.Complaint.Contact != reporterContact {
				t.Errorf("%s does not see the contact: %+v", a.name, a.d.Complaint.Contact)
			}
		}
		// Another staff member sees nothing of it: not the complaint, not in her list.
		wantCode(t, func() error { _, err := w.svc.Get(ctx, w.bystander, w.libA.ID, c.ID); return err }(), apperr.NotFound)
		wantCode(t, w.svc.Note(ctx, w.bystander, w.libA.ID, c.ID, "x"), apperr.NotFound)
		p, err := w.svc.List(ctx, w.bystander, Filter{LibraryID: w.libA.ID})
		must(t, err)
		if p.Total != 0 {
			t.Fatalf("bystander's inbox has %d complaints", p.Total)
		}
		// Lists never carry the contact, even for the admin.
		p, err = w.svc.List(ctx, w.admin, Filter{LibraryID: w.libA.ID})
		must(t, err)
		if p.Total != 1 || p.Items[0].Contact != nil || !p.Items[0].HasContact {
			t.Fatalf("admin's inbox: %+v", p.Items)
		}
		// Another library's admin: not found.
		wantCode(t, func() error { _, err := w.svc.Get(ctx, w.adminB, w.libA.ID, c.ID); return err }(), apperr.NotFound)
		wantCode(t, func() error { _, err := w.svc.Get(ctx, w.adminB, w.libB.ID, c.ID); return err }(), apperr.NotFound)

		// Reassigned, the first handler loses it, contact included.
		must(t, w.svc.Assign(ctx, w.coord, w.libA.ID, c.ID, w.bystander.UserID))
		wantCode(t, func() error { _, err := w.svc.Get(ctx, w.handler, w.libA.ID, c.ID); return err }(), apperr.NotFound)
		if d := mustGet(t, w, w.bystander, c.ID); d.Complaint.Contact == nil {
			t.Fatal("the new assignee does not see the contact")
		}
		// Three views above plus this one: each is in the audit log, by whom.
		var n int
		must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'complaint.contact_view' AND entity_id = ?`, c.ID).Scan(&n))
		if n != 4 {
			t.Fatalf("%d contact views logged, want 4", n)
		}
	})
}

func mustGet(t *testing.T, w *world, actor *auth.Actor, id int64) Detail {
	t.Helper()
	d, err := w.svc.Get(context.Background(), actor, w.libA.ID, id)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	return d
}

func TestRejectAndRatingRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, at(2026, 6, 2, 9, 0))
		c := w.file(t, w.libA.ID)
		e := wantCode(t, w.svc.Rate(ctx, c.Code, 5, ""), apperr.Conflict)
		if e.Key != "complaint.not_answered" {
			t.Fatalf("rating before an answer: %s", e.Key)
		}
		wantCode(t, w.svc.Reject(ctx, w.handler, w.libA.ID, c.ID, "Bukan pengaduan"), apperr.Forbidden)
		wantCode(t, w.svc.Reject(ctx, w.coord, w.libA.ID, c.ID, ""), apperr.Invalid)
		must(t, w.svc.Reject(ctx, w.coord, w.libA.ID, c.ID, "Laporan ini ditujukan ke Dinas Perhubungan."))
		wantCode(t, w.svc.Reply(ctx, w.coord, w.libA.ID, c.ID, "Jawaban"), apperr.Conflict)
		p, err := w.svc.Track(ctx, c.Code)
		must(t, err)
		if p.Status != StatusRejected || p.RejectReason == "" || p.CanRate {
			t.Fatalf("rejected: %+v", p)
		}
		wantCode(t, w.svc.Rate(ctx, c.Code, 3, ""), apperr.Conflict)
		if _, err := w.svc.Track(ctx, "PGD-22222-22222"); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("unknown code: %v", err)
		}
	})
}

func TestEscalationAndAutoClose(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, at(2026, 5, 29, 10, 0)) // Friday; due Thursday 4 June
		c := w.file(t, w.libA.ID)
		// The same report in Jayapura (WIT, two hours ahead) is due the same day.
		cB := w.file(t, w.libB.ID)
		if cB.VerifyDue != "2026-06-04" {
			t.Fatalf("B's verify due %s", cB.VerifyDue)
		}
		escalate := func(when time.Time, want int) {
			t.Helper()
			n, err := w.svc.Escalate(ctx, when)
			must(t, err)
			if n != want {
				t.Fatalf("Escalate(%s) = %d, want %d", when, n, want)
			}
		}
		escalate(at(2026, 6, 4, 21, 0), 0) // still the due day everywhere
		// 23:30 WIB is 01:30 WIT on Friday: Jayapura's complaint is late, Batu's not yet.
		escalate(at(2026, 6, 4, 23, 30), 1)
		escalate(at(2026, 6, 5, 0, 30), 1)
		escalate(at(2026, 6, 5, 9, 0), 0) // once per stage

		w.clock.t = at(2026, 6, 5, 9, 0)
		esc, err := w.svc.Escalations(ctx, w.admin, w.libA.ID)
		must(t, err)
		if len(esc) != 1 || esc[0].ID != c.ID || esc[0].EscalatedStage != StageVerify || !esc[0].Overdue || esc[0].DaysLate != 1 {
			t.Fatalf("admin's escalations: %+v", esc)
		}
		_, err = w.svc.Escalations(ctx, w.coord, w.libA.ID)
		wantCode(t, err, apperr.Forbidden)
		sum, err := w.svc.Summarize(ctx, w.coord, w.libA.ID)
		must(t, err)
		if sum != (Summary{Open: 1, Overdue: 1, Escalated: 1}) {
			t.Fatalf("summary %+v", sum)
		}
		p, err := w.svc.List(ctx, w.coord, Filter{LibraryID: w.libA.ID, Overdue: true})
		must(t, err)
		if p.Total != 1 {
			t.Fatalf("overdue filter: %d", p.Total)
		}

		// Verified late on Friday: the escalation is answered; decide by Friday 12 June.
		must(t, w.svc.Verify(ctx, w.coord, w.libA.ID, c.ID, w.handler.UserID))
		if esc, _ := w.svc.Escalations(ctx, w.admin, w.libA.ID); len(esc) != 0 {
			t.Fatalf("escalation still open after verification: %+v", esc)
		}
		if got := w.get(t, w.coord, c.ID); got.DecideDue != "2026-06-12" {
			t.Fatalf("decide due %s", got.DecideDue)
		}
		escalate(at(2026, 6, 12, 23, 0), 0)
		escalate(at(2026, 6, 13, 1, 0), 1)
		w.clock.t = at(2026, 6, 15, 10, 0)
		esc, _ = w.svc.Escalations(ctx, w.admin, w.libA.ID)
		if len(esc) != 1 || esc[0].EscalatedStage != StageDecide {
			t.Fatalf("decide escalation: %+v", esc)
		}

		// Answered on Monday 15 June: closes itself after Tuesday 30 June.
		must(t, w.svc.Reply(ctx, w.handler, w.libA.ID, c.ID, "Sudah ditangani."))
		if got := w.get(t, w.coord, c.ID); got.CloseDue != "2026-06-30" {
			t.Fatalf("close due %s", got.CloseDue)
		}
		for _, tc := range []struct {
			when time.Time
			want int
		}{{at(2026, 6, 30, 23, 0), 0}, {at(2026, 7, 1, 0, 10), 1}, {at(2026, 7, 2, 0, 10), 0}} {
			n, err := w.svc.AutoClose(ctx, tc.when)
			must(t, err)
			if n != tc.want {
				t.Fatalf("AutoClose(%s) = %d, want %d", tc.when, n, tc.want)
			}
		}
		pub, err := w.svc.Track(ctx, c.Code)
		must(t, err)
		if pub.Status != StatusAutoClosed || pub.Events[len(pub.Events)-1].Kind != "auto_closed" || !pub.CanRate {
			t.Fatalf("after auto-close: status %s, events %v, can rate %v", pub.Status, kinds(pub.Events), pub.CanRate)
		}
		must(t, w.svc.Rate(ctx, c.Code, 2, "Terlambat."))
		if got := w.get(t, w.coord, c.ID); got.Status != StatusAutoClosed || got.Rating == nil {
			t.Fatalf("late rating: status %s, rating %v", got.Status, got.Rating)
		}
		var escalations int
		must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'complaint.escalate' AND library_id = ? AND actor_name = 'sistem'`, w.libA.ID).Scan(&escalations))
		if escalations != 2 {
			t.Fatalf("%d escalations audited for A, want 2", escalations)
		}
	})
}

func TestHolidayCalendar(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, at(2026, 5, 29, 10, 0))
		national, err := w.svc.Holidays(ctx, super, 0, 2026)
		must(t, err)
		if len(national) != 25 {
			t.Fatalf("%d national days off seeded for 2026, want 25 (17 holidays, 8 cuti bersama)", len(national))
		}
		_, err = w.svc.Holidays(ctx, w.admin, 0, 2026)
		wantCode(t, err, apperr.Forbidden)

		// Batu takes Wednesday 3 June off; Jayapura does not.
		_, err = w.svc.AddHoliday(ctx, w.coord, Holiday{LibraryID: w.libA.ID, Date: "2026-06-03", Name: "Hari Jadi Kota", Kind: "libur"})
		wantCode(t, err, apperr.Forbidden)
		local, err := w.svc.AddHoliday(ctx, w.admin, Holiday{LibraryID: w.libA.ID, Date: "2026-06-03", Name: "Hari Jadi Kota Batu", Kind: "cuti_bersama"})
		must(t, err)
		_, err = w.svc.AddHoliday(ctx, w.admin, Holiday{LibraryID: w.libA.ID, Date: "2026-06-03", Name: "Lagi", Kind: "libur"})
		wantCode(t, err, apperr.Conflict)
		_, err = w.svc.AddHoliday(ctx, w.admin, Holiday{LibraryID: w.libA.ID, Date: "3 Juni", Name: "X", Kind: "libur"})
		wantCode(t, err, apperr.Invalid)
		_, err = w.svc.AddHoliday(ctx, w.admin, Holiday{Date: "2026-06-05", Name: "Bukan nasional", Kind: "libur"})
		wantCode(t, err, apperr.Forbidden)

		a, b := w.file(t, w.libA.ID), w.file(t, w.libB.ID)
		if a.VerifyDue != "2026-06-05" || b.VerifyDue != "2026-06-04" {
			t.Fatalf("verify due with Batu's day off: A %s (want 2026-06-05), B %s (want 2026-06-04)", a.VerifyDue, b.VerifyDue)
		}
		hs, err := w.svc.Holidays(ctx, w.handler, w.libA.ID, 2026)
		must(t, err)
		if len(hs) != 26 {
			t.Fatalf("A's 2026 calendar has %d days off, want 26", len(hs))
		}
		hs, err = w.svc.Holidays(ctx, w.adminB, w.libB.ID, 2026)
		must(t, err)
		if len(hs) != 25 {
			t.Fatalf("B's calendar shows A's day off: %d", len(hs))
		}
		// Nobody deletes across libraries, nor a national day through a library.
		wantCode(t, w.svc.DeleteHoliday(ctx, w.adminB, w.libB.ID, local.ID), apperr.NotFound)
		wantCode(t, w.svc.DeleteHoliday(ctx, w.admin, w.libA.ID, national[0].ID), apperr.NotFound)
		must(t, w.svc.DeleteHoliday(ctx, w.admin, w.libA.ID, local.ID))

		// A superadmin enters 2027 when its SKB is out.
		h, err := w.svc.AddHoliday(ctx, super, Holiday{Date: "2027-01-01", Name: "Tahun Baru 2027 Masehi", Kind: "libur"})
		must(t, err)
		if hs, _ := w.svc.Holidays(ctx, w.admin, w.libA.ID, 2027); len(hs) != 1 || !hs[0].National() {
			t.Fatalf("2027: %+v", hs)
		}
		must(t, w.svc.DeleteHoliday(ctx, super, 0, h.ID))
	})
}
