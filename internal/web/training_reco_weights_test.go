package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// order returns the sessions' rows in the order the page lists them; a
// session not listed is left out.
func recoOrder(body string, ids ...int64) []int64 {
	type at struct {
		id  int64
		pos int
	}
	var found []at
	for _, id := range ids {
		if i := strings.Index(body, fmt.Sprintf(`id="reco-%d"`, id)); i >= 0 {
			found = append(found, at{id, i})
		}
	}
	for i := range found {
		for j := i + 1; j < len(found); j++ {
			if found[j].pos < found[i].pos {
				found[i], found[j] = found[j], found[i]
			}
		}
	}
	out := []int64{}
	for _, f := range found {
		out = append(out, f.id)
	}
	return out
}

// The staff member states a type interest and an online preference on her
// interests page and sees the matching online webinar above an otherwise
// equal offline workshop, with both reasons in her language; the
// coordinator's weights form refuses bad weights beside the fields and
// changes nothing, and good weights change the order as computed by hand;
// the staff role may not open the form.
func TestTrainingRecommendationPreferencesAndWeights(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		lib := a.A.Library.ID
		program := func(title, typ, modality string, jp int) training.Program {
			t.Helper()
			p, err := a.Svc.Training.CreateProgram(ctx, a.system(), training.Program{LibraryID: lib, Title: title, Type: typ, Level: "dasar",
				JP: jp, ProviderKind: "internal", Modality: modality, Description: "Pelayanan prima di meja sirkulasi"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		session := func(p training.Program, day string) training.Session {
			t.Helper()
			in := training.Session{LibraryID: lib, ProgramID: p.ID, Days: []record.Date{record.Date(day)}, Capacity: 20,
				Status: training.SessionOpen, MinAttendance: training.DefaultMinAttendance}
			if p.Modality != "online" {
				in.Place = "Aula"
			}
			if p.Modality != "offline" {
				in.OnlineURL = "https://meet.contoh.test/" + day
			}
			x, err := a.Svc.Training.CreateSession(ctx, a.system(), in)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		// She has no assessed gap and no competency interest and still needs
		// 20 JP (her 12 are not verified): the JP part alone, 16 · 0.5 = 8
		// for both 16-JP programmes, 20 · 0.5 = 10 for the 32-JP seminar.
		workshop := session(program("Lokakarya Pelayanan Prima", "workshop", "offline", 16), "2027-04-05")
		webinar := session(program("Webinar Pelayanan Prima", "webinar", "online", 16), "2027-04-12")
		seminar := session(program("Seminar Kearsipan", "seminar", "offline", 32), "2027-04-19")
		ids := []int64{workshop.ID, webinar.ID, seminar.ID}

		staff := a.login(a.A.StaffEmail)
		page := trainingBase(a.A) + "/recommendations"
		res := staff.get(page)
		if got := recoOrder(res.Body, ids...); fmt.Sprint(got) != fmt.Sprint([]int64{seminar.ID, workshop.ID, webinar.ID}) {
			t.Fatalf("before: order %v", got)
		}
		if !strings.Contains(res.Body, `id="types-field"`) || !strings.Contains(res.Body, `id="modality"`) || !strings.Contains(res.Body, `id="topics"`) {
			t.Fatalf("the interests form lacks the new fields")
		}

		// Webinars, online: the webinar gains 4 + 4 and leads with 16.
		res = staff.postForm(trainingBase(a.A)+"/interests", url.Values{"staff_id": {fmt.Sprint(a.A.Staff.ID)}, "type": {"webinar"}, "modality": {"online"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save interests: %d %s", res.StatusCode, res.Body)
		}
		res = staff.get(page)
		if got := recoOrder(res.Body, ids...); fmt.Sprint(got) != fmt.Sprint([]int64{webinar.ID, seminar.ID, workshop.ID}) {
			t.Fatalf("with preferences: order %v", got)
		}
		if !strings.Contains(res.Body, "Sesuai minat: Webinar") || !strings.Contains(res.Body, "Daring, sesuai preferensi") {
			t.Errorf("the Indonesian reasons are missing")
		}
		if !strings.Contains(res.Body, `value="webinar" checked`) || !strings.Contains(res.Body, `value="online" selected`) {
			t.Errorf("the form does not show what she chose")
		}
		staff.get("/lang/en?next=/")
		if res = staff.get(page); !strings.Contains(res.Body, "Matches an interest: Webinar") || !strings.Contains(res.Body, "Online, as preferred") {
			t.Errorf("the English reasons are missing")
		}
		staff.get("/lang/id?next=/")

		// A keyword of one letter is refused beside its field; what she
		// typed stays, and nothing is saved.
		res = staff.postForm(trainingBase(a.A)+"/interests", url.Values{"staff_id": {fmt.Sprint(a.A.Staff.ID)}, "topics": {"pelayanan, x"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="topics-error"`) ||
			!strings.Contains(res.Body, "Kata kunci “x” harus 2–50 karakter") || !strings.Contains(res.Body, "pelayanan, x</textarea>") {
			t.Fatalf("bad keyword: %d", res.StatusCode)
		}
		if res = staff.get(page); !strings.Contains(res.Body, "Daring, sesuai preferensi") {
			t.Errorf("a refused form changed her preferences")
		}

		// The staff role may not open or post the weights form.
		weights := page + "/weights"
		if res = staff.get(weights); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff opens the weights: %d", res.StatusCode)
		}
		good := url.Values{"weight_gap": {"10"}, "weight_jp": {"1"}, "weight_interest": {"8"}, "weight_preference": {"0"}}
		if res = staff.postForm(weights, good); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff changes the weights: %d", res.StatusCode)
		}

		coord := a.login(a.A.CoordEmail)
		res = coord.get(weights)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="weight_gap" name="weight_gap" type="number" min="0" max="10" step="1" inputmode="numeric" value="10"`) ||
			!strings.Contains(res.Body, "Bawaan: 4.") {
			t.Fatalf("weights form: %d", res.StatusCode)
		}
		if res = coord.get(page); !strings.Contains(res.Body, `id="reco-weights-link"`) {
			t.Errorf("no link to the weights for the coordinator")
		}
		// Bad weights: every problem beside its field, nothing changed.
		res = coord.postForm(weights, url.Values{"weight_gap": {"11"}, "weight_jp": {"abc"}, "weight_interest": {"8"}, "weight_preference": {"4"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="weight_gap-error"`) ||
			!strings.Contains(res.Body, `id="weight_jp-error"`) || strings.Contains(res.Body, `id="weight_interest-error"`) ||
			!strings.Contains(res.Body, "Isi bilangan bulat 0–10.") || !strings.Contains(res.Body, `value="abc"`) {
			t.Fatalf("bad weights: %d", res.StatusCode)
		}
		zero := url.Values{"weight_gap": {"0"}, "weight_jp": {"0"}, "weight_interest": {"0"}, "weight_preference": {"0"}}
		if res = coord.postForm(weights, zero); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Setidaknya satu bobot harus lebih dari 0.") {
			t.Fatalf("all zero: %d", res.StatusCode)
		}
		if w, err := a.Svc.Training.RecommendWeights(ctx, a.system(), lib); err != nil || w != training.DefaultWeights() {
			t.Fatalf("refused forms changed the weights to %+v (%v)", w, err)
		}

		// Preference weight 0: her webinar loses its 8 and its reasons;
		// seminar 10, then workshop and webinar 8 each (the earlier first).
		if res = coord.postForm(weights, good); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save weights: %d %s", res.StatusCode, res.Body)
		}
		res = staff.get(page)
		if got := recoOrder(res.Body, ids...); fmt.Sprint(got) != fmt.Sprint([]int64{seminar.ID, workshop.ID, webinar.ID}) {
			t.Errorf("preference weight 0: order %v", got)
		}
		if strings.Contains(res.Body, "Daring, sesuai preferensi") {
			t.Errorf("a reason with weight 0 is shown")
		}
		// JP weight 0, preference 4: only the webinar has a reason left (8).
		res = coord.postForm(weights, url.Values{"weight_gap": {"10"}, "weight_jp": {"0"}, "weight_interest": {"8"}, "weight_preference": {"4"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save weights: %d", res.StatusCode)
		}
		res = staff.get(page)
		if got := recoOrder(res.Body, ids...); fmt.Sprint(got) != fmt.Sprint([]int64{webinar.ID}) || strings.Contains(res.Body, "Masih butuh") {
			t.Errorf("JP weight 0: order %v", got)
		}
		var n int
		if err := d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action = 'training.reco_weights'`, lib).Scan(&n); err != nil || n != 2 {
			t.Errorf("%d weight changes audited, want 2 (%v)", n, err)
		}
		// Library B still has the defaults.
		if w, _ := a.Svc.Training.RecommendWeights(ctx, a.system(), a.B.Library.ID); w != training.DefaultWeights() {
			t.Errorf("B's weights %+v", w)
		}
	})
}
