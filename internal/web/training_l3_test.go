package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// The follow-up page lists L3 reassessments and the indicative L4 table;
// pustakawan may not open it.
func TestTrainingFollowUpPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		base := trainingBase(a.A) + "/followup"
		coord := a.login(a.A.CoordEmail)
		for _, u := range []string{base, base + "?all=1"} {
			res := coord.get(u)
			if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="l3-table"`) || !strings.Contains(res.Body, `id="l4-indicative"`) {
				t.Fatalf("%s: %d", u, res.StatusCode)
			}
		}
		if res := a.login(a.A.StaffEmail).get(base); res.StatusCode != http.StatusForbidden {
			t.Fatalf("staff: %d", res.StatusCode)
		}
	})
}
