package training

import (
	"context"
	"fmt"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

func reasonKeys(rs []Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Key
	}
	return out
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRatePreferencesHandComputed(t *testing.T) {
	p := Fit{Gaps: map[string]int{"PK.01": 1}, Interests: map[string]bool{}, JPNeeded: 12,
		Types: map[string]bool{"webinar": true}, Modality: "online", Topics: []string{"Katalogisasi", "RDA", "pelestarian"}}
	webinar := Offer{JP: 8, Targets: []Target{refTarget}, Type: "webinar", Modality: "online",
		Text: offerText("Webinar Katalogisasi Dasar", "Pengantar RDA untuk pustakawan")}
	workshop := Offer{JP: 8, Targets: []Target{refTarget}, Type: "workshop", Modality: "offline",
		Text: offerText("Lokakarya Layanan Referensi", "")}

	// Defaults: gap 1 · 10 = 10; JP min(8, 12) · 1 / 2 = 4; type, modality
	// and two keywords (katalogisasi, rda; not pelestarian) · 4 = 16. 30.
	score, reasons := Rate(DefaultWeights(), p, webinar)
	if score != 30 {
		t.Errorf("webinar %v, want 30", score)
	}
	want := []string{ReasonGap, ReasonJP, ReasonType, ReasonModality, ReasonTopics}
	if !sameStrings(reasonKeys(reasons), want) {
		t.Fatalf("reasons %+v", reasons)
	}
	if reasons[2].Args["Type"] != "webinar" || reasons[3].Args["Modality"] != "online" || reasons[4].Args["Keywords"] != "Katalogisasi, RDA" {
		t.Errorf("preference reasons %+v", reasons[2:])
	}
	// The offline workshop: gap and JP only, 14.
	if score, reasons := Rate(DefaultWeights(), p, workshop); score != 14 || !sameStrings(reasonKeys(reasons), []string{ReasonGap, ReasonJP}) {
		t.Errorf("workshop %v %+v", score, reasons)
	}

	// Gap weight 0, JP 10, preference 1: 0 + 10 · 8 / 2 = 40, + 4 matches · 1
	// = 44; the gap is no longer a reason.
	w := Weights{Gap: 0, JP: 10, Interest: 0, Preference: 1}
	score, reasons = Rate(w, p, webinar)
	if score != 44 || !sameStrings(reasonKeys(reasons), []string{ReasonJP, ReasonType, ReasonModality, ReasonTopics}) {
		t.Errorf("weighted webinar %v %+v", score, reasons)
	}
	// Preference weight 0: the webinar is worth what the workshop is.
	w = Weights{Gap: 10, JP: 1, Interest: 8, Preference: 0}
	if score, reasons := Rate(w, p, webinar); score != 14 || !sameStrings(reasonKeys(reasons), []string{ReasonGap, ReasonJP}) {
		t.Errorf("no preference weight %v %+v", score, reasons)
	}
	// An odd JP weight gives half points: 3 · 5 / 2 = 7.5.
	if score, _ := Rate(Weights{JP: 3}, Fit{JPNeeded: 5}, Offer{JP: 8}); score != 7.5 {
		t.Errorf("JP weight 3: %v, want 7.5", score)
	}
}

func TestWeightsValidate(t *testing.T) {
	cases := []struct {
		w      Weights
		fields map[string]string // field → key
	}{
		{DefaultWeights(), nil},
		{Weights{Preference: 10}, nil},
		{Weights{Gap: 11, JP: -1, Interest: 8}, map[string]string{FieldWeightGap: "training.bad_weight", FieldWeightJP: "training.bad_weight"}},
		{Weights{}, map[string]string{FieldWeightGap: "training.weights_all_zero"}},
	}
	for _, c := range cases {
		err := c.w.validate()
		if c.fields == nil {
			if err != nil {
				t.Errorf("%+v: %v", c.w, err)
			}
			continue
		}
		e := apperr.As(err)
		if e == nil || e.Code != apperr.Invalid || len(e.Problems) != len(c.fields) {
			t.Errorf("%+v: %v", c.w, err)
			continue
		}
		for _, p := range e.Problems {
			if c.fields[p.Field] != p.Key {
				t.Errorf("%+v: problem %+v", c.w, p)
			}
		}
	}
}

func TestSplitTopics(t *testing.T) {
	got := SplitTopics("katalogisasi, RDA\r\nliterasi informasi;;\n")
	if !sameStrings(got, []string{"katalogisasi", " RDA", "literasi informasi"}) {
		t.Errorf("split %q", got)
	}
}

func recoIDs(items []Recommendation) []int64 {
	out := make([]int64, len(items))
	for i, x := range items {
		out[i] = x.SessionID
	}
	return out
}

func sameIDs(a, b []int64) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// A person's type interest and online preference put a matching online
// webinar above an otherwise equal offline workshop, with both reasons; the
// library's weights, changed by a coordinator, change the order as
// computed by hand; bad weights and bad preferences change nothing.
func TestRecommendationsPreferencesAndWeights(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d) // today 1 June 2026; Sari needs 20 JP
		w.svc.Gaps = fixedGaps{w.sari.ID: {w.competency: 1}}
		workshopP := w.program(t, "Lokakarya Layanan Rujukan", true) // workshop, offline, 16 JP, targets w.competency
		webinarP, err := w.svc.CreateProgram(ctx, w.coord, Program{LibraryID: w.libA.ID, Title: "Webinar Layanan Rujukan", Type: "webinar",
			Level: "dasar", JP: 16, ProviderKind: "internal", Modality: "online", Description: "Katalogisasi dan penelusuran daring"},
			[]int64{w.competency})
		must(t, err)
		seminarP, err := w.svc.CreateProgram(ctx, w.coord, Program{LibraryID: w.libA.ID, Title: "Seminar Kearsipan", Type: "seminar",
			Level: "dasar", JP: 32, ProviderKind: "internal", Modality: "offline"}, nil)
		must(t, err)
		workshop := w.session(t, workshopP, 20, "2026-07-01")
		in := w.sessionInput(webinarP, 20, "2026-07-08")
		in.Place, in.OnlineURL = "", "https://meet.contoh.test/rujukan"
		webinar, err := w.svc.CreateSession(ctx, w.coord, in)
		must(t, err)
		seminar := w.session(t, seminarP, 20, "2026-07-15")

		get := func() PersonRecommendations {
			t.Helper()
			got, err := w.svc.Recommendations(ctx, w.sariActor, w.libA.ID, w.sari.ID)
			must(t, err)
			return got
		}
		// No preferences, default weights: workshop and webinar 1 · 10 +
		// 16 · 1 / 2 = 18 each (the workshop first, earlier); the seminar
		// 20 · 1 / 2 = 10.
		got := get()
		if !sameIDs(recoIDs(got.Items), []int64{workshop.ID, webinar.ID, seminar.ID}) || got.Items[0].Score != 18 || got.Items[2].Score != 10 {
			t.Fatalf("before: %+v", got.Items)
		}

		// Webinars, online: the webinar gains 4 + 4 = 26 and comes first,
		// with both reasons; the workshop stays at 18.
		must(t, w.svc.SaveInterests(ctx, w.sariActor, w.libA.ID, w.sari.ID, nil, Preferences{Types: []string{"webinar"}, Modality: "online"}))
		got = get()
		if !sameIDs(recoIDs(got.Items), []int64{webinar.ID, workshop.ID, seminar.ID}) || got.Items[0].Score != 26 || got.Items[1].Score != 18 {
			t.Fatalf("with preferences: %+v", got.Items)
		}
		rs := got.Items[0].Reasons
		if !sameStrings(reasonKeys(rs), []string{ReasonGap, ReasonJP, ReasonType, ReasonModality}) ||
			rs[2].Args["Type"] != "webinar" || rs[3].Args["Modality"] != "online" {
			t.Errorf("webinar reasons %+v", rs)
		}

		// A keyword in the webinar's description, typed in another case,
		// counts 4 more: 30.
		must(t, w.svc.SaveInterests(ctx, w.sariActor, w.libA.ID, w.sari.ID, nil,
			Preferences{Types: []string{"webinar"}, Modality: "online", Topics: []string{" KATALOGISASI ", "katalogisasi", "Pelestarian"}}))
		prefs, err := w.svc.Preferences(ctx, w.sariActor, w.libA.ID, w.sari.ID)
		must(t, err)
		if !sameStrings(prefs.Types, []string{"webinar"}) || prefs.Modality != "online" || !sameStrings(prefs.Topics, []string{"KATALOGISASI", "Pelestarian"}) {
			t.Errorf("stored %+v", prefs)
		}
		got = get()
		if got.Items[0].Score != 30 || got.Items[0].Reasons[4].Args["Keywords"] != "KATALOGISASI" {
			t.Errorf("with a keyword: %+v", got.Items[0])
		}

		// Bad preferences are refused together, and nothing changes.
		err = w.svc.SaveInterests(ctx, w.sariActor, w.libA.ID, w.sari.ID, []int64{w.competency},
			Preferences{Types: []string{"kursus"}, Modality: "teleport", Topics: []string{"a"}})
		wantProblem(t, err, "types", "training.bad_type")
		wantProblem(t, err, "modality", "training.bad_modality")
		wantProblem(t, err, "topics", "training.bad_topic")
		many := make([]string, MaxTopics+1)
		for i := range many {
			many[i] = fmt.Sprintf("topik %d", i)
		}
		err = w.svc.SaveInterests(ctx, w.sariActor, w.libA.ID, w.sari.ID, nil, Preferences{Topics: many})
		wantProblem(t, err, "topics", "training.too_many_topics")
		if again, _ := w.svc.Preferences(ctx, w.sariActor, w.libA.ID, w.sari.ID); fmt.Sprint(again) != fmt.Sprint(prefs) {
			t.Errorf("refused save changed %+v to %+v", prefs, again)
		}
		if ints, _ := w.svc.Interests(ctx, w.sariActor, w.libA.ID, w.sari.ID); len(ints) != 0 {
			t.Errorf("refused save kept competencies %+v", ints)
		}
		// SetInterests (competencies only) keeps the preferences.
		must(t, w.svc.SetInterests(ctx, w.sariActor, w.libA.ID, w.sari.ID, []int64{w.competency}))
		if again, _ := w.svc.Preferences(ctx, w.sariActor, w.libA.ID, w.sari.ID); fmt.Sprint(again) != fmt.Sprint(prefs) {
			t.Errorf("SetInterests changed the preferences to %+v", again)
		}
		must(t, w.svc.SaveInterests(ctx, w.sariActor, w.libA.ID, w.sari.ID, nil, Preferences{Types: []string{"webinar"}, Modality: "online"}))
		_, err = w.svc.Preferences(ctx, w.sariActor, w.libA.ID, w.budi.ID)
		wantCode(t, err, apperr.Forbidden)
		err = w.svc.SaveInterests(ctx, w.sariActor, w.libA.ID, w.budi.ID, nil, Preferences{Modality: "online"})
		wantCode(t, err, apperr.Forbidden)

		// Weights. Unset: the defaults.
		ws, err := w.svc.RecommendWeights(ctx, w.coord, w.libA.ID)
		must(t, err)
		if ws != DefaultWeights() {
			t.Errorf("unset weights %+v", ws)
		}
		// Gap 1, JP 10, interest 8, preference 1: workshop 1 + 10 · 16 / 2 =
		// 81; webinar 81 + 2 = 83; seminar 10 · 20 / 2 = 100.
		heavy := Weights{Gap: 1, JP: 10, Interest: 8, Preference: 1}
		must(t, w.svc.SetRecommendWeights(ctx, w.coord, w.libA.ID, heavy))
		got = get()
		if !sameIDs(recoIDs(got.Items), []int64{seminar.ID, webinar.ID, workshop.ID}) ||
			got.Items[0].Score != 100 || got.Items[1].Score != 83 || got.Items[2].Score != 81 {
			t.Fatalf("JP-heavy weights: %+v", got.Items)
		}
		// The library-wide ranking uses them too.
		all, err := w.svc.LibraryRecommendations(ctx, w.coord, w.libA.ID)
		must(t, err)
		if !sameIDs(recoIDs(all[w.sari.ID].Items), []int64{seminar.ID, webinar.ID, workshop.ID}) {
			t.Errorf("library-wide: %+v", all[w.sari.ID].Items)
		}

		// Bad weights are refused with the field named and change nothing.
		audits := func() int {
			var n int
			must(t, d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE library_id = ? AND action = 'training.reco_weights'`, w.libA.ID).Scan(&n))
			return n
		}
		if n := audits(); n != 1 {
			t.Errorf("%d audit entries, want 1", n)
		}
		err = w.svc.SetRecommendWeights(ctx, w.coord, w.libA.ID, Weights{Gap: 11, JP: -1, Interest: 8, Preference: 4})
		if args := wantProblem(t, err, FieldWeightGap, "training.bad_weight"); args["Max"] != MaxWeight {
			t.Errorf("args %+v", args)
		}
		wantProblem(t, err, FieldWeightJP, "training.bad_weight")
		err = w.svc.SetRecommendWeights(ctx, w.coord, w.libA.ID, Weights{})
		wantProblem(t, err, FieldWeightGap, "training.weights_all_zero")
		// Staff may neither read nor change them; for another library's
		// admin, A does not exist.
		wantCode(t, w.svc.SetRecommendWeights(ctx, w.sariActor, w.libA.ID, DefaultWeights()), apperr.Forbidden)
		_, err = w.svc.RecommendWeights(ctx, w.sariActor, w.libA.ID)
		wantCode(t, err, apperr.Forbidden)
		wantCode(t, w.svc.SetRecommendWeights(ctx, w.adminB, w.libA.ID, DefaultWeights()), apperr.NotFound)
		// Saving the same weights again writes nothing.
		must(t, w.svc.SetRecommendWeights(ctx, w.coord, w.libA.ID, heavy))
		if ws, _ := w.svc.RecommendWeights(ctx, w.coord, w.libA.ID); ws != heavy {
			t.Errorf("weights now %+v, want %+v", ws, heavy)
		}
		if n := audits(); n != 1 {
			t.Errorf("%d audit entries after refusals, want 1", n)
		}
		// Library B keeps the defaults.
		if ws, _ := w.svc.RecommendWeights(ctx, w.adminB, w.libB.ID); ws != DefaultWeights() {
			t.Errorf("B's weights %+v", ws)
		}
	})
}
