package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/demo"
	"github.com/bina-pustaka/bina/internal/record"
)

// The demo's staff development, as a visitor of Kota Batu meets it: the
// pustakawan sees this year's JP (her verified ledger lines), her completed
// training's certificate verifies publicly, the coordinator's calendar has
// upcoming sessions and a waitlist, the heatmap shows the agreed levels of
// the closed cycle, the pustakawan's recommendations give reasons, and
// Samarinda's coordinator reaches none of it.
func TestDemoStaffDevelopment(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newDemoApp(t, d)
		q := d.Reader()
		one := func(dest any, query string, args ...any) {
			t.Helper()
			if err := q.QueryRowContext(ctx, query, args...).Scan(dest); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		}
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
				t.Fatalf("GET %s: %d", path, res.StatusCode)
			}
			return res.Body
		}

		var lib, mine int64
		var tz string
		one(&lib, `SELECT id FROM libraries WHERE name = ?`, "Dinas Perpustakaan dan Kearsipan Kota Batu")
		one(&tz, `SELECT time_zone FROM libraries WHERE id = ?`, lib)
		one(&mine, `SELECT m.staff_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ?`, "pustakawan@batu.bina.demo")
		today := record.DateOf(time.Now(), record.Zone(tz))
		base := fmt.Sprintf("/libraries/%d", lib)
		librarian, coordinator := login("pustakawan@batu.bina.demo"), login("koordinator@batu.bina.demo")

		// Her JP this year: the sum of her verified ledger lines, and what waits.
		var verified, pending int
		one(&verified, `SELECT COALESCE(SUM(jp), 0) FROM record_jp_entries WHERE library_id = ? AND staff_id = ? AND year = ? AND status = ?`,
			lib, mine, today.Year(), record.StatusVerified)
		one(&pending, `SELECT COALESCE(SUM(jp), 0) FROM record_jp_entries WHERE library_id = ? AND staff_id = ? AND year = ? AND status = ?`,
			lib, mine, today.Year(), record.StatusSubmitted)
		// In the first weeks of January the year has barely begun: the demo's
		// training and most JP then fall in the year before.
		early := today < record.Date(fmt.Sprintf("%d-01-25", today.Year()))
		if !early && (verified == 0 || pending == 0) {
			t.Fatalf("the demo pustakawan has %d JP verified, %d pending; want some of each", verified, pending)
		}
		me := page(librarian, base+"/me")
		if want := fmt.Sprintf("%d dari 20 JP terverifikasi (%d JP menunggu verifikasi)", verified, pending); !strings.Contains(me, want) {
			t.Errorf("her page lacks %q", want)
		}

		// The library's 20 JP page: some met the target, some are close, some far.
		var met, near, far int
		one(&met, jpCount(">= 20"), today.Year(), record.StatusVerified, lib, true)
		one(&near, jpCount("BETWEEN 10 AND 19"), today.Year(), record.StatusVerified, lib, true)
		one(&far, jpCount("< 10"), today.Year(), record.StatusVerified, lib, true)
		if !early && (met == 0 || near == 0 || far == 0) {
			t.Errorf("JP this year: %d met, %d close, %d far; want a mix", met, near, far)
		}
		if jp := page(coordinator, base+"/jp"); !strings.Contains(jp, fmt.Sprintf(`id="jp-reached-count">%d<`, met)) {
			t.Errorf("the JP status page does not count %d who reached 20 JP", met)
		}

		// Her completed training's certificate verifies, without an account.
		var code, number string
		one(&code, `SELECT code FROM training_certificates WHERE library_id = ? AND staff_id = ?`, lib, mine)
		one(&number, `SELECT number FROM training_certificates WHERE library_id = ? AND staff_id = ?`, lib, mine)
		verify := page(a.client(), "/verify/"+code)
		if !strings.Contains(verify, `id="certificate-state">SAH<`) || !strings.Contains(verify, number) {
			t.Errorf("/verify/%s does not show certificate %s as valid", code, number)
		}
		if certs := page(librarian, base+"/certificates"); !strings.Contains(certs, number) {
			t.Errorf("her certificates page lacks %s", number)
		}

		// The coordinator's calendar: upcoming sessions, one full with a waitlist.
		var full, seats, capacity, waiting, year int64
		one(&full, `SELECT s.id FROM training_sessions s WHERE s.library_id = ? AND s.status = 'open' AND EXISTS
			(SELECT 1 FROM training_enrolments e WHERE e.library_id = s.library_id AND e.session_id = s.id AND e.status = 'waitlisted')`, lib)
		one(&year, `SELECT year FROM training_sessions WHERE id = ?`, full)
		one(&capacity, `SELECT capacity FROM training_sessions WHERE id = ?`, full)
		one(&seats, `SELECT COUNT(*) FROM training_enrolments WHERE session_id = ? AND status = 'confirmed'`, full)
		one(&waiting, `SELECT COUNT(*) FROM training_enrolments WHERE session_id = ? AND status = 'waitlisted'`, full)
		if seats != capacity {
			t.Errorf("the waitlisted session has %d of %d seats taken", seats, capacity)
		}
		calendar := page(coordinator, fmt.Sprintf("%s/training?year=%d", base, year))
		row := devBetween(calendar, fmt.Sprintf(`<tr id="session-%d">`, full), "</tr>")
		if !strings.Contains(row, fmt.Sprintf("%d / %d", seats, capacity)) || !strings.Contains(row, fmt.Sprintf("%d menunggu", waiting)) {
			t.Errorf("calendar row of session %d lacks %d / %d and %d waiting: %s", full, seats, capacity, waiting, row)
		}
		upcoming := devIDs(t, q, `SELECT id FROM training_sessions WHERE library_id = ? AND status = 'open' AND first_day > ?`, lib, string(today))
		if len(upcoming) < 2 {
			t.Errorf("%d upcoming sessions; want at least 2", len(upcoming))
		}
		calendars := map[int64]string{year: calendar}
		for _, id := range upcoming {
			var y int64
			one(&y, `SELECT year FROM training_sessions WHERE id = ?`, id)
			if _, ok := calendars[y]; !ok {
				calendars[y] = page(coordinator, fmt.Sprintf("%s/training?year=%d", base, y))
			}
			if !strings.Contains(calendars[y], fmt.Sprintf(`id="session-%d"`, id)) {
				t.Errorf("the calendar of %d lacks upcoming session %d", y, id)
			}
		}

		// The heatmap of the closed cycle: her row shows her agreed levels
		// and her total gap, as frozen in the results.
		var cycle int64
		one(&cycle, `SELECT id FROM assessment_cycles WHERE library_id = ? AND status = 'closed'`, lib)
		var agreed []int
		gap := 0
		rows, err := q.QueryContext(ctx, `SELECT required_level, agreed_level FROM assessment_results WHERE library_id = ? AND cycle_id = ? AND staff_id = ?`,
			lib, cycle, mine)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var req, ag int
			if err := rows.Scan(&req, &ag); err != nil {
				t.Fatal(err)
			}
			agreed, gap = append(agreed, ag), gap+max(0, req-ag)
		}
		rows.Close()
		if len(agreed) == 0 || gap == 0 {
			t.Fatalf("the demo pustakawan has %d results, total gap %d", len(agreed), gap)
		}
		heat := page(coordinator, fmt.Sprintf("%s/cycles/%d/heatmap", base, cycle))
		heatRow := devBetween(heat, fmt.Sprintf(`<tr id="heat-row-%d">`, mine), "</tr>")
		var shown []int
		for _, m := range regexp.MustCompile(`<td class="heat heat-\d">(\d)</td>`).FindAllStringSubmatch(heatRow, -1) {
			n, _ := strconv.Atoi(m[1])
			shown = append(shown, n)
		}
		slices.Sort(agreed)
		slices.Sort(shown)
		if !slices.Equal(agreed, shown) {
			t.Errorf("heatmap row shows %v; the results agree %v", shown, agreed)
		}
		if !strings.Contains(heatRow, fmt.Sprintf(`<td class="num heat-total">%d</td>`, gap)) {
			t.Errorf("heatmap row lacks her total gap %d: %s", gap, heatRow)
		}
		var results int
		one(&results, `SELECT COUNT(*) FROM assessment_results WHERE library_id = ? AND cycle_id = ? AND agreed_level IS NOT NULL`, lib, cycle)
		if cells := len(regexp.MustCompile(`<td class="heat heat-\d">\d</td>`).FindAllString(heat, -1)); cells != results || cells < 200 {
			t.Errorf("the heatmap shows %d agreed levels; the cycle agreed %d", cells, results)
		}

		// Her recommendations: upcoming sessions she is not in, each with reasons.
		reco := page(librarian, base+"/training/recommendations")
		lines := regexp.MustCompile(`(?s)<tr id="reco-(\d+)">(.*?)</tr>`).FindAllStringSubmatch(reco, -1)
		if len(lines) == 0 {
			t.Fatal("no recommendations for the demo pustakawan")
		}
		hers := devIDs(t, q, `SELECT session_id FROM training_enrolments WHERE library_id = ? AND staff_id = ? AND status <> 'cancelled'`, lib, mine)
		gapReason := false
		for _, l := range lines {
			id, _ := strconv.ParseInt(l[1], 10, 64)
			if slices.Contains(hers, id) {
				t.Errorf("session %d is recommended though she is enrolled", id)
			}
			if strings.Count(l[2], "<li>") == 0 {
				t.Errorf("recommendation %d has no reason", id)
			}
			gapReason = gapReason || strings.Contains(l[2], "Menutup kesenjangan")
		}
		if !gapReason {
			t.Error("no recommendation closes one of her gaps")
		}

		// Her development plan has goals from her largest gaps.
		var goals int
		one(&goals, `SELECT COUNT(*) FROM plan_goals g JOIN development_plans p ON p.id = g.plan_id WHERE p.library_id = ? AND p.staff_id = ? AND p.year = ?`,
			lib, mine, today.Year())
		if plan := devBetween(me, `id="me-plan"`, "</section>"); goals == 0 || strings.Count(plan, "Naik dari tingkat") != goals {
			t.Errorf("her page shows %d of %d plan goals", strings.Count(plan, "Naik dari tingkat"), goals)
		}

		// Samarinda's coordinator reaches none of Batu's development.
		other := login("koordinator@samarinda.bina.demo")
		for _, path := range []string{
			base + "/training", fmt.Sprintf("%s/cycles/%d/heatmap", base, cycle), fmt.Sprintf("%s/training/sessions/%d", base, full),
			fmt.Sprintf("%s/staff/%d/record", base, mine), fmt.Sprintf("%s/training/recommendations?staff=%d", base, mine), base + "/jp",
		} {
			if res := other.get(path); res.StatusCode != http.StatusNotFound {
				t.Errorf("Samarinda's coordinator GET %s: %d, want 404", path, res.StatusCode)
			}
		}
		var samarinda int64
		one(&samarinda, `SELECT id FROM libraries WHERE name = ?`, "Dinas Perpustakaan dan Kearsipan Kota Samarinda")
		if own := page(other, fmt.Sprintf("/libraries/%d/training?year=%d", samarinda, year)); strings.Contains(own, fmt.Sprintf(`id="session-%d"`, full)) {
			t.Error("Samarinda's calendar lists Batu's session")
		}
	})
}

// jpCount counts a library's active staff whose verified JP of a year meet cond.
func jpCount(cond string) string {
	return `SELECT COUNT(*) FROM (SELECT s.id, COALESCE(SUM(j.jp), 0) AS jp FROM staff s
		LEFT JOIN record_jp_entries j ON j.library_id = s.library_id AND j.staff_id = s.id AND j.year = ? AND j.status = ?
		WHERE s.library_id = ? AND s.active = ? GROUP BY s.id) x WHERE x.jp ` + cond
}

// devIDs runs a query of one id column.
func devIDs(t *testing.T, q db.Querier, query string, args ...any) []int64 {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// devBetween is the part of s from the first start to the next end ("" when
// start is missing).
func devBetween(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, end); j >= 0 {
		return s[:j]
	}
	return s
}
