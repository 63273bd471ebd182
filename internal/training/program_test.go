package training

import (
	"context"
	"strconv"
	"testing"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
)

func TestProgramCatalogue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p, err := w.svc.CreateProgram(ctx, w.coord, Program{LibraryID: w.libA.ID, Title: "  Literasi   Informasi untuk Pemustaka ",
			Type: "seminar", Level: "menengah", JP: 8, ProviderKind: "partner",
			ProviderName: "Prodi Ilmu Perpustakaan, Universitas Diponegoro", Modality: "hybrid",
			Materials: []string{" https://contoh.test/modul.pdf ", "", "https://contoh.test/slide"}}, []int64{w.competency, w.competency})
		must(t, err)
		if p.Title != "Literasi Informasi untuk Pemustaka" || len(p.Materials) != 2 || len(p.Competencies) != 1 || p.Competencies[0].ID != w.competency || !p.Active {
			t.Fatalf("created %+v", p)
		}
		if p.Organizer(w.libA.Name) != "Prodi Ilmu Perpustakaan, Universitas Diponegoro" {
			t.Errorf("a partner's programme is organized by the partner, got %q", p.Organizer(w.libA.Name))
		}

		// Bad input is refused field by field.
		_, err = w.svc.CreateProgram(ctx, w.coord, Program{LibraryID: w.libA.ID, Title: "", Type: "kursus", Level: "ahli", JP: 0,
			ProviderKind: "partner", Modality: "radio", Materials: []string{"ftp://x"}}, nil)
		for field, key := range map[string]string{"title": "field.required", "type": "training.bad_type", "level": "training.bad_level",
			"jp": "training.bad_jp", "provider_name": "training.provider_name_required", "modality": "training.bad_modality",
			"materials": "training.bad_material"} {
			wantProblem(t, err, field, key)
		}
		// A competency of another library, or of nowhere, is no target.
		_, err = w.svc.CreateProgram(ctx, w.coord, Program{LibraryID: w.libA.ID, Title: "Lain", Type: "webinar", Level: "dasar", JP: 2,
			ProviderKind: "internal", Modality: "online"}, []int64{999999})
		wantProblem(t, err, "competencies", "training.bad_competency")
		// One title once.
		_, err = w.svc.CreateProgram(ctx, w.coord, Program{LibraryID: w.libA.ID, Title: "Literasi Informasi untuk Pemustaka", Type: "webinar",
			Level: "dasar", JP: 2, ProviderKind: "internal", Modality: "online"}, nil)
		if e := wantCode(t, err, apperr.Conflict); len(e.Problems) == 0 || e.Problems[0].Field != "title" {
			t.Errorf("duplicate title: %v", err)
		}

		// Update: taken off the catalogue, targets cleared.
		p.Active, p.JP = false, 10
		up, err := w.svc.UpdateProgram(ctx, w.coord, p, nil)
		must(t, err)
		if up.Active || up.JP != 10 || len(up.Competencies) != 0 {
			t.Errorf("updated %+v", up)
		}
		all, err := w.svc.Programs(ctx, w.sariActor, w.libA.ID, false)
		must(t, err)
		active, err := w.svc.Programs(ctx, w.sariActor, w.libA.ID, true)
		must(t, err)
		if len(all) != 1 || len(active) != 0 {
			t.Errorf("catalogue: %d in all, %d active; want 1 and 0", len(all), len(active))
		}

		// Staff read, only coordinators write; another library sees nothing.
		_, err = w.svc.CreateProgram(ctx, w.sariActor, Program{LibraryID: w.libA.ID, Title: "X"}, nil)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.Program(ctx, w.adminB, w.libA.ID, p.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.Program(ctx, w.adminB, w.libB.ID, p.ID)
		wantCode(t, err, apperr.NotFound)
		p.LibraryID = w.libB.ID
		_, err = w.svc.UpdateProgram(ctx, w.adminB, p, nil)
		wantCode(t, err, apperr.NotFound)
	})
}

