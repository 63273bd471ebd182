package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/demo"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/record"
)

// The home page's key figures ("Sorotan") on the demo's Kota Batu: each
// card says what the page it opens says — the IKM page's index, grade and
// respondents, the inbox's open and overdue counts, the JP page's reached
// count, the assessment cycle, the training calendar's next 30 days and the
// certificates that need renewing. The pustakawan gets only the cards of
// pages she may open; the superadmin, who sees five libraries, gets the
// overview without cards.
func TestHomeHighlights(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newDemoApp(t, d)
		q := d.Reader()
		var batuName string
		for _, l := range demo.Libraries() {
			if l.City == "Kota Batu" {
				batuName = l.Name
			}
		}
		var lib int64
		var zone string
		if err := q.QueryRowContext(ctx, `SELECT id, time_zone FROM libraries WHERE name = ?`, batuName).Scan(&lib, &zone); err != nil {
			t.Fatalf("library %q: %v", batuName, err)
		}
		today := record.DateOf(time.Now(), record.Zone(zone))
		base := "/libraries/" + strconv.FormatInt(lib, 10)
		login := func(email string) *client {
			t.Helper()
			c := a.client()
			if res := c.postForm("/login", url.Values{"email": {email}, "password": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("demo login %s: %d", email, res.StatusCode)
			}
			return c
		}
		page := func(c *client, path string) string {
			t.Helper()
			res := c.get(path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d\n%s", path, res.StatusCode, between(res.Body, "<main", "</main>"))
			}
			return res.Body
		}
		same := func(what, got, want string) {
			t.Helper()
			if got != want {
				t.Errorf("%s: the home page says %q, its page %q", what, got, want)
			}
		}
		num := func(n int) string { return i18n.FormatNumber("id", int64(n)) }

		// The demo's certificates run for years; one of them now ends in ten
		// days, so the renewal card has something to count.
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE training_certificates SET expires_on = ? WHERE id =
				(SELECT MAX(id) FROM training_certificates WHERE library_id = ? AND revoked_at IS NULL)`, string(today.AddDays(10)), lib)
			return err
		}); err != nil {
			t.Fatal(err)
		}

		admin := login("admin@batu.bina.demo")
		home := page(admin, "/")
		if !strings.Contains(home, `id="highlights"`) || !strings.Contains(home, ">Sorotan<") {
			t.Fatalf("the admin's home page has no highlights:\n%s", between(home, "<main", "</main>"))
		}
		// Above the staff counts.
		inOrder(t, "home page", home, `id="highlights"`, `id="highlight-ikm"`, `id="highlight-complaints"`, `id="highlight-jp"`,
			`id="highlight-assessment"`, `id="highlight-training"`, `id="highlight-certificates"`, `class="stats"`)

		// 1. IKM this year: the IKM page's figures, which default to this year.
		ikmPage := page(admin, base+"/ikm")
		same("IKM", textOf(t, home, "highlight-ikm-value"), textOf(t, ikmPage, "ikm-value"))
		same("IKM grade", textOf(t, home, "highlight-ikm-grade"), textOf(t, ikmPage, "ikm-grade"))
		same("IKM respondents", textOf(t, home, "highlight-ikm-respondents"), textOf(t, ikmPage, "ikm-respondents"))
		if v := textOf(t, home, "highlight-ikm-value"); !strings.Contains(v, ",") || len(v[strings.Index(v, ",")+1:]) != 2 {
			t.Errorf("IKM %q: want two decimals after a comma", v)
		}
		if !strings.Contains(home, `href="`+base+`/ikm"`) {
			t.Error("the IKM card does not open the IKM page")
		}

		// 2. Complaints: the inbox header's open and overdue counts.
		inbox := page(admin, base+"/complaints")
		same("open complaints", textOf(t, home, "highlight-complaints-open"), textOf(t, inbox, "complaint-open-count"))
		same("overdue complaints", textOf(t, home, "highlight-complaints-overdue"), textOf(t, inbox, "complaint-overdue-count"))
		var open int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM complaints WHERE library_id = ? AND status NOT IN ('selesai', 'ditutup', 'ditolak')`, lib).Scan(&open); err != nil {
			t.Fatal(err)
		}
		same("open complaints in the database", textOf(t, home, "highlight-complaints-open"), num(open))

		// 3. JP: the JP page's count of those who reached the target, of all
		// active staff (reached + behind).
		jp := page(admin, base+"/jp")
		same("JP reached", textOf(t, home, "highlight-jp-reached"), textOf(t, jp, "jp-reached-count"))
		reached, _ := strconv.Atoi(strings.ReplaceAll(textOf(t, jp, "jp-reached-count"), ".", ""))
		behind, _ := strconv.Atoi(strings.ReplaceAll(textOf(t, jp, "jp-behind-count"), ".", ""))
		same("JP staff", textOf(t, home, "highlight-jp-total"), num(reached+behind))
		var active int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE library_id = ? AND active = ?`, lib, true).Scan(&active); err != nil {
			t.Fatal(err)
		}
		same("JP staff in the database", textOf(t, home, "highlight-jp-total"), num(active))

		// 4. The assessment cycle: the open one's progress, else the last
		// one closed with the day it was closed.
		cycles, err := a.Svc.Competency.Cycles(ctx, a.system(), lib)
		if err != nil {
			t.Fatal(err)
		}
		checkCycle := func(home string, cycles []competency.Cycle) {
			t.Helper()
			var open, last *competency.Cycle
			for i := range cycles { // newest first
				switch {
				case cycles[i].Open() && open == nil:
					open = &cycles[i]
				case !cycles[i].Open() && (last == nil || cycles[i].ClosedAt.After(*last.ClosedAt)):
					last = &cycles[i]
				}
			}
			switch {
			case open != nil:
				same("open cycle", textOf(t, home, "highlight-cycle-name"), open.Name)
				same("open cycle's assessments", textOf(t, home, "highlight-cycle-total"), num(open.Total))
				same("open cycle submitted", textOf(t, home, "highlight-cycle-submitted"), num(open.Submitted))
				same("open cycle reviewed", textOf(t, home, "highlight-cycle-reviewed"), num(open.Reviewed))
				if !strings.Contains(home, `href="`+base+`/cycles/`+strconv.FormatInt(open.ID, 10)+`"`) {
					t.Error("the assessment card does not open the cycle in progress")
				}
				list := page(admin, base+"/cycles")
				if !strings.Contains(list, num(open.Submitted)+"/"+num(open.Total)) {
					t.Errorf("the cycle list does not show %d/%d submitted", open.Submitted, open.Total)
				}
			case last != nil:
				same("last cycle", textOf(t, home, "highlight-cycle-name"), last.Name)
				closed := i18n.FormatDate("id", record.DateOf(*last.ClosedAt, record.Zone(zone)).Time())
				same("last cycle closed", textOf(t, home, "highlight-cycle-closed"), "siklus terakhir, ditutup "+closed)
			default:
				t.Fatal("the demo has no assessment cycle")
			}
		}
		checkCycle(home, cycles)
		// Then the other case: the open cycle closed today, or a cycle opened.
		var flipped bool
		for _, c := range cycles {
			if c.Open() {
				if _, err := a.Svc.Competency.CloseCycle(ctx, a.system(), lib, c.ID); err != nil {
					t.Fatal(err)
				}
				flipped = true
			}
		}
		if !flipped {
			var fw int64
			if err := q.QueryRowContext(ctx, `SELECT id FROM frameworks WHERE library_id = ? ORDER BY id LIMIT 1`, lib).Scan(&fw); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Svc.Competency.OpenCycle(ctx, a.system(), lib, competency.NewCycle{Name: "Penilaian Uji Beranda", FrameworkID: fw,
				OpensOn: string(today), ClosesOn: string(today.AddDays(60))}); err != nil {
				t.Fatal(err)
			}
		}
		if cycles, err = a.Svc.Competency.Cycles(ctx, a.system(), lib); err != nil {
			t.Fatal(err)
		}
		home = page(admin, "/")
		checkCycle(home, cycles)

		// 5. Training: sessions starting from today to 30 days ahead, the
		// next of them, and the waiting lists of sessions still to start.
		until := today.AddDays(30)
		var upcoming, waitlisted int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_sessions WHERE library_id = ? AND first_day >= ? AND first_day <= ?
			AND status NOT IN ('cancelled', 'completed')`, lib, string(today), string(until)).Scan(&upcoming); err != nil {
			t.Fatal(err)
		}
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_enrolments e JOIN training_sessions s ON s.library_id = e.library_id AND s.id = e.session_id
			WHERE e.library_id = ? AND e.status = 'waitlisted' AND s.first_day >= ? AND s.status NOT IN ('cancelled', 'completed')`, lib, string(today)).Scan(&waitlisted); err != nil {
			t.Fatal(err)
		}
		if upcoming == 0 || waitlisted == 0 {
			t.Fatalf("the demo has %d sessions in the next 30 days and %d waitlisted; the test wants some of both", upcoming, waitlisted)
		}
		same("upcoming sessions", textOf(t, home, "highlight-training-upcoming"), num(upcoming))
		same("waitlisted", textOf(t, home, "highlight-training-waitlisted"), num(waitlisted))
		var program, title, first string
		if err := q.QueryRowContext(ctx, `SELECT p.title, s.title, s.first_day FROM training_sessions s
			JOIN training_programs p ON p.library_id = s.library_id AND p.id = s.program_id
			WHERE s.library_id = ? AND s.first_day >= ? AND s.status NOT IN ('cancelled', 'completed') ORDER BY s.first_day, s.id LIMIT 1`,
			lib, string(today)).Scan(&program, &title, &first); err != nil {
			t.Fatal(err)
		}
		next := program
		if title != "" {
			next += " — " + title
		}
		same("next session", textOf(t, home, "highlight-training-next"), next)
		same("next session's day", textOf(t, home, "highlight-training-next-day"), i18n.FormatDate("id", record.Date(first).Time()))
		if calendar := page(admin, base+"/training"); !strings.Contains(calendar, next) {
			t.Errorf("the training calendar does not list the next session %q", next)
		}

		// 6. Certificates ending within 60 days: the renewal list's.
		ex, err := a.Svc.Training.Expiring(ctx, a.system(), lib, 60)
		if err != nil {
			t.Fatal(err)
		}
		if len(ex.Items) == 0 {
			t.Fatal("no certificate ends within 60 days; the test wants one")
		}
		same("expiring certificates", textOf(t, home, "highlight-certificates-expiring"), num(len(ex.Items)))
		renewals := page(admin, base+"/certificates?expiring=60")
		same("expiring certificates on the renewal list", textOf(t, home, "highlight-certificates-expiring"),
			num(strings.Count(renewals, `<tr id="expiring-`)))
		same("first to end", textOf(t, home, "highlight-certificates-soonest"), "yang pertama "+i18n.FormatDate("id", ex.Items[0].ExpiresOn.Time()))
		if !strings.Contains(home, `href="`+base+`/certificates?expiring=60"`) {
			t.Error("the certificate card does not open the renewal list")
		}

		// In English the same cards, with the decimal point.
		if res := admin.get("/lang/en?next=/"); res.StatusCode != http.StatusOK && res.StatusCode != http.StatusSeeOther {
			t.Fatalf("switch to English: %d", res.StatusCode)
		}
		en := page(admin, "/")
		if !strings.Contains(en, ">Highlights<") || !strings.Contains(en, "Training in the next 30 days") {
			t.Errorf("the English home page lacks the highlights' English wording")
		}
		same("IKM in English", textOf(t, en, "highlight-ikm-value"), textOf(t, page(admin, base+"/ikm"), "ikm-value"))

		// The pustakawan: only the cards of pages she may open.
		staff := login("pustakawan@batu.bina.demo")
		mine := page(staff, "/")
		for _, id := range []string{"highlight-complaints", "highlight-training"} {
			if !strings.Contains(mine, `id="`+id+`"`) {
				t.Errorf("the pustakawan's home page lacks #%s", id)
			}
		}
		for _, id := range []string{"highlight-ikm", "highlight-jp", "highlight-assessment", "highlight-certificates"} {
			if strings.Contains(mine, `id="`+id+`"`) {
				t.Errorf("the pustakawan's home page shows #%s, whose page she may not open", id)
			}
		}
		if !strings.Contains(mine, "Pengaduan yang ditugaskan kepada Anda") {
			t.Error("the pustakawan's complaint card does not say it counts her own")
		}
		same("her open complaints", textOf(t, mine, "highlight-complaints-open"), textOf(t, page(staff, base+"/complaints"), "complaint-open-count"))
		same("her upcoming sessions", textOf(t, mine, "highlight-training-upcoming"), num(upcoming))
		// Her own figures are one click away; the superadmin, with no staff record, gets no such button.
		if !strings.Contains(mine, `href="`+base+`/me" id="home-me"`) {
			t.Error("the pustakawan's home page has no button to her own page")
		}
		if strings.Contains(page(staff, base+"/me"), `id="home-me"`) {
			t.Error("the button is on her own page too")
		}

		// The superadmin sees five libraries: the overview, no cards.
		super := page(login(demo.SuperadminEmail), "/")
		if strings.Contains(super, `id="home-me"`) {
			t.Error("the superadmin is offered a personal page she does not have")
		}
		if strings.Contains(super, `id="highlights"`) || !strings.Contains(super, `id="library-overview"`) {
			t.Errorf("the superadmin's home page: highlights %v, overview %v; want the overview only",
				strings.Contains(super, `id="highlights"`), strings.Contains(super, `id="library-overview"`))
		}
	})
}
