package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// addCertificate gives the tenant's staff member a certificate for her
// seat in the tenant's session. It is written directly, not issued: the
// session lies ahead, and completing one would credit JP other tests count.
func addCertificate(t testing.TB, a *app, tn tenant) training.Certificate {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := a.DB.InTx(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO training_certificates (library_id, enrolment_id, session_id, staff_id, year, seq,
			number, code, issued_at, issued_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			tn.Library.ID, tn.Enrolment.ID, tn.Session.ID, tn.Staff.ID, 2026, 9001, training.FormatNumber(tn.Library.ID, 2026, 9001),
			fmt.Sprintf("tenant%06d", tn.Library.ID), db.Now(), "2026-03-12").Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Svc.Training.Certificate(ctx, a.system(), tn.Library.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// completedSession runs a one-day session of the tenant's programme with
// its staff member present and completes it.
func completedSession(t *testing.T, a *app, tn tenant) training.Session {
	t.Helper()
	ctx, sys := context.Background(), a.system()
	x, err := a.Svc.Training.CreateSession(ctx, sys, training.Session{LibraryID: tn.Library.ID, ProgramID: tn.Program.ID,
		Days: []record.Date{"2026-02-10"}, Place: "Aula", Capacity: 10, Status: training.SessionOpen, MinAttendance: training.DefaultMinAttendance})
	if err != nil {
		t.Fatal(err)
	}
	e, err := a.Svc.Training.Nominate(ctx, sys, tn.Library.ID, x.ID, tn.Staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Svc.Training.SetAttendance(ctx, sys, tn.Library.ID, x.ID, "2026-02-10", []int64{e.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Svc.Training.Complete(ctx, sys, tn.Library.ID, x.ID); err != nil {
		t.Fatal(err)
	}
	return x
}

// A coordinator issues a session's certificates; the participant finds
// hers, downloads the PDF (name, programme, JP, number, and a QR code of the
// verification address), and the public page says valid, then revoked.
func TestCertificateFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		tn := a.A
		x := completedSession(t, a, tn)
		coord := a.login(tn.CoordEmail)
		res := coord.postForm(fmt.Sprintf("/libraries/%d/training/sessions/%d/certificates", tn.Library.ID, x.ID), nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("bulk issue: %d %s", res.StatusCode, res.Body)
		}
		list := coord.get(res.Header.Get("Location"))
		number := training.FormatNumber(tn.Library.ID, 2026, 1)
		if list.StatusCode != 200 || !strings.Contains(list.Body, number) || !strings.Contains(list.Body, tn.Staff.Name) {
			t.Fatalf("session's certificates (%d) lack %s", list.StatusCode, number)
		}
		cs, err := a.Svc.Training.Certificates(context.Background(), a.system(), training.CertificateFilter{LibraryID: tn.Library.ID, SessionID: x.ID})
		if err != nil || len(cs) != 1 {
			t.Fatalf("certificates: %v %d", err, len(cs))
		}
		c := cs[0]

		// The participant sees it among hers and opens the PDF.
		staff := a.login(tn.StaffEmail)
		mine := staff.get(fmt.Sprintf("/libraries/%d/certificates", tn.Library.ID))
		if mine.StatusCode != 200 || !strings.Contains(mine.Body, fmt.Sprintf(`id="certificate-pdf-%d"`, c.ID)) || strings.Contains(mine.Body, "certificate-revoke-") {
			t.Fatalf("her certificates: %d", mine.StatusCode)
		}
		res = staff.get(fmt.Sprintf("/libraries/%d/certificates/%d/pdf", tn.Library.ID, c.ID))
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("pdf: %d", res.StatusCode)
		}
		b := []byte(res.Body)
		r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("the certificate does not open: %v", err)
		}
		tr, err := r.GetPlainText()
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(tr)
		text := strings.Join(strings.Fields(string(raw)), " ")
		for _, want := range []string{tn.Staff.Name, "Literasi Informasi", "16 JP", number, "SERTIFIKAT", "NIP " + tn.Staff.NIP} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q: %s", want, text)
			}
		}
		verify := a.HTTP.URL + "/verify/" + c.Code
		if got := posterQR(t, b); got != verify {
			t.Errorf("the QR code says %q, want %q", got, verify)
		}

		// Anyone may check it.
		anon := a.client()
		page := anon.get("/verify/" + c.Code)
		if page.StatusCode != 200 || !strings.Contains(page.Body, `id="certificate-state"`) || !strings.Contains(page.Body, "SAH") ||
			!strings.Contains(page.Body, tn.Staff.Name) || !strings.Contains(page.Body, number) {
			t.Fatalf("verification page: %d", page.StatusCode)
		}

		// Revocation needs a reason; then the page says revoked, without it.
		revoke := fmt.Sprintf("/libraries/%d/certificates/%d/revoke", tn.Library.ID, c.ID)
		res = coord.postForm(revoke, url.Values{"reason": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="reason-error"`) {
			t.Fatalf("revoke without reason: %d", res.StatusCode)
		}
		res = coord.postForm(revoke, url.Values{"reason": {"Daftar hadir dipalsukan"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d %s", res.StatusCode, res.Body)
		}
		page = anon.get("/verify/" + c.Code)
		if page.StatusCode != 200 || !strings.Contains(page.Body, "DICABUT") || strings.Contains(page.Body, "dipalsukan") {
			t.Fatalf("after revocation: %d", page.StatusCode)
		}
		api := anon.api("GET", "/api/v1/verify/"+c.Code, "", "")
		var v struct{ State, Number string }
		if api.StatusCode != 200 || json.Unmarshal([]byte(api.Body), &v) != nil || v.State != "revoked" || v.Number != number {
			t.Fatalf("API verification: %d %s", api.StatusCode, api.Body)
		}

		// An unknown code is a translated 404.
		page = anon.get("/verify/tidak-ada-kode")
		if page.StatusCode != http.StatusNotFound || !strings.Contains(page.Body, "tidak ditemukan") {
			t.Fatalf("unknown code: %d", page.StatusCode)
		}
		if api := anon.api("GET", "/api/v1/verify/tidak-ada-kode", "", ""); api.StatusCode != http.StatusNotFound {
			t.Fatalf("API unknown code: %d", api.StatusCode)
		}

		// The API lists the session's certificates; staff only get their own.
		token := a.apiToken(tn.CoordEmail)
		api = coord.api("GET", fmt.Sprintf("/api/v1/libraries/%d/certificates?session=%d", tn.Library.ID, x.ID), token, "")
		var out struct{ Items []training.Certificate }
		if api.StatusCode != 200 || json.Unmarshal([]byte(api.Body), &out) != nil || len(out.Items) != 1 || out.Items[0].State != "revoked" {
			t.Fatalf("API list: %d %s", api.StatusCode, api.Body)
		}
		if strings.Contains(api.Body, "dipalsukan") {
			t.Errorf("the API shows the revocation's reason")
		}
	})
}
