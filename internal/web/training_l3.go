package web

import (
	"net/http"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/training"
)

// trainingL3Routes: the L3 reassessments due after completed sessions and
// the indicative L4 before/after IKM (docs/training-needs.md).
func (s *Server) trainingL3Routes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/libraries/{lib}/training/followup", Perm: auth.PermTrainingManage, handle: s.trainingFollowUp},
	}
}

type trainingFollowUpPage struct {
	All  bool
	Days int
	L3   []training.L3Item
	L4   []training.L4Summary
}

func (s *Server) trainingFollowUp(w http.ResponseWriter, r *request) error {
	page := trainingFollowUpPage{All: r.URL.Query().Get("all") == "1", Days: training.DefaultL3Days}
	var err error
	if page.L3, err = s.svc.Training.L3FollowUps(r.Context(), r.Actor, r.LibraryID, !page.All); err != nil {
		return err
	}
	if page.L4, err = s.svc.Training.L4Summaries(r.Context(), r.Actor, r.LibraryID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_l3", "training.l3.title", page)
}
