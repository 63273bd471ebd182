package web_test

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/bina-pustaka/bina/internal/browsertest"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/i18n"
)

// browser wraps a chromedp tab with the few steps every journey repeats, so
// the tests read as what the user does. Each step fails the test at once:
// the next one would only fail for the same reason, less clearly.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	msgs *i18n.Bundle
}

func newBrowser(t *testing.T, ctx context.Context, base string) *browser {
	t.Helper()
	msgs, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, ctx: ctx, base: base, msgs: msgs}
	// Headless Chromium asks for English; the people who use Bina read
	// Indonesian, so the browser says so the way theirs would.
	_, err = chromedp.Call(ctx, network.SetExtraHTTPHeaders,
		network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "id-ID,id;q=0.9"}})
	if err != nil {
		t.Fatalf("browser: set Accept-Language: %v", err)
	}
	return b
}

// msg is the text the page should show for a message key. A key missing
// from lang's file would show on screen as the key itself, so it fails here.
func (b *browser) msg(lang, key string) string {
	b.t.Helper()
	if !b.msgs.Has(lang, key) {
		b.t.Errorf("message %s is not translated into %s", key, lang)
	}
	return b.msgs.T(lang, key, nil)
}

func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// follow runs steps that load a new page (a click on a link or a submit
// button) and waits until that page has loaded, returning its HTTP status.
func (b *browser) follow(what string, steps ...chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, steps...)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	if resp == nil {
		b.t.Fatalf("%s: no page was loaded", what)
	}
	return resp.Status
}

func (b *browser) text(sel chromedp.CSS) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(sel, chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (b *browser) value(sel chromedp.CSS) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Value(sel))
	if err != nil {
		b.t.Fatalf("value of %s: %v", sel, err)
	}
	return s
}

func (b *browser) attr(sel chromedp.CSS, name string) string {
	b.t.Helper()
	a, err := chromedp.Run(b.ctx, chromedp.AttributeValue(sel, name))
	if err != nil {
		b.t.Fatalf("attribute %s of %s: %v", name, sel, err)
	}
	return a.Value
}

// path is the path and query of the page the browser shows now.
func (b *browser) path() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatalf("location %q: %v", loc, err)
	}
	return u.RequestURI()
}

func (b *browser) eval(js string) bool {
	b.t.Helper()
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", js, err)
	}
	return ok
}

