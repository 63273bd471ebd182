package notify

import (
	"context"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

func countKind(got []string, kind string) int {
	n := 0
	for _, k := range got {
		if k == kind {
			n++
		}
	}
	return n
}

// Sari's one-month training certificate (issued 1 June, valid to 30 June:
// within the 60 days of training certificates) and Budi's LSP certification
// ending 20 July (within the record's 90 days) are each told to the holder
// once, in her language; Budi's certification ending next January is not
// mentioned yet.
func TestCertificateExpiryReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		month := 1
		p, err := w.tr.CreateProgram(ctx, w.coord, training.Program{LibraryID: w.lib.ID, Title: "Layanan Referensi Digital", Type: "workshop",
			Level: "dasar", JP: 8, ProviderKind: "internal", Modality: "offline", CertificateValidityMonths: &month}, []int64{w.competency})
		must(t, err)
		x, err := w.tr.CreateSession(ctx, w.coord, training.Session{LibraryID: w.lib.ID, ProgramID: p.ID, Days: []record.Date{"2026-06-01"},
			Place: "Aula", Capacity: 5, Status: training.SessionOpen, MinAttendance: training.DefaultMinAttendance})
		must(t, err)
		e, err := w.tr.Nominate(ctx, w.coord, w.lib.ID, x.ID, w.sari.ID)
		must(t, err)
		must(t, w.tr.SetAttendance(ctx, w.coord, w.lib.ID, x.ID, "2026-06-01", []int64{e.ID}))
		_, err = w.tr.Complete(ctx, w.coord, w.lib.ID, x.ID)
		must(t, err)
		certs, err := w.tr.IssueForSession(ctx, w.coord, w.lib.ID, x.ID)
		must(t, err)
		if len(certs) != 1 || certs[0].ExpiresOn != "2026-06-30" {
			t.Fatalf("issued %+v", certs)
		}
		rec := &record.Service{DB: d, Now: w.clock.now}
		for _, c := range []record.Certification{
			{LibraryID: w.lib.ID, StaffID: w.budi.ID, Name: "Sertifikasi Kompetensi Pustakawan (LSP)", Issuer: "LSP Perpustakaan", Issued: "2023-07-21", Expires: "2026-07-20"},
			{LibraryID: w.lib.ID, StaffID: w.budi.ID, Name: "Sertifikat Pengelola Arsip", Issuer: "ANRI", Issued: "2024-02-01", Expires: "2027-01-31"},
		} {
			_, err := rec.AddCertification(ctx, super, c, nil)
			must(t, err)
		}

		scan(t, w)
		if got := countKind(kinds(t, w, w.sariUser), KindCertExpiry); got != 1 {
			t.Errorf("Sari has %d expiry reminders, want 1", got)
		}
		if got := countKind(kinds(t, w, w.budiUser), KindCertExpiry); got != 1 {
			t.Errorf("Budi has %d expiry reminders, want 1 (the LSP one; the ANRI one ends next year)", got)
		}
		ns, err := w.svc.List(ctx, w.budiA, w.lib.ID, "en", 0)
		must(t, err)
		found := false
		for _, n := range ns {
			if n.Kind == KindCertExpiry {
				found = true
				if n.Title != "Sertifikasi Kompetensi Pustakawan (LSP)" || !strings.Contains(n.Body, "valid until 20 July 2026") {
					t.Errorf("Budi's reminder in English: %q / %q", n.Title, n.Body)
				}
			}
		}
		if !found {
			t.Fatal("Budi's reminder is not listed")
		}
		ns, err = w.svc.List(ctx, w.sariA, w.lib.ID, "id", 0)
		must(t, err)
		for _, n := range ns {
			if n.Kind == KindCertExpiry && (!strings.Contains(n.Title, certs[0].Number) || !strings.Contains(n.Body, "30 Juni 2026")) {
				t.Errorf("Sari's reminder: %q / %q", n.Title, n.Body)
			}
		}

		// Told once: the next scans add no reminder.
		scan(t, w)
		if got := countKind(kinds(t, w, w.sariUser), KindCertExpiry) + countKind(kinds(t, w, w.budiUser), KindCertExpiry); got != 2 {
			t.Errorf("after a second scan: %d reminders, want still 2", got)
		}
	})
}