// The three kinds of bad input the issue names are refused clearly: a
// session on a day its participant is already in training, a capacity below
// the seats taken, and a score above 100.
func TestBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		p := w.program(t, "Pengolahan Bahan Perpustakaan", false)
		katalog := w.program(t, "Katalogisasi RDA", false)

		// A session's own days may not overlap: the same day twice.
		_, err := w.svc.CreateSession(ctx, w.coord, w.sessionInput(p, 5, "2026-07-06", "2026-07-07", "2026-07-06"))
		args := wantProblem(t, err, "days", "training.day_repeated")
		if args["Day"] != "2026-07-06" || args["Line"] != 3 || args["Other"] != 1 {
			t.Errorf("repeated day args %v", args)
		}
		_, err = w.svc.CreateSession(ctx, w.coord, w.sessionInput(p, 5, "2026-02-30"))
		wantProblem(t, err, "days", "training.bad_day")
		_, err = w.svc.CreateSession(ctx, w.coord, w.sessionInput(p, 0))
		wantProblem(t, err, "days", "training.days_required")
		wantProblem(t, err, "capacity", "training.bad_capacity")

		// Overlapping sessions: Sari is in the first, so the second refuses her,
		// naming the session she is already in and the day.
		first := w.session(t, p, 5, "2026-07-06", "2026-07-07", "2026-07-08")
		second := w.session(t, katalog, 5, "2026-07-08", "2026-07-09")
		w.nominate(t, first, w.sari.ID)
		_, err = w.svc.Nominate(ctx, w.coord, w.libA.ID, second.ID, w.sari.ID)
		args = wantProblem(t, err, "staff_id", "training.clash")
		if args["Session"] != "Pengolahan Bahan Perpustakaan" || args["Day"] != "2026-07-08" || args["Name"] != "Sari Wulandari" {
			t.Errorf("clash args %v", args)
		}
		// A session on the days between a weekly course's meetings does not clash.
		weekly := w.session(t, katalog, 5, "2026-08-03", "2026-08-10")
		between := w.session(t, p, 5, "2026-08-05")
		w.nominate(t, weekly, w.budi.ID)
		w.nominate(t, between, w.budi.ID)
		// Moving a session onto a participant's other day is refused too.
		in := w.sessionInput(p, 5, "2026-08-10")
		in.ID = between.ID
		_, err = w.svc.UpdateSession(ctx, w.coord, in)
		wantProblem(t, err, "days", "training.clash")

		// Capacity below the seats taken, with the count.
		w.nominate(t, first, w.budi.ID)
		in = w.sessionInput(p, 1, "2026-07-06", "2026-07-07", "2026-07-08")
		in.ID = first.ID
		_, err = w.svc.UpdateSession(ctx, w.coord, in)
		if args := wantProblem(t, err, "capacity", "training.capacity_below_enrolled"); args["Count"] != 2 {
			t.Errorf("capacity args %v, want Count 2", args)
		}

		// A pre-test of 101 names the field and the person; nothing is saved.
		es := w.statuses(t, first.ID)[Confirmed]
		err = w.svc.SetScores(ctx, w.coord, w.libA.ID, first.ID, []Score{
			{EnrolmentID: es[0].ID, Pre: intp(101), Post: intp(80)},
			{EnrolmentID: es[1].ID, Pre: intp(50), Post: intp(-1)},
		})
		args = wantProblem(t, err, "pre_"+itoa(es[0].ID), "training.bad_pre_score")
		if args["Name"] != es[0].StaffName || args["Value"] != 101 {
			t.Errorf("pre-test args %v", args)
		}
		wantProblem(t, err, "post_"+itoa(es[1].ID), "training.bad_post_score")
		for _, e := range w.statuses(t, first.ID)[Confirmed] {
			if e.PreScore != nil || e.PostScore != nil {
				t.Errorf("scores saved despite the error: %+v", e)
			}
		}
		// Someone else's enrolment is no participant of this session.
		other := w.statuses(t, weekly.ID)[Confirmed][0]
		err = w.svc.SetScores(ctx, w.coord, w.libA.ID, first.ID, []Score{{EnrolmentID: other.ID, Pre: intp(10)}})
		wantProblem(t, err, "scores", "training.bad_participant")

		// Modality: an online session needs its link, an offline one its place.
		online, err := w.svc.CreateProgram(ctx, w.coord, Program{LibraryID: w.libA.ID, Title: "Webinar Layanan Prima", Type: "webinar",
			Level: "dasar", JP: 2, ProviderKind: "internal", Modality: "online"}, nil)
		must(t, err)
		in = w.sessionInput(online, 100, "2026-09-01")
		in.Place = ""
		_, err = w.svc.CreateSession(ctx, w.coord, in)
		wantProblem(t, err, "online_url", "field.required")
		in.OnlineURL = "javascript:alert(1)"
		_, err = w.svc.CreateSession(ctx, w.coord, in)
		wantProblem(t, err, "online_url", "training.bad_url")
		in.OnlineURL, in.PassMark, in.MinAttendance = "https://zoom.test/j/123", intp(101), 0
		_, err = w.svc.CreateSession(ctx, w.coord, in)
		wantProblem(t, err, "pass_mark", "training.bad_pass_mark")
		wantProblem(t, err, "min_attendance_percent", "training.bad_min_attendance")

		// A trainer must be staff of this library.
		in = w.sessionInput(p, 5, "2026-10-01")
		in.Trainers = []Trainer{{StaffID: &w.staffB.ID}}
		_, err = w.svc.CreateSession(ctx, w.coord, in)
		wantProblem(t, err, "trainers", "training.bad_trainer")
		in.Trainers = []Trainer{{StaffID: &w.budi.ID}, {Name: "Dr. Ani", Institution: "Universitas Airlangga"}}
		x, err := w.svc.CreateSession(ctx, w.coord, in)
		must(t, err)
		if len(x.Trainers) != 2 || x.Trainers[0].Name != "Budi Santoso" || x.Trainers[1].Institution != "Universitas Airlangga" {
			t.Errorf("trainers %+v", x.Trainers)
		}
		if x.Days[0] != record.Date("2026-10-01") || x.Quarter() != 4 {
			t.Errorf("session %+v", x)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
