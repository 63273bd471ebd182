package training

import (
	"context"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
)

var (
	refTarget = Target{Code: "PK.01", Title: "Layanan referensi"}
	litTarget = Target{Code: "PK.02", Title: "Literasi informasi"}
	catTarget = Target{Code: "PT.01", Title: "Katalogisasi"}
)

func TestRateHandComputed(t *testing.T) {
	p := Fit{Gaps: map[string]int{"PK.01": 2, "PK.02": 1, "PT.01": 0}, Interests: map[string]bool{"PK.02": true}, JPNeeded: 12}
	// Gaps 1 (PK.02) and 2 (PK.01): 10·3 = 30; JP min(16, 12) · 0.5 = 6;
	// interest in PK.02: 8. Total 44; the larger gap is named first.
	score, reasons := Rate(DefaultWeights(), p, Offer{JP: 16, Targets: []Target{litTarget, refTarget}})
	if score != 44 {
		t.Errorf("score %v, want 44", score)
	}
	want := []Reason{
		{ReasonGap, apperr.Args{"Levels": 2, "Competency": "Layanan referensi"}},
		{ReasonGap, apperr.Args{"Levels": 1, "Competency": "Literasi informasi"}},
		{ReasonJP, apperr.Args{"JP": 12}},
		{ReasonInterest, apperr.Args{"Competency": "Literasi informasi"}},
	}
	if len(reasons) != len(want) {
		t.Fatalf("reasons %+v", reasons)
	}
	for i := range want {
		if reasons[i].Key != want[i].Key || len(reasons[i].Args) != len(want[i].Args) {
			t.Errorf("reason %d: %+v, want %+v", i, reasons[i], want[i])
		}
		for k, v := range want[i].Args {
			if reasons[i].Args[k] != v {
				t.Errorf("reason %d %s: %v, want %v", i, k, reasons[i].Args[k], v)
			}
		}
	}
	// A 4-JP webinar when 12 are needed: 4 · 0.5 = 2, no gap, no interest.
	if score, reasons := Rate(DefaultWeights(), p, Offer{JP: 4, Targets: []Target{catTarget}}); score != 2 || len(reasons) != 1 || reasons[0].Key != ReasonJP {
		t.Errorf("webinar: %v %+v", score, reasons)
	}
	// Target met this year and nothing else: no reason, score 0.
	done := Fit{Gaps: map[string]int{}, Interests: map[string]bool{}}
	if score, reasons := Rate(DefaultWeights(), done, Offer{JP: 16, Targets: []Target{refTarget}}); score != 0 || len(reasons) != 0 {
		t.Errorf("nothing to gain: %v %+v", score, reasons)
	}
}

func TestRankOrderAndExclusions(t *testing.T) {
	p := Fit{Gaps: map[string]int{"PK.01": 1}, Interests: map[string]bool{}, JPNeeded: 10}
	mk := func(id int64, first string, jp int, ts ...Target) candidate {
		return candidate{offer: Offer{SessionID: id, JP: jp, Targets: ts},
			rec:  Recommendation{SessionID: id, FirstDay: record.Date(first)},
			days: []record.Date{record.Date(first)}}
	}
	cands := []candidate{
		mk(1, "2026-07-01", 4),             // 2
		mk(2, "2026-07-02", 16, refTarget), // 10 + 5 = 15
		mk(3, "2026-07-03", 16, catTarget), // 5
		mk(4, "2026-06-20", 16, catTarget), // 5, earlier: before 3
		mk(5, "2026-07-05", 16, refTarget), // enrolled
		mk(6, "2026-07-06", 16, refTarget), // clashes
	}
	got := rank(DefaultWeights(), p, cands, map[int64]bool{5: true}, map[record.Date]bool{"2026-07-06": true}, 0)
	var ids []int64
	for _, r := range got {
		ids = append(ids, r.SessionID)
	}
	want := []int64{2, 4, 3, 1}
	if len(ids) != len(want) {
		t.Fatalf("ranked %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("ranked %v, want %v", ids, want)
		}
	}
	if got[0].Score != 15 || len(got[0].Reasons) != 2 {
		t.Errorf("first: %+v", got[0])
	}
}

