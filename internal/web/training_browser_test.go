package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/bina-pustaka/bina/internal/browsertest"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/people"
	"github.com/bina-pustaka/bina/internal/training"
)

// acceptConfirms answers "OK" to the page's data-confirm questions, as the
// coordinator would; headless Chromium would otherwise wait on the dialog.
func (b *browser) acceptConfirms() {
	b.t.Helper()
	if !b.eval(`(window.confirm = function() { return true; }, true)`) {
		b.t.Fatal("could not answer the confirmations")
	}
}

// A coordinator creates a programme and a session held today, nominates
// three people (the third to the waitlist), cancels one seat so the
// waitlisted person is promoted, takes attendance, enters the post-tests,
// completes the session and issues the certificates; the librarian sees the
// JP in her ledger and her certificate verifies at /verify/{code}; after
// revocation the same page says revoked.
func TestBrowserTrainingJourney(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	ctx := context.Background()
	lib := a.A.Library.ID
	// Two more colleagues to nominate (the librarian Sari is the third).
	var others []people.Staff
	for i, name := range []string{"Budi Santoso", "Dewi Lestari"} {
		s, err := a.Svc.Staff.Create(ctx, a.system(), people.Staff{LibraryID: lib, Name: name,
			NIP: fmt.Sprintf("19800202200501100%d", i+2), EmploymentStatus: "pns", Position: "Pustakawan", Level: "Ahli Pertama",
			Grade: "III/a", ServicePointID: &a.A.ServicePoint.ID, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		others = append(others, s)
	}
	// The session is held today: attendance is taken on the day and it may
	// be completed once its last day has come.
	today, err := a.Svc.Training.Today(ctx, a.system(), lib)
	if err != nil {
		t.Fatal(err)
	}

	coord := newBrowser(t, browsertest.New(t), a.HTTP.URL)
	coord.login(a.A.CoordEmail)
	coord.follow("open training from the menu", chromedp.Click(chromedp.CSS("#nav-training"), chromedp.NodeVisible))
	coord.follow("open the catalogue", chromedp.Navigate(fmt.Sprintf("%s/libraries/%d/training/programs", coord.base, lib)))
	coord.follow("start a new programme", chromedp.Click(chromedp.CSS("#program-new"), chromedp.NodeVisible))
	coord.do("fill in the programme",
		chromedp.WaitVisible(chromedp.CSS("#program-form")),
		chromedp.SendKeys(chromedp.CSS("#title"), "Pelayanan Prima"),
		chromedp.SetValue(chromedp.CSS("#jp"), ""),
		chromedp.SendKeys(chromedp.CSS("#jp"), "12"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#competency-%d", a.A.Competency))),
	)
	if status := coord.follow("save the programme", chromedp.Click(chromedp.CSS("#program-save"))); status != 200 {
		t.Fatalf("saving the programme ended on %d", status)
	}
	if got := coord.text("#program-title"); !strings.Contains(got, "Pelayanan Prima") {
		t.Fatalf("programme page heading %q", got)
	}
	var code string
	if err := a.DB.Reader().QueryRowContext(t.Context(), `SELECT code FROM competencies WHERE id = ?`, a.A.Competency).Scan(&code); err != nil {
		t.Fatal(err)
	}
	if got := coord.text("#program-competencies"); !strings.Contains(got, code) {
		t.Errorf("the ticked target competency %s is not on the programme page: %q", code, got)
	}
	coord.follow("schedule a session", chromedp.Click(chromedp.CSS("#session-new"), chromedp.NodeVisible))
	coord.do("fill in the session",
		chromedp.WaitVisible(chromedp.CSS("#session-form")),
		chromedp.SendKeys(chromedp.CSS("#title"), "Angkatan I"),
		chromedp.SendKeys(chromedp.CSS("#days"), string(today)),
		chromedp.SendKeys(chromedp.CSS("#place"), "Aula Lantai 2"),
		chromedp.SetValue(chromedp.CSS("#capacity"), "2"),
		chromedp.SetValue(chromedp.CSS("#status"), training.SessionOpen),
		chromedp.SetValue(chromedp.CSS("#pass_mark"), "70"),
	)
	if status := coord.follow("save the session", chromedp.Click(chromedp.CSS("#session-save"))); status != 200 {
		t.Fatalf("saving the session ended on %d", status)
	}
	if got, want := coord.text("#flash"), coord.msg("id", "training.session_saved"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	sessionPath := coord.path()

	// Three nominations for two seats: the third waits.
	for i, s := range []people.Staff{a.A.Staff, others[0], others[1]} {
		coord.do("choose "+s.Name, chromedp.SetValue(chromedp.CSS("#staff_id"), fmt.Sprint(s.ID)))
		coord.follow("nominate "+s.Name, chromedp.Click(chromedp.CSS("#nominate")))
		want := "training.nominated"
		if i == 2 {
			want = "training.nominated_waitlist"
		}
		if got := coord.text("#flash"); got != coord.msg("id", want) {
			t.Errorf("nominating %s: flash %q, want %s", s.Name, got, want)
		}
	}
	if got := coord.text("#waitlist-table"); !strings.Contains(got, "Dewi Lestari") {
		t.Fatalf("waitlist %q, want Dewi Lestari", got)
	}
	es, err := a.Svc.Training.Participants(ctx, a.system(), lib, sessionIDOf(t, sessionPath))
	if err != nil {
		t.Fatal(err)
	}
	enrolment := map[int64]int64{} // staff → enrolment
	for _, e := range es {
		enrolment[e.StaffID] = e.ID
	}

	// Budi cancels: Dewi takes his seat.
	coord.acceptConfirms()
	coord.follow("cancel Budi's seat", chromedp.Click(chromedp.CSS(fmt.Sprintf("#enrolment-%d button", enrolment[others[0].ID]))))
	if got, want := coord.text("#flash"), coord.msg("id", "training.cancelled"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if got := coord.text("#participant-table"); !strings.Contains(got, "Dewi Lestari") || strings.Contains(got, "Budi Santoso") {
		t.Errorf("after the cancellation the participants are %q, want Dewi in and Budi out", got)
	}
	if got := coord.text("#cancelled-list"); !strings.Contains(got, "Budi Santoso") {
		t.Errorf("cancelled list %q", got)
	}

	// Today's attendance: both present.
	sari, dewi := enrolment[a.A.Staff.ID], enrolment[others[1].ID]
	coord.do("tick both present",
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#present-%d", sari))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#present-%d", dewi))),
	)
	coord.follow("save attendance", chromedp.Click(chromedp.CSS("#attendance-save")))
	if got, want := coord.text("#flash"), coord.msg("id", "training.attendance_saved"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}

	// Post-tests: Sari passes, Dewi falls short of the pass mark.
	coord.do("enter the scores",
		chromedp.SendKeys(chromedp.CSS(fmt.Sprintf("#pre_%d", sari)), "55"),
		chromedp.SendKeys(chromedp.CSS(fmt.Sprintf("#post_%d", sari)), "85"),
		chromedp.SendKeys(chromedp.CSS(fmt.Sprintf("#post_%d", dewi)), "60"),
	)
	coord.follow("save the scores", chromedp.Click(chromedp.CSS("#scores-save")))
	if got, want := coord.text("#flash"), coord.msg("id", "training.scores_saved"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}

	coord.acceptConfirms()
	if status := coord.follow("complete the session", chromedp.Click(chromedp.CSS("#session-complete"))); status != 200 {
		t.Fatalf("completing ended on %d", status)
	}
	if got, want := coord.text("#session-status"), coord.msg("id", "training.session_status.completed"); got != want {
		t.Errorf("session status %q, want %q", got, want)
	}
	coord.follow("open the session's certificates", chromedp.Click(chromedp.CSS("#session-certificates"), chromedp.NodeVisible))
	coord.follow("issue the certificates", chromedp.Click(chromedp.CSS("#certificate-issue-all"), chromedp.NodeVisible))
	if got := coord.text("#certificates"); !strings.Contains(got, a.A.Staff.Name) || strings.Contains(got, "Dewi Lestari") {
		t.Fatalf("certificates %q, want Sari's only (Dewi did not pass)", got)
	}
	verify := coord.attr(`#certificates a[href^="/verify/"]`, "href")

	// The librarian: 12 JP verified in her ledger, her certificate valid.
	librarian := newBrowser(t, browsertest.New(t), a.HTTP.URL)
	librarian.login(a.A.StaffEmail)
	librarian.follow("open her record from the menu", chromedp.Click(chromedp.CSS("#nav-my-record"), chromedp.NodeVisible))
	if got := librarian.text("#jp-entries"); !strings.Contains(got, "Pelayanan Prima") || !strings.Contains(got, "12") {
		t.Errorf("her JP ledger %q, want the 12 JP of Pelayanan Prima", got)
	}
	librarian.follow("verify her certificate", chromedp.Navigate(librarian.base+verify))
	if got, want := librarian.text("#certificate-state"), librarian.msg("id", "certificate.state.valid"); got != want {
		t.Errorf("certificate state %q, want %q", got, want)
	}
	if got := librarian.text("#certificate-holder"); got != a.A.Staff.Name {
		t.Errorf("certificate holder %q", got)
	}
	if got := librarian.text("#certificate-jp"); got != "12" {
		t.Errorf("certificate JP %q, want 12", got)
	}

	// The coordinator revokes it; the same page now says revoked.
	coord.do("give a reason", chromedp.SendKeys(chromedp.CSS(`#certificates input[name="reason"]`), "Salah nama peserta"))
	coord.acceptConfirms()
	coord.follow("revoke the certificate", chromedp.Click(chromedp.CSS(`#certificates button[id^="certificate-revoke-"]`)))
	librarian.follow("verify again", chromedp.Navigate(librarian.base+verify))
	if got, want := librarian.text("#certificate-state"), librarian.msg("id", "certificate.state.revoked"); got != want {
		t.Errorf("certificate state after revocation %q, want %q", got, want)
	}
	if !librarian.eval(`!!document.querySelector("#certificate-revoked")`) {
		t.Errorf("the revoked certificate's page does not say since when")
	}
}

// sessionIDOf reads the session's id from its page's path.
func sessionIDOf(t *testing.T, path string) int64 {
	t.Helper()
	var lib, id int64
	if _, err := fmt.Sscanf(path, "/libraries/%d/training/sessions/%d", &lib, &id); err != nil {
		t.Fatalf("session path %q: %v", path, err)
	}
	return id
}
