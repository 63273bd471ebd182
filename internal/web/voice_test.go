package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/insight"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/suggestion"
	"github.com/bina-pustaka/bina/internal/survey"
)

var wib = time.FixedZone("WIB", 7*3600)

// voiceWorld is a third library, Kediri, with a known history of surveys,
// complaints and requests, seen on 1 July 2026 at 10:00 WIB.
type voiceWorld struct {
	lib                    int64
	sirkulasi, anak, refer int64
	adminEmail, coordEmail string
	staffEmail             string
	c                      map[string]complaint.Complaint // by name in the story below
	bumi, laut, cantik     int64                          // book requests, by demand 3, 2, 1
	pulang, ronggeng       int64                          // 1 (asked in July), 4 (already on the shelf)
	today                  time.Time
	q2                     survey.Period
	libIKM                 survey.Report
	pointIKM               map[int64]survey.Report
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, wib)
	if err != nil {
		panic(err)
	}
	return t
}

func seedVoice(t *testing.T, a *app, d *db.DB) voiceWorld {
	t.Helper()
	ctx := t.Context()
	sys := a.system()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	w := voiceWorld{adminEmail: "admin@kediri.test", coordEmail: "koordinator@kediri.test", staffEmail: "pustakawan@kediri.test",
		c: map[string]complaint.Complaint{}, today: at("2026-07-01 10:00"), q2: survey.QuarterOf(2026, 2)}
	lib, err := a.Svc.Libraries.Create(ctx, sys, library.Library{Name: "Perpustakaan Kota Kediri", City: "Kota Kediri", Province: "Jawa Timur", TimeZone: "Asia/Jakarta", Population: 280000})
	must(err)
	w.lib = lib.ID
	point := func(name, kind string) int64 {
		sp, err := a.Svc.Libraries.CreateServicePoint(ctx, sys, library.ServicePoint{LibraryID: w.lib, Name: name, Kind: kind})
		must(err)
		return sp.ID
	}
	w.sirkulasi, w.anak, w.refer = point("Layanan Sirkulasi", "sirkulasi"), point("Layanan Anak", "anak"), point("Layanan Referensi", "referensi")
	admin, err := a.Svc.Users.Bootstrap(ctx, auth.NewUser{Email: w.adminEmail, Name: "Admin Kediri", Password: testPassword, LibraryID: w.lib, Role: auth.RoleAdmin})
	must(err)
	_, err = a.Svc.Users.Bootstrap(ctx, auth.NewUser{Email: w.coordEmail, Name: "Koordinator Kediri", Password: testPassword, LibraryID: w.lib, Role: auth.RoleCoordinator})
	must(err)
	_, err = a.Svc.Users.Bootstrap(ctx, auth.NewUser{Email: w.staffEmail, Name: "Pustakawan Kediri", Password: testPassword, LibraryID: w.lib, Role: auth.RoleStaff})
	must(err)

	// Surveys: Sirkulasi 94.44 (A) in April, Anak 75.00 (C) in May, nothing
	// at Referensi; one March answer outside the quarter. 100 visitors in
	// the quarter call for a sample of 80.
	var rs []survey.Response
	answer := func(sp int64, day string, scores ...uint8) {
		r := survey.Response{ServicePointID: sp, Day: day, SubmittedAt: at(day + " 09:00")}
		copy(r.Answers[:], scores)
		rs = append(rs, r)
	}
	for range 3 {
		answer(w.sirkulasi, "2026-04-10", 4, 4, 4, 4, 4, 4, 4, 3, 3)
	}
	for range 2 {
		answer(w.anak, "2026-05-20", 3, 3, 3, 3, 3, 3, 3, 3, 3)
	}
	answer(w.sirkulasi, "2026-03-05", 3, 3, 3, 3, 3, 3, 3, 3, 2)
	_, err = a.Svc.Survey.Import(ctx, sys, w.lib, rs)
	must(err)
	for _, m := range []string{"2026-04", "2026-05", "2026-06"} {
		must(a.Svc.Survey.SetVisitors(ctx, sys, survey.VisitorCount{LibraryID: w.lib, Month: m, Visitors: 100 / 3}))
	}
	must(a.Svc.Survey.SetVisitors(ctx, sys, survey.VisitorCount{LibraryID: w.lib, Month: "2026-06", Visitors: 34}))
	w.libIKM, err = a.Svc.Survey.IKM(ctx, sys, w.lib, 0, w.q2)
	must(err)
	w.pointIKM = map[int64]survey.Report{}
	for _, sp := range []int64{w.sirkulasi, w.anak, w.refer} {
		w.pointIKM[sp], err = a.Svc.Survey.IKM(ctx, sys, w.lib, sp, w.q2)
		must(err)
	}

	// Complaints on a clock of their own. Deadlines on the 2026 calendar
	// (docs/voice-dashboard.md works them out):
	//   c8 10 Mar, verified 11 Mar (due 13), decided 25 Mar (due 25: Nyepi and Lebaran skipped) → met
	//   c1  6 Apr, verified  8 Apr (due  9), decided 14 Apr (due 15)  → met, rated 5
	//   c2 30 Apr, verified  7 May (due  6)                           → missed, rated 3
	//   c3 11 May, verified 18 May (due 18), not decided (due 25 May) → missed, open, overdue
	//   c4  2 Jun, not verified (due 5 Jun)                           → missed, open, overdue
	//   c5 22 Jun, rejected                                           → left out
	//   c7 24 Jun, verified 25 Jun, decided 26 Jun, answered          → met, open (waiting for the reporter)
	//   c6 29 Jun, not verified (due 2 Jul)                           → pending, open
	//   c9  1 Jul 00:30 WIB (still 30 Jun in UTC), new                → July: not in the quarter; open
	var clock time.Time
	cs := &complaint.Service{DB: d, Now: func() time.Time { return clock }}
	file := func(name, when string, sp int64) {
		clock = at(when)
		c, err := cs.File(ctx, complaint.NewComplaint{LibraryID: w.lib, Class: complaint.ClassComplaint, Category: "koleksi",
			ServicePointID: &sp, Body: "Pengaduan " + name})
		must(err)
		w.c[name] = c
	}
	step := func(name, when string, do func(id int64) error) {
		clock = at(when)
		must(do(w.c[name].ID))
	}
	verify := func(id int64) error { return cs.Verify(ctx, sys, w.lib, id, admin.ID) }
	decide := func(id int64) error { return cs.Decide(ctx, sys, w.lib, id, "Koleksi ditambah") }
	reply := func(id int64) error { return cs.Reply(ctx, sys, w.lib, id, "Sudah kami tindak lanjuti") }
	rate := func(name string, n int) func(int64) error {
		return func(int64) error { return cs.Rate(ctx, w.c[name].Code, n, "") }
	}
	file("c8", "2026-03-10 09:00", w.sirkulasi)
	step("c8", "2026-03-11 10:00", verify)
	step("c8", "2026-03-25 09:00", decide)
	step("c8", "2026-03-25 10:00", reply)
	step("c8", "2026-03-26 10:00", rate("c8", 4))
	file("c1", "2026-04-06 09:00", w.sirkulasi)
	step("c1", "2026-04-08 10:00", verify)
	step("c1", "2026-04-14 10:00", decide)
	step("c1", "2026-04-14 11:00", reply)
	step("c1", "2026-04-15 10:00", rate("c1", 5))
	file("c2", "2026-04-30 09:00", w.anak)
	step("c2", "2026-05-07 10:00", verify)
	step("c2", "2026-05-08 10:00", decide)
	step("c2", "2026-05-08 11:00", reply)
	step("c2", "2026-05-09 10:00", rate("c2", 3))
	file("c3", "2026-05-11 08:00", w.anak)
	step("c3", "2026-05-18 16:00", verify)
	file("c4", "2026-06-02 09:00", w.refer)
	file("c5", "2026-06-22 09:00", w.refer)
	step("c5", "2026-06-23 10:00", func(id int64) error { return cs.Reject(ctx, sys, w.lib, id, "Bukan layanan perpustakaan") })
	file("c7", "2026-06-24 09:00", w.sirkulasi)
	step("c7", "2026-06-25 10:00", verify)
	step("c7", "2026-06-26 10:00", decide)
	step("c7", "2026-06-26 11:00", reply)
	file("c6", "2026-06-29 09:00", w.sirkulasi)
	file("c9", "2026-07-01 00:30", w.anak)

	// Requests and suggestions, also on that clock.
	sg := &suggestion.Service{DB: d, Now: func() time.Time { return clock }}
	ip := 0
	ask := func(when, title, author string) int64 {
		clock, ip = at(when), ip+1
		rc, err := sg.RequestBook(ctx, suggestion.NewBookRequest{LibraryID: w.lib, Title: title, Author: author, ClientIP: fmt.Sprintf("198.51.100.%d", ip)})
		must(err)
		return rc.Request.ID
	}
	for _, day := range []string{"2026-04-02", "2026-04-20", "2026-05-13"} {
		w.bumi = ask(day+" 10:00", "Bumi Manusia", "Pramoedya Ananta Toer")
	}
	w.cantik = ask("2026-04-03 10:00", "Cantik Itu Luka", "Eka Kurniawan")
	for _, day := range []string{"2026-05-02", "2026-06-11"} {
		w.laut = ask(day+" 10:00", "Laut Bercerita", "Leila S. Chudori")
	}
	for _, day := range []string{"2026-04-04", "2026-04-05", "2026-04-06", "2026-04-07"} {
		w.ronggeng = ask(day+" 10:00", "Ronggeng Dukuh Paruk", "Ahmad Tohari")
	}
	w.pulang = ask("2026-07-01 08:00", "Pulang", "Tere Liye")
	_, err = sg.SetBookRequestStatus(ctx, sys, w.lib, w.laut, suggestion.RequestOrdered, "")
	must(err)
	_, err = sg.SetBookRequestStatus(ctx, sys, w.lib, w.ronggeng, suggestion.RequestAvailable, "")
	must(err)
	for _, when := range []string{"2026-03-03 10:00", "2026-05-05 10:00", "2026-06-10 10:00"} {
		clock = at(when)
		_, err := sg.Submit(ctx, suggestion.NewSuggestion{LibraryID: w.lib, Body: "Tambah jam buka", ClientIP: "203.0.113.9"})
		must(err)
	}

	// The dashboard sees the day the complaint desk sees.
	a.Svc.Complaints.Now = func() time.Time { return w.today }
	return w
}

