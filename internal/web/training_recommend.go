package web

import (
	"net/http"
	"strconv"
	"strings"

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
	StaffID    int64
	Name       string
	JPNeeded   int
	Lines      []recommendationLine
	CanManage  bool
	People     []training.Candidate // the coordinator's person picker
	Choices    []training.CompetencyChoice
	Chosen     map[int64]bool // her interests
	Types      []string       // training.Types, for the checkboxes
	Modalities []string
	TypeChosen map[string]bool
	Modality   string
	Topics     string // one a line
	MaxTopics  int
	Errors     map[string]string
}

// interestForm is the interests form as posted, shown again when refused.
type interestForm struct {
	Competencies []int64
	Prefs        training.Preferences
	Topics       string
}

func interestFormOf(r *request) interestForm {
	_ = r.ParseForm()
	f := interestForm{Competencies: formIDs(r, "competency"), Topics: r.PostFormValue("topics")}
	f.Prefs = training.Preferences{Types: r.PostForm["type"], Modality: r.PostFormValue("modality"), Topics: training.SplitTopics(f.Topics)}
	return f
}

// reasonText words a reason in the reader's language; type and modality
// codes become their labels.
func (s *Server) reasonText(lang string, why training.Reason) string {
	args := map[string]any{}
	for k, v := range why.Args {
		args[k] = v
	}
	if t, ok := args["Type"].(string); ok {
		args["Type"] = s.i18n.T(lang, "training.type."+t, nil)
	}
	if m, ok := args["Modality"].(string); ok {
		args["Modality"] = s.i18n.T(lang, "training.modality."+m, nil)
	}
	// "1 level", "2 levels": the count picks the plural form.
	if n, ok := args["Levels"]; ok {
		args["Count"] = n
	}
	return s.i18n.T(lang, why.Key, args)
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
	return s.renderRecommendations(w, r, http.StatusOK, staffID, nil, nil)
}

// renderRecommendations shows the page; typed, when the interests form was
// refused, is shown in it instead of what is saved.
func (s *Server) renderRecommendations(w http.ResponseWriter, r *request, status int, staffID int64, typed *interestForm, formErr error) error {
	ctx := r.Context()
	page := trainingRecommendPage{StaffID: staffID, CanManage: r.Actor.Can(auth.PermTrainingManage, r.LibraryID),
		Chosen: map[int64]bool{}, Types: training.Types, Modalities: training.Modalities, TypeChosen: map[string]bool{},
		MaxTopics: training.MaxTopics, Errors: map[string]string{}}
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
				line.Why = append(line.Why, s.reasonText(r.Lang, why))
			}
			page.Lines = append(page.Lines, line)
		}
		ints, err := s.svc.Training.Interests(ctx, r.Actor, r.LibraryID, staffID)
		if err != nil {
			return err
		}
		prefs, err := s.svc.Training.Preferences(ctx, r.Actor, r.LibraryID, staffID)
		if err != nil {
			return err
		}
		if typed != nil {
			for _, id := range typed.Competencies {
				page.Chosen[id] = true
			}
			prefs = typed.Prefs
			page.Topics = typed.Topics
		} else {
			for _, t := range ints {
				page.Chosen[t.ID] = true
			}
			page.Topics = strings.Join(prefs.Topics, "\n")
		}
		for _, t := range prefs.Types {
			page.TypeChosen[t] = true
		}
		page.Modality = prefs.Modality
		if page.Choices, err = s.svc.Training.CompetencyChoices(ctx, r.Actor, r.LibraryID); err != nil {
			return err
		}
	}
	if formErr != nil {
		page.Errors = s.fieldErrors(r.Lang, formErr)
	}
	return s.render(w, r, status, "training_recommend", "training.reco.title", page)
}

// trainingInterests saves the person's interests — competencies, types,
// modality, topic keywords — at once (staff_id in the form).
func (s *Server) trainingInterests(w http.ResponseWriter, r *request) error {
	staffID, _ := strconv.ParseInt(r.PostFormValue("staff_id"), 10, 64)
	f := interestFormOf(r)
	err := s.svc.Training.SaveInterests(r.Context(), r.Actor, r.LibraryID, staffID, f.Competencies, f.Prefs)
	if isFormError(err) {
		return s.renderRecommendations(w, r, statusOf(codeOf(err)), staffID, &f, err)
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
