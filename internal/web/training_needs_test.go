package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// A coordinator opens the needs analysis, applies the suggested mappings
// and sees them listed; a pustakawan may not open it.
func TestTrainingNeedsPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		base := trainingBase(a.A) + "/needs"
		coord := a.login(a.A.CoordEmail)
		res := coord.get(base)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="needs-table"`) {
			t.Fatalf("needs page: %d", res.StatusCode)
		}
		if !strings.Contains(res.Body, `id="needs-apply-suggested"`) {
			t.Fatalf("no suggestions offered")
		}
		if res := coord.postForm(base+"/mappings/suggested", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("apply suggestions: %d", res.StatusCode)
		}
		res = coord.get(base)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Pemetaan disimpan.") || !strings.Contains(res.Body, "Pelayanan prima") {
			t.Fatalf("apply suggestions: %d", res.StatusCode)
		}
		res = coord.postForm(base+"/mappings", url.Values{"source": {"ikm_element:U42"}, "competency_id": {"1"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Pilih unsur IKM") {
			t.Fatalf("bad source: %d", res.StatusCode)
		}
		if res := a.login(a.A.StaffEmail).get(base); res.StatusCode != http.StatusForbidden {
			t.Fatalf("staff: %d", res.StatusCode)
		}
	})
}