// fixedGaps is a GapSource for tests.
type fixedGaps map[int64]map[int64]int

func (f fixedGaps) Gaps(context.Context, db.Querier, int64, int64) (map[int64]map[int64]int, error) {
	return f, nil
}

func TestRecommendationsForAPerson(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d) // today 1 June 2026
		w.svc.Gaps = fixedGaps{w.sari.ID: {w.competency: 2}}
		p := w.program(t, "Layanan Referensi Dasar", true) // 16 JP, targets w.competency
		soon := w.session(t, p, 1, "2026-06-10")
		later := w.session(t, p, 10, "2026-08-10")
		clash := w.session(t, p, 10, "2026-09-01")
		past := w.session(t, p, 10, "2026-05-10")
		other := w.program(t, "Pelatihan Lain", true)
		busy := w.session(t, other, 10, "2026-09-01")
		w.nominate(t, busy, w.sari.ID)
		w.nominate(t, soon, w.budi.ID) // the only seat: soon is full

		got, err := w.svc.Recommendations(ctx, w.sariActor, w.libA.ID, w.sari.ID)
		must(t, err)
		if got.JPNeeded != record.DefaultJPTarget {
			t.Errorf("JP needed %d", got.JPNeeded)
		}
		// soon and later: 2 levels · 10 + min(16, 20) · 0.5 = 28 each, soon
		// first (earlier). clash shares 1 Sept with busy; past has begun;
		// busy she is enrolled in.
		if len(got.Items) != 2 || got.Items[0].SessionID != soon.ID || got.Items[1].SessionID != later.ID {
			t.Fatalf("items %+v", got.Items)
		}
		if !got.Items[0].Full || got.Items[1].Full || got.Items[0].Score != 28 {
			t.Errorf("items %+v", got.Items)
		}
		_, _ = clash, past

		// Her interest adds 8 to every session of the programme.
		must(t, w.svc.SetInterests(ctx, w.sariActor, w.libA.ID, w.sari.ID, []int64{w.competency}))
		got, err = w.svc.Recommendations(ctx, w.sariActor, w.libA.ID, w.sari.ID)
		must(t, err)
		if got.Items[0].Score != 36 || got.Items[0].Reasons[2].Key != ReasonInterest {
			t.Errorf("with interest %+v", got.Items[0])
		}
		ints, err := w.svc.Interests(ctx, w.sariActor, w.libA.ID, w.sari.ID)
		must(t, err)
		if len(ints) != 1 || ints[0].ID != w.competency {
			t.Errorf("interests %+v", ints)
		}

		// Budi (no gaps, no interest) still needs 20 JP: 8 points, later only
		// (he holds soon, and clash is free for him).
		got, err = w.svc.Recommendations(ctx, w.coord, w.libA.ID, w.budi.ID)
		must(t, err)
		if len(got.Items) != 3 || got.Items[0].SessionID != later.ID || got.Items[0].Score != 8 {
			t.Errorf("Budi: %+v", got.Items)
		}

		// Sari may not read Budi's; B's admin gets 404 for A's person.
		_, err = w.svc.Recommendations(ctx, w.sariActor, w.libA.ID, w.budi.ID)
		wantCode(t, err, apperr.Forbidden)
		err = w.svc.SetInterests(ctx, w.sariActor, w.libA.ID, w.budi.ID, nil)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.Recommendations(ctx, w.adminB, w.libB.ID, w.sari.ID)
		wantCode(t, err, apperr.NotFound)
		err = w.svc.SetInterests(ctx, w.sariActor, w.libA.ID, w.sari.ID, []int64{w.competency + 100000})
		wantProblem(t, err, "competencies", "training.bad_competency")

		all, err := w.svc.LibraryRecommendations(ctx, w.coord, w.libA.ID)
		must(t, err)
		if len(all) != 2 || len(all[w.sari.ID].Items) != 2 {
			t.Errorf("library: %+v", all)
		}
	})
}