// textOf is the text inside the element with the given id.
func textOf(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no element #%s on the page", id)
	}
	return strings.TrimSpace(m[1])
}

// inOrder checks that the markers appear in the body in the given order.
func inOrder(t *testing.T, what, body string, markers ...string) {
	t.Helper()
	last := -1
	for _, m := range markers {
		i := strings.Index(body, m)
		if i < 0 {
			t.Fatalf("%s: %q is missing", what, m)
		}
		if i < last {
			t.Fatalf("%s: %q comes too early; want the order %q", what, m, markers)
		}
		last = i
	}
}

func TestVoiceDashboard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		w := seedVoice(t, a, d)
		page := fmt.Sprintf("/libraries/%d/voice?period=2026-Q2", w.lib)
		ikmText := func(r survey.Report) string { return i18n.FormatDecimal("id", r.Result.IKM, 2) }

		admin := a.login(w.adminEmail)
		res := admin.get(page)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("dashboard: status %d\n%s", res.StatusCode, between(res.Body, "<main", "</main>"))
		}
		body := res.Body
		if w.libIKM.Result.Respondents != 5 {
			t.Fatalf("seeded %d respondents in the quarter, want 5", w.libIKM.Result.Respondents)
		}
		for id, want := range map[string]string{
			"voice-ikm": ikmText(w.libIKM), "voice-grade": w.libIKM.Result.Grade,
			"voice-respondents": "5", "voice-target": "80",
			"voice-received": "7", "voice-open": "5", "voice-overdue": "2",
			"voice-sla": "40,0%", "voice-rating": "4,00", "voice-suggestions": "2",
		} {
			if got := textOf(t, body, id); got != want {
				t.Errorf("#%s = %q, want %q", id, got, want)
			}
		}
		if !strings.Contains(body, "2 dari 5 tepat waktu") || !strings.Contains(body, "10 usulan buku") {
			t.Error("the SLA tile should say 2 of 5 on time and the suggestions tile 10 book asks")
		}

		// IKM per service point: the survey's own figures, best first, the
		// unanswered last, the one under B flagged.
		inOrder(t, "service points", body, fmt.Sprintf(`id="voice-point-%d"`, w.sirkulasi), fmt.Sprintf(`id="voice-point-%d"`, w.anak), fmt.Sprintf(`id="voice-point-%d"`, w.refer))
		for _, sp := range []int64{w.sirkulasi, w.anak} {
			row := between(body, fmt.Sprintf(`id="voice-point-%d"`, sp), "</tr>")
			if want := ikmText(w.pointIKM[sp]); !strings.Contains(row, `voice-point-ikm">`+want+`<`) {
				t.Errorf("service point %d: row %q lacks the survey's IKM %s", sp, row, want)
			}
		}
		if ikmText(w.pointIKM[w.sirkulasi]) != "94,44" || ikmText(w.pointIKM[w.anak]) != "75,00" {
			t.Fatalf("seeded IKMs %s and %s, want 94,44 and 75,00", ikmText(w.pointIKM[w.sirkulasi]), ikmText(w.pointIKM[w.anak]))
		}
		if row := between(body, fmt.Sprintf(`id="voice-point-%d"`, w.anak), "</tr>"); !strings.Contains(row, "di bawah B (76,61)") {
			t.Errorf("Layanan Anak at 75,00 is not flagged below B: %s", row)
		}

		// The charts: server-drawn SVG with a title, a description carrying
		// the numbers, and the threshold marker.
		for _, id := range []string{"voice-points-chart", "voice-ikm-chart", "voice-volume-chart", "voice-sla-chart"} {
			svg := between(body, `<svg id="`+id+`"`, "</svg>")
			if !strings.Contains(svg, `<title id="`+id+`-title">`) || !strings.Contains(svg, `<desc id="`+id+`-desc">`) {
				t.Errorf("chart %s has no <title>/<desc>: %.200s", id, svg)
			}
		}
		points := between(body, `<svg id="voice-points-chart"`, "</svg>")
		if !strings.Contains(points, "Layanan Sirkulasi: 94,44 A") || !strings.Contains(points, "B ≥ 76,61") {
			t.Errorf("the service-point chart lacks its values or the B line: %.600s", points)
		}
		if sla := between(body, `<svg id="voice-sla-chart"`, "</svg>"); !strings.Contains(sla, ">50,0%<") || !strings.Contains(sla, ">0,0%<") {
			t.Errorf("the SLA chart lacks June's 50,0%% or May's 0,0%%")
		}

		// The months: complaints by the month they were filed in WIB.
		for month, want := range map[string][]string{
			"2026-03": {">1<", "100,0%"}, "2026-04": {">2<", "50,0%"}, "2026-05": {">1<", "0,0%"}, "2026-06": {">4<", "50,0%"},
		} {
			row := between(body, `id="voice-month-`+month+`"`, "</tr>")
			for _, s := range want {
				if !strings.Contains(row, s) {
					t.Errorf("month %s: row lacks %q: %s", month, s, row)
				}
			}
		}
		if strings.Contains(body, `id="voice-month-2026-07"`) {
			t.Error("the series of the second quarter runs into July")
		}

		// Oldest open complaints: by filing, age in working days, a link each.
		inOrder(t, "oldest open", body, `id="voice-open-`+fmt.Sprint(w.c["c3"].ID)+`"`, `id="voice-open-`+fmt.Sprint(w.c["c4"].ID)+`"`,
			`id="voice-open-`+fmt.Sprint(w.c["c7"].ID)+`"`, `id="voice-open-`+fmt.Sprint(w.c["c6"].ID)+`"`, `id="voice-open-`+fmt.Sprint(w.c["c9"].ID)+`"`)
		for name, want := range map[string]string{"c3": "31 hari kerja", "c4": "20 hari kerja", "c7": "5 hari kerja", "c6": "2 hari kerja", "c9": "0 hari kerja"} {
			row := between(body, fmt.Sprintf(`id="voice-open-%d"`, w.c[name].ID), "</tr>")
			if !strings.Contains(row, want) || !strings.Contains(row, fmt.Sprintf(`href="/libraries/%d/complaints/%d"`, w.lib, w.c[name].ID)) {
				t.Errorf("%s: row lacks %q or its link: %s", name, want, row)
			}
		}
		if row := between(body, fmt.Sprintf(`id="voice-open-%d"`, w.c["c3"].ID), "</tr>"); !strings.Contains(row, "terlambat 23 hari kerja") {
			t.Errorf("c3 is 23 working days past its decide deadline: %s", row)
		}

		// Most requested: open requests by demand; the one on the shelf is not listed.
		inOrder(t, "most requested", body, fmt.Sprintf(`id="voice-request-%d"`, w.bumi), fmt.Sprintf(`id="voice-request-%d"`, w.laut),
			fmt.Sprintf(`id="voice-request-%d"`, w.cantik), fmt.Sprintf(`id="voice-request-%d"`, w.pulang))
		if strings.Contains(body, fmt.Sprintf(`id="voice-request-%d"`, w.ronggeng)) {
			t.Error("a title already on the shelf is listed as requested")
		}
		if row := between(body, fmt.Sprintf(`id="voice-request-%d"`, w.laut), "</tr>"); !strings.Contains(row, ">2<") || !strings.Contains(row, "Dipesan") {
			t.Errorf("Laut Bercerita: want demand 2, Dipesan: %s", row)
		}

		// The API returns the same aggregates.
		token := a.apiToken(w.adminEmail)
		api := a.client().api("GET", fmt.Sprintf("/api/v1/libraries/%d/voice?period=2026-Q2", w.lib), token, "")
		if api.StatusCode != http.StatusOK {
			t.Fatalf("API: %d %s", api.StatusCode, api.Body)
		}
		var lv insight.LibraryVoice
		if err := json.Unmarshal([]byte(api.Body), &lv); err != nil {
			t.Fatal(err)
		}
		c := lv.Complaints
		if c.Received != 7 || c.Open != 5 || c.Overdue != 2 || c.SLA.Met != 2 || c.SLA.Missed != 3 || c.SLA.Pending != 1 || c.SLA.Rejected != 1 ||
			c.SLA.Compliance == nil || *c.SLA.Compliance != 40 || c.Ratings != 2 || c.AverageRating == nil || *c.AverageRating != 4 {
			t.Errorf("API complaints: %+v", c)
		}
		if lv.IKM.IKM == nil || *lv.IKM.IKM != w.libIKM.Result.IKM || lv.IKM.Respondents != 5 || lv.SampleTarget != 80 || !lv.SampleShort {
			t.Errorf("API IKM: %+v target %d", lv.IKM, lv.SampleTarget)
		}
		if len(lv.ServicePoints) != 3 || lv.ServicePoints[0].ServicePointID != w.sirkulasi || *lv.ServicePoints[0].IKM != w.pointIKM[w.sirkulasi].Result.IKM ||
			lv.ServicePoints[1].ServicePointID != w.anak || *lv.ServicePoints[1].IKM != w.pointIKM[w.anak].Result.IKM || lv.ServicePoints[2].IKM != nil {
			t.Errorf("API service points: %+v", lv.ServicePoints)
		}
		var ages []int
		for _, o := range lv.OldestOpen {
			ages = append(ages, o.AgeWorkingDays)
		}
		if fmt.Sprint(ages) != "[31 20 5 2 0]" || lv.OldestOpen[0].ID != w.c["c3"].ID || !lv.OldestOpen[0].Overdue || lv.OldestOpen[0].DaysLate != 23 {
			t.Errorf("API oldest open: ages %v, first %+v", ages, lv.OldestOpen[0])
		}
		if len(lv.MostRequested) != 4 || lv.MostRequested[0].ID != w.bumi || lv.MostRequested[0].Demand != 3 || lv.MostRequested[1].ID != w.laut {
			t.Errorf("API most requested: %+v", lv.MostRequested)
		}
		if lv.Suggestions == nil || lv.Suggestions.Received != 2 || lv.Suggestions.BookAsks != 10 {
			t.Errorf("API suggestions: %+v", lv.Suggestions)
		}
		if len(lv.Months) != insight.Months || lv.Months[11].Month != "2026-06" || lv.Months[11].Complaints != 4 || lv.Months[8].Month != "2026-03" ||
			lv.Months[8].IKM.Respondents != 1 || lv.Months[0].Month != "2025-07" || lv.Today != "2026-07-01" {
			t.Errorf("API months: %+v (today %s)", lv.Months, lv.Today)
		}

		// In English the decimals change, not the numbers.
		en := a.login(w.coordEmail)
		en.lang = "en"
		if res := en.get(page); res.StatusCode != 200 || textOf(t, res.Body, "voice-sla") != "40.0%" {
			t.Errorf("coordinator in English: status %d, SLA %q", res.StatusCode, textOf(t, res.Body, "voice-sla"))
		}

		// A bad period is shown beside the selector.
		if res := admin.get(fmt.Sprintf("/libraries/%d/voice?period=2026-Q9", w.lib)); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="period-error"`) {
			t.Errorf("bad period: status %d", res.StatusCode)
		}
		// Staff may not see it; another library's admin does not find it.
		staff := a.login(w.staffEmail)
		if res := staff.get(page); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff: status %d, want 403", res.StatusCode)
		}
		if res := a.login(a.A.AdminEmail).get(page); res.StatusCode != http.StatusNotFound {
			t.Errorf("another library's admin: status %d, want 404", res.StatusCode)
		}
		if res := admin.get("/"); !strings.Contains(res.Body, `id="nav-voice"`) {
			t.Error("the admin's menu has no link to the dashboard")
		}
	})
}

func TestVoiceAcrossLibraries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		w := seedVoice(t, a, d)
		super := a.login(a.Super)
		res := super.get("/voice?period=2026-Q2")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d\n%s", res.StatusCode, between(res.Body, "<main", "</main>"))
		}
		// Best IKM first: only Kediri has respondents; the others follow.
		inOrder(t, "by IKM", res.Body, fmt.Sprintf(`id="voice-library-%d"`, w.lib), fmt.Sprintf(`id="voice-library-%d"`, a.A.Library.ID))
		if !strings.Contains(res.Body, fmt.Sprintf(`id="voice-library-%d"`, a.B.Library.ID)) {
			t.Error("the superadmin does not see every library")
		}
		row := between(res.Body, fmt.Sprintf(`id="voice-library-%d"`, w.lib), "</tr>")
		for _, want := range []string{`voice-library-received">7<`, `voice-library-sla">40,0%<`, `voice-library-ikm">` + i18n.FormatDecimal("id", w.libIKM.Result.IKM, 2) + `<`} {
			if !strings.Contains(row, want) {
				t.Errorf("Kediri's row lacks %q: %s", want, row)
			}
		}
		if !strings.Contains(res.Body, `<svg id="voice-libraries-chart"`) || !strings.Contains(res.Body, `id="nav-voice-all"`) {
			t.Error("no chart or no menu link for the superadmin")
		}
		// Sorted by name, Kediri comes after Batu.
		byName := super.get("/voice?period=2026-Q2&sort=name")
		inOrder(t, "by name", byName.Body, fmt.Sprintf(`id="voice-library-%d"`, a.A.Library.ID), fmt.Sprintf(`id="voice-library-%d"`, w.lib))

		// A library's admin sees her own library only; staff see none.
		mine := a.login(w.adminEmail).get("/voice?period=2026-Q2")
		if !strings.Contains(mine.Body, fmt.Sprintf(`id="voice-library-%d"`, w.lib)) || strings.Contains(mine.Body, a.A.Library.Name) {
			t.Error("Kediri's admin should see Kediri alone")
		}
		if none := a.login(w.staffEmail).get("/voice"); none.StatusCode != 200 || !strings.Contains(none.Body, `id="voice-libraries-empty"`) {
			t.Errorf("staff: status %d, want the empty list", none.StatusCode)
		}

		api := a.client().api("GET", "/api/v1/voice?period=2026-Q2", a.apiToken(w.adminEmail), "")
		var out struct {
			Items []insight.LibrarySummary `json:"items"`
		}
		if err := json.Unmarshal([]byte(api.Body), &out); err != nil || len(out.Items) != 1 || out.Items[0].LibraryID != w.lib ||
			out.Items[0].Complaints.Received != 7 || *out.Items[0].Complaints.SLA.Compliance != 40 {
			t.Errorf("API across libraries: %v %s", err, api.Body)
		}
	})
}

// The dashboard's keys set in Go (chart titles and descriptions) and the
// labels printed with printf in its templates exist in both languages; the
// shared key test covers the templates' literal keys only.
func TestVoiceKeysAreTranslated(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keyRE := regexp.MustCompile(`"((?:voice|nav\.voice)[a-z0-9_.]*)"`)
	keys := map[string]bool{}
	for _, f := range []string{"voice.go", "voice_api.go", "templates/_layout.html"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(src), -1) {
			if strings.Contains(m[1], ".") {
				keys[m[1]] = true
			}
		}
	}
	for _, s := range complaint.Statuses {
		keys["complaint.status."+string(s)] = true
	}
	for _, c := range complaint.Categories {
		keys["complaint.category."+c] = true
	}
	for _, s := range suggestion.RequestStatuses {
		keys["book_request.status."+s] = true
	}
	if len(keys) < 25 {
		t.Fatalf("found only %d keys; the scan is broken", len(keys))
	}
	for k := range keys {
		for _, lang := range i18n.Langs {
			if !b.Has(lang, k) {
				t.Errorf("key %q has no %s text", k, lang)
			}
		}
	}
}
