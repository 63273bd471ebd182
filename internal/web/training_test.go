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
	"github.com/bina-pustaka/bina/internal/people"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// addTraining gives a tenant a programme (self-registration allowed), an
// open session of it next year, and its staff member nominated into it.
func addTraining(t testing.TB, a *app, tn tenant) (training.Program, training.Session, training.Enrolment) {
	t.Helper()
	ctx := context.Background()
	p, err := a.Svc.Training.CreateProgram(ctx, a.system(), training.Program{LibraryID: tn.Library.ID, Title: "Literasi Informasi " + tn.Library.Name,
		Type: "workshop", Level: "dasar", JP: 16, ProviderKind: "internal", Modality: "offline", SelfRegistration: true}, []int64{tn.Competency})
	if err != nil {
		t.Fatal(err)
	}
	x, err := a.Svc.Training.CreateSession(ctx, a.system(), training.Session{LibraryID: tn.Library.ID, ProgramID: p.ID,
		Days: []record.Date{"2027-03-10", "2027-03-11"}, Place: "Aula", Capacity: 20, Status: training.SessionOpen,
		MinAttendance: training.DefaultMinAttendance, Budget: 3_000_000})
	if err != nil {
		t.Fatal(err)
	}
	e, err := a.Svc.Training.Nominate(ctx, a.system(), tn.Library.ID, x.ID, tn.Staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p, x, e
}

func trainingBase(tn tenant) string { return fmt.Sprintf("/libraries/%d/training", tn.Library.ID) }

// A coordinator builds the catalogue, schedules a session, nominates,
// takes attendance, enters scores and completes it; the JP show up in the
// person's record.
func TestTrainingCoordinatorFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		c := a.login(a.A.CoordEmail)
		base := trainingBase(a.A)

		// Catalogue: a bad form shows its errors in place, a good one saves.
		res := c.postForm(base+"/programs", url.Values{"title": {""}, "type": {"workshop"}, "level": {"dasar"}, "jp": {"x"},
			"provider_kind": {"partner"}, "modality": {"offline"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="jp-error"`) || !strings.Contains(res.Body, `id="provider_name-error"`) {
			t.Fatalf("bad programme form: %d", res.StatusCode)
		}
		res = c.postForm(base+"/programs", url.Values{"title": {"Katalogisasi RDA"}, "type": {"workshop"}, "level": {"menengah"}, "jp": {"24"},
			"provider_kind": {"partner"}, "provider_name": {"Prodi Ilmu Perpustakaan, Universitas Brawijaya"}, "modality": {"offline"},
			"materials": {"https://contoh.test/rda.pdf"}, "competency": {fmt.Sprint(a.A.Competency)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create programme: %d %s", res.StatusCode, res.Body)
		}
		progURL := res.Header.Get("Location")
		page := c.get(progURL)
		if page.StatusCode != 200 || !strings.Contains(page.Body, "Universitas Brawijaya") || !strings.Contains(page.Body, "LP.01") {
			t.Fatalf("programme page: %d", page.StatusCode)
		}

		// A session with a repeated day is refused on the form.
		res = c.postForm(progURL+"/sessions", url.Values{"days": {"2026-03-02\n2026-03-02"}, "place": {"Aula"}, "capacity": {"2"},
			"status": {"open"}, "min_attendance_percent": {"80"}, "budget": {"Rp 4.500.000"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="days-error"`) {
			t.Fatalf("repeated day: %d", res.StatusCode)
		}
		trainer := a.addStaff("Rina Handayani")
		res = c.postForm(progURL+"/sessions", url.Values{"title": {"Angkatan I"}, "days": {"2026-03-02, 2026-03-03"}, "place": {"Aula"},
			"capacity": {"1"}, "status": {"open"}, "min_attendance_percent": {"80"}, "pass_mark": {"70"}, "budget": {"Rp 4.500.000"},
			"budget_line": {"5.1.02.01"}, "trainers_external": {"Dr. Ani Rahmawati; Universitas Brawijaya"}, "trainer_staff": {fmt.Sprint(trainer)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create session: %d %s", res.StatusCode, res.Body)
		}
		sessURL := res.Header.Get("Location")
		page = c.get(sessURL)
		if page.StatusCode != 200 || !strings.Contains(page.Body, "Dr. Ani Rahmawati (Universitas Brawijaya)") || !strings.Contains(page.Body, "Rp 4.500.000") {
			t.Fatalf("session page: %d", page.StatusCode)
		}
		if !strings.Contains(page.Body, "Rina Handayani") {
			t.Errorf("the staff trainer ticked on the form is not on the session page")
		}
		if edit := c.get(sessURL + "/edit"); !strings.Contains(edit.Body, fmt.Sprintf(`id="trainer-%d" checked`, trainer)) {
			t.Errorf("the session form does not show the staff trainer ticked")
		}

		// Nominate two into one seat: the second waits at position 1.
		second := a.addStaff("Budi Santoso")
		for _, id := range []int64{a.A.Staff.ID, second} {
			if res := c.postForm(sessURL+"/nominate", url.Values{"staff_id": {fmt.Sprint(id)}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("nominate %d: %d %s", id, res.StatusCode, res.Body)
			}
		}
		page = c.get(sessURL)
		if !strings.Contains(page.Body, `id="waitlist-table"`) || !strings.Contains(between(page.Body, `id="waitlist-table"`, "</table>"), "Budi Santoso") {
			t.Fatalf("waitlist not shown")
		}
		// The tenant's own session is on the same days as nothing; nominating
		// into a clash is refused on the page, naming the other session.
		clashing, err := a.Svc.Training.CreateSession(t.Context(), a.system(), training.Session{LibraryID: a.A.Library.ID, ProgramID: a.A.Program.ID,
			Days: []record.Date{"2026-03-03"}, Place: "Ruang Baca", Capacity: 5, Status: training.SessionOpen, MinAttendance: 80})
		if err != nil {
			t.Fatal(err)
		}
		res = c.postForm(fmt.Sprintf("%s/sessions/%d/nominate", base, clashing.ID), url.Values{"staff_id": {fmt.Sprint(a.A.Staff.ID)}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="nominate-error"`) || !strings.Contains(res.Body, "Katalogisasi RDA — Angkatan I") {
			t.Fatalf("clash: %d", res.StatusCode)
		}

		// Capacity below the seats taken is refused with the count.
		res = c.postForm(sessURL+"/edit", url.Values{"days": {"2026-03-02\n2026-03-03"}, "place": {"Aula"}, "capacity": {"0"},
			"status": {"open"}, "min_attendance_percent": {"80"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="capacity-error"`) {
			t.Fatalf("capacity 0: %d", res.StatusCode)
		}

		// Attendance on both days, scores, then completion.
		es, err := a.Svc.Training.Participants(t.Context(), a.system(), a.A.Library.ID, idOf(t, sessURL))
		if err != nil {
			t.Fatal(err)
		}
		first := es[0]
		for _, day := range []string{"2026-03-02", "2026-03-03"} {
			if res := c.postForm(sessURL+"/attendance", url.Values{"day": {day}, "present": {fmt.Sprint(first.ID)}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("attendance %s: %d %s", day, res.StatusCode, res.Body)
			}
		}
		pre, post := fmt.Sprintf("pre_%d", first.ID), fmt.Sprintf("post_%d", first.ID)
		res = c.postForm(sessURL+"/scores", url.Values{pre: {"101"}, post: {"80"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+pre+`-error"`) || !strings.Contains(res.Body, `value="101"`) {
			t.Fatalf("pre-test 101: %d", res.StatusCode)
		}
		if res := c.postForm(sessURL+"/scores", url.Values{pre: {"40"}, post: {"85"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("scores: %d %s", res.StatusCode, res.Body)
		}
		page = c.get(sessURL)
		if g := textAfter(page.Body, fmt.Sprintf(`id="gain-%d">`, first.ID)); g != "0,75" {
			t.Errorf("gain shown %q, want 0,75", g)
		}
		for i := 0; i < 2; i++ {
			if res := c.postForm(sessURL+"/complete", nil); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("complete: %d %s", res.StatusCode, res.Body)
			}
		}
		l, err := a.Svc.Record.JPLedger(t.Context(), a.system(), a.A.Library.ID, a.A.Staff.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		credited := 0
		for _, e := range l.Entries {
			if e.Title == "Katalogisasi RDA — Angkatan I" && e.JP == 24 && e.Status == record.StatusVerified {
				credited++
			}
		}
		if credited != 1 {
			t.Errorf("%d credited ledger lines after completing twice, want 1", credited)
		}

		// The calendar and the plan show the session and its budget.
		if res := c.get(base + "?year=2026"); res.StatusCode != 200 || !strings.Contains(res.Body, "Katalogisasi RDA — Angkatan I") {
			t.Errorf("calendar: %d", res.StatusCode)
		}
		if res := c.get(base + "/plan?year=2026"); res.StatusCode != 200 || textAfter(res.Body, `id="quarter-1-budget">`) != "Rp 4.500.000" {
			t.Errorf("plan: %d %q", res.StatusCode, textAfter(res.Body, `id="quarter-1-budget">`))
		}
	})
}

// A librarian registers herself where the programme allows it, sees her
// place, and cancels; the seat goes to the first waiting.
func TestTrainingSelfRegistration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		ctx := t.Context()
		// A one-seat session, taken by a colleague; the librarian waits.
		x, err := a.Svc.Training.CreateSession(ctx, a.system(), training.Session{LibraryID: a.A.Library.ID, ProgramID: a.A.Program.ID,
			Days: []record.Date{"2027-05-04"}, Place: "Aula", Capacity: 1, Status: training.SessionOpen, MinAttendance: 80})
		if err != nil {
			t.Fatal(err)
		}
		colleague := a.addStaff("Rina Kusuma")
		taken, err := a.Svc.Training.Nominate(ctx, a.system(), a.A.Library.ID, x.ID, colleague)
		if err != nil {
			t.Fatal(err)
		}
		c := a.login(a.A.StaffEmail)
		base := trainingBase(a.A)
		page := c.get(base + "/available")
		if page.StatusCode != 200 || !strings.Contains(page.Body, fmt.Sprintf(`id="register-%d"`, x.ID)) {
			t.Fatalf("available page: %d", page.StatusCode)
		}
		res := c.postForm(fmt.Sprintf("%s/sessions/%d/register", base, x.ID), nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d %s", res.StatusCode, res.Body)
		}
		page = c.get(base + "/available")
		if !strings.Contains(page.Body, "Daftar tunggu") || !strings.Contains(page.Body, "urutan 1") {
			t.Errorf("her place is not shown: %s", between(page.Body, `id="mine-table"`, "</table>"))
		}
		// She cannot cancel a colleague's seat, nor manage the session.
		if res := c.postForm(fmt.Sprintf("%s/enrolments/%d/cancel", base, taken.ID), nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("cancel a colleague's seat: %d", res.StatusCode)
		}
		// The colleague leaves: the librarian is promoted.
		if _, err := a.Svc.Training.Cancel(ctx, a.system(), a.A.Library.ID, taken.ID); err != nil {
			t.Fatal(err)
		}
		page = c.get(fmt.Sprintf("%s/sessions/%d", base, x.ID))
		if !strings.Contains(between(page.Body, `id="my-enrolment"`, "</section>"), "Terkonfirmasi") {
			t.Errorf("not promoted: %s", between(page.Body, `id="my-enrolment"`, "</section>"))
		}
		if strings.Contains(page.Body, `id="scores-form"`) || strings.Contains(page.Body, `id="nominate-form"`) {
			t.Errorf("a librarian sees the coordinator's forms")
		}
		// The API: the session's enrolments, and a nomination refused to staff.
		token := a.apiToken(a.A.StaffEmail)
		api := a.client()
		res = api.api("GET", fmt.Sprintf("/api/v1/libraries/%d/sessions/%d/enrolments", a.A.Library.ID, x.ID), token, "")
		if res.StatusCode != 200 || !strings.Contains(res.Body, `"status": "confirmed"`) {
			t.Errorf("API enrolments: %d %s", res.StatusCode, res.Body)
		}
		res = api.api("POST", fmt.Sprintf("/api/v1/libraries/%d/sessions/%d/enrolments", a.A.Library.ID, x.ID), token, fmt.Sprintf(`{"staff_id":%d}`, colleague))
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("API nomination by staff: %d %s", res.StatusCode, res.Body)
		}
	})
}

func TestTrainingAPI(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	token := a.apiToken(a.A.CoordEmail)
	c := a.client()
	lib := a.A.Library.ID
	res := c.api("GET", fmt.Sprintf("/api/v1/libraries/%d/programs", lib), token, "")
	if res.StatusCode != 200 || !strings.Contains(res.Body, a.A.Program.Title) || !strings.Contains(res.Body, `"code": "LP.01"`) {
		t.Fatalf("programs: %d %s", res.StatusCode, res.Body)
	}
	res = c.api("GET", fmt.Sprintf("/api/v1/libraries/%d/sessions?year=2027", lib), token, "")
	if res.StatusCode != 200 || !strings.Contains(res.Body, `"2027-03-10"`) {
		t.Fatalf("sessions: %d %s", res.StatusCode, res.Body)
	}
	if res := c.api("GET", fmt.Sprintf("/api/v1/libraries/%d/sessions?year=2026", lib), token, ""); !strings.Contains(res.Body, `"items": []`) {
		t.Errorf("sessions of 2026: %s", res.Body)
	}
	res = c.api("GET", fmt.Sprintf("/api/v1/libraries/%d/sessions/%d", lib, a.A.Session.ID), token, "")
	if res.StatusCode != 200 || !strings.Contains(res.Body, `"gains"`) || !strings.Contains(res.Body, `"confirmed": 1`) {
		t.Fatalf("session: %d %s", res.StatusCode, res.Body)
	}
	path := fmt.Sprintf("/api/v1/libraries/%d/sessions/%d/enrolments", lib, a.A.Session.ID)
	other := a.addStaff("Dewi Lestari")
	res = c.api("POST", path, token, fmt.Sprintf(`{"staff_id":%d}`, other))
	if res.StatusCode != http.StatusCreated || !strings.Contains(res.Body, `"status": "confirmed"`) {
		t.Fatalf("nominate: %d %s", res.StatusCode, res.Body)
	}
	res = c.api("POST", path, token, fmt.Sprintf(`{"staff_id":%d}`, other))
	if res.StatusCode != http.StatusConflict {
		t.Errorf("nominate twice: %d %s", res.StatusCode, res.Body)
	}
	res = c.api("POST", path, token, fmt.Sprintf(`{"staff_id":%d}`, a.B.Staff.ID))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `"field": "staff_id"`) {
		t.Errorf("nominate B's staff: %d %s", res.StatusCode, res.Body)
	}
	res = c.api("POST", path, token, `{"nama":"x"}`)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown field: %d", res.StatusCode)
	}
	// A coordinator without a staff record has no one to register.
	if res := c.api("POST", path, token, `{}`); res.StatusCode != http.StatusForbidden {
		t.Errorf("self-registration without a staff record: %d %s", res.StatusCode, res.Body)
	}
}

// addStaff adds an active staff member to library A and returns the id.
func (a *app) addStaff(name string) int64 {
	a.t.Helper()
	st, err := a.Svc.Staff.Create(context.Background(), a.system(), people.Staff{LibraryID: a.A.Library.ID, Name: name,
		EmploymentStatus: "non_asn", Position: "Pustakawan", Active: true})
	if err != nil {
		a.t.Fatal(err)
	}
	return st.ID
}

// textAfter is the text between marker and the next tag.
func textAfter(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	rest := body[i+len(marker):]
	if j := strings.IndexByte(rest, '<'); j >= 0 {
		rest = rest[:j]
	}
	return strings.TrimSpace(rest)
}

func idOf(t *testing.T, u string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(u[strings.LastIndex(u, "/")+1:], "%d", &id); err != nil {
		t.Fatalf("no id in %s", u)
	}
	return id
}

// Every training page opens for a coordinator and, where she may, for a
// librarian, in both languages.
func TestTrainingPagesRender(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	base := trainingBase(a.A)
	prog := fmt.Sprintf("%s/programs/%d", base, a.A.Program.ID)
	sess := fmt.Sprintf("%s/sessions/%d", base, a.A.Session.ID)
	coord := a.login(a.A.CoordEmail)
	librarian := a.login(a.A.StaffEmail)
	for _, lang := range []string{"id", "en"} {
		coord.lang, librarian.lang = lang, lang
		for _, p := range []string{base, base + "?year=2027", base + "/plan?year=2027", base + "/available", base + "/programs", base + "/programs/new",
			prog, prog + "/edit", prog + "/sessions/new", sess, sess + "?day=2027-03-11", sess + "/edit"} {
			res := coord.get(p)
			if res.StatusCode != 200 {
				t.Errorf("coordinator GET %s (%s): %d", p, lang, res.StatusCode)
			}
			if strings.Contains(res.Body, "training.") {
				t.Errorf("coordinator GET %s (%s) shows an untranslated key near %q", p, lang, between(res.Body, "training.", " "))
			}
		}
		for _, p := range []string{base, base + "/available", base + "/programs", prog, sess} {
			res := librarian.get(p)
			if res.StatusCode != 200 {
				t.Errorf("librarian GET %s (%s): %d", p, lang, res.StatusCode)
			}
			if strings.Contains(res.Body, "training.") {
				t.Errorf("librarian GET %s (%s) shows an untranslated key near %q", p, lang, between(res.Body, "training.", " "))
			}
		}
	}
	if res := coord.get(base); !strings.Contains(res.Body, `id="nav-training"`) {
		t.Errorf("no training link in the menu")
	}
}
