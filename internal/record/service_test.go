package record

import (
	"bytes"
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

func TestJPStatusCountsVerifiedOnly(t *testing.T) {
	entries := []JPEntry{
		{Date: "2026-02-10", JP: 12, Status: StatusVerified},
		{Date: "2026-05-01", JP: 6, Status: StatusVerified},
		{Date: "2026-06-01", JP: 8, Status: StatusSubmitted},
		{Date: "2026-07-01", JP: 30, Status: StatusRejected},
		{Date: "2025-12-31", JP: 40, Status: StatusVerified}, // last year
	}
	st := NewJPStatus(2026, 20, entries)
	if st.Verified != 18 || st.Pending != 8 || st.Remaining != 2 || st.Reached || st.Percent() != 90 {
		t.Errorf("%+v (percent %d)", st, st.Percent())
	}
	entries[2].Status = StatusVerified // the pending 8 verified: 26 ≥ 20
	st = NewJPStatus(2026, 20, entries)
	if st.Verified != 26 || st.Pending != 0 || st.Remaining != 0 || !st.Reached || st.Percent() != 100 {
		t.Errorf("%+v", st)
	}
	if st := NewJPStatus(2026, 40, entries); st.Reached || st.Remaining != 14 {
		t.Errorf("a 40 JP target: %+v", st)
	}
}

func TestJPLedgerAndLibraryStatus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, at("Asia/Jakarta", 2026, time.November, 20, 10, 0))

		// Sari adds her own: it waits for verification and counts as pending.
		e1, err := w.svc.AddJP(ctx, w.sariActor, jp(w, w.sari.ID, "Diklat Pengelolaan Perpustakaan Digital", "2026-03-12", 12), &Upload{Name: "sertifikat.pdf", Content: pdf}, false)
		must(t, err)
		if e1.Status != StatusSubmitted || e1.File == nil || e1.File.MIME != "application/pdf" {
			t.Fatalf("own entry: %+v", e1)
		}
		e2, err := w.svc.AddJP(ctx, w.sariActor, jp(w, w.sari.ID, "Webinar Literasi Informasi", "2026-08-01", 6), nil, false)
		must(t, err)
		_, err = w.svc.AddJP(ctx, w.sariActor, jp(w, w.sari.ID, "Bimtek 2025", "2025-11-02", 30), nil, false)
		must(t, err)
		// The coordinator records Budi's training and verifies it at once.
		eb, err := w.svc.AddJP(ctx, w.coord, jp(w, w.budi.ID, "Pelatihan Layanan Prima", "2026-04-20", 24), nil, true)
		must(t, err)
		if eb.Status != StatusVerified || eb.ReviewerName != "Pak Koordinator" {
			t.Fatalf("coordinator's entry: %+v", eb)
		}

		l, err := w.svc.JPLedger(ctx, w.sariActor, w.libA.ID, w.sari.ID, 0)
		must(t, err)
		if l.Status.Year != 2026 || l.Status.Verified != 0 || l.Status.Pending != 18 || len(l.Entries) != 2 || l.Entries[0].ID != e2.ID {
			t.Fatalf("Sari's 2026 before verification: %+v, %d entries", l.Status, len(l.Entries))
		}

		// The verification queue holds Sari's three, oldest first.
		q, err := w.svc.Pending(ctx, w.coord, w.libA.ID)
		must(t, err)
		if len(q) != 3 || q[0].Title != "Bimtek 2025" || q[1].ID != e1.ID {
			t.Fatalf("queue: %+v", q)
		}
		v, err := w.svc.Review(ctx, w.coord, w.libA.ID, e1.ID, true, "")
		must(t, err)
		if v.Status != StatusVerified || v.ReviewerName != "Pak Koordinator" || v.ReviewedAt == nil {
			t.Fatalf("verified: %+v", v)
		}
		wantCode(t, func() error { _, err := w.svc.Review(ctx, w.coord, w.libA.ID, e1.ID, false, "dobel"); return err }(), apperr.Conflict)
		wantProblem(t, func() error { _, err := w.svc.Review(ctx, w.coord, w.libA.ID, e2.ID, false, "  "); return err }(), "note", "field.required")
		r, err := w.svc.Review(ctx, w.coord, w.libA.ID, e2.ID, false, "Sertifikat belum dilampirkan")
		must(t, err)
		if r.Status != StatusRejected || r.ReviewNote != "Sertifikat belum dilampirkan" {
			t.Fatalf("rejected: %+v", r)
		}

		l, err = w.svc.JPLedger(ctx, w.sariActor, w.libA.ID, w.sari.ID, 2026)
		must(t, err)
		if l.Status.Verified != 12 || l.Status.Pending != 0 || l.Status.Remaining != 8 || l.Status.Reached {
			t.Errorf("Sari after review: %+v", l.Status)
		}

		// The library's year: Sari (12) behind, Budi (24) reached.
		s, err := w.svc.LibraryStatus(ctx, w.coord, w.libA.ID, 0, 0)
		must(t, err)
		if s.Year != 2026 || s.Target != 20 || s.Total != 2 || s.Reached != 1 || s.Behind() != 1 || len(s.People) != 2 ||
			s.People[0].ID != w.sari.ID || s.People[0].Verified != 12 || s.People[0].ServicePointName != "Referensi" || s.People[1].Verified != 24 {
			t.Fatalf("library: %+v", s)
		}
		// One service point: only Sari is posted there.
		s, err = w.svc.LibraryStatus(ctx, w.coord, w.libA.ID, 2026, w.point.ID)
		must(t, err)
		if s.Total != 1 || s.People[0].ID != w.sari.ID {
			t.Errorf("service point filter: %+v", s)
		}
		// 2025: Sari's pending 30 shows as pending, nobody reached.
		s, err = w.svc.LibraryStatus(ctx, w.coord, w.libA.ID, 2025, 0)
		must(t, err)
		if s.Reached != 0 || s.People[1].ID != w.sari.ID || s.People[1].Pending != 30 {
			t.Errorf("2025: %+v", s)
		}

		// A higher library target applies at once; lower than 20 is refused.
		wantProblem(t, w.svc.SetJPTarget(ctx, w.admin, w.libA.ID, 15), "jp_target", "record.bad_jp_target")
		wantCode(t, w.svc.SetJPTarget(ctx, w.coord, w.libA.ID, 30), apperr.Forbidden)
		must(t, w.svc.SetJPTarget(ctx, w.admin, w.libA.ID, 30))
		s, err = w.svc.LibraryStatus(ctx, w.coord, w.libA.ID, 2026, 0)
		must(t, err)
		if s.Target != 30 || s.Reached != 0 {
			t.Errorf("target 30: %+v", s)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action LIKE 'record.%'`, w.libA.ID); n != 6 {
			t.Errorf("%d record audit entries, want 6 (4 adds, a verification, a rejection)", n)
		}
	})
}

func TestYearTurnsInTheLibrarysZone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// 31 December 2026 22.30 WIB is already 1 January 2027 00.30 WIT.
		w := newWorld(t, d, at("Asia/Jakarta", 2026, time.December, 31, 22, 30))
		a, err := w.svc.LibraryStatus(ctx, w.admin, w.libA.ID, 0, 0)
		must(t, err)
		b, err := w.svc.LibraryStatus(ctx, w.adminB, w.libB.ID, 0, 0)
		must(t, err)
		if a.Year != 2026 || b.Year != 2027 {
			t.Fatalf("this year: Batu %d, Jayapura %d", a.Year, b.Year)
		}
		// New Year's Day is still in the future in Batu, already today in Jayapura.
		_, err = w.svc.AddJP(ctx, w.admin, jp(w, w.sari.ID, "Seminar Tahun Baru", "2027-01-01", 4), nil, false)
		wantProblem(t, err, "date", "record.future_date")
		e := jp(w, w.staffB.ID, "Seminar Tahun Baru", "2027-01-01", 4)
		e.LibraryID = w.libB.ID
		_, err = w.svc.AddJP(ctx, w.adminB, e, nil, true)
		must(t, err)
		// A 31 December activity counts in the year it ended.
		e = jp(w, w.staffB.ID, "Workshop Akhir Tahun", "2026-12-31", 8)
		e.LibraryID = w.libB.ID
		_, err = w.svc.AddJP(ctx, w.adminB, e, nil, true)
		must(t, err)
		l, err := w.svc.JPLedger(ctx, w.adminB, w.libB.ID, w.staffB.ID, 0)
		must(t, err)
		if l.Status.Year != 2027 || l.Status.Verified != 4 {
			t.Errorf("Jayapura 2027: %+v", l.Status)
		}
		l, err = w.svc.JPLedger(ctx, w.adminB, w.libB.ID, w.staffB.ID, 2026)
		must(t, err)
		if l.Status.Verified != 8 {
			t.Errorf("Jayapura 2026: %+v", l.Status)
		}
	})
}

func TestWhoMayReadAndWriteARecord(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, at("Asia/Jakarta", 2026, time.June, 1, 9, 0))
		budiEntry, err := w.svc.AddJP(ctx, w.coord, jp(w, w.budi.ID, "Pelatihan Katalogisasi", "2026-05-02", 16), nil, false)
		must(t, err)

		// Sari reads her own record, not Budi's, and nothing of library B.
		_, err = w.svc.Record(ctx, w.sariActor, w.libA.ID, w.sari.ID, 0)
		must(t, err)
		wantCode(t, func() error { _, err := w.svc.Record(ctx, w.sariActor, w.libA.ID, w.budi.ID, 0); return err }(), apperr.Forbidden)
		wantCode(t, func() error { _, err := w.svc.Credits(ctx, w.sariActor, w.libA.ID, w.budi.ID); return err }(), apperr.Forbidden)
		wantCode(t, func() error { _, err := w.svc.Evidence(ctx, w.sariActor, w.libA.ID, budiEntry.ID); return err }(), apperr.Forbidden)
		wantCode(t, func() error { _, err := w.svc.Record(ctx, w.sariActor, w.libB.ID, w.staffB.ID, 0); return err }(), apperr.NotFound)
		wantCode(t, func() error { _, err := w.svc.LibraryStatus(ctx, w.sariActor, w.libA.ID, 0, 0); return err }(), apperr.Forbidden)
		wantCode(t, func() error { _, err := w.svc.Pending(ctx, w.sariActor, w.libA.ID); return err }(), apperr.Forbidden)
		// An admin of B reaches nothing of A, even with A's ids in B's library.
		wantCode(t, func() error { _, err := w.svc.Record(ctx, w.adminB, w.libA.ID, w.sari.ID, 0); return err }(), apperr.NotFound)
		wantCode(t, func() error { _, err := w.svc.Record(ctx, w.adminB, w.libB.ID, w.sari.ID, 0); return err }(), apperr.NotFound)
		wantCode(t, func() error { _, err := w.svc.Delete(ctx, w.adminB, w.libB.ID, budiEntry.ID); return err }(), apperr.NotFound)
		wantCode(t, func() error { _, err := w.svc.Review(ctx, w.adminB, w.libB.ID, budiEntry.ID, true, ""); return err }(), apperr.NotFound)

		// Sari writes only her own record, and never her own rating.
		_, err = w.svc.AddJP(ctx, w.sariActor, jp(w, w.budi.ID, "Titipan", "2026-05-02", 4), nil, false)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.AddJP(ctx, w.sariActor, jp(w, w.sari.ID, "Verifikasi sendiri", "2026-05-02", 4), nil, true)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.AddRating(ctx, w.sariActor, Rating{LibraryID: w.libA.ID, StaffID: w.sari.ID, Year: 2025, Rating: "sangat_baik"})
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.Review(ctx, w.sariActor, w.libA.ID, budiEntry.ID, true, "")
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.Delete(ctx, w.sariActor, w.libA.ID, budiEntry.ID)
		wantCode(t, err, apperr.Forbidden)

		// She may withdraw her own entry until it is verified.
		mine, err := w.svc.AddJP(ctx, w.sariActor, jp(w, w.sari.ID, "Kursus Daring", "2026-05-10", 10), &Upload{Name: "bukti.png", Content: png}, false)
		must(t, err)
		staffID, err := w.svc.Delete(ctx, w.sariActor, w.libA.ID, mine.ID)
		must(t, err)
		if staffID != w.sari.ID || count(t, d, `SELECT COUNT(*) FROM record_files WHERE item_id = ?`, mine.ID) != 0 {
			t.Errorf("delete left the evidence behind")
		}
		mine, err = w.svc.AddJP(ctx, w.sariActor, jp(w, w.sari.ID, "Kursus Daring", "2026-05-10", 10), nil, false)
		must(t, err)
		_, err = w.svc.Review(ctx, w.coord, w.libA.ID, mine.ID, true, "")
		must(t, err)
		e := wantCode(t, func() error { _, err := w.svc.Delete(ctx, w.sariActor, w.libA.ID, mine.ID); return err }(), apperr.Forbidden)
		if e.Key != "record.verified_locked" {
			t.Errorf("key %s", e.Key)
		}

		// A coordinator who is herself on the staff does not verify her own.
		coordStaff := dbtest.Member(t, d, w.libA.ID, "koor2@batu.test", "Budi Koordinator", "coordinator", &w.budi.ID)
		e = wantCode(t, func() error {
			_, err := w.svc.Review(ctx, coordStaff, w.libA.ID, budiEntry.ID, true, "")
			return err
		}(), apperr.Forbidden)
		if e.Key != "record.self_verify" {
			t.Errorf("self verify key %s", e.Key)
		}
	})
}

func TestEvidenceUploadsAreCheckedBeforeAnythingIsSaved(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, at("Asia/Jakarta", 2026, time.June, 1, 9, 0))
		items := func() int { return count(t, d, `SELECT COUNT(*) FROM record_items WHERE library_id = ?`, w.libA.ID) }
		before := items()
		for name, up := range map[string]*Upload{
			"HTML named .pdf":   {Name: "sertifikat.pdf", Content: []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")},
			"program named pdf": {Name: "sertifikat.pdf", Content: append([]byte("MZ\x90\x00\x03"), bytes.Repeat([]byte{0}, 200)...)},
			"empty file":        {Name: "kosong.pdf", Content: nil},
			"plain text":        {Name: "catatan.txt", Content: []byte("hadir 8 JP")},
		} {
			_, err := w.svc.AddJP(ctx, w.sariActor, jp(w, w.sari.ID, "Pelatihan", "2026-05-02", 8), up, false)
			if e := apperr.As(err); e.Code != apperr.Invalid || len(e.Problems) != 1 || e.Problems[0].Key != "record.evidence_bad_type" {
				t.Errorf("%s: %v", name, err)
			}
		}
		big := append(append([]byte{}, pdf...), bytes.Repeat([]byte{' '}, MaxEvidenceBytes)...)
		_, err := w.svc.AddCertification(ctx, w.sariActor, Certification{LibraryID: w.libA.ID, StaffID: w.sari.ID, Name: "Sertifikat Kompetensi",
			Issuer: DefaultIssuer, Issued: "2025-01-10"}, &Upload{Name: "besar.pdf", Content: big})
		e := wantCode(t, err, apperr.Invalid)
		if e.Problems[0].Key != "record.evidence_too_large" || e.Problems[0].Args["MaxMB"] != 5 {
			t.Errorf("too large: %+v", e.Problems)
		}
		// A valid file with a bad field: neither is saved.
		_, err = w.svc.AddJP(ctx, w.sariActor, jp(w, w.sari.ID, "", "2026-05-02", 8), &Upload{Name: "ok.pdf", Content: pdf}, false)
		wantProblem(t, err, "title", "field.required")
		if n := items(); n != before || count(t, d, `SELECT COUNT(*) FROM record_files`) != 0 {
			t.Fatalf("refused uploads left %d items and files behind", n-before)
		}

		// A good PDF is kept byte for byte under its sniffed type.
		x, err := w.svc.AddCertification(ctx, w.sariActor, Certification{LibraryID: w.libA.ID, StaffID: w.sari.ID, Name: "Sertifikat Kompetensi Pustakawan",
			Issuer: DefaultIssuer, Number: "LSP-PUS/2025/0042", Issued: "2025-01-10", Expires: "2028-01-10"}, &Upload{Name: `C:\scan\sertif"ikat.pdf`, Content: pdf})
		must(t, err)
		f, err := w.svc.Evidence(ctx, w.coord, w.libA.ID, x.ID)
		must(t, err)
		if !bytes.Equal(f.Content, pdf) || f.MIME != "application/pdf" || f.Name != "sertifikat.pdf" || f.DownloadName() != "bukti-"+itoa(x.ID)+".pdf" || len(f.SHA256) != 64 {
			t.Errorf("evidence: %+v", f.FileInfo)
		}
		_, err = w.svc.Evidence(ctx, w.coord, w.libA.ID, must2(w.svc.AddPublication(ctx, w.sariActor, Publication{LibraryID: w.libA.ID, StaffID: w.sari.ID,
			Title: "Literasi Informasi di Perpustakaan Umum", Venue: "Jurnal Pustaka Budaya", Year: 2025, Type: "jurnal"})).ID)
		wantCode(t, err, apperr.NotFound)
	})
}

