package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/people"
)

// addColleague gives tenant A a second librarian with an account, Budi.
func addColleague(t *testing.T, a *app) (people.Staff, string) {
	t.Helper()
	ctx := context.Background()
	budi, err := a.Svc.Staff.Create(ctx, a.system(), people.Staff{LibraryID: a.A.Library.ID, Name: "Budi Santoso",
		NIP: "198001012005011002", EmploymentStatus: "pns", Position: "Pustakawan", Level: "Ahli Muda", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	email := "budi@a.test"
	if _, err := a.Svc.Users.Bootstrap(ctx, auth.NewUser{Email: email, Name: "Budi", Password: testPassword,
		LibraryID: a.A.Library.ID, Role: auth.RoleStaff, StaffID: &budi.ID}); err != nil {
		t.Fatal(err)
	}
	return budi, email
}

// "Halaman saya" shows the librarian her own profile, plan and evidence
// links, and a colleague only his; an account without a staff record gets
// a friendly page; the page speaks both languages.
func TestSelfServicePage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		lib := a.A.Library.ID
		me := fmt.Sprintf("/libraries/%d/me", lib)
		budi, budiEmail := addColleague(t, a)

		sari := a.login(a.A.StaffEmail)
		res := sari.get(me)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("her page: %d", res.StatusCode)
		}
		for _, want := range []string{a.A.Staff.Name, "197501012000012001", "Naik ke tingkat 3", `id="nav-me"`,
			fmt.Sprintf(`/staff/%d/record/new?kind=jp`, a.A.Staff.ID), fmt.Sprintf(`/assessments/%d/self`, a.A.Assessment),
			fmt.Sprintf(`/staff/%d/plan`, a.A.Staff.ID), `id="me-jp-progress"`, fmt.Sprintf(`id="me-training-%d"`, a.A.Session.ID)} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("her page lacks %q", want)
			}
		}
		if strings.Contains(res.Body, budi.Name) {
			t.Error("her page shows her colleague")
		}

		bc := a.login(budiEmail)
		res = bc.get(me)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, budi.Name) {
			t.Fatalf("his page: %d", res.StatusCode)
		}
		for _, leak := range []string{a.A.Staff.Name, "Naik ke tingkat 3", "197501012000012001", fmt.Sprintf(`id="me-training-%d"`, a.A.Session.ID)} {
			if strings.Contains(res.Body, leak) {
				t.Errorf("Budi's page shows Sari's %q", leak)
			}
		}
		if res := bc.get(fmt.Sprintf("/libraries/%d/staff/%d/plan", lib, a.A.Staff.ID)); res.StatusCode != http.StatusForbidden {
			t.Errorf("Budi opened Sari's plan: %d", res.StatusCode)
		}

		admin := a.login(a.A.AdminEmail)
		res = admin.get(me)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="me-no-staff"`) || strings.Contains(res.Body, `id="nav-me"`) {
			t.Errorf("the admin without a staff record: %d", res.StatusCode)
		}

		if res := sari.get("/lang/en?next=" + url.QueryEscape(me)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("switch language: %d", res.StatusCode)
		}
		res = sari.get(me)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "<h1>My page</h1>") || !strings.Contains(res.Body, "Upcoming trainings") {
			t.Errorf("English page: %d", res.StatusCode)
		}
	})
}

// The plan through the pages: the librarian adds a goal and an action and
// submits; she cannot sign off herself, the coordinator can; her next edit
// makes it a draft again.
func TestPlanPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		lib, staff := a.A.Library.ID, a.A.Staff.ID
		plan := fmt.Sprintf("/libraries/%d/staff/%d/plan", lib, staff)
		sari := a.login(a.A.StaffEmail)

		if res := sari.postForm(plan+"/goals", url.Values{"description": {""}, "due_date": {"besok"}}); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
			t.Errorf("an empty goal: %d", res.StatusCode)
		} else if !strings.Contains(res.Body, `id="description-error"`) || !strings.Contains(res.Body, `id="due_date-error"`) {
			t.Error("the empty goal's errors are not beside the fields")
		}
		if res := sari.postForm(plan+"/goals", url.Values{"description": {"Menulis artikel ilmiah"}, "due_date": {"2026-11-30"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add goal: %d %.300s", res.StatusCode, res.Body)
		}
		goal := fmt.Sprintf("%s/goals/%d", plan, a.A.Goal)
		if res := sari.postForm(goal+"/actions", url.Values{"kind": {"mentoring"}, "description": {"Didampingi pustakawan madya"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add action: %d", res.StatusCode)
		}
		if res := sari.postForm(plan+"/submit", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %d", res.StatusCode)
		}
		if res := sari.postForm(plan+"/sign-off", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("she signed her own plan off: %d", res.StatusCode)
		}
		coord := a.login(a.A.CoordEmail)
		res := coord.get(plan)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="plan-sign-off"`) || !strings.Contains(res.Body, "Menulis artikel ilmiah") {
			t.Fatalf("the coordinator's view: %d", res.StatusCode)
		}
		if res := coord.postForm(plan+"/sign-off", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign off: %d", res.StatusCode)
		}
		res = sari.get(plan)
		if !strings.Contains(res.Body, `id="plan-signed"`) || strings.Contains(res.Body, `id="plan-sign-off"`) {
			t.Error("the signed-off plan does not say so")
		}
		if res := sari.postForm(goal, url.Values{"description": {"Naik ke tingkat 3"}, "target_level": {"3"}, "status": {"in_progress"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit goal: %d", res.StatusCode)
		}
		if res := sari.get(plan); strings.Contains(res.Body, `id="plan-signed"`) || !strings.Contains(res.Body, `id="plan-submit"`) {
			t.Error("the edited plan is not a draft again")
		}
		// Another tenant's goal is not found under her plan.
		if res := sari.postForm(fmt.Sprintf("%s/goals/%d/delete", plan, a.B.Goal), nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("B's goal under A: %d", res.StatusCode)
		}
	})
}
