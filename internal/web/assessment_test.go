package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// The harness's open cycle: the librarian downloads her own evidence, the
// coordinator's heatmap exports to XLSX, and the API gives cycles, results
// and gaps; the librarian reaches neither the heatmap nor the results.
func TestAssessmentPagesAndAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		asmSetup(t, a)
		lib, cycle := a.A.Library.ID, a.A.Cycle.ID

		staff := a.login(a.A.StaffEmail)
		res := staff.get(fmt.Sprintf("/libraries/%d/assessments/%d/files/%d", lib, a.A.Assessment, a.A.EvidenceFile))
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF") {
			t.Errorf("her evidence: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if res := staff.get(fmt.Sprintf("/libraries/%d/cycles/%d/heatmap", lib, cycle)); res.StatusCode != http.StatusForbidden {
			t.Errorf("the librarian opened the heatmap: %d", res.StatusCode)
		}
		if res := staff.get(fmt.Sprintf("/libraries/%d/staff/%d/gaps", lib, a.A.Staff.ID)); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "gap-LP.01") {
			t.Errorf("her own gap page: %d", res.StatusCode)
		}
		if res := staff.get(fmt.Sprintf("/libraries/%d/assessments/%d/review", lib, a.A.Assessment)); res.StatusCode != http.StatusForbidden {
			t.Errorf("the librarian opened her own review: %d", res.StatusCode)
		}

		coord := a.login(a.A.CoordEmail)
		res = coord.get(fmt.Sprintf("/libraries/%d/cycles/%d/heatmap.xlsx", lib, cycle))
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Body, "PK") {
			t.Errorf("xlsx export: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if res := coord.get(fmt.Sprintf("/libraries/%d/cycles/%d/heatmap?sort=gap&level=Ahli+Pertama&service_point=%d", lib, cycle, a.A.ServicePoint.ID)); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, a.A.Staff.Name) {
			t.Errorf("filtered heatmap: %d", res.StatusCode)
		}

		token := a.apiToken(a.A.CoordEmail)
		api := a.client()
		if res := api.api("GET", fmt.Sprintf("/api/v1/libraries/%d/cycles", lib), token, ""); res.StatusCode != 200 || !strings.Contains(res.Body, `"Semester II 2026"`) {
			t.Errorf("cycles: %d %.200s", res.StatusCode, res.Body)
		}
		if res := api.api("GET", fmt.Sprintf("/api/v1/libraries/%d/cycles/%d/results", lib, cycle), token, ""); res.StatusCode != 200 || !strings.Contains(res.Body, `"common_gaps"`) {
			t.Errorf("results: %d %.200s", res.StatusCode, res.Body)
		}
		res = api.api("GET", fmt.Sprintf("/api/v1/libraries/%d/staff/%d/gaps", lib, a.A.Staff.ID), token, "")
		if res.StatusCode != 200 || !strings.Contains(res.Body, `"self_level": 3`) || !strings.Contains(res.Body, `"not_reviewed": 3`) {
			t.Errorf("gaps: %d %.400s", res.StatusCode, res.Body)
		}
	})
}