func must2[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestCertificationsExpiring(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, at("Asia/Jakarta", 2026, time.June, 1, 9, 0))
		add := func(staffID int64, name, expires string) {
			_, err := w.svc.AddCertification(ctx, w.coord, Certification{LibraryID: w.libA.ID, StaffID: staffID, Name: name, Issuer: DefaultIssuer,
				Issued: "2023-06-01", Expires: Date(expires)}, nil)
			must(t, err)
		}
		add(w.sari.ID, "Sertifikat Kompetensi Pustakawan", "2026-08-30") // 90 days: in
		add(w.budi.ID, "Sertifikat Pengelola Arsip", "2026-06-01")       // today: in
		add(w.budi.ID, "Sertifikat TIK", "2026-08-31")                   // 91 days: out
		add(w.sari.ID, "Sertifikat Lama", "2026-05-31")                  // expired: not a reminder for the library
		add(w.sari.ID, "Sertifikat Seumur Hidup", "")

		ex, err := w.svc.ExpiringCertifications(ctx, w.coord, w.libA.ID, 0)
		must(t, err)
		if ex.Today != "2026-06-01" || ex.Days != 90 || len(ex.Items) != 2 || ex.Items[0].StaffName != "Budi Santoso" || ex.Items[1].Name != "Sertifikat Kompetensi Pustakawan" {
			t.Fatalf("expiring: %+v", ex)
		}
		if ex.Items[0].DaysLeft(ex.Today) != 0 || ex.Items[1].DaysLeft(ex.Today) != 90 {
			t.Errorf("days left: %d, %d", ex.Items[0].DaysLeft(ex.Today), ex.Items[1].DaysLeft(ex.Today))
		}
		// Sari's page reminds her of the expiring and the expired one.
		full, err := w.svc.Record(ctx, w.sariActor, w.libA.ID, w.sari.ID, 0)
		must(t, err)
		if len(full.Certifications) != 3 || len(full.Reminders) != 2 {
			t.Fatalf("Sari's certifications %d, reminders %+v", len(full.Certifications), full.Reminders)
		}
		states := map[string]string{}
		for _, c := range full.Certifications {
			states[c.Name] = c.State(full.Today)
		}
		if states["Sertifikat Kompetensi Pustakawan"] != "expiring" || states["Sertifikat Lama"] != "expired" || states["Sertifikat Seumur Hidup"] != "valid" {
			t.Errorf("states %v", states)
		}
		// An inactive person's certificates do not nag the coordinator.
		_, err = d.Reader().ExecContext(ctx, `UPDATE staff SET active = ? WHERE id = ?`, false, w.budi.ID)
		must(t, err)
		ex, err = w.svc.ExpiringCertifications(ctx, w.coord, w.libA.ID, 0)
		must(t, err)
		if len(ex.Items) != 1 {
			t.Errorf("after Budi left: %+v", ex.Items)
		}
	})
}

