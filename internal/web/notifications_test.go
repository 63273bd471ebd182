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
