package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// A participant who did not attend cannot submit the L1 survey; once she
// attended a day she answers once; the coordinator sees the count and, with
// one response, no averages.
func TestTrainingReactionPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		// A session that has begun (the harness's is next year).
		x, err := a.Svc.Training.CreateSession(ctx, a.system(), training.Session{LibraryID: a.A.Library.ID, ProgramID: a.A.Program.ID,
			Title: "Angkatan Lalu", Days: []record.Date{"2026-11-02", "2026-11-03"}, Place: "Aula", Capacity: 20,
			Status: training.SessionOpen, MinAttendance: training.DefaultMinAttendance})
		if err != nil {
			t.Fatal(err)
		}
		e, err := a.Svc.Training.Nominate(ctx, a.system(), a.A.Library.ID, x.ID, a.A.Staff.ID)
		if err != nil {
			t.Fatal(err)
		}
		url0 := fmt.Sprintf("%s/sessions/%d/reaction", trainingBase(a.A), x.ID)
		good := url.Values{"relevance": {"5"}, "trainer": {"4"}, "method": {"4"}, "facilities": {"3"}, "usefulness": {"5"},
			"improve": {"Perbanyak praktik"}}
		staff := a.login(a.A.StaffEmail)

		// Not attended: no form, and a forged POST is refused with the reason.
		res := staff.get(url0)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="reaction-closed"`) || strings.Contains(res.Body, `id="reaction-form"`) {
			t.Fatalf("form before attending: %d", res.StatusCode)
		}
		res = staff.postForm(url0, good)
		if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, `id="reaction-refused"`) ||
			!strings.Contains(res.Body, "hanya untuk peserta yang hadir") {
			t.Fatalf("answer without attending: %d", res.StatusCode)
		}

		if err := a.Svc.Training.SetAttendance(ctx, a.system(), a.A.Library.ID, x.ID, "2026-11-02", []int64{e.ID}); err != nil {
			t.Fatal(err)
		}
		res = staff.get(url0)
		if !strings.Contains(res.Body, `id="reaction-form"`) {
			t.Fatalf("no form after attending")
		}
		bad := url.Values{"relevance": {"5"}, "trainer": {"9"}}
		if res = staff.postForm(url0, bad); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="trainer-error"`) {
			t.Fatalf("bad answers: %d", res.StatusCode)
		}
		if res = staff.postForm(url0, good); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer: %d %s", res.StatusCode, res.Body)
		}
		if res = staff.postForm(url0, good); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "sudah mengisi") {
			t.Fatalf("answer twice: %d", res.StatusCode)
		}

		// The staff member may not read the summary; the coordinator reads n = 1, nothing else.
		sum := fmt.Sprintf("%s/sessions/%d/reactions", trainingBase(a.A), x.ID)
		if res = staff.get(sum); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff reads the summary: %d", res.StatusCode)
		}
		res = a.login(a.A.CoordEmail).get(sum)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="reaction-n">1<`) || !strings.Contains(res.Body, `id="reaction-too-few"`) ||
			strings.Contains(res.Body, "Perbanyak praktik") {
			t.Fatalf("summary: %d", res.StatusCode)
		}
	})
}

// The person sees upcoming sessions with their reasons, saves an interest,
// and the API gives the same list.
func TestTrainingRecommendationPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		x, err := a.Svc.Training.CreateSession(ctx, a.system(), training.Session{LibraryID: a.A.Library.ID, ProgramID: a.A.Program.ID,
			Title: "Angkatan II", Days: []record.Date{"2027-05-10"}, Place: "Aula", Capacity: 20,
			Status: training.SessionOpen, MinAttendance: training.DefaultMinAttendance})
		if err != nil {
			t.Fatal(err)
		}
		staff := a.login(a.A.StaffEmail)
		page := trainingBase(a.A) + "/recommendations"
		res := staff.get(page)
		row := fmt.Sprintf(`id="reco-%d"`, x.ID)
		// The harness's session she already holds is not recommended.
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, row) || !strings.Contains(res.Body, "Masih butuh") ||
			strings.Contains(res.Body, fmt.Sprintf(`id="reco-%d"`, a.A.Session.ID)) {
			t.Fatalf("recommendations: %d", res.StatusCode)
		}
		res = staff.postForm(trainingBase(a.A)+"/interests", url.Values{"staff_id": {fmt.Sprint(a.A.Staff.ID)}, "competency": {fmt.Sprint(a.A.Competency)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("interests: %d", res.StatusCode)
		}
		if res = staff.get(page); !strings.Contains(res.Body, "Sesuai minat") {
			t.Errorf("the interest is not a reason")
		}

		token := a.apiToken(a.A.StaffEmail)
		res = a.client().api("GET", fmt.Sprintf("/api/v1/libraries/%d/staff/%d/recommendations", a.A.Library.ID, a.A.Staff.ID), token, "")
		var got training.PersonRecommendations
		if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(res.Body), &got) != nil {
			t.Fatalf("api: %d %s", res.StatusCode, res.Body)
		}
		if len(got.Items) != 1 || got.Items[0].SessionID != x.ID || len(got.Items[0].Reasons) != 2 {
			t.Errorf("api items %+v", got.Items)
		}
	})
}

// The survey's item labels are built from data: each exists in both languages.
func TestTrainingReactionItemsTranslated(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range training.ReactionItems {
		for _, lang := range i18n.Langs {
			if !bundle.Has(lang, "training.reaction.item."+item) {
				t.Errorf("training.reaction.item.%s has no %s text", item, lang)
			}
		}
	}
}
