package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/bina-pustaka/bina/internal/browsertest"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// A patron files a complaint from a phone, without JavaScript-only steps:
// she is told what is missing, then gets a receipt with a tracking code that
// opens the status page.
func TestBrowserPhoneComplaint(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	b := newBrowser(t, browsertest.NewPhone(t), a.HTTP.URL)
	const fits = `document.documentElement.scrollWidth <= 390`

	if status := b.follow("open the form", chromedp.Navigate(fmt.Sprintf("%s/p/%d/pengaduan", b.base, a.A.Library.ID))); status != 200 {
		t.Fatalf("the form answered %d", status)
	}
	b.do("wait for the form", chromedp.WaitVisible(chromedp.CSS("#complaint-form")))
	if !b.eval(fits) {
		t.Errorf("the complaint form is wider than the phone")
	}
	if !b.eval(`document.querySelector('#complaint-form .check').getBoundingClientRect().height >= 44`) {
		t.Errorf("a choice is shorter than 44 px")
	}
	browsertest.Screenshot(t, b.ctx, "phone-complaint-form")

	b.do("write without choosing a category",
		chromedp.SendKeys(chromedp.CSS("#body"), "AC ruang baca mati sejak pagi."),
		chromedp.SendKeys(chromedp.CSS("#contact_phone"), "0812 5555 6666"))
	if status := b.follow("send", chromedp.Click(chromedp.CSS("#complaint-submit"))); status != 422 {
		t.Fatalf("sending without a category answered %d, want 422", status)
	}
	if got, want := b.text("#category-error"), b.msg("id", "complaint.bad_category"); got != want {
		t.Errorf("category error %q, want %q", got, want)
	}
	if b.value("#body") != "AC ruang baca mati sejak pagi." || b.value("#contact_phone") != "0812 5555 6666" {
		t.Errorf("what was written was lost after the error")
	}
	b.do("choose the category", chromedp.SetValue(chromedp.CSS("#category"), "fasilitas"))
	if status := b.follow("send again", chromedp.Click(chromedp.CSS("#complaint-submit"))); status != 200 {
		t.Fatalf("sending the complaint ended on %d", status)
	}
	code := b.text("#complaint-code")
	if !regexp.MustCompile(`^PGD-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$`).MatchString(code) {
		t.Fatalf("the receipt shows %q, not a tracking code", code)
	}
	if !b.eval(fits) {
		t.Errorf("the receipt is wider than the phone")
	}
	browsertest.Screenshot(t, b.ctx, "phone-complaint-receipt")

	if status := b.follow("open the status page", chromedp.Click(chromedp.CSS("#complaint-status-link"))); status != 200 {
		t.Fatalf("the status page answered %d", status)
	}
	if got, want := b.text("#complaint-status"), b.msg("id", "complaint.status.baru"); got != want {
		t.Errorf("status %q, want %q", got, want)
	}
	if b.path() != "/pengaduan/lacak/"+code {
		t.Errorf("the status page is at %s", b.path())
	}
	if !b.eval(fits) {
		t.Errorf("the status page is wider than the phone")
	}
	browsertest.Screenshot(t, b.ctx, "phone-complaint-status")
}

// The coordinator verifies a new complaint from the menu and assigns it to
// a librarian, who sees the reporter's contact and answers; the answer is
// on the public status page.
func TestBrowserComplaintHandling(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	code := a.A.Complaint.Code

	coord := newBrowser(t, browsertest.New(t), a.HTTP.URL)
	coord.login(a.A.CoordEmail)
	coord.follow("open the complaints", chromedp.Click(chromedp.CSS("#nav-complaints")))
	coord.follow("open the new complaint", chromedp.Click(chromedp.CSS(`#complaint-table a[href$="/complaints/`+fmt.Sprint(a.A.Complaint.ID)+`"]`)))
	if got, want := coord.text("#complaint-status"), coord.msg("id", "complaint.status.baru"); got != want {
		t.Fatalf("status %q, want %q", got, want)
	}
	coord.do("choose the librarian", chromedp.SetValue(chromedp.CSS("#verify-assignee_id"), fmt.Sprint(a.A.StaffUserID)))
	if status := coord.follow("verify", chromedp.Click(chromedp.CSS("#complaint-verify"))); status != 200 {
		t.Fatalf("verifying ended on %d", status)
	}
	if got, want := coord.text("#flash"), coord.msg("id", "complaint.verified"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if got := coord.text("#complaint-assignee"); got != "Pustakawan batu" {
		t.Errorf("assigned to %q", got)
	}
	browsertest.Screenshot(t, coord.ctx, "complaint-verified")

	librarian := newBrowser(t, browsertest.New(t), a.HTTP.URL)
	librarian.login(a.A.StaffEmail)
	librarian.follow("open her complaints", chromedp.Click(chromedp.CSS("#nav-complaints")))
	librarian.follow("open the complaint", chromedp.Click(chromedp.CSS(`#complaint-table a[href$="/complaints/`+fmt.Sprint(a.A.Complaint.ID)+`"]`)))
	if got := librarian.text("#complaint-contact"); !strings.Contains(got, "pelapor@batu.test") {
		t.Errorf("the assigned librarian does not see the contact: %q", got)
	}
	librarian.do("write the answer", chromedp.SendKeys(chromedp.CSS("#reply"), "Petugas piket kini selalu ada di meja sirkulasi."))
	if status := librarian.follow("send the answer", chromedp.Click(chromedp.CSS("#complaint-reply"))); status != 200 {
		t.Fatalf("answering ended on %d", status)
	}
	if got, want := librarian.text("#complaint-status"), librarian.msg("id", "complaint.status.dijawab"); got != want {
		t.Errorf("status after the answer %q, want %q", got, want)
	}
	browsertest.Screenshot(t, librarian.ctx, "complaint-answered")

	librarian.follow("open the public status page", chromedp.Navigate(librarian.base+"/pengaduan/lacak/"+code))
	if got := librarian.text("#complaint-timeline"); !strings.Contains(got, "Petugas piket kini selalu ada") {
		t.Errorf("the public timeline lacks the answer: %q", got)
	}
}
