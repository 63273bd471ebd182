package web_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/bina-pustaka/bina/internal/browsertest"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// A patron scans the poster's QR code with a phone, answers the survey
// (missing one question first, which is pointed out without losing the
// rest) and is thanked; the coordinator then finds the answer in that
// service point's IKM.
func TestBrowserPhoneSurveyFromPoster(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	lib := fmt.Sprintf("/libraries/%d", a.A.Library.ID)

	// The link as the poster carries it: read back from its QR code, and
	// the same address the survey page lists.
	coord := a.login(a.A.CoordEmail)
	poster := coord.get(fmt.Sprintf("%s/survey/links/%d/poster.pdf", lib, a.A.ServicePoint.ID))
	qrURL := posterQR(t, []byte(poster.Body))
	if page := coord.get(lib + "/survey"); !strings.Contains(page.Body, ">"+qrURL+"</a>") {
		t.Fatalf("the survey page does not list the poster's link %s", qrURL)
	}

	b := newBrowser(t, browsertest.NewPhone(t), a.HTTP.URL)
	const fits = `document.documentElement.scrollWidth <= 390`
	if status := b.follow("open the QR code's link", chromedp.Navigate(qrURL)); status != 200 {
		t.Fatalf("the survey answered %d", status)
	}
	b.do("wait for the survey", chromedp.WaitVisible(chromedp.CSS("#survey-form")))
	if got := b.text("#survey-place"); !strings.Contains(got, a.A.Library.Name) || !strings.Contains(got, a.A.ServicePoint.Name) {
		t.Errorf("the survey names %q, want the library and the service point", got)
	}
	if !b.eval(fits) {
		t.Errorf("the survey is wider than the phone")
	}
	// Answers are big enough for a thumb.
	if !b.eval(`document.querySelector('.survey-choices .check').getBoundingClientRect().height >= 44`) {
		t.Errorf("an answer row is shorter than 44 px")
	}
	browsertest.Screenshot(t, b.ctx, "phone-survey")

	fill := []chromedp.Action[chromedp.Void]{
		chromedp.Click(chromedp.CSS("#gender-P")),
		chromedp.SendKeys(chromedp.CSS("#age"), "27"),
		chromedp.SetValue(chromedp.CSS("#education"), "s1"),
		chromedp.SetValue(chromedp.CSS("#occupation"), "mahasiswa"),
	}
	for i := 1; i <= 8; i++ { // U9 forgotten
		score := 4
		if i == 8 {
			score = 3
		}
		fill = append(fill, chromedp.ScrollIntoView(chromedp.CSS(fmt.Sprintf("#u%d-%d", i, score))), chromedp.Click(chromedp.CSS(fmt.Sprintf("#u%d-%d", i, score))))
	}
	fill = append(fill, chromedp.SendKeys(chromedp.CSS("#comment"), "Ruang baca anak nyaman"))
	b.do("answer all but the last question", fill...)
	if status := b.follow("send", chromedp.Click(chromedp.CSS("#survey-submit"))); status != 422 {
		t.Fatalf("sending without U9 answered %d, want 422", status)
	}
	if got, want := b.text("#u9-error"), b.msg("id", "survey.answer_required"); got != want {
		t.Errorf("U9 error %q, want %q", got, want)
	}
	if !b.eval(`document.getElementById("u7-4").checked && document.getElementById("gender-P").checked && document.getElementById("age").value === "27"`) {
		t.Errorf("the answers given were lost after the error")
	}
	if b.value("#comment") != "Ruang baca anak nyaman" {
		t.Errorf("the comment was lost after the error")
	}
	b.do("answer U9", chromedp.ScrollIntoView(chromedp.CSS("#u9-3")), chromedp.Click(chromedp.CSS("#u9-3")))
	if status := b.follow("send again", chromedp.Click(chromedp.CSS("#survey-submit"))); status != 200 {
		t.Fatalf("sending the complete survey ended on %d", status)
	}
	if got := b.path(); got != "/s/"+a.A.SurveyCode+"/terima-kasih" {
		t.Errorf("after sending the phone is at %s", got)
	}
	if got, want := b.text("#survey-thanks h1"), b.msg("id", "survey.thanks_title"); got != want {
		t.Errorf("thank-you heading %q, want %q", got, want)
	}

	// The coordinator, on her phone too, opens the IKM of that service point.
	b.login(a.A.CoordEmail)
	b.follow("open the IKM page", chromedp.Navigate(b.base+lib+"/ikm"))
	b.do("choose the service point", chromedp.SetValue(chromedp.CSS("#service_point"), strconv.FormatInt(a.A.ServicePoint.ID, 10)))
	b.follow("show", chromedp.Click(chromedp.CSS("#ikm-show")))
	if got := b.text("#ikm-scope"); !strings.HasPrefix(got, a.A.ServicePoint.Name) {
		t.Errorf("IKM page scope %q", got)
	}
	if got := b.text("#ikm-respondents"); got != "1" {
		t.Errorf("respondents %q, want 1", got)
	}
	if got := b.text("#ikm-value"); got != "94,44" { // (7×4 + 2×3) / 9 × 25
		t.Errorf("IKM %q, want 94,44", got)
	}
	if got := b.text("#ikm-grade"); got != "A" {
		t.Errorf("grade %q, want A", got)
	}
	if !b.eval(fits) {
		t.Errorf("the IKM page is wider than the phone")
	}
	browsertest.Screenshot(t, b.ctx, "phone-ikm")
}