// login signs in through the login form, as a person would.
func (b *browser) login(email string) {
	b.t.Helper()
	b.follow("open the login page", chromedp.Navigate(b.base+"/login"))
	b.do("fill in the login form",
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
	)
	if status := b.follow("submit the login form", chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`))); status != 200 {
		b.t.Fatalf("after logging in as %s the page answered %d", email, status)
	}
	if got := b.path(); got != "/" {
		b.t.Fatalf("after logging in as %s the browser is at %s, want the dashboard /", email, got)
	}
}

// A coordinator adds a PNS staff member: a wrong NIP is caught next to the
// field without losing what she typed, the corrected form saves, the new
// person is on the list and found by name; the interface switches to
// English; logging out closes the staff list.
func TestBrowserStaffJourney(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	b := newBrowser(t, browsertest.New(t), a.HTTP.URL)
	lib := strconv.FormatInt(a.A.Library.ID, 10)
	listPath := "/libraries/" + lib + "/staff"

	b.login(a.A.CoordEmail)
	if got := b.attr("html", "lang"); got != "id" {
		t.Errorf("an Indonesian browser gets <html lang=%q>, want id", got)
	}

	// The staff list, reached from the menu.
	b.follow("open the staff list from the menu", chromedp.Click(chromedp.CSS("#nav-staff"), chromedp.NodeVisible))
	b.do("wait for the staff table", chromedp.WaitVisible(chromedp.CSS("#staff-table")))
	if got := b.path(); got != listPath {
		t.Fatalf("the menu's staff link opened %s, want %s", got, listPath)
	}
	if got, want := b.text("h1"), b.msg("id", "staff.list_title"); got != want {
		t.Errorf("staff list heading %q, want %q", got, want)
	}
	if got := b.attr("#nav-staff", "aria-current"); got != "page" {
		t.Errorf("on the staff list the menu's staff link has aria-current=%q, want page", got)
	}

	// The form, first with a NIP that is 12 digits long.
	const name = "Dewi Anggraini, S.IP."
	const goodNIP = "198807142015032004" // born 14-07-1988, appointed 03-2015, woman, no. 004
	b.follow("open the new staff form", chromedp.Click(chromedp.CSS("#staff-new"), chromedp.NodeVisible))
	b.do("fill in the staff form",
		chromedp.WaitVisible(chromedp.CSS("#staff-form")),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SetValue(chromedp.CSS("#employment_status"), "pns"),
		chromedp.SendKeys(chromedp.CSS("#nip"), "198807142015"),
		chromedp.SendKeys(chromedp.CSS("#position"), "Pustakawan"),
		chromedp.SendKeys(chromedp.CSS("#level"), "Ahli Pertama"),
		chromedp.SendKeys(chromedp.CSS("#grade"), "III/a"),
		chromedp.SendKeys(chromedp.CSS("#education"), "S1 Ilmu Perpustakaan"),
		chromedp.SetValue(chromedp.CSS("#service_point_id"), strconv.FormatInt(a.A.ServicePoint.ID, 10)),
		chromedp.SendKeys(chromedp.CSS("#email"), "dewi.anggraini@batu.test"),
	)
	if status := b.follow("save with a short NIP", chromedp.Click(chromedp.CSS("#staff-save"))); status != 422 {
		t.Errorf("saving a 12-digit NIP answered %d, want 422", status)
	}
	if got, want := b.text("#nip-error"), b.msg("id", "staff.nip_length"); got != want {
		t.Errorf("NIP error %q, want the Indonesian %q", got, want)
	}
	if b.msg("id", "staff.nip_length") == b.msg("en", "staff.nip_length") {
		t.Errorf("staff.nip_length reads the same in both languages, so the test cannot tell them apart")
	}
	// In place: inside the NIP field's own box, and tied to the input for screen readers.
	if !b.eval(`document.getElementById("nip-error").closest(".field").contains(document.getElementById("nip"))`) {
		t.Errorf("the NIP error is not next to the NIP field")
	}
	if got := strings.Fields(b.attr("#nip", "aria-describedby")); !slices.Contains(got, "nip-error") {
		t.Errorf("NIP input aria-describedby=%q, want it to name nip-error", got)
	}
	if got := b.attr("#nip", "aria-invalid"); got != "true" {
		t.Errorf("NIP input aria-invalid=%q, want true", got)
	}
	for sel, want := range map[chromedp.CSS]string{
		"#name": name, "#nip": "198807142015", "#employment_status": "pns", "#grade": "III/a",
		"#service_point_id": strconv.FormatInt(a.A.ServicePoint.ID, 10), "#email": "dewi.anggraini@batu.test",
	} {
		if got := b.value(sel); got != want {
			t.Errorf("after the error the form shows %s = %q, want what was typed, %q", sel, got, want)
		}
	}

	// Corrected, it saves and shows her record.
	b.do("correct the NIP", chromedp.SetValue(chromedp.CSS("#nip"), goodNIP))
	if status := b.follow("save the corrected form", chromedp.Click(chromedp.CSS("#staff-save"))); status != 200 {
		t.Fatalf("saving the corrected form ended on a page with status %d", status)
	}
	if got := b.path(); !regexp.MustCompile(`^` + listPath + `/[0-9]+$`).MatchString(got) {
		t.Fatalf("after saving the browser is at %s, want the new staff member's page under %s/", got, listPath)
	}
	if got := b.text("h1"); got != name {
		t.Errorf("staff page heading %q, want %q", got, name)
	}
	if got, want := b.text("#flash"), b.msg("id", "staff.created"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if got := b.text("dl.details"); !strings.Contains(got, goodNIP) {
		t.Errorf("staff page does not show the NIP %s: %q", goodNIP, got)
	}

	// Back on the list she is there, and a search by name finds only her.
	b.follow("go back to the staff list", chromedp.Click(chromedp.CSS("#nav-staff"), chromedp.NodeVisible))
	if got := b.text("#staff-table"); !strings.Contains(got, name) || !strings.Contains(got, a.A.Staff.Name) {
		t.Errorf("staff list should show both %q and %q: %q", name, a.A.Staff.Name, got)
	}
	b.do("type a name in the search box", chromedp.SendKeys(chromedp.CSS("#q"), "anggraini"))
	b.follow("search", chromedp.Click(chromedp.CSS(`form[role="search"] button[type="submit"]`)))
	if got := b.path(); !strings.HasPrefix(got, listPath+"?") || !strings.Contains(got, "q=anggraini") {
		t.Errorf("the search went to %s, want %s?q=anggraini…", got, listPath)
	}
	if got := b.text("#staff-table tbody"); !strings.Contains(got, name) || strings.Contains(got, a.A.Staff.Name) {
		t.Errorf("searching for anggraini should list only %q, got %q", name, got)
	}
	if got := b.value("#q"); got != "anggraini" {
		t.Errorf("the search box shows %q after searching, want anggraini", got)
	}

	// English, on the same page.
	b.follow("switch to English", chromedp.Click(chromedp.CSS("#lang-en"), chromedp.NodeVisible))
	if got := b.attr("html", "lang"); got != "en" {
		t.Errorf("after switching to English <html lang=%q>, want en", got)
	}
	if got, want := b.text("h1"), b.msg("en", "staff.list_title"); got != want {
		t.Errorf("English staff list heading %q, want %q", got, want)
	}
	if got, want := b.text(`label[for="q"]`), b.msg("en", "common.search"); got != want {
		t.Errorf("English search label %q, want %q", got, want)
	}
	if got := b.path(); !strings.HasPrefix(got, listPath) || !strings.Contains(got, "q=anggraini") {
		t.Errorf("switching the language left the page for %s; want to stay on %s?q=anggraini", got, listPath)
	}

	// Logging out ends the session: the staff list now asks to log in.
	b.follow("log out", chromedp.Click(chromedp.CSS("#logout"), chromedp.NodeVisible))
	if got := b.path(); !strings.HasPrefix(got, "/login") {
		t.Fatalf("after logging out the browser is at %s, want /login", got)
	}
	b.do("wait for the login form", chromedp.WaitVisible(chromedp.CSS("#email")))
	if got, want := b.text("h1"), b.msg("en", "login.title"); got != want {
		t.Errorf("login page heading %q, want %q (the language choice outlives the session)", got, want)
	}
	if got, want := b.text("#flash"), b.msg("en", "login.logged_out"); got != want {
		t.Errorf("after logging out the flash says %q, want %q", got, want)
	}
	b.follow("open the staff list again", chromedp.Navigate(b.base+listPath))
	if got := b.path(); !strings.HasPrefix(got, "/login") {
		t.Errorf("after logging out the staff list opened at %s, want a redirect to /login", got)
	}
	b.do("wait for the login form", chromedp.WaitVisible(chromedp.CSS("#email")))
	if n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#staff-table").length`)); err != nil || n != 0 {
		t.Errorf("after logging out the staff table is still on the page (%d, %v)", n, err)
	}
}