func TestAngkaKreditFromRatingsAndTheTable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, at("Asia/Jakarta", 2026, time.March, 1, 9, 0))
		reg, err := w.svc.Regulation(ctx, w.sariActor)
		must(t, err)
		if len(reg.Coefficients) != 7 || reg.Coefficients[3].Jenjang != "Ahli Pertama" || reg.Coefficients[3].Coefficient != c("12.5") ||
			len(reg.Percentages) != 5 || reg.Percentages[0].Percent != 150 || len(reg.Thresholds) != 5 {
			t.Fatalf("seeded table: %+v", reg)
		}
		for year, rating := range map[int]string{2023: "baik", 2024: "baik", 2025: "sangat_baik"} {
			_, err := w.svc.AddRating(ctx, w.coord, Rating{LibraryID: w.libA.ID, StaffID: w.sari.ID, Year: year, Rating: rating})
			must(t, err)
		}
		_, err = w.svc.AddRating(ctx, w.coord, Rating{LibraryID: w.libA.ID, StaffID: w.sari.ID, Year: 2025, Rating: "baik"})
		if e := wantCode(t, err, apperr.Conflict); e.Problems[0].Key != "record.rating_year_taken" {
			t.Errorf("duplicate year: %+v", e.Problems)
		}
		_, err = w.svc.AddRating(ctx, w.coord, Rating{LibraryID: w.libA.ID, StaffID: w.sari.ID, Year: 2027, Rating: "istimewa", Jenjang: "Pemula"})
		e := wantCode(t, err, apperr.Invalid)
		if len(e.Problems) != 3 {
			t.Errorf("bad rating: %+v", e.Problems)
		}

		st, err := w.svc.Credits(ctx, w.sariActor, w.libA.ID, w.sari.ID)
		must(t, err)
		if st.Total != c("43.75") || st.Remaining != c("56.25") || st.ProjectedYear != 2028 || st.Next != "Ahli Muda" {
			t.Fatalf("standing: %+v", st)
		}

		// Only a superadmin changes the table; a refused change changes nothing.
		upd := RegulationUpdate{Coefficients: map[string]Credits{"Ahli Pertama": c("15")}, Needed: map[string]Credits{"Ahli Pertama": c("90")}}
		wantCode(t, func() error { _, err := w.svc.UpdateRegulation(ctx, w.admin, upd); return err }(), apperr.Forbidden)
		bad := RegulationUpdate{Coefficients: map[string]Credits{"Ahli Pertama": c("15")}, Percentages: map[string]int{"baik": 900}}
		wantProblem(t, func() error { _, err := w.svc.UpdateRegulation(ctx, super, bad); return err }(), PercentField("baik"), "record.bad_percent")
		if st2, _ := w.svc.Credits(ctx, w.sariActor, w.libA.ID, w.sari.ID); st2.Total != c("43.75") {
			t.Fatalf("a refused update changed the table: %s", st2.Total)
		}
		_, err = w.svc.UpdateRegulation(ctx, super, upd)
		must(t, err)
		// 15 + 15 + 22.5 = 52.5 of 90; 37.5 to go at 22.5 a year: 2027.
		st, err = w.svc.Credits(ctx, w.sariActor, w.libA.ID, w.sari.ID)
		must(t, err)
		if st.Total != c("52.5") || st.Needed != c("90") || st.ProjectedYear != 2027 {
			t.Errorf("after the update: %+v", st)
		}
		var changes string
		must(t, d.Reader().QueryRowContext(ctx, `SELECT changes FROM audit_log WHERE action = 'angka_kredit.update' AND library_id IS NULL`).Scan(&changes))
		if changes != `{"coefficient Ahli Pertama":["12.5","15"],"needed Ahli Pertama":["100","90"]}` {
			t.Errorf("audit changes %s", changes)
		}
	})
}

