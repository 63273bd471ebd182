package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
)

// The coordinator sees the programme's rounds side by side on its page and
// through the API; a librarian sees the programme without them.
func TestProgramEvaluationByRound(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		page := fmt.Sprintf("/libraries/%d/training/programs/%d", a.A.Library.ID, a.A.Program.ID)
		body := a.login(a.A.CoordEmail).get(page).Body
		row := between(body, fmt.Sprintf(`id="round-%d"`, a.A.Session.ID), "</tr>")
		if !strings.Contains(body, `id="program-evaluation"`) || !strings.Contains(row, "0 / 1") {
			t.Fatalf("coordinator's programme page lacks the round of the session with its one seat:\n%s", row)
		}
		if res := a.login(a.A.StaffEmail).get(page); res.StatusCode != http.StatusOK || strings.Contains(res.Body, `id="program-evaluation"`) {
			t.Errorf("librarian's programme page: %d, evaluation shown %v", res.StatusCode, strings.Contains(res.Body, `id="program-evaluation"`))
		}

		api := fmt.Sprintf("/api/v1/libraries/%d/programs/%d/evaluation", a.A.Library.ID, a.A.Program.ID)
		res := a.client().api("GET", api, a.apiToken(a.A.CoordEmail), "")
		var got struct {
			Rounds []struct {
				Session struct {
					ID int64 `json:"id"`
				} `json:"session"`
				Seated   int `json:"seated"`
				Reaction struct {
					N     int  `json:"n"`
					Shown bool `json:"shown"`
				} `json:"reaction"`
			} `json:"rounds"`
		}
		if err := json.Unmarshal([]byte(res.Body), &got); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("API: %d %v %s", res.StatusCode, err, res.Body)
		}
		if len(got.Rounds) != 1 || got.Rounds[0].Session.ID != a.A.Session.ID || got.Rounds[0].Seated != 1 || got.Rounds[0].Reaction.Shown {
			t.Errorf("API rounds %+v", got.Rounds)
		}
		if res := a.client().api("GET", api, a.apiToken(a.A.StaffEmail), ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("librarian reads the evaluation through the API: %d", res.StatusCode)
		}
	})
}
