package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/training"
)

// trainingEvaluationRoutes are the L1 reaction survey (a participant's
// form, the coordinator's summary) and the recommendations with the
// person's interests (docs/training-evaluation.md).
func (s *Server) trainingEvaluationRoutes() []Route {
	view, manage := auth.PermTrainingView, auth.PermTrainingManage
	const base = "/libraries/{lib}/training"
	const session = base + "/sessions/{session}"
	return []Route{
		// Any role may open the form; the service admits only participants
		// who attended.
		{Method: "GET", Pattern: session + "/reaction", Perm: view, handle: s.trainingReactionForm},
		{Method: "POST", Pattern: session + "/reaction", Perm: view, handle: s.trainingReactionSubmit},
		{Method: "GET", Pattern: session + "/reactions", Perm: manage, handle: s.trainingReactionSummary},
		{Method: "GET", Pattern: base + "/recommendations", Perm: view, handle: s.trainingRecommendations},
		{Method: "POST", Pattern: base + "/interests", Perm: view, handle: s.trainingInterests},
		{Method: "GET", Pattern: base + "/recommendations/weights", Perm: manage, handle: s.trainingRecoWeights},
		{Method: "POST", Pattern: base + "/recommendations/weights", Perm: manage, handle: s.trainingRecoWeightsSave},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/staff/{staff}/recommendations", Perm: view, API: true, handle: s.apiTrainingRecommendations},
	}
}

type trainingReactionPage struct {
	Session training.Session
	Status  training.ReactionStatus
	Items   []string
	Values  map[string]string
	Improve string
	Errors  map[string]string
}

func (s *Server) trainingReactionForm(w http.ResponseWriter, r *request) error {
	return s.renderReaction(w, r, http.StatusOK, trainingReactionPage{}, nil)
}

func (s *Server) renderReaction(w http.ResponseWriter, r *request, status int, page trainingReactionPage, formErr error) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if page.Session, err = s.svc.Training.Session(ctx, r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	if page.Status, err = s.svc.Training.MyReaction(ctx, r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	page.Items = training.ReactionItems
	if page.Values == nil {
		page.Values = map[string]string{}
	}
	page.Errors = map[string]string{}
	if formErr != nil {
		page.Errors = s.fieldErrors(r.Lang, formErr)
		if e := apperr.As(formErr); e != nil && len(e.Problems) == 0 {
			page.Errors["form"] = s.message(r.Lang, e)
		}
	}
	return s.render(w, r, status, "training_reaction", "training.reaction.title", page)
}

func (s *Server) trainingReactionSubmit(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.Training.Session(r.Context(), r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	page := trainingReactionPage{Values: map[string]string{}, Improve: r.PostFormValue("improve")}
	var scores [5]int
	for i, item := range training.ReactionItems {
		v := strings.TrimSpace(r.PostFormValue(item))
		page.Values[item] = v
		scores[i], _ = strconv.Atoi(v)
	}
	_, err = s.svc.Training.SubmitReaction(r.Context(), r.Actor, r.LibraryID, id, scores, page.Improve)
	if c := codeOf(err); c == apperr.Invalid || c == apperr.Conflict {
		return s.renderReaction(w, r, statusOf(c), page, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, trainingSessionURL(r.LibraryID, id), "training.reaction.thanks")
}

type trainingReactionSummaryPage struct {
	trainingFormat
	Session training.Session
	Summary training.ReactionSummary
	Min     int
}

// Avg formats an average with one decimal.
func (p trainingReactionSummaryPage) Avg(x float64) string { return i18n.FormatDecimal(p.lang, x, 2) }

func (s *Server) trainingReactionSummary(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	page := trainingReactionSummaryPage{trainingFormat: trainingFormat{lang: r.Lang}, Min: training.MinReactionsShown}
	if page.Session, err = s.svc.Training.Session(ctx, r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	if page.Summary, err = s.svc.Training.ReactionSummary(ctx, r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_reactions", "training.reaction.summary", page)
}
