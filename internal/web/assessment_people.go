package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
)

// assessorRoutes finish the competency assessment feature: naming each
// person's supervisor and peer in a cycle, the peer's rating form, the
// one-page PDF profile and the cross-library gap view.
func (s *Server) assessorRoutes() []Route {
	lv, manage := auth.PermLibraryView, auth.PermAssessmentManage
	const one = "/libraries/{lib}/assessments/{assessment}"
	return []Route{
		{Method: "GET", Pattern: "/libraries/{lib}/cycles/{cycle}/people", Perm: manage, handle: s.assessorsPage},
		{Method: "POST", Pattern: one + "/assessors", Perm: manage, handle: s.assessorsSave},
		{Method: "GET", Pattern: one + "/peer", Perm: lv, handle: s.assessmentPeerForm},
		{Method: "POST", Pattern: one + "/peer", Perm: lv, handle: s.assessmentPeerSave},
		{Method: "GET", Pattern: "/libraries/{lib}/staff/{staff}/gaps/pdf", Perm: lv, handle: s.gapPDF},
		{Method: "GET", Pattern: "/gaps", Perm: auth.PermSignedIn, handle: s.gapAll},
	}
}

type assessorsView struct {
	competency.AssessorsPage
	ErrorFor int64             // the assessment whose save was refused
	Form     map[string]string // what was chosen there
	Errors   map[string]string
}

// Chosen is the account id a select shows for an assessment's field.
func (p assessorsView) Chosen(a competency.AssessmentLine, field string) int64 {
	if a.ID == p.ErrorFor {
		n, _ := strconv.ParseInt(p.Form[field], 10, 64)
		return n
	}
	id := a.SupervisorUserID
	if field == "peer_user_id" {
		id = a.PeerUserID
	}
	if id == nil {
		return 0
	}
	return *id
}

func (s *Server) assessorsPage(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "cycle", "cycle")
	if err != nil {
		return err
	}
	return s.assessorsRender(w, r, http.StatusOK, id, assessorsView{})
}

func (s *Server) assessorsRender(w http.ResponseWriter, r *request, status int, cycleID int64, v assessorsView) error {
	p, err := s.svc.Competency.Assessors(r.Context(), r.Actor, r.LibraryID, cycleID)
	if err != nil {
		return err
	}
	v.AssessorsPage = p
	return s.render(w, r, status, "assessment_people", "assessment.people_title", v)
}

func optionalFormID(r *request, name string) *int64 {
	id := formID(r, name)
	if id <= 0 {
		return nil
	}
	return &id
}

func (s *Server) assessorsSave(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "assessment", "assessment")
	if err != nil {
		return err
	}
	sh, err := s.svc.Competency.Sheet(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	err = s.svc.Competency.SetAssessors(r.Context(), r.Actor, r.LibraryID, id, optionalFormID(r, "supervisor_user_id"), optionalFormID(r, "peer_user_id"))
	if isFormError(err) {
		return s.assessorsRender(w, r, statusOf(codeOf(err)), sh.Cycle.ID, assessorsView{ErrorFor: id,
			Form: formValues(r, "supervisor_user_id", "peer_user_id"), Errors: s.fieldErrors(r.Lang, err)})
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, cycleURL(r.LibraryID, sh.Cycle.ID)+"/people", "assessment.assessors_saved")
}

func (s *Server) assessmentPeerForm(w http.ResponseWriter, r *request) error {
	sh, err := s.loadSheet(r)
	if err != nil {
		return err
	}
	return s.assessmentForm(w, r, competency.RolePeer, http.StatusOK, sh, nil, nil)
}

func (s *Server) assessmentPeerSave(w http.ResponseWriter, r *request) error {
	return s.assessmentSave(w, r, competency.RolePeer)
}
