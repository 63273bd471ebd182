package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/training"
)

// The library's weights of the recommendation score: a form for
// coordinators and admins (docs/training-evaluation.md).

// weightRow is one weight of the form.
type weightRow struct {
	Field   string // form field and HTML id
	Label   string // translation keys
	Help    string
	Value   string
	Default int
	Error   string
}

type trainingRecoWeightsPage struct {
	Rows   []weightRow
	Max    int
	Errors map[string]string
}

// weightFields pairs each form field with its value in w.
func weightFields(w *training.Weights) []struct {
	field string
	v     *int
} {
	return []struct {
		field string
		v     *int
	}{{training.FieldWeightGap, &w.Gap}, {training.FieldWeightJP, &w.JP}, {training.FieldWeightInterest, &w.Interest},
		{training.FieldWeightPreference, &w.Preference}}
}

func (s *Server) trainingRecoWeights(w http.ResponseWriter, r *request) error {
	return s.renderRecoWeights(w, r, http.StatusOK, nil, nil)
}

// renderRecoWeights shows the saved weights, or what was typed when the
// form was refused.
func (s *Server) renderRecoWeights(w http.ResponseWriter, r *request, status int, typed map[string]string, formErr error) error {
	saved, err := s.svc.Training.RecommendWeights(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	page := trainingRecoWeightsPage{Max: training.MaxWeight, Errors: map[string]string{}}
	if formErr != nil {
		page.Errors = s.fieldErrors(r.Lang, formErr)
	}
	defaults := training.DefaultWeights()
	defs := weightFields(&defaults)
	for i, f := range weightFields(&saved) {
		v, ok := typed[f.field]
		if !ok {
			v = strconv.Itoa(*f.v)
		}
		page.Rows = append(page.Rows, weightRow{Field: f.field, Label: "training.reco." + f.field, Help: "training.reco." + f.field + "_help",
			Value: v, Default: *defs[i].v, Error: page.Errors[f.field]})
	}
	return s.render(w, r, status, "training_reco_weights", "training.reco.weights", page)
}

// trainingRecoWeightsSave saves the four weights; a value that is not a
// whole number is refused like one out of range.
func (s *Server) trainingRecoWeightsSave(w http.ResponseWriter, r *request) error {
	_ = r.ParseForm()
	var in training.Weights
	typed := map[string]string{}
	for _, f := range weightFields(&in) {
		raw := strings.TrimSpace(r.PostFormValue(f.field))
		typed[f.field] = raw
		n, err := strconv.Atoi(raw)
		if err != nil {
			n = -1
		}
		*f.v = n
	}
	err := s.svc.Training.SetRecommendWeights(r.Context(), r.Actor, r.LibraryID, in)
	if isFormError(err) {
		return s.renderRecoWeights(w, r, statusOf(codeOf(err)), typed, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, trainingURL(r.LibraryID)+"/recommendations/weights", "training.reco.weights_saved")
}
