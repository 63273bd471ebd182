package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/training"
)

// trainingNeedsRoutes: the training needs analysis and its mapping of IKM
// elements and complaint categories to competencies (docs/training-needs.md).
func (s *Server) trainingNeedsRoutes() []Route {
	manage := auth.PermTrainingManage
	const base = "/libraries/{lib}/training/needs"
	return []Route{
		{Method: "GET", Pattern: base, Perm: manage, handle: s.trainingNeeds},
		{Method: "POST", Pattern: base + "/mappings", Perm: manage, handle: s.trainingNeedMapAdd},
		{Method: "POST", Pattern: base + "/mappings/remove", Perm: manage, handle: s.trainingNeedMapRemove},
		{Method: "POST", Pattern: base + "/mappings/suggested", Perm: manage, handle: s.trainingNeedMapSuggested},
	}
}

// needSource is a choice of the mapping form: "ikm_element:U6".
type needSource struct{ Value, Kind, Key, Name string }

type trainingNeedsPage struct {
	Report       training.NeedsReport
	Mappings     []training.NeedMapping
	Suggested    []training.NeedMapping
	Competencies []training.Target
	Sources      []needSource
	Errors       map[string]string
}

func needSources() []needSource {
	var out []needSource
	for _, e := range ikm.Elements {
		out = append(out, needSource{Value: training.SourceIKMElement + ":" + e.Code, Kind: training.SourceIKMElement, Key: e.Code, Name: e.Code + " " + e.Name})
	}
	for _, c := range training.ComplaintCategories {
		out = append(out, needSource{Value: training.SourceComplaintCategory + ":" + c, Kind: training.SourceComplaintCategory, Key: c})
	}
	return out
}

func (s *Server) trainingNeeds(w http.ResponseWriter, r *request) error {
	return s.renderNeeds(w, r, http.StatusOK, nil)
}

func (s *Server) renderNeeds(w http.ResponseWriter, r *request, status int, formErr error) error {
	ctx, svc := r.Context(), s.svc.Training
	rep, err := svc.Needs(ctx, r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	page := trainingNeedsPage{Report: rep, Sources: needSources()}
	if page.Mappings, err = svc.NeedMappings(ctx, r.Actor, r.LibraryID); err != nil {
		return err
	}
	if page.Suggested, err = svc.SuggestedNeedMappings(ctx, r.Actor, r.LibraryID); err != nil {
		return err
	}
	if page.Competencies, err = svc.NeedCompetencies(ctx, r.Actor, r.LibraryID); err != nil {
		return err
	}
	if formErr != nil {
		page.Errors = s.fieldErrors(r.Lang, formErr)
	}
	return s.render(w, r, status, "training_needs", "training.needs.title", page)
}

// splitSource parses "kind:key".
func splitSource(v string) (string, string) {
	for i := 0; i < len(v); i++ {
		if v[i] == ':' {
			return v[:i], v[i+1:]
		}
	}
	return v, ""
}

func (s *Server) needsURL(r *request) string {
	return "/libraries/" + strconv.FormatInt(r.LibraryID, 10) + "/training/needs"
}

func (s *Server) trainingNeedMapAdd(w http.ResponseWriter, r *request) error {
	kind, key := splitSource(r.FormValue("source"))
	comp, _ := strconv.ParseInt(r.FormValue("competency_id"), 10, 64)
	if err := s.svc.Training.AddNeedMapping(r.Context(), r.Actor, r.LibraryID, kind, key, comp); err != nil {
		if isFormError(err) {
			return s.renderNeeds(w, r, statusOf(codeOf(err)), err)
		}
		return err
	}
	return s.redirect(w, r, s.needsURL(r), "training.needs.mapped")
}

func (s *Server) trainingNeedMapRemove(w http.ResponseWriter, r *request) error {
	kind, key := splitSource(r.FormValue("source"))
	comp, _ := strconv.ParseInt(r.FormValue("competency_id"), 10, 64)
	if err := s.svc.Training.RemoveNeedMapping(r.Context(), r.Actor, r.LibraryID, kind, key, comp); err != nil {
		return err
	}
	return s.redirect(w, r, s.needsURL(r), "training.needs.unmapped")
}

func (s *Server) trainingNeedMapSuggested(w http.ResponseWriter, r *request) error {
	if _, err := s.svc.Training.ApplySuggestedNeedMappings(r.Context(), r.Actor, r.LibraryID); err != nil {
		return err
	}
	return s.redirect(w, r, s.needsURL(r), "training.needs.mapped")
}
