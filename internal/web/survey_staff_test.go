package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/survey"
)

// A coordinator makes a link for a new service point, enters the visitors
// and sees the sample target; plans a follow-up for the weakest element,
// with its errors shown in place, and moves it on.
func TestCoordinatorLinksVisitorsAndFollowups(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	coord := a.login(a.A.CoordEmail)
	lib := fmt.Sprintf("/libraries/%d", a.A.Library.ID)

	// A new service point has no link until one is made; its poster asks for one.
	added, err := a.Svc.Libraries.CreateServicePoint(t.Context(), a.system(), library.ServicePoint{LibraryID: a.A.Library.ID, Name: "Layanan Anak", Kind: "anak"})
	if err != nil {
		t.Fatal(err)
	}
	child := added.ID
	res := coord.get(lib + "/survey")
	if !strings.Contains(res.Body, fmt.Sprintf(`id="link-create-%d"`, child)) {
		t.Fatalf("the links page offers no link for the new point")
	}
	if res = coord.get(fmt.Sprintf("%s/survey/links/%d/poster.pdf", lib, child)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("poster without a link: %d", res.StatusCode)
	}
	res = coord.postForm(fmt.Sprintf("%s/survey/links/%d", lib, child), nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create link: %d %s", res.StatusCode, res.Body)
	}
	if res = coord.get(lib + "/survey"); !strings.Contains(res.Body, fmt.Sprintf(`id="poster-%d"`, child)) || !strings.Contains(res.Body, "Tautan survei dibuat") {
		t.Errorf("after creating the link the page shows no poster or flash")
	}

	// Visitors: a wrong month is named; 500 in the current month gives 217.
	res = coord.postForm(lib+"/survey/visitors", url.Values{"month": {"2026-13"}, "visitors": {"banyak"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="month-error"`) || !strings.Contains(res.Body, `id="visitors-error"`) || !strings.Contains(res.Body, `value="banyak"`) {
		t.Errorf("bad visitor count: %d", res.StatusCode)
	}
	for i := 0; i < 2; i++ { // two answers to the old point
		if res := a.client().postForm("/s/"+a.A.SurveyCode, fullSurvey()); res.StatusCode != http.StatusSeeOther {
			t.Fatal(res.StatusCode)
		}
	}
	today, _ := time.Parse(time.DateOnly, survey.Today(time.Now(), a.A.Library.TimeZone))
	year, quarter := strconv.Itoa(today.Year()), survey.PeriodOf(survey.Quarter, today)
	res = coord.postForm(lib+"/survey/visitors", url.Values{"month": {year + "-01"}, "visitors": {"500"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("visitor count: %d %s", res.StatusCode, res.Body)
	}
	ikmPage := coord.get(lib + "/ikm") // the current year by default
	for _, want := range []string{`id="ikm-target">217<`, `id="ikm-sample-short"`, `id="ikm-respondents">2<`} {
		if !strings.Contains(ikmPage.Body, want) {
			t.Errorf("the library's IKM page lacks %s", want)
		}
	}

	// A follow-up plan for U9 (the lowest), first without an action.
	q := url.Values{"service_point": {strconv.FormatInt(a.A.ServicePoint.ID, 10)}, "period": {quarter.Value}}
	res = coord.get(lib + "/ikm?" + q.Encode())
	if !strings.Contains(res.Body, `<option value="U8" selected>`) {
		t.Errorf("the plan form does not start on the lowest element")
	}
	form := url.Values{"element": {"U9"}, "action": {""}, "owner_staff_id": {strconv.FormatInt(a.A.Staff.ID, 10)}, "due_date": {year + "-06-30"}, "status": {"planned"}}
	for k, v := range q {
		form[k] = v
	}
	res = coord.postForm(lib+"/ikm/followups", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="action-error"`) || !strings.Contains(res.Body, `<option value="U9" selected>`) {
		t.Fatalf("plan without action: %d", res.StatusCode)
	}
	form.Set("action", "Ganti kursi baca yang rusak")
	res = coord.postForm(lib+"/ikm/followups", form)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "period="+quarter.Value) {
		t.Fatalf("plan: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res = coord.get(res.Header.Get("Location"))
	if !strings.Contains(res.Body, "Ganti kursi baca yang rusak") || !strings.Contains(res.Body, a.A.Staff.Name) || !strings.Contains(res.Body, "Direncanakan") {
		t.Fatalf("the plan is not listed")
	}
	plans, err := a.Svc.Survey.Followups(t.Context(), a.system(), a.A.Library.ID, a.A.ServicePoint.ID, quarter)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, p := range plans {
		if p.Action == "Ganti kursi baca yang rusak" {
			id = p.ID
		}
	}
	edit := fmt.Sprintf("%s/ikm/followups/%d/edit", lib, id)
	if res = coord.get(edit); res.StatusCode != 200 || !strings.Contains(res.Body, "Sarana dan prasarana") {
		t.Fatalf("edit page: %d", res.StatusCode)
	}
	res = coord.postForm(edit, url.Values{"action": {"Ganti kursi baca yang rusak"}, "due_date": {"kemarin"}, "status": {"done"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="due_date-error"`) {
		t.Errorf("bad due date: %d", res.StatusCode)
	}
	res = coord.postForm(edit, url.Values{"action": {"Ganti kursi baca yang rusak"}, "due_date": {year + "-05-01"}, "status": {"done"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update plan: %d", res.StatusCode)
	}
	if res = coord.get(res.Header.Get("Location")); !strings.Contains(res.Body, "Selesai") {
		t.Errorf("the plan is not shown as done")
	}
	// The API lists it.
	token := a.apiToken(a.A.CoordEmail)
	res = coord.api("GET", lib2api(lib)+"/ikm/followups?"+q.Encode(), token, "")
	if res.StatusCode != 200 || !strings.Contains(res.Body, `"status": "done"`) {
		t.Errorf("API follow-ups: %d %s", res.StatusCode, res.Body)
	}
	res = coord.api("GET", lib2api(lib)+"/survey-links", token, "")
	if res.StatusCode != 200 || !strings.Contains(res.Body, `"url": "`+a.HTTP.URL+"/s/"+a.A.SurveyCode+`"`) {
		t.Errorf("API survey links: %d %s", res.StatusCode, res.Body)
	}
	// A librarian (staff role) does not see the IKM.
	if res := a.login(a.A.StaffEmail).get(lib + "/ikm"); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff role on the IKM page: %d", res.StatusCode)
	}
}

func lib2api(lib string) string { return "/api/v1" + lib }

// The survey's labels built from data (profile values, statuses, the
// element questions and answers) exist in both languages, and the
// Indonesian answers are the regulation's own wording.
func TestSurveyLabelsAreTranslated(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, g := range survey.Genders {
		keys = append(keys, "survey.gender."+strings.ToLower(g))
	}
	for _, e := range survey.Educations {
		keys = append(keys, "survey.education."+e)
	}
	for _, o := range survey.Occupations {
		keys = append(keys, "survey.occupation."+o)
	}
	for _, s := range survey.Statuses {
		keys = append(keys, "survey.followup.status."+s)
	}
	for _, k := range []string{survey.Year, survey.Semester, survey.Quarter, survey.Month} {
		keys = append(keys, "survey.period."+k)
	}
	for _, k := range []string{"survey", "followup"} {
		keys = append(keys, "kind."+k)
	}
	for i, el := range ikm.Elements {
		u := strings.ToLower(el.Code)
		keys = append(keys, "survey.question."+u)
		for s := 1; s <= 4; s++ {
			key := "survey.answer." + u + "." + strconv.Itoa(s)
			keys = append(keys, key)
			if got := b.T("id", key, nil); got != ikm.Elements[i].Answers[s-1] {
				t.Errorf("%s in Indonesian is %q, the regulation says %q", key, got, ikm.Elements[i].Answers[s-1])
			}
		}
	}
	for _, k := range keys {
		for _, lang := range i18n.Langs {
			if !b.Has(lang, k) {
				t.Errorf("%s has no %s text", k, lang)
			}
		}
	}
	// The English form shows English answers.
	a := newApp(t, dbtest.SQLite(t))
	c := a.client()
	c.lang = "en"
	res := c.get("/s/" + a.A.SurveyCode)
	if !strings.Contains(res.Body, "Very polite and friendly") || !strings.Contains(res.Body, "How fast is the service delivered?") {
		t.Errorf("the English survey is not in English")
	}
}