// On a 390 px phone the login page and the dashboard fit the screen, and
// the menu is a button that opens.
func TestBrowserPhoneLogin(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	b := newBrowser(t, browsertest.NewPhone(t), a.HTTP.URL)
	const fits = `document.documentElement.scrollWidth <= 390`

	b.follow("open the login page", chromedp.Navigate(b.base+"/login"))
	b.do("wait for the login form", chromedp.WaitVisible(chromedp.CSS("#email")))
	if !b.eval(fits) {
		t.Errorf("the login page is wider than the phone")
	}
	browsertest.Screenshot(t, b.ctx, "phone-login")

	b.login(a.A.StaffEmail)
	if !b.eval(fits) {
		t.Errorf("the dashboard is wider than the phone")
	}
	b.do("wait for the menu button", chromedp.WaitVisible(chromedp.CSS("details.sidenav > summary")))
	if b.eval(`document.querySelector("details.sidenav").open`) {
		t.Errorf("on a phone the menu starts open, covering the page")
	}
	b.do("open the menu",
		chromedp.Click(chromedp.CSS("details.sidenav > summary")),
		chromedp.WaitVisible(chromedp.CSS(`details.sidenav a[href="/account"]`)),
	)
	if got, want := b.text(`details.sidenav a[href="/account"]`), b.msg("id", "nav.my_account"); got != want {
		t.Errorf("the opened menu shows %q, want %q", got, want)
	}
	if !b.eval(fits) {
		t.Errorf("the dashboard with the menu open is wider than the phone")
	}
	browsertest.Screenshot(t, b.ctx, "phone-menu")
}