func TestOtherRecordItemsValidate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, at("Asia/Jakarta", 2026, time.March, 1, 9, 0))
		lib, sari := w.libA.ID, w.sari.ID
		_, err := w.svc.AddPublication(ctx, w.sariActor, Publication{LibraryID: lib, StaffID: sari, Title: "Kajian", Year: 2027, Type: "blog", URL: "javascript:alert(1)"})
		e := wantCode(t, err, apperr.Invalid)
		if len(e.Problems) != 3 {
			t.Errorf("publication: %+v", e.Problems)
		}
		_, err = w.svc.AddConference(ctx, w.sariActor, Conference{LibraryID: lib, StaffID: sari, Name: "Kongres IPI", Role: "pembicara", Date: "2025-13-01"})
		if e := wantCode(t, err, apperr.Invalid); len(e.Problems) != 2 || e.Problems[1].Key != "record.bad_date" {
			t.Errorf("conference: %+v", e.Problems)
		}
		_, err = w.svc.AddConference(ctx, w.sariActor, Conference{LibraryID: lib, StaffID: sari, Name: "Kongres IPI", Role: "peserta", Date: "1/3/2025"})
		wantProblem(t, err, "date", "record.bad_date")
		_, err = w.svc.AddMembership(ctx, w.sariActor, Membership{LibraryID: lib, StaffID: sari, Association: DefaultAssociation, Since: "2020-01-01", Until: "2019-12-31"})
		wantProblem(t, err, "until", "record.until_before_since")
		_, err = w.svc.AddCertification(ctx, w.sariActor, Certification{LibraryID: lib, StaffID: sari, Name: "X", Issuer: DefaultIssuer, Issued: "2025-01-01", Expires: "2024-01-01"}, nil)
		wantProblem(t, err, "expires", "record.expires_before_issued")

		_, err = w.svc.AddPublication(ctx, w.sariActor, Publication{LibraryID: lib, StaffID: sari, Title: "Kajian Kebutuhan Pemustaka", Venue: "Prosiding Seminar Nasional", Year: 2025, Type: "prosiding"})
		must(t, err)
		_, err = w.svc.AddConference(ctx, w.sariActor, Conference{LibraryID: lib, StaffID: sari, Name: "Kongres XV IPI", Role: "pemakalah", Place: "Makassar", Date: "2025-10-14"})
		must(t, err)
		_, err = w.svc.AddMembership(ctx, w.sariActor, Membership{LibraryID: lib, StaffID: sari, Association: DefaultAssociation, Number: "IPI-35.79-0012", Since: "2018-03-01"})
		must(t, err)
		full, err := w.svc.Record(ctx, w.sariActor, lib, sari, 0)
		must(t, err)
		if len(full.Publications) != 1 || len(full.Conferences) != 1 || full.Conferences[0].Place != "Makassar" || len(full.Memberships) != 1 || full.Memberships[0].Until != "" {
			t.Errorf("record: %+v", full)
		}
	})
}
