package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/training"
)

// recommendationLine is one ranked session with its reasons in words.
type recommendationLine struct {
	training.Recommendation
	Why []string
}

type trainingRecommendPage struct {
	StaffID   int64
	Name      string
	JPNeeded  int
	Lines     []recommendationLine
	CanManage bool
	People    []training.Candidate // the coordinator's person picker
	Choices   []training.CompetencyChoice
	Chosen    map[int64]bool // her interests
	Errors    map[string]string
}

// trainingRecommendations shows "Rekomendasi pelatihan": the actor's own,
// or, for a coordinator, the person chosen with ?staff=.
func (s *Server) trainingRecommendations(w http.ResponseWriter, r *request) error {
	staffID := training.OwnStaffID(r.Actor, r.LibraryID)
	if v := r.URL.Query().Get("staff"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return apperr.NotFoundError("staff")
		}
		staffID = id
	}
	return s.renderRecommendations(w, r, http.StatusOK, staffID, nil)
}

func (s *Server) renderRecommendations(w http.ResponseWriter, r *request, status int, staffID int64, formErr error) error {
	ctx := r.Context()
	page := trainingRecommendPage{StaffID: staffID, CanManage: r.Actor.Can(auth.PermTrainingManage, r.LibraryID),
		Chosen: map[int64]bool{}, Errors: map[string]string{}}
	var err error
	if page.CanManage {
		if page.People, err = s.svc.Training.Candidates(ctx, r.Actor, r.LibraryID, 0); err != nil {
			return err
		}
	}
	if staffID != 0 {
		rec, err := s.svc.Training.Recommendations(ctx, r.Actor, r.LibraryID, staffID)
		if err != nil {
			return err
		}
		page.Name, page.JPNeeded = rec.Name, rec.JPNeeded
		for _, x := range rec.Items {
			line := recommendationLine{Recommendation: x}
			for _, why := range x.Reasons {
				line.Why = append(line.Why, s.i18n.T(r.Lang, why.Key, why.Args))
			}
			page.Lines = append(page.Lines, line)
		}
		ints, err := s.svc.Training.Interests(ctx, r.Actor, r.LibraryID, staffID)
		if err != nil {
			return err
		}
		for _, t := range ints {
			page.Chosen[t.ID] = true
		}
		if page.Choices, err = s.svc.Training.CompetencyChoices(ctx, r.Actor, r.LibraryID); err != nil {
			return err
		}
	}
	if formErr != nil {
		page.Errors = s.fieldErrors(r.Lang, formErr)
	}
	return s.render(w, r, status, "training_recommend", "training.reco.title", page)
}

// trainingInterests saves the person's interests (staff_id in the form).
func (s *Server) trainingInterests(w http.ResponseWriter, r *request) error {
	staffID, _ := strconv.ParseInt(r.PostFormValue("staff_id"), 10, 64)
	err := s.svc.Training.SetInterests(r.Context(), r.Actor, r.LibraryID, staffID, formIDs(r, "competency"))
	if isFormError(err) {
		return s.renderRecommendations(w, r, statusOf(codeOf(err)), staffID, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, trainingURL(r.LibraryID)+"/recommendations?staff="+strconv.FormatInt(staffID, 10), "training.reco.interests_saved")
}

func (s *Server) apiTrainingRecommendations(w http.ResponseWriter, r *request) error {
	staffID, err := pathID(r, "staff", "staff")
	if err != nil {
		return err
	}
	rec, err := s.svc.Training.Recommendations(r.Context(), r.Actor, r.LibraryID, staffID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec)
}
