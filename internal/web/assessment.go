package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
)

// assessmentRoutes are competency assessments: cycles (open, close), the
// self-assessment and review forms with evidence, a person's gaps, the
// library heatmap and the API. A staff member fills in her own assessment,
// so those routes need only library:view and the service decides.
func (s *Server) assessmentRoutes() []Route {
	lv, view, manage := auth.PermLibraryView, auth.PermAssessmentView, auth.PermAssessmentManage
	const cycle = "/libraries/{lib}/cycles/{cycle}"
	const one = "/libraries/{lib}/assessments/{assessment}"
	return []Route{
		{Method: "GET", Pattern: "/libraries/{lib}/cycles", Perm: view, handle: s.cycleList},
		{Method: "POST", Pattern: "/libraries/{lib}/cycles", Perm: manage, handle: s.cycleOpen},
		{Method: "GET", Pattern: cycle, Perm: view, handle: s.cycleShow},
		{Method: "POST", Pattern: cycle + "/close", Perm: manage, handle: s.cycleClose},
		{Method: "GET", Pattern: cycle + "/heatmap", Perm: view, handle: s.heatmapPage},
		{Method: "GET", Pattern: cycle + "/heatmap.xlsx", Perm: view, handle: s.heatmapXLSX},
		{Method: "GET", Pattern: "/libraries/{lib}/my-assessments", Perm: lv, handle: s.myAssessments},
		{Method: "GET", Pattern: one + "/self", Perm: lv, handle: s.assessmentSelfForm},
		{Method: "POST", Pattern: one + "/self", Perm: lv, Upload: true, handle: s.assessmentSelfSave},
		{Method: "GET", Pattern: one + "/review", Perm: lv, handle: s.assessmentReviewForm},
		{Method: "POST", Pattern: one + "/review", Perm: lv, handle: s.assessmentReviewSave},
		{Method: "GET", Pattern: one + "/files/{file}", Perm: lv, handle: s.assessmentFile},
		{Method: "GET", Pattern: "/libraries/{lib}/staff/{staff}/gaps", Perm: lv, handle: s.gapPage},

		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/cycles", Perm: view, API: true, handle: s.apiCycles},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/cycles/{cycle}/results", Perm: view, API: true, handle: s.apiCycleResults},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/staff/{staff}/gaps", Perm: lv, API: true, handle: s.apiStaffGaps},
	}
}

func cycleURL(lib, id int64) string {
	return "/libraries/" + strconv.FormatInt(lib, 10) + "/cycles/" + strconv.FormatInt(id, 10)
}

func assessmentURL(lib, id int64) string {
	return "/libraries/" + strconv.FormatInt(lib, 10) + "/assessments/" + strconv.FormatInt(id, 10)
}

type cycleListPage struct {
	Cycles     []competency.Cycle
	Frameworks []competency.Framework
	CanManage  bool
	Form       map[string]string
	Errors     map[string]string
}

func (s *Server) cycleList(w http.ResponseWriter, r *request) error {
	return s.cycleListRender(w, r, http.StatusOK, map[string]string{}, nil)
}

