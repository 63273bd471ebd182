package web

import (
	"net/http"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/training"
)

// trainingRecoAPIRoutes read and write what the recommendations are made
// of: a person's stated interests and the library's weights. The same
// service calls as the pages, so the same rules and errors.
func (s *Server) trainingRecoAPIRoutes() []Route {
	view, manage := auth.PermTrainingView, auth.PermTrainingManage
	const interests = "/api/v1/libraries/{lib}/staff/{staff}/interests"
	const weights = "/api/v1/libraries/{lib}/recommendation-weights"
	return []Route{
		// The person herself or a coordinator: the service decides beyond training:view.
		{Method: "GET", Pattern: interests, Perm: view, API: true, handle: s.apiTrainingInterests},
		{Method: "PUT", Pattern: interests, Perm: view, API: true, handle: s.apiTrainingInterestsSave},
		{Method: "GET", Pattern: weights, Perm: manage, API: true, handle: s.apiRecoWeights},
		{Method: "PUT", Pattern: weights, Perm: manage, API: true, handle: s.apiRecoWeightsSave},
	}
}

// interestsBody is a person's stated interests on the API: target
// competencies by id, programme types, a preferred modality and keywords.
type interestsBody struct {
	CompetencyIDs []int64  `json:"competency_ids"`
	Types         []string `json:"types"`
	Modality      string   `json:"modality"`
	Topics        []string `json:"topics"`
}

func (s *Server) interestsOf(r *request, staffID int64) (interestsBody, error) {
	comps, err := s.svc.Training.Interests(r.Context(), r.Actor, r.LibraryID, staffID)
	if err != nil {
		return interestsBody{}, err
	}
	prefs, err := s.svc.Training.Preferences(r.Context(), r.Actor, r.LibraryID, staffID)
	if err != nil {
		return interestsBody{}, err
	}
	out := interestsBody{CompetencyIDs: []int64{}, Types: prefs.Types, Modality: prefs.Modality, Topics: prefs.Topics}
	for _, c := range comps {
		out.CompetencyIDs = append(out.CompetencyIDs, c.ID)
	}
	return out, nil
}

func (s *Server) apiTrainingInterests(w http.ResponseWriter, r *request) error {
	staffID, err := pathID(r, "staff", "staff")
	if err != nil {
		return err
	}
	out, err := s.interestsOf(r, staffID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// apiTrainingInterestsSave replaces all of the person's interests at once
// (a field left out is emptied), or none when any is refused.
func (s *Server) apiTrainingInterestsSave(w http.ResponseWriter, r *request) error {
	staffID, err := pathID(r, "staff", "staff")
	if err != nil {
		return err
	}
	// Whose record first: a foreign person is a 404 whatever the body says.
	if _, err := s.interestsOf(r, staffID); err != nil {
		return err
	}
	var in interestsBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	prefs := training.Preferences{Types: in.Types, Modality: in.Modality, Topics: in.Topics}
	if err := s.svc.Training.SaveInterests(r.Context(), r.Actor, r.LibraryID, staffID, in.CompetencyIDs, prefs); err != nil {
		return err
	}
	out, err := s.interestsOf(r, staffID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiRecoWeights(w http.ResponseWriter, r *request) error {
	wt, err := s.svc.Training.RecommendWeights(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wt)
}

func (s *Server) apiRecoWeightsSave(w http.ResponseWriter, r *request) error {
	if _, err := s.svc.Training.RecommendWeights(r.Context(), r.Actor, r.LibraryID); err != nil {
		return err
	}
	var in training.Weights
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.svc.Training.SetRecommendWeights(r.Context(), r.Actor, r.LibraryID, in); err != nil {
		return err
	}
	return s.apiRecoWeights(w, r)
}

// The interests' and weights' pieces of the OpenAPI document.
func init() {
	apiDocs["GET /api/v1/libraries/{lib}/staff/{staff}/interests"] = apiDoc{Summary: "A person's stated training interests " +
		"(the person herself or a coordinator)", Response: "TrainingInterests"}
	apiDocs["PUT /api/v1/libraries/{lib}/staff/{staff}/interests"] = apiDoc{Summary: "Replace a person's stated interests at once " +
		"(a field left out is emptied); nothing changes when any value is refused", Request: "TrainingInterests", Response: "TrainingInterests"}
	apiDocs["GET /api/v1/libraries/{lib}/recommendation-weights"] = apiDoc{Summary: "The library's weights of the recommendation score " +
		"(the defaults until a coordinator sets them)", Response: "RecommendationWeights"}
	apiDocs["PUT /api/v1/libraries/{lib}/recommendation-weights"] = apiDoc{Summary: "Set the library's weights of the recommendation score " +
		"(each 0–10, not all zero); coordinators and admins", Request: "RecommendationWeights", Response: "RecommendationWeights"}
	apiSchemas["TrainingInterests"] = obj(map[string]any{
		"competency_ids": map[string]any{"type": "array", "items": integer(), "description": "Competencies of published framework versions"},
		"types": map[string]any{"type": "array", "items": trainingEnum("workshop", "seminar", "webinar", "e_learning", "project_based", "magang", "conference"),
			"description": "Programme types she is interested in"},
		"modality": map[string]any{"type": "string", "enum": []string{"", "offline", "online", "hybrid"}, "description": "Preferred modality; empty: none"},
		"topics":   map[string]any{"type": "array", "items": str(), "description": "Keywords matched in programme titles and descriptions (at most 10, 2–50 characters each)"}})
	weight := func(what string) map[string]any {
		return map[string]any{"type": "integer", "minimum": 0, "maximum": training.MaxWeight, "description": what}
	}
	apiSchemas["RecommendationWeights"] = obj(map[string]any{
		"gap":        weight("Points per level of gap on a competency the programme targets (default 10)"),
		"jp":         weight("Points per 2 JP of the year's shortfall the session covers (default 1)"),
		"interest":   weight("Points per targeted competency she is interested in (default 8)"),
		"preference": weight("Points per matching programme type, modality or keyword (default 4)")})
}
