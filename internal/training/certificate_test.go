package training

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
)

// completedSession runs a session of p on day with n attendees (all
// present) and the extra people absent, and completes it.
func (w *world) completedSession(t *testing.T, p Program, day string, n, absent int) (Session, []Enrolment) {
	t.Helper()
	ctx := context.Background()
	x := w.session(t, p, n+absent, day)
	var es []Enrolment
	var present []int64
	for i, person := range w.crowd(t, n+absent) {
		e := w.nominate(t, x, person.ID)
		es = append(es, e)
		if i < n {
			present = append(present, e.ID)
		}
	}
	must(t, w.svc.SetAttendance(ctx, w.coord, w.libA.ID, x.ID, record.Date(day), present))
	if _, err := w.svc.Complete(ctx, w.coord, w.libA.ID, x.ID); err != nil {
		t.Fatal(err)
	}
	return x, es
}

func TestCertificatesIssueBulkRevokeExpire(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := w.program(t, "Literasi Digital", false)
		open := w.session(t, p, 5, "2026-07-01")
		_, err := w.svc.IssueForSession(ctx, w.coord, w.libA.ID, open.ID)
		if e := wantCode(t, err, apperr.Conflict); e.Key != "certificate.session_not_completed" {
			t.Fatalf("issue before completion: %v", err)
		}

		x, es := w.completedSession(t, p, "2026-05-20", 3, 1)
		// One by one: the absent person gets none.
		_, _, err = w.svc.Issue(ctx, w.coord, w.libA.ID, es[3].ID)
		if e := wantCode(t, err, apperr.Conflict); e.Key != "certificate.not_completed" {
			t.Fatalf("issue to the absent: %v", err)
		}
		one, issued, err := w.svc.Issue(ctx, w.coord, w.libA.ID, es[0].ID)
		must(t, err)
		if !issued {
			t.Errorf("the first issue says it issued nothing")
		}
		if one.Number != fmt.Sprintf("BP/%d/2026/0001", w.libA.ID) || one.State != CertValid || one.JP != 16 ||
			one.ProgramTitle != "Literasi Digital" || one.ExpiresOn != "" || len(one.Code) != 12 {
			t.Fatalf("first certificate: %+v", one)
		}
		again, issued, err := w.svc.Issue(ctx, w.coord, w.libA.ID, es[0].ID)
		must(t, err)
		if again.ID != one.ID || issued {
			t.Errorf("issuing twice made another certificate")
		}
		// Bulk: the other two completed, numbered on.
		bulk, err := w.svc.IssueForSession(ctx, w.coord, w.libA.ID, x.ID)
		must(t, err)
		if len(bulk) != 2 || bulk[0].Number != fmt.Sprintf("BP/%d/2026/0002", w.libA.ID) || bulk[1].Number != fmt.Sprintf("BP/%d/2026/0003", w.libA.ID) {
			t.Fatalf("bulk: %+v", bulk)
		}
		if more, err := w.svc.IssueForSession(ctx, w.coord, w.libA.ID, x.ID); err != nil || len(more) != 0 {
			t.Fatalf("bulk again: %v %d", err, len(more))
		}
		// Staff see only their own; a stranger of B none.
		_, err = w.svc.IssueForSession(ctx, w.sariActor, w.libA.ID, x.ID)
		wantCode(t, err, apperr.Forbidden)
		if _, err := w.svc.Certificate(ctx, w.sariActor, w.libA.ID, one.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("someone else's certificate: %v", err)
		}
		if _, err := w.svc.Certificate(ctx, w.adminB, w.libA.ID, one.ID); err == nil {
			t.Errorf("B's admin read A's certificate")
		}
		all, err := w.svc.Certificates(ctx, w.coord, CertificateFilter{LibraryID: w.libA.ID, SessionID: x.ID})
		must(t, err)
		if len(all) != 3 {
			t.Errorf("session's certificates: %d", len(all))
		}

		// Verify, revoke, verify again.
		v, err := w.svc.Verify(ctx, one.Code)
		must(t, err)
		if v.State != CertValid || v.StaffName != es[0].StaffName {
			t.Errorf("verify: %+v", v)
		}
		_, err = w.svc.Revoke(ctx, w.coord, w.libA.ID, one.ID, " ")
		wantProblem(t, err, "reason", "field.required")
		r, err := w.svc.Revoke(ctx, w.coord, w.libA.ID, one.ID, "Data kehadiran keliru")
		must(t, err)
		if r.State != CertRevoked || r.RevokedAt == nil {
			t.Errorf("revoked: %+v", r)
		}
		_, err = w.svc.Revoke(ctx, w.coord, w.libA.ID, one.ID, "lagi")
		wantCode(t, err, apperr.Conflict)
		if v, _ := w.svc.Verify(ctx, one.Code); v.State != CertRevoked {
			t.Errorf("verify after revocation: %s", v.State)
		}
		if _, err := w.svc.Verify(ctx, "tidakada"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("unknown code: %v", err)
		}
		var audits int
		must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action IN ('certificate.issue', 'certificate.revoke')`,
			w.libA.ID).Scan(&audits))
		if audits != 4 {
			t.Errorf("audited %d issues and revocations, want 4", audits)
		}

		// Expiry: a programme valid 12 months; issued 1 June 2026, valid
		// through 31 May 2027, expired on 1 June 2027.
		q := w.program(t, "Pertolongan Pertama", false)
		for _, bad := range []int{0, 121} {
			q.CertificateValidityMonths = intp(bad)
			_, err = w.svc.UpdateProgram(ctx, w.coord, q, q.CompetencyIDs())
			wantProblem(t, err, "certificate_validity_months", "certificate.bad_validity")
		}
		q.CertificateValidityMonths = intp(12)
		q, err = w.svc.UpdateProgram(ctx, w.coord, q, q.CompetencyIDs())
		must(t, err)
		if q.CertificateValidityMonths == nil || *q.CertificateValidityMonths != 12 {
			t.Fatalf("validity after update: %v", q.CertificateValidityMonths)
		}
		y, _ := w.completedSession(t, q, "2026-05-25", 1, 0)
		cs, err := w.svc.IssueForSession(ctx, w.coord, w.libA.ID, y.ID)
		must(t, err)
		if len(cs) != 1 || cs[0].ExpiresOn != "2027-05-31" || cs[0].State != CertValid || cs[0].Number != fmt.Sprintf("BP/%d/2026/0004", w.libA.ID) {
			t.Fatalf("expiring certificate: %+v", cs)
		}
		w.clock.t = w.clock.t.AddDate(1, 0, -1) // 31 May 2027
		if v, _ := w.svc.Verify(ctx, cs[0].Code); v.State != CertValid {
			t.Errorf("on its last day: %s", v.State)
		}
		w.clock.t = w.clock.t.AddDate(0, 0, 1)
		if v, _ := w.svc.Verify(ctx, cs[0].Code); v.State != CertExpired {
			t.Errorf("after its last day: %s", v.State)
		}
	})
}

// Two bulk issues at the same moment, for two sessions, share the
// library's sequence without a gap or a repeat.
func TestCertificateNumbersUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := w.program(t, "Literasi Digital", false)
		for round := 0; round < 3; round++ {
			x1, _ := w.completedSession(t, p, fmt.Sprintf("2026-05-%02d", 10+2*round), 4, 0)
			x2, _ := w.completedSession(t, p, fmt.Sprintf("2026-05-%02d", 11+2*round), 4, 0)
			var wg sync.WaitGroup
			errs := make([]error, 3)
			for i, id := range []int64{x1.ID, x2.ID, x1.ID} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = w.svc.IssueForSession(ctx, w.coord, w.libA.ID, id)
				}()
			}
			wg.Wait()
			for _, err := range errs {
				must(t, err)
			}
		}
		all, err := w.svc.Certificates(ctx, w.coord, CertificateFilter{LibraryID: w.libA.ID})
		must(t, err)
		if len(all) != 24 {
			t.Fatalf("%d certificates, want 24", len(all))
		}
		for i, c := range all {
			if want := fmt.Sprintf("BP/%d/2026/%04d", w.libA.ID, i+1); c.Number != want {
				t.Errorf("certificate %d is %s, want %s", i, c.Number, want)
			}
		}
	})
}

// A programme's validity is set with the programme; a revoked certificate
// is re-issued one by one (never by the next bulk issue) with a new number
// and code while the old code keeps saying revoked; coordinators see who
// needs a renewal, and a renewal takes the person off that list.
func TestCertificateReissueAndExpiring(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p, err := w.svc.CreateProgram(ctx, w.coord, Program{LibraryID: w.libA.ID, Title: "Layanan Prima", Type: "workshop", Level: "dasar",
			JP: 8, ProviderKind: "internal", Modality: "offline", CertificateValidityMonths: intp(12)}, nil)
		must(t, err)
		if p.CertificateValidityMonths == nil || *p.CertificateValidityMonths != 12 {
			t.Fatalf("validity on create: %v", p.CertificateValidityMonths)
		}
		var changes string
		must(t, d.Reader().QueryRowContext(ctx, `SELECT changes FROM audit_log WHERE library_id = ? AND action = 'training.program_create' AND entity_id = ?`,
			w.libA.ID, p.ID).Scan(&changes))
		if !strings.Contains(changes, `"certificate_validity_months":["","12"]`) {
			t.Errorf("the creation's audit lacks the validity: %s", changes)
		}

		x, es := w.completedSession(t, p, "2026-05-25", 2, 0)
		bulk, err := w.svc.IssueForSession(ctx, w.coord, w.libA.ID, x.ID)
		must(t, err)
		if len(bulk) != 2 || bulk[0].ExpiresOn != "2027-05-31" {
			t.Fatalf("bulk: %+v", bulk)
		}
		first := bulk[0]
		if first.EnrolmentID != es[0].ID {
			first = bulk[1]
		}
		_, err = w.svc.Revoke(ctx, w.coord, w.libA.ID, first.ID, "Salah nama")
		must(t, err)
		if more, err := w.svc.IssueForSession(ctx, w.coord, w.libA.ID, x.ID); err != nil || len(more) != 0 {
			t.Fatalf("a bulk issue undid the revocation: %v %d", err, len(more))
		}
		re, issued, err := w.svc.Issue(ctx, w.coord, w.libA.ID, es[0].ID)
		must(t, err)
		if !issued || re.ID == first.ID || re.Number == first.Number || re.Code == first.Code || re.State != CertValid ||
			re.Number != fmt.Sprintf("BP/%d/2026/0003", w.libA.ID) {
			t.Fatalf("re-issued: %+v (revoked %s)", re, first.Number)
		}
		if again, issued, err := w.svc.Issue(ctx, w.coord, w.libA.ID, es[0].ID); err != nil || issued || again.ID != re.ID {
			t.Fatalf("issuing again: %v %v %d", err, issued, again.ID)
		}
		if v, _ := w.svc.Verify(ctx, first.Code); v.State != CertRevoked {
			t.Errorf("the revoked code now says %s", v.State)
		}
		all, err := w.svc.Certificates(ctx, w.coord, CertificateFilter{LibraryID: w.libA.ID, SessionID: x.ID})
		must(t, err)
		if len(all) != 3 {
			t.Errorf("session's certificates: %d, want 3", len(all))
		}

		// Nothing ends within 60 days of 1 June 2026; by 15 April 2027 both
		// certificates in force do (31 May 2027), the revoked one not.
		ex, err := w.svc.Expiring(ctx, w.coord, w.libA.ID, 0)
		must(t, err)
		if ex.Days != ExpiryWindowDays || len(ex.Items) != 0 {
			t.Fatalf("expiring in 2026: %+v", ex)
		}
		w.clock.t = time.Date(2027, 4, 15, 3, 0, 0, 0, time.UTC)
		ex, err = w.svc.Expiring(ctx, w.coord, w.libA.ID, 60)
		must(t, err)
		if len(ex.Items) != 2 || ex.Items[0].DaysLeft(ex.Today) != 46 {
			t.Fatalf("expiring in April 2027: %+v", ex.Items)
		}
		for _, c := range ex.Items {
			if c.ID == first.ID {
				t.Errorf("the revoked certificate is listed as expiring")
			}
		}
		if ex, _ := w.svc.Expiring(ctx, w.coord, w.libA.ID, 30); len(ex.Items) != 0 {
			t.Errorf("within 30 days: %d", len(ex.Items))
		}
		// Renewal: the second person takes the programme again.
		y := w.session(t, p, 5, "2027-04-12")
		e := w.nominate(t, y, es[1].StaffID)
		must(t, w.svc.SetAttendance(ctx, w.coord, w.libA.ID, y.ID, "2027-04-12", []int64{e.ID}))
		_, err = w.svc.Complete(ctx, w.coord, w.libA.ID, y.ID)
		must(t, err)
		_, err = w.svc.IssueForSession(ctx, w.coord, w.libA.ID, y.ID)
		must(t, err)
		ex, err = w.svc.Expiring(ctx, w.coord, w.libA.ID, 60)
		must(t, err)
		if len(ex.Items) != 1 || ex.Items[0].StaffID != es[0].StaffID {
			t.Fatalf("after the renewal: %+v", ex.Items)
		}
		_, err = w.svc.Expiring(ctx, w.sariActor, w.libA.ID, 60)
		wantCode(t, err, apperr.Forbidden)
	})
}
