package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/training"
)

// programForm is a complete programme form with the validity typed.
func programForm(title, validity string) url.Values {
	return url.Values{"title": {title}, "type": {"workshop"}, "level": {"dasar"}, "jp": {"12"}, "provider_kind": {"internal"},
		"modality": {"offline"}, "certificate_validity_months": {validity}}
}

// A coordinator sets a programme's certificate validity on its form; the
// programme page shows it; a bad value is refused beside the field and
// changes nothing; the change is audited; the API reads and writes it.
func TestProgramCertificateValidity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		ctx, sys := context.Background(), a.system()
		c := a.login(a.A.CoordEmail)
		base := trainingBase(a.A)

		res := c.postForm(base+"/programs", programForm("Pelayanan Prima", "24"))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", res.StatusCode, res.Body)
		}
		programURL := res.Header.Get("Location")
		page := c.get(programURL)
		if page.StatusCode != 200 || !strings.Contains(page.Body, "berlaku 24 bulan") {
			t.Fatalf("programme page without its validity: %d", page.StatusCode)
		}
		ps, err := a.Svc.Training.Programs(ctx, sys, a.A.Library.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		var p training.Program
		for _, x := range ps {
			if x.Title == "Pelayanan Prima" {
				p = x
			}
		}
		if p.CertificateValidityMonths == nil || *p.CertificateValidityMonths != 24 {
			t.Fatalf("stored validity: %v", p.CertificateValidityMonths)
		}
		if form := c.get(programURL + "/edit"); !strings.Contains(form.Body, `name="certificate_validity_months"`) || !strings.Contains(form.Body, `value="24"`) {
			t.Fatalf("the edit form does not show the validity")
		}

		// 0, 121 and "dua" are refused in place; nothing changes.
		for _, bad := range []string{"0", "121", "dua"} {
			res := c.postForm(programURL+"/edit", programForm("Pelayanan Prima Diubah", bad))
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="certificate_validity_months-error"`) ||
				!strings.Contains(res.Body, "Masa berlaku sertifikat harus 1–120 bulan") || !strings.Contains(res.Body, `value="`+bad+`"`) {
				t.Fatalf("validity %q: %d", bad, res.StatusCode)
			}
		}
		if q, _ := a.Svc.Training.Program(ctx, sys, a.A.Library.ID, p.ID); q.Title != "Pelayanan Prima" || *q.CertificateValidityMonths != 24 {
			t.Fatalf("a refused form changed the programme: %q %d", q.Title, *q.CertificateValidityMonths)
		}

		// Emptied: the certificates never expire; the change is audited.
		if res := c.postForm(programURL+"/edit", programForm("Pelayanan Prima", "")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("clear validity: %d %s", res.StatusCode, res.Body)
		}
		if page := c.get(programURL); !strings.Contains(page.Body, "tanpa masa berlaku") {
			t.Fatalf("the programme page does not say the certificates never expire")
		}
		var changes string
		if err := d.Reader().QueryRowContext(ctx, `SELECT changes FROM audit_log WHERE library_id = ? AND action = 'training.program_update'
			AND entity_id = ? ORDER BY id DESC LIMIT 1`, a.A.Library.ID, p.ID).Scan(&changes); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(changes, `"certificate_validity_months":["24",""]`) {
			t.Errorf("audit of the change: %s", changes)
		}

		// The API.
		token := a.apiToken(a.A.CoordEmail)
		one := fmt.Sprintf("/api/v1/libraries/%d/programs/%d", a.A.Library.ID, p.ID)
		var got struct {
			Title    string `json:"title"`
			Validity *int   `json:"certificate_validity_months"`
		}
		res = c.api("PATCH", one, token, `{"certificate_validity_months": 6}`)
		if res.StatusCode != 200 || json.Unmarshal([]byte(res.Body), &got) != nil || got.Validity == nil || *got.Validity != 6 || got.Title != "Pelayanan Prima" {
			t.Fatalf("PATCH validity: %d %s", res.StatusCode, res.Body)
		}
		for _, bad := range []string{"0", "121", `"dua"`} {
			res = c.api("PATCH", one, token, `{"title": "Lain", "certificate_validity_months": `+bad+`}`)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `"field": "certificate_validity_months"`) {
				t.Fatalf("PATCH validity %s: %d %s", bad, res.StatusCode, res.Body)
			}
		}
		res = c.api("GET", one, token, "")
		if res.StatusCode != 200 || json.Unmarshal([]byte(res.Body), &got) != nil || got.Validity == nil || *got.Validity != 6 || got.Title != "Pelayanan Prima" {
			t.Fatalf("GET after refused PATCHes: %d %s", res.StatusCode, res.Body)
		}
		res = c.api("PATCH", one, token, `{"certificate_validity_months": null}`)
		if res.StatusCode != 200 || json.Unmarshal([]byte(res.Body), &got) != nil || got.Validity != nil {
			t.Fatalf("PATCH null: %d %s", res.StatusCode, res.Body)
		}
		res = c.api("POST", fmt.Sprintf("/api/v1/libraries/%d/programs", a.A.Library.ID), token,
			`{"title": "Katalogisasi Dasar", "jp": 10, "certificate_validity_months": 36}`)
		if res.StatusCode != http.StatusCreated || json.Unmarshal([]byte(res.Body), &got) != nil || got.Validity == nil || *got.Validity != 36 {
			t.Fatalf("POST: %d %s", res.StatusCode, res.Body)
		}
		list := c.api("GET", fmt.Sprintf("/api/v1/libraries/%d/programs", a.A.Library.ID), token, "")
		if !strings.Contains(list.Body, `"certificate_validity_months": 36`) {
			t.Errorf("the catalogue API lacks the validity")
		}
		staffToken := a.apiToken(a.A.StaffEmail)
		if res := c.api("PATCH", one, staffToken, `{"certificate_validity_months": 12}`); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff PATCH: %d", res.StatusCode)
		}
	})
}

// fixedClock is the training service's clock in a test, moved between
// requests.
type fixedClock struct{ t atomic.Pointer[time.Time] }

func (c *fixedClock) set(t time.Time) { c.t.Store(&t) }
func (c *fixedClock) now() time.Time  { return *c.t.Load() }

// On a completed session's page a coordinator issues one participant's
// certificate; a second press issues nothing more; after a revocation she
// issues a new one (new number and code) while the old code still says
// revoked. The certificate ends issue date + validity − 1 day, which the
// verification page and the list of expiring certificates follow.
func TestCertificateIssueOne(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		clock := &fixedClock{}
		clock.set(time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)) // 10:00 WIB, Monday 2 March 2026
		a.Svc.Training.Now = clock.now
		ctx, sys := context.Background(), a.system()
		tn := a.A
		p := tn.Program
		p.CertificateValidityMonths = intRef(12)
		if _, err := a.Svc.Training.UpdateProgram(ctx, sys, p, p.CompetencyIDs()); err != nil {
			t.Fatal(err)
		}
		// The harness's certificate of the same programme never expires: it
		// would count as her renewal.
		if _, err := a.Svc.Training.Revoke(ctx, sys, tn.Library.ID, tn.Certificate.ID, "Data uji"); err != nil {
			t.Fatal(err)
		}
		x := completedSession(t, a, tn)
		es, err := a.Svc.Training.Participants(ctx, sys, tn.Library.ID, x.ID)
		if err != nil || len(es) != 1 || es[0].Status != training.Completed {
			t.Fatalf("participants: %v %+v", err, es)
		}
		e := es[0]
		coord := a.login(tn.CoordEmail)
		sessionURL := fmt.Sprintf("%s/sessions/%d", trainingBase(tn), x.ID)
		issue := fmt.Sprintf("%s/enrolments/%d/certificate", trainingBase(tn), e.ID)
		button := fmt.Sprintf(`id="certificate-issue-%d"`, e.ID)
		if page := coord.get(sessionURL); page.StatusCode != 200 || !strings.Contains(page.Body, button) {
			t.Fatalf("no issue button for the completed participant: %d", page.StatusCode)
		}

		// The staff role may not issue.
		staff := a.login(tn.StaffEmail)
		if res := staff.postForm(issue, nil); res.StatusCode != http.StatusForbidden {
			t.Fatalf("staff issue: %d", res.StatusCode)
		}

		res := coord.postForm(issue, nil)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), sessionURL) {
			t.Fatalf("issue: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		certs := func() []training.Certificate {
			cs, err := a.Svc.Training.Certificates(ctx, sys, training.CertificateFilter{LibraryID: tn.Library.ID, SessionID: x.ID})
			if err != nil {
				t.Fatal(err)
			}
			return cs
		}
		cs := certs()
		if len(cs) != 1 || cs[0].IssuedOn != "2026-03-02" || cs[0].ExpiresOn != "2027-03-01" {
			t.Fatalf("issued: %+v", cs)
		}
		first := cs[0]
		page := coord.get(res.Header.Get("Location"))
		if !strings.Contains(page.Body, "Sertifikat diterbitkan") || !strings.Contains(page.Body, first.Number) ||
			!strings.Contains(page.Body, fmt.Sprintf(`href="/libraries/%d/certificates/%d/pdf"`, tn.Library.ID, first.ID)) ||
			!strings.Contains(page.Body, fmt.Sprintf(`id="certificate-state-%d">SAH<`, first.ID)) || strings.Contains(page.Body, button) {
			t.Fatalf("session page after issuing: number, PDF link, state, no more button")
		}
		// Her own page shows her certificate.
		if mine := staff.get(sessionURL); !strings.Contains(mine.Body, `id="my-certificates"`) || !strings.Contains(mine.Body, first.Number) {
			t.Errorf("her session page lacks her certificate")
		}

		// A second press makes no second certificate.
		res = coord.postForm(issue, nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("second issue: %d", res.StatusCode)
		}
		if page := coord.get(res.Header.Get("Location")); !strings.Contains(page.Body, "sudah memiliki sertifikat yang berlaku") {
			t.Errorf("the second press does not say it issued nothing")
		}
		if n := len(certs()); n != 1 {
			t.Fatalf("%d certificates after a second press", n)
		}

		// Valid through 1 March 2027, expired from 2 March 2027.
		anon := a.client()
		clock.set(time.Date(2027, 3, 1, 16, 0, 0, 0, time.UTC)) // 23:00 WIB, its last day
		if v := anon.get("/verify/" + first.Code); !strings.Contains(v.Body, `id="certificate-state">SAH<`) {
			t.Fatalf("on its last day the page does not say valid")
		}
		clock.set(time.Date(2027, 3, 1, 17, 0, 0, 0, time.UTC)) // 00:00 WIB, 2 March 2027
		if v := anon.get("/verify/" + first.Code); !strings.Contains(v.Body, "KEDALUWARSA") || !strings.Contains(v.Body, `id="certificate-expired"`) {
			t.Fatalf("after its last day the page does not say expired")
		}

		// Coordinators see it coming: within 60 days in mid-January.
		clock.set(time.Date(2027, 1, 15, 3, 0, 0, 0, time.UTC))
		list := coord.get(fmt.Sprintf("/libraries/%d/certificates", tn.Library.ID))
		if !strings.Contains(list.Body, `id="certificates-expiring"`) || !strings.Contains(list.Body, fmt.Sprintf(`id="expiring-%d"`, first.ID)) {
			t.Fatalf("the certificates page does not list the expiring certificate")
		}
		if list := coord.get(fmt.Sprintf("/libraries/%d/certificates?expiring=30", tn.Library.ID)); strings.Contains(list.Body, fmt.Sprintf(`id="expiring-%d"`, first.ID)) ||
			!strings.Contains(list.Body, `id="expiring-none"`) {
			t.Errorf("within 30 days it should not be listed")
		}
		if mine := staff.get(fmt.Sprintf("/libraries/%d/certificates", tn.Library.ID)); strings.Contains(mine.Body, "certificates-expiring") {
			t.Errorf("staff see the coordinators' expiring list")
		}

		// Revoked, then issued anew: a new number and code; the old code
		// still says revoked.
		clock.set(time.Date(2026, 4, 6, 3, 0, 0, 0, time.UTC))
		if res := coord.postForm(fmt.Sprintf("/libraries/%d/certificates/%d/revoke", tn.Library.ID, first.ID), url.Values{"reason": {"Nama salah ketik"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d", res.StatusCode)
		}
		if page := coord.get(sessionURL); !strings.Contains(page.Body, button) || !strings.Contains(page.Body, fmt.Sprintf(`id="certificate-state-%d">DICABUT<`, first.ID)) {
			t.Fatalf("after the revocation: no issue button or no revoked state")
		}
		if res := coord.postForm(issue, nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("re-issue: %d", res.StatusCode)
		}
		cs = certs()
		if len(cs) != 2 || cs[1].ID == first.ID || cs[1].Number == first.Number || cs[1].Code == first.Code || cs[1].State != training.CertValid ||
			cs[1].ExpiresOn != "2027-04-05" || cs[0].State != training.CertRevoked {
			t.Fatalf("after re-issuing: %+v", cs)
		}
		if v := anon.get("/verify/" + first.Code); !strings.Contains(v.Body, "DICABUT") {
			t.Errorf("the old code no longer says revoked")
		}
		if v := anon.get("/verify/" + cs[1].Code); !strings.Contains(v.Body, `id="certificate-state">SAH<`) || !strings.Contains(v.Body, cs[1].Number) {
			t.Errorf("the new code does not say valid")
		}
		page = coord.get(sessionURL)
		if !strings.Contains(page.Body, first.Number) || !strings.Contains(page.Body, cs[1].Number) || strings.Contains(page.Body, button) {
			t.Errorf("the session page should list both certificates and no button")
		}
		// A bulk issue does not undo the revocation a second time.
		if res := coord.postForm(fmt.Sprintf("%s/certificates", sessionURL), nil); res.StatusCode != http.StatusSeeOther || len(certs()) != 2 {
			t.Errorf("bulk after re-issue: %d, %d certificates", res.StatusCode, len(certs()))
		}
	})
}

func intRef(n int) *int { return &n }
