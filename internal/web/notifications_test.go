package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/notify"
)

// The harness nominated the staff member to its session; the scan job makes an invitation in
// her notifications with the unread count in the menu; she marks it read.
func TestNotificationsPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		staff := a.login(a.A.StaffEmail)
		base := fmt.Sprintf("/libraries/%d/notifications", a.A.Library.ID)
		res := staff.get(base)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="notifications-none"`) {
			t.Fatalf("before the scan: %d", res.StatusCode)
		}
		if _, err := a.Svc.Notify.ScanTraining(ctx); err != nil {
			t.Fatal(err)
		}
		res = staff.get(base)
		if !strings.Contains(res.Body, "Undangan pelatihan") || !strings.Contains(res.Body, "Notifikasi (1)") {
			t.Fatalf("after nomination: %s", res.Body)
		}
		if res := staff.postForm(base+"/read", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("mark read: %d", res.StatusCode)
		}
		res = staff.get(base)
		if strings.Contains(res.Body, "Notifikasi (1)") || !strings.Contains(res.Body, `class="read"`) {
			t.Fatalf("after reading: %s", res.Body)
		}
		// The coordinator has none of hers.
		if res := a.login(a.A.CoordEmail).get(base); !strings.Contains(res.Body, `id="notifications-none"`) {
			t.Fatalf("coordinator sees hers")
		}
	})
}

// notificationIDs reads a user's notification ids in a library, newest first.
func notificationIDs(t *testing.T, d *db.DB, libraryID, userID int64) []int64 {
	t.Helper()
	rows, err := d.Reader().QueryContext(context.Background(), `SELECT id FROM notifications WHERE library_id = ? AND user_id = ? ORDER BY id DESC`,
		libraryID, userID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func auditCount(t *testing.T, d *db.DB, action string, userID int64) (n int, summary string) {
	t.Helper()
	var s sql.NullString
	if err := d.Reader().QueryRowContext(context.Background(), `SELECT COUNT(*), MAX(summary) FROM audit_log WHERE action = ? AND user_id = ?`,
		action, userID).Scan(&n, &s); err != nil {
		t.Fatal(err)
	}
	return n, s.String
}

// Batu's pustakawan switches to English while signed in; Samarinda's keeps
// Indonesian. The scan's invitations then reach each in her language: the
// page (a new browser starts in the stored language at login), the API
// (without Accept-Language) and the queued e-mail. A row from before the
// message keys shows its stored text. Marking read is audited and changes
// the unread count; another user's notification is not found.
func TestNotificationsInTheUsersLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		a.Svc.Notify.Mail = notify.Mailer{Addr: "127.0.0.1:1", From: "bina@perpustakaan.test"} // queued, never sent here
		if res := a.login(a.A.StaffEmail).get("/lang/en?next=/"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("switch language: %d", res.StatusCode)
		}
		var lang string
		if err := d.Reader().QueryRowContext(ctx, `SELECT lang FROM users WHERE id = ?`, a.A.StaffUserID).Scan(&lang); err != nil || lang != "en" {
			t.Fatalf("stored language %q, %v", lang, err)
		}
		// A link on another site switches that browser only, never the account.
		other := a.login(a.B.StaffEmail)
		req, _ := http.NewRequest("GET", other.base+"/lang/en?next=/", nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if res := other.do(req); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("cross-site switch: %d", res.StatusCode)
		}
		var langB string
		if err := d.Reader().QueryRowContext(ctx, `SELECT u.lang FROM users u WHERE u.email = ?`, a.B.StaffEmail).Scan(&langB); err != nil || langB != "id" {
			t.Fatalf("a cross-site link changed the stored language to %q (%v)", langB, err)
		}
		if _, err := a.Svc.Notify.ScanTraining(ctx); err != nil {
			t.Fatal(err)
		}
		// An old row, written before notifications had message keys.
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO notifications (library_id, user_id, kind, title, body, link, dedupe_key, created_at)
				VALUES (?, ?, 'reminder', 'Bimtek Lama', 'Besok dimulai Bimtek Lama (2026-01-05).', '', 'old:1', ?)`,
				a.A.Library.ID, a.A.StaffUserID, db.Now())
			return err
		}); err != nil {
			t.Fatal(err)
		}

		const enBody = "You have been nominated for Literasi Informasi Perpustakaan Kota Batu, starting 10 March 2027."
		const idBody = "Anda dinominasikan sebagai peserta Literasi Informasi Perpustakaan Kota Samarinda, mulai 10 Maret 2027."
		baseA := fmt.Sprintf("/libraries/%d/notifications", a.A.Library.ID)
		baseB := fmt.Sprintf("/libraries/%d/notifications", a.B.Library.ID)
		// A new browser (no language cookie, Accept-Language id) gets the stored language at login.
		sari := a.client()
		res := sari.postForm("/login", url.Values{"email": {a.A.StaffEmail}, "password": {testPassword}, "next": {"/"}})
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(strings.Join(res.Header.Values("Set-Cookie"), "\n"), "bina_lang=en") {
			t.Fatalf("login: %d, cookies %v", res.StatusCode, res.Header.Values("Set-Cookie"))
		}
		res = sari.get(baseA)
		for _, want := range []string{"Training invitation", enBody, "Notifications (2)", "Bimtek Lama", "Besok dimulai Bimtek Lama (2026-01-05)."} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("English page lacks %q", want)
			}
		}
		samarinda := a.login(a.B.StaffEmail)
		if res := samarinda.get(baseB); !strings.Contains(res.Body, "Undangan pelatihan") || !strings.Contains(res.Body, idBody) {
			t.Errorf("Indonesian page: %s", res.Body)
		}

		api := a.client()
		api.lang = "" // no Accept-Language: the account's language
		tokA, tokB := a.apiToken(a.A.StaffEmail), a.apiToken(a.B.StaffEmail)
		res = api.api("GET", "/api/v1"+baseA, tokA, "")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, enBody) || !strings.Contains(res.Body, `"unread": 2`) {
			t.Errorf("English API: %d %s", res.StatusCode, res.Body)
		}
		if res := api.api("GET", "/api/v1"+baseB, tokB, ""); !strings.Contains(res.Body, idBody) {
			t.Errorf("Indonesian API: %s", res.Body)
		}
		// Accept-Language, when sent, is the client's choice.
		if res := a.client().api("GET", "/api/v1"+baseA, tokA, ""); !strings.Contains(res.Body, "Anda dinominasikan sebagai peserta") {
			t.Errorf("API with Accept-Language id: %s", res.Body)
		}

		box, err := a.Svc.Notify.Outbox(ctx)
		if err != nil {
			t.Fatal(err)
		}
		subjects := map[string]string{}
		for _, m := range box {
			subjects[m.To] = m.Subject
		}
		if s := subjects[a.A.StaffEmail]; s != "[Bina Pustaka] Training invitation: Literasi Informasi Perpustakaan Kota Batu" {
			t.Errorf("Batu's e-mail subject %q", s)
		}
		if s := subjects[a.B.StaffEmail]; s != "[Bina Pustaka] Undangan pelatihan: Literasi Informasi Perpustakaan Kota Samarinda" {
			t.Errorf("Samarinda's e-mail subject %q", s)
		}

		// Mark one read on the page: audited, the count falls.
		ids := notificationIDs(t, d, a.A.Library.ID, a.A.StaffUserID)
		if res := sari.postForm(baseA+"/read", url.Values{"id": {fmt.Sprint(ids[0])}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("mark read: %d %s", res.StatusCode, res.Body)
		}
		if n, _ := auditCount(t, d, "notify.read", a.A.StaffUserID); n != 1 {
			t.Errorf("notify.read audited %d times", n)
		}
		if res := sari.get(baseA); !strings.Contains(res.Body, "Notifications (1)") {
			t.Errorf("after one read: no count of 1")
		}
		// Someone else's notification: the coordinator of the same library, on the page and in the API.
		coord := a.login(a.A.CoordEmail)
		if res := coord.postForm(baseA+"/read", url.Values{"id": {fmt.Sprint(ids[1])}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("coordinator marking hers: %d", res.StatusCode)
		}
		if res := api.api("POST", "/api/v1"+baseA+"/read", a.apiToken(a.A.CoordEmail), fmt.Sprintf(`{"id": %d}`, ids[1])); res.StatusCode != http.StatusNotFound {
			t.Errorf("coordinator marking hers by API: %d %s", res.StatusCode, res.Body)
		}
		if res := api.api("GET", "/api/v1"+baseA, tokA, ""); !strings.Contains(res.Body, `"unread": 1`) {
			t.Errorf("hers changed by the coordinator: %s", res.Body)
		}
		// Mark all read by the API: one audit entry with the count.
		res = api.api("POST", "/api/v1"+baseA+"/read", tokA, `{}`)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"marked": 1`) || !strings.Contains(res.Body, `"unread": 0`) {
			t.Errorf("mark all by API: %d %s", res.StatusCode, res.Body)
		}
		if n, summary := auditCount(t, d, "notify.read_all", a.A.StaffUserID); n != 1 || summary != "1" {
			t.Errorf("notify.read_all audited %d times, summary %q", n, summary)
		}
		if res := sari.get(baseA); strings.Contains(res.Body, "Notifications (") {
			t.Errorf("count still shown after all read")
		}
		// Mark all read on the page for Samarinda: one entry, count 1.
		if res := samarinda.postForm(baseB+"/read", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("mark all on the page: %d", res.StatusCode)
		}
		if n, summary := auditCount(t, d, "notify.read_all", a.B.StaffUserID); n != 1 || summary != "1" {
			t.Errorf("Samarinda's mark all audited %d times, summary %q", n, summary)
		}
	})
}
