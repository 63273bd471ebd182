package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/people"
)

// A librarian states her interests through the API and a coordinator sets
// the library's weights: what the pages do, with the same refusals.
func TestRecommendationInputsThroughTheAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		lib := a.A.Library.ID
		mine := fmt.Sprintf("/api/v1/libraries/%d/staff/%d/interests", lib, a.A.Staff.ID)
		staff := a.client()
		token := a.apiToken(a.A.StaffEmail)

		res := staff.api("PUT", mine, token, fmt.Sprintf(`{"competency_ids":[%d],"types":["webinar","e_learning"],"modality":"online","topics":["katalogisasi","RDA"]}`, a.A.Competency))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("save own interests: %d %s", res.StatusCode, res.Body)
		}
		var got struct {
			CompetencyIDs []int64  `json:"competency_ids"`
			Types         []string `json:"types"`
			Modality      string   `json:"modality"`
			Topics        []string `json:"topics"`
		}
		res = staff.api("GET", mine, token, "")
		if err := json.Unmarshal([]byte(res.Body), &got); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("read own interests: %d %v %s", res.StatusCode, err, res.Body)
		}
		if len(got.CompetencyIDs) != 1 || got.CompetencyIDs[0] != a.A.Competency || strings.Join(got.Types, ",") != "webinar,e_learning" ||
			got.Modality != "online" || strings.Join(got.Topics, ",") != "katalogisasi,RDA" {
			t.Errorf("stored interests %+v", got)
		}

		// A refused value changes nothing, not even the fields that were fine.
		res = staff.api("PUT", mine, token, `{"types":["webinar"],"modality":"teleportasi","topics":["x"]}`)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `"modality"`) || !strings.Contains(res.Body, `"topics"`) {
			t.Errorf("bad interests: %d %s", res.StatusCode, res.Body)
		}
		res = staff.api("GET", mine, token, "")
		if !strings.Contains(res.Body, `"online"`) || !strings.Contains(res.Body, "e_learning") {
			t.Errorf("a refused change altered the interests: %s", res.Body)
		}

		// Another person's interests are not hers to change.
		other, err := a.Svc.Staff.Create(t.Context(), a.system(), people.Staff{LibraryID: lib, Name: "Budi Santoso", EmploymentStatus: "non_asn", Active: true})
		if err != nil {
			t.Fatal(err)
		}
		theirs := fmt.Sprintf("/api/v1/libraries/%d/staff/%d/interests", lib, other.ID)
		if res := staff.api("PUT", theirs, token, `{"types":["seminar"]}`); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
			t.Errorf("staff changed another person's interests: %d", res.StatusCode)
		}
		coord := a.client()
		coordToken := a.apiToken(a.A.CoordEmail)
		if res := coord.api("PUT", theirs, coordToken, `{"types":["seminar"]}`); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"seminar"`) {
			t.Errorf("coordinator sets Budi's interests: %d %s", res.StatusCode, res.Body)
		}

		// Weights: coordinators only, the defaults until set, refused values change nothing.
		weights := fmt.Sprintf("/api/v1/libraries/%d/recommendation-weights", lib)
		if res := staff.api("GET", weights, token, ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff reads weights: %d", res.StatusCode)
		}
		if res := staff.api("PUT", weights, token, `{"gap":1,"jp":1,"interest":1,"preference":1}`); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff sets weights: %d", res.StatusCode)
		}
		readWeights := func() map[string]int {
			t.Helper()
			var w map[string]int
			res := coord.api("GET", weights, coordToken, "")
			if err := json.Unmarshal([]byte(res.Body), &w); err != nil || res.StatusCode != http.StatusOK {
				t.Fatalf("read weights: %d %v %s", res.StatusCode, err, res.Body)
			}
			return w
		}
		if w := readWeights(); w["gap"] != 10 || w["jp"] != 1 || w["interest"] != 8 || w["preference"] != 4 {
			t.Errorf("default weights: %v", w)
		}
		if res := coord.api("PUT", weights, coordToken, `{"gap":11,"jp":1,"interest":8,"preference":4}`); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "weight_gap") {
			t.Errorf("gap 11: %d %s", res.StatusCode, res.Body)
		}
		if res := coord.api("PUT", weights, coordToken, `{"gap":0,"jp":0,"interest":0,"preference":0}`); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("all zero: %d %s", res.StatusCode, res.Body)
		}
		if w := readWeights(); w["gap"] != 10 {
			t.Errorf("refused weights were stored: %v", w)
		}
		if res := coord.api("PUT", weights, coordToken, `{"gap":5,"jp":2,"interest":3,"preference":9}`); res.StatusCode != http.StatusOK {
			t.Fatalf("set weights: %d %s", res.StatusCode, res.Body)
		}
		if w := readWeights(); w["gap"] != 5 || w["jp"] != 2 || w["interest"] != 3 || w["preference"] != 9 {
			t.Errorf("weights after saving: %v", w)
		}
		// The page shows what the API set.
		if page := a.login(a.A.CoordEmail).get(fmt.Sprintf("/libraries/%d/training/recommendations/weights", lib)); !strings.Contains(page.Body, `value="9"`) {
			t.Errorf("weights page does not show the API's value")
		}
	})
}
