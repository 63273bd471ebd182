package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/dbtest"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// The attendance and evaluation API report what the coordinator recorded:
// the days present and the pre/post scores with their normalized gain.
func TestTrainingAttendanceAndEvaluationAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		ctx := context.Background()
		sys := a.system()
		lib, sess, enr := a.A.Library.ID, a.A.Session.ID, a.A.Enrolment.ID
		if err := a.Svc.Training.SetAttendance(ctx, sys, lib, sess, record.Date("2027-03-10"), []int64{enr}); err != nil {
			t.Fatal(err)
		}
		pre, post := 40, 70 // g = (70 − 40) / (100 − 40) = 0.5, medium
		if err := a.Svc.Training.SetScores(ctx, sys, lib, sess, []training.Score{{EnrolmentID: enr, Pre: &pre, Post: &post}}); err != nil {
			t.Fatal(err)
		}
		c := a.client()
		token := a.apiToken(a.A.CoordEmail)
		base := fmt.Sprintf("/api/v1/libraries/%d/sessions/%d", lib, sess)

		res := c.api("GET", base+"/attendance", token, "")
		var att struct {
			Days         []string `json:"days"`
			Participants []struct {
				EnrolmentID int64    `json:"enrolment_id"`
				Present     []string `json:"present"`
			} `json:"participants"`
		}
		if err := json.Unmarshal([]byte(res.Body), &att); err != nil || res.StatusCode != 200 {
			t.Fatalf("attendance: %d %s", res.StatusCode, res.Body)
		}
		if len(att.Days) != 2 || len(att.Participants) != 1 || att.Participants[0].EnrolmentID != enr ||
			len(att.Participants[0].Present) != 1 || att.Participants[0].Present[0] != "2027-03-10" {
			t.Errorf("attendance: %s", res.Body)
		}

		res = c.api("GET", base+"/evaluation", token, "")
		var ev struct {
			Reaction struct {
				N int `json:"n"`
			} `json:"l1_reaction"`
			Gains struct {
				Count   int     `json:"count"`
				Average float64 `json:"average"`
				Band    string  `json:"band"`
			} `json:"l2_gains"`
			Scores []struct {
				Gain *float64 `json:"gain"`
				Band string   `json:"band"`
			} `json:"l2_scores"`
		}
		if err := json.Unmarshal([]byte(res.Body), &ev); err != nil || res.StatusCode != 200 {
			t.Fatalf("evaluation: %d %s", res.StatusCode, res.Body)
		}
		if ev.Reaction.N != 0 || ev.Gains.Count != 1 || ev.Gains.Average != 0.5 || ev.Gains.Band != training.GainMedium ||
			len(ev.Scores) != 1 || ev.Scores[0].Gain == nil || *ev.Scores[0].Gain != 0.5 {
			t.Errorf("evaluation: %s", res.Body)
		}

		// A staff member may not read colleagues' scores.
		staff := a.apiToken(a.A.StaffEmail)
		if res := c.api("GET", base+"/evaluation", staff, ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("staff reading the evaluation: %d", res.StatusCode)
		}
	})
}