func (s *Server) cycleListRender(w http.ResponseWriter, r *request, status int, form map[string]string, errs map[string]string) error {
	cs, err := s.svc.Competency.Cycles(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	fs, err := s.svc.Competency.Frameworks(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	p := cycleListPage{Cycles: cs, Frameworks: fs, CanManage: r.Actor.Can(auth.PermAssessmentManage, r.LibraryID), Form: form, Errors: errs}
	return s.render(w, r, status, "assessment_cycles", "assessment.cycles_title", p)
}

func (s *Server) cycleOpen(w http.ResponseWriter, r *request) error {
	form := formValues(r, "name", "framework_id", "opens_on", "closes_on")
	fid, _ := strconv.ParseInt(form["framework_id"], 10, 64)
	c, err := s.svc.Competency.OpenCycle(r.Context(), r.Actor, r.LibraryID, competency.NewCycle{Name: form["name"], FrameworkID: fid, OpensOn: form["opens_on"], ClosesOn: form["closes_on"]})
	if isFormError(err) {
		return s.cycleListRender(w, r, statusOf(codeOf(err)), form, s.fieldErrors(r.Lang, err))
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, cycleURL(r.LibraryID, c.ID), "assessment.cycle_opened")
}

type cyclePage struct {
	Cycle       competency.Cycle
	Assessments []competency.AssessmentLine
	CanManage   bool
}

func (s *Server) cycleShow(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "cycle", "cycle")
	if err != nil {
		return err
	}
	c, err := s.svc.Competency.Cycle(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	as, err := s.svc.Competency.CycleAssessments(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "assessment_cycle", "assessment.cycle_title", cyclePage{Cycle: c, Assessments: as, CanManage: r.Actor.Can(auth.PermAssessmentManage, r.LibraryID)})
}

func (s *Server) cycleClose(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "cycle", "cycle")
	if err != nil {
		return err
	}
	if _, err := s.svc.Competency.CloseCycle(r.Context(), r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	return s.redirect(w, r, cycleURL(r.LibraryID, id), "assessment.cycle_closed_ok")
}

type myAssessmentsPage struct {
	Assessments []competency.AssessmentLine
	StaffID     int64
	ToRate      []competency.AssessmentLine // open assessments she is the designated peer of
}

func (s *Server) myAssessments(w http.ResponseWriter, r *request) error {
	as, err := s.svc.Competency.MyAssessments(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	var staffID int64
	if m, ok := r.Actor.Memberships[r.LibraryID]; ok && m.StaffID != nil {
		staffID = *m.StaffID
	}
	peer, err := s.svc.Competency.PeerAssessments(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "assessment_mine", "assessment.mine_title", myAssessmentsPage{Assessments: as, StaffID: staffID, ToRate: peer})
}

// assessmentFormPage is the self-assessment and the review form: Role says which.
type assessmentFormPage struct {
	Sheet  competency.Sheet
	Role   string
	Values map[string]string // what was typed, by field name, after a refused save
	Errors map[string]string
}

// Level is the value a level radio shows checked: what was typed, else the stored rating.
func (p assessmentFormPage) Level(it competency.SheetItem) int {
	if v, ok := p.Values[competency.LevelField(it.Competency.ID)]; ok {
		n, _ := strconv.Atoi(v)
		return n
	}
	if r := it.Ratings[p.Role]; r != nil {
		return r.Level
	}
	return 0
}

// Text is a typed or stored comment or link.
func (p assessmentFormPage) Text(it competency.SheetItem, kind string) string {
	field := competency.CommentField(it.Competency.ID)
	if kind == "url" {
		field = competency.EvidenceURLField(it.Competency.ID)
	}
	if v, ok := p.Values[field]; ok {
		return v
	}
	if r := it.Ratings[p.Role]; r != nil {
		if kind == "url" {
			return r.EvidenceURL
		}
		return r.Comment
	}
	return ""
}

func (s *Server) loadSheet(r *request) (competency.Sheet, error) {
	id, err := pathID(r, "assessment", "assessment")
	if err != nil {
		return competency.Sheet{}, err
	}
	return s.svc.Competency.Sheet(r.Context(), r.Actor, r.LibraryID, id)
}

func (s *Server) assessmentForm(w http.ResponseWriter, r *request, role string, status int, sh competency.Sheet, values, errs map[string]string) error {
	if !competency.CanRate(r.Actor, sh.Assessment, role) {
		return apperr.ForbiddenError()
	}
	title := "assessment.self_title"
	if role == competency.RoleSupervisor {
		title = "assessment.review_title"
	} else if role == competency.RolePeer {
		title = "assessment.peer_title"
	}
	return s.render(w, r, status, "assessment_form", title, assessmentFormPage{Sheet: sh, Role: role, Values: values, Errors: errs})
}

func (s *Server) assessmentSelfForm(w http.ResponseWriter, r *request) error {
	sh, err := s.loadSheet(r)
	if err != nil {
		return err
	}
	return s.assessmentForm(w, r, competency.RoleSelf, http.StatusOK, sh, nil, nil)
}

func (s *Server) assessmentReviewForm(w http.ResponseWriter, r *request) error {
	sh, err := s.loadSheet(r)
	if err != nil {
		return err
	}
	return s.assessmentForm(w, r, competency.RoleSupervisor, http.StatusOK, sh, nil, nil)
}

func (s *Server) assessmentSelfSave(w http.ResponseWriter, r *request) error {
	return s.assessmentSave(w, r, competency.RoleSelf)
}

func (s *Server) assessmentReviewSave(w http.ResponseWriter, r *request) error {
	return s.assessmentSave(w, r, competency.RoleSupervisor)
}

// assessmentSave reads the form of every competency on the sheet (level,
// comment, link and, for the self-assessment, a file) and saves it whole.
func (s *Server) assessmentSave(w http.ResponseWriter, r *request, role string) error {
	sh, err := s.loadSheet(r)
	if err != nil {
		return err
	}
	if !competency.CanRate(r.Actor, sh.Assessment, role) {
		return apperr.ForbiddenError()
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return asTooLarge(err, s.cfg.MaxUploadBytes)
		}
	}
	values := map[string]string{}
	var in []competency.RatingInput
	var uploads []competency.Upload
	var v apperr.Validation
	for _, it := range sh.Items {
		id := it.Competency.ID
		lf, cf, uf := competency.LevelField(id), competency.CommentField(id), competency.EvidenceURLField(id)
		values[lf], values[cf], values[uf] = r.PostFormValue(lf), r.PostFormValue(cf), r.PostFormValue(uf)
		level, _ := strconv.Atoi(strings.TrimSpace(values[lf]))
		in = append(in, competency.RatingInput{CompetencyID: id, Level: level, Comment: values[cf], EvidenceURL: values[uf]})
		if role != competency.RoleSelf {
			continue
		}
		up, err := s.formFile(r, competency.EvidenceField(id), competency.MaxEvidenceBytes, "assessment.evidence_unreadable")
		if err != nil {
			if codeOf(err) == apperr.TooLarge {
				return err
			}
			v.Add(competency.EvidenceField(id), "assessment.evidence_unreadable", nil)
		}
		if up != nil {
			uploads = append(uploads, competency.Upload{CompetencyID: id, Name: up.Name, Content: up.Content})
		}
	}
	err = v.Err()
	if err == nil {
		err = s.svc.Competency.SaveRatings(r.Context(), r.Actor, r.LibraryID, sh.Assessment.ID, role, in, uploads)
	}
	if isFormError(err) {
		errs := s.fieldErrors(r.Lang, err)
		return s.assessmentForm(w, r, role, statusOf(codeOf(err)), sh, values, errs)
	}
	if err != nil {
		return err
	}
	if role == competency.RoleSelf {
		return s.redirect(w, r, "/libraries/"+strconv.FormatInt(r.LibraryID, 10)+"/my-assessments", "assessment.self_saved")
	}
	if role == competency.RolePeer {
		return s.redirect(w, r, "/libraries/"+strconv.FormatInt(r.LibraryID, 10)+"/my-assessments", "assessment.peer_saved")
	}
	return s.redirect(w, r, cycleURL(r.LibraryID, sh.Cycle.ID), "assessment.review_saved")
}

func (s *Server) assessmentFile(w http.ResponseWriter, r *request) error {
	aid, err := pathID(r, "assessment", "assessment")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "file", "evidence")
	if err != nil {
		return err
	}
	f, err := s.svc.Competency.EvidenceFile(r.Context(), r.Actor, r.LibraryID, aid, fid)
	if err != nil {
		return err
	}
	return sendFile(w, f.MIME, f.DownloadName(), f.Content)
}
