package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/demo"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/ikm"
)

// The demo's patron voice, as its coordinator and admin find it: a year of
// IKM answers whose index on the page is the one the stored answers give,
// complaints in every state with an escalated one, a dashboard with data,
// and none of it leaking into another library.
func TestDemoPatronVoice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newDemoApp(t, d)
		bundle, err := i18n.New()
		if err != nil {
			t.Fatal(err)
		}
		login := func(email string) *client {
			c := a.client()
			if res := c.postForm("/login", url.Values{"email": {email}, "password": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("demo login %s: %d", email, res.StatusCode)
			}
			return c
		}
		get := func(c *client, path string) string {
			t.Helper()
			res := c.get(path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d\n%s", path, res.StatusCode, between(res.Body, "<main", "</main>"))
			}
			return res.Body
		}
		type lib struct {
			id       int64
			from, to string // the last twelve months, in the library's zone
		}
		find := func(city string) lib {
			var l lib
			var zone string
			if err := d.Reader().QueryRowContext(ctx, `SELECT id, time_zone FROM libraries WHERE city = ?`, city).Scan(&l.id, &zone); err != nil {
				t.Fatalf("library %s: %v", city, err)
			}
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Fatal(err)
			}
			today := time.Now().In(loc)
			l.from, l.to = today.AddDate(-1, 0, 0).Format(time.DateOnly), today.Format(time.DateOnly)
			return l
		}
		A, B := find("Kota Lubuklinggau"), find("Kota Samarinda")
		period := func(l lib) string { return "period=custom&from=" + l.from + "&to=" + l.to }

		// What the ikm package makes of the answers stored for the period.
		stored := func(l lib) ikm.Result {
			rows, err := d.Reader().QueryContext(ctx, `SELECT u1, u2, u3, u4, u5, u6, u7, u8, u9 FROM survey_responses
				WHERE library_id = ? AND day >= ? AND day <= ?`, l.id, l.from, l.to)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var acc ikm.Accumulator
			for rows.Next() {
				var u [ikm.NumElements]int
				if err := rows.Scan(&u[0], &u[1], &u[2], &u[3], &u[4], &u[5], &u[6], &u[7], &u[8]); err != nil {
					t.Fatal(err)
				}
				var answers [ikm.NumElements]uint8
				for i, v := range u {
					answers[i] = uint8(v)
				}
				acc.Add(answers)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			return acc.Result()
		}
		codes := func(l lib, where string) []string {
			rows, err := d.Reader().QueryContext(ctx, `SELECT code FROM complaints c WHERE library_id = ?`+where, l.id)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var c string
				if err := rows.Scan(&c); err != nil {
					t.Fatal(err)
				}
				out = append(out, c)
			}
			return out
		}

		// The coordinator's IKM page: respondents, and the index and grade
		// the stored answers give.
		want := stored(A)
		coord := login("koordinator@lubuklinggau.bina.demo")
		page := get(coord, fmt.Sprintf("/libraries/%d/ikm?%s", A.id, period(A)))
		if want.Respondents == 0 {
			t.Fatal("no survey answers stored for the last twelve months")
		}
		if got, w := textOf(t, page, "ikm-respondents"), i18n.FormatNumber("id", want.Respondents); got != w {
			t.Errorf("IKM page: %s respondents, the stored answers are %s", got, w)
		}
		if got, w := textOf(t, page, "ikm-value"), i18n.FormatDecimal("id", want.IKM, 2); got != w {
			t.Errorf("IKM page: IKM %s, the stored answers give %s", got, w)
		}
		if got := textOf(t, page, "ikm-grade"); got != want.Grade || got == "" {
			t.Errorf("IKM page: grade %q, the stored answers give %q", got, want.Grade)
		}
		if got := textOf(t, page, "ikm-target"); got == "—" {
			t.Error("IKM page: no sample target; the demo enters monthly visitor counts")
		}
		// The weakest element is marked, and it has a plan done and one in progress.
		lowest := want.Elements[0]
		for _, e := range want.Elements {
			if e.NRR < lowest.NRR {
				lowest = e
			}
		}
		if !strings.Contains(page, `id="element-`+lowest.Code+`" class="ikm-weak"`) {
			t.Errorf("IKM page: the weakest element %s (NRR %.4f) is not marked", lowest.Code, lowest.NRR)
		}
		plans := between(page, `id="followup-list"`, "</table>")
		for _, st := range []string{"done", "in_progress"} {
			if !strings.Contains(plans, bundle.T("id", "survey.followup.status."+st, nil)) {
				t.Errorf("IKM page: no follow-up plan %s", st)
			}
		}
		if !strings.Contains(plans, lowest.Code) {
			t.Errorf("IKM page: the follow-up plans are not about the weakest element %s", lowest.Code)
		}

		// The inbox lists every complaint, in several states of the lifecycle.
		inbox := between(get(coord, fmt.Sprintf("/libraries/%d/complaints?status=all", A.id)), `id="complaint-table"`, "</table>")
		all := codes(A, "")
		if n := len(all); n < 6 || n > 15 {
			t.Errorf("%d complaints, want 6–15", n)
		}
		for _, c := range all {
			if !strings.Contains(inbox, c) {
				t.Errorf("inbox lacks complaint %s", c)
			}
		}
		states := 0
		for _, st := range []string{"baru", "diverifikasi", "ditindaklanjuti", "dijawab", "selesai", "ditutup", "ditolak"} {
			if len(codes(A, ` AND status = '`+st+`'`)) == 0 {
				t.Errorf("no complaint is %s", st)
				continue
			}
			if strings.Contains(inbox, bundle.T("id", "complaint.status."+st, nil)) {
				states++
			}
		}
		if states < 7 {
			t.Errorf("the inbox shows %d of the 7 states", states)
		}

		// The admin's escalations: the overdue complaint.
		admin := login("admin@lubuklinggau.bina.demo")
		escalated := codes(A, ` AND ((c.escalated_stage = 'verify' AND c.status = 'baru') OR (c.escalated_stage = 'decide' AND c.status = 'diverifikasi'))`)
		if len(escalated) == 0 {
			t.Fatal("no open escalation")
		}
		esc := between(get(admin, fmt.Sprintf("/libraries/%d/complaints/escalations", A.id)), `id="complaint-escalations"`, "</table>")
		for _, c := range escalated {
			if !strings.Contains(esc, c) {
				t.Errorf("escalations lack %s", c)
			}
		}
		if !strings.Contains(esc, "badge-warn") {
			t.Error("escalations: no complaint shown as late")
		}

		// The dashboard over the same twelve months.
		voice := get(admin, fmt.Sprintf("/libraries/%d/voice?%s", A.id, period(A)))
		if got, w := textOf(t, voice, "voice-ikm"), i18n.FormatDecimal("id", want.IKM, 2); got != w {
			t.Errorf("dashboard: IKM %s, want %s", got, w)
		}
		if got, w := textOf(t, voice, "voice-respondents"), i18n.FormatNumber("id", want.Respondents); got != w {
			t.Errorf("dashboard: %s respondents, want %s", got, w)
		}
		for _, id := range []string{"voice-received", "voice-overdue", "voice-suggestions"} {
			if n, _ := strconv.Atoi(strings.ReplaceAll(textOf(t, voice, id), ".", "")); n == 0 {
				t.Errorf("dashboard: %s is %q", id, textOf(t, voice, id))
			}
		}
		if !strings.Contains(voice, `id="voice-points"`) || !strings.Contains(voice, `id="voice-months"`) {
			t.Error("dashboard: no service points or months table")
		}

		// Library B: its own figures, none of A's complaints.
		wantB := stored(B)
		coordB := login("koordinator@samarinda.bina.demo")
		pageB := get(coordB, fmt.Sprintf("/libraries/%d/ikm?%s", B.id, period(B)))
		if got, w := textOf(t, pageB, "ikm-respondents"), i18n.FormatNumber("id", wantB.Respondents); got != w {
			t.Errorf("B's IKM page: %s respondents, want B's %s", got, w)
		}
		if got, w := textOf(t, pageB, "ikm-value"), i18n.FormatDecimal("id", wantB.IKM, 2); got != w {
			t.Errorf("B's IKM page: IKM %s, want B's %s", got, w)
		}
		adminB := login("admin@samarinda.bina.demo")
		for _, p := range []struct {
			c    *client
			path string
		}{
			{coordB, fmt.Sprintf("/libraries/%d/complaints?status=all", B.id)},
			{adminB, fmt.Sprintf("/libraries/%d/complaints/escalations", B.id)},
			{adminB, fmt.Sprintf("/libraries/%d/voice?%s", B.id, period(B))},
		} {
			body := get(p.c, p.path)
			for _, c := range all {
				if strings.Contains(body, c) {
					t.Errorf("%s shows Lubuklinggau's complaint %s", p.path, c)
				}
			}
			if strings.Contains(body, "Lubuklinggau") {
				t.Errorf("%s names Lubuklinggau", p.path)
			}
		}
		for _, path := range []string{
			fmt.Sprintf("/libraries/%d/ikm", A.id), fmt.Sprintf("/libraries/%d/complaints", A.id), fmt.Sprintf("/libraries/%d/voice", A.id),
		} {
			if res := coordB.get(path); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
				t.Errorf("Samarinda's coordinator opens %s: %d", path, res.StatusCode)
			}
		}
	})
}
