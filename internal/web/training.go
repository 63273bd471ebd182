package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/training"
)

// trainingRoutes are training: the catalogue of programmes, the calendar of
// sessions and the annual plan, a session's page (participants, waitlist,
// nomination, attendance, scores, completion), the staff member's own
// training page, and the API.
func (s *Server) trainingRoutes() []Route {
	view, manage := auth.PermTrainingView, auth.PermTrainingManage
	const base = "/libraries/{lib}/training"
	const program = base + "/programs/{program}"
	const session = base + "/sessions/{session}"
	return []Route{
		{Method: "GET", Pattern: base, Perm: view, handle: s.trainingCalendar},
		{Method: "GET", Pattern: base + "/plan", Perm: manage, handle: s.trainingPlan},
		{Method: "GET", Pattern: base + "/plan.xlsx", Perm: manage, handle: s.trainingPlanXLSX},
		{Method: "GET", Pattern: base + "/available", Perm: view, handle: s.trainingAvailable},
		{Method: "GET", Pattern: base + "/programs", Perm: view, handle: s.trainingPrograms},
		{Method: "GET", Pattern: base + "/programs/new", Perm: manage, handle: s.trainingProgramNew},
		{Method: "POST", Pattern: base + "/programs", Perm: manage, handle: s.trainingProgramCreate},
		{Method: "GET", Pattern: program, Perm: view, handle: s.trainingProgramShow},
		{Method: "GET", Pattern: program + "/edit", Perm: manage, handle: s.trainingProgramEdit},
		{Method: "POST", Pattern: program + "/edit", Perm: manage, handle: s.trainingProgramUpdate},
		{Method: "GET", Pattern: program + "/sessions/new", Perm: manage, handle: s.trainingSessionNew},
		{Method: "POST", Pattern: program + "/sessions", Perm: manage, handle: s.trainingSessionCreate},
		{Method: "GET", Pattern: session, Perm: view, handle: s.trainingSessionShow},
		{Method: "GET", Pattern: session + "/edit", Perm: manage, handle: s.trainingSessionEdit},
		{Method: "POST", Pattern: session + "/edit", Perm: manage, handle: s.trainingSessionUpdate},
		{Method: "POST", Pattern: session + "/nominate", Perm: manage, handle: s.trainingNominate},
		// Self-registration: the service checks the programme allows it.
		{Method: "POST", Pattern: session + "/register", Perm: view, handle: s.trainingRegister},
		{Method: "POST", Pattern: session + "/attendance", Perm: manage, handle: s.trainingAttendance},
		{Method: "POST", Pattern: session + "/scores", Perm: manage, handle: s.trainingScores},
		{Method: "POST", Pattern: session + "/complete", Perm: manage, handle: s.trainingComplete},
		// A staff member cancels her own enrolment; the service decides.
		{Method: "POST", Pattern: base + "/enrolments/{enrolment}/cancel", Perm: view, handle: s.trainingCancel},

		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/programs", Perm: view, API: true, handle: s.apiTrainingPrograms},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/sessions", Perm: view, API: true, handle: s.apiTrainingSessions},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/sessions/{session}", Perm: view, API: true, handle: s.apiTrainingSession},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/sessions/{session}/enrolments", Perm: view, API: true, handle: s.apiTrainingEnrolments},
		{Method: "POST", Pattern: "/api/v1/libraries/{lib}/sessions/{session}/enrolments", Perm: view, API: true, handle: s.apiTrainingEnrol},
	}
}

func trainingURL(lib int64) string { return libraryURL(lib) + "/training" }

func trainingProgramURL(lib, id int64) string {
	return trainingURL(lib) + "/programs/" + strconv.FormatInt(id, 10)
}

func trainingSessionURL(lib, id int64) string {
	return trainingURL(lib) + "/sessions/" + strconv.FormatInt(id, 10)
}

func (s *Server) trainingProgramID(r *request) (int64, error) {
	return pathID(r, "program", "training_program")
}

func (s *Server) trainingSessionID(r *request) (int64, error) {
	return pathID(r, "session", "training_session")
}

// trainingLabels gives the templates the code lists their selects show.
type trainingLabels struct {
	Types, Levels, Modalities, ProviderKinds, Statuses []string
}

var trainingLists = trainingLabels{Types: training.Types, Levels: training.Levels, Modalities: training.Modalities,
	ProviderKinds: training.ProviderKinds, Statuses: training.EditableStatuses}

type trainingProgramsPage struct {
	Programs  []training.Program
	CanManage bool
	OwnStaff  bool
}

func (s *Server) trainingPrograms(w http.ResponseWriter, r *request) error {
	ps, err := s.svc.Training.Programs(r.Context(), r.Actor, r.LibraryID, false)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_programs", "training.catalogue",
		trainingProgramsPage{Programs: ps, CanManage: r.Actor.Can(auth.PermTrainingManage, r.LibraryID),
			OwnStaff: training.OwnStaffID(r.Actor, r.LibraryID) != 0})
}

type trainingProgramPage struct {
	Program   training.Program
	Sessions  []training.Session
	CanManage bool
	Validity  int                        // certificate validity in months; 0: never expires
	Rounds    []training.RoundEvaluation // coordinators only: each round's L1 and L2, oldest first
	MinShown  int                        // reaction answers before averages show
	trainingFormat
	programMaterials
}

func (s *Server) trainingProgramShow(w http.ResponseWriter, r *request) error {
	id, err := s.trainingProgramID(r)
	if err != nil {
		return err
	}
	return s.trainingProgramRender(w, r, http.StatusOK, id, nil, nil)
}

// trainingProgramRender shows a programme's page; values and formErr are
// those of a refused material form (training_materials.go).
func (s *Server) trainingProgramRender(w http.ResponseWriter, r *request, status int, id int64, values map[string]string, formErr error) error {
	p, err := s.svc.Training.Program(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	xs, err := s.svc.Training.Sessions(r.Context(), r.Actor, training.SessionFilter{LibraryID: r.LibraryID, ProgramID: id})
	if err != nil {
		return err
	}
	page := trainingProgramPage{Program: p, Sessions: xs, CanManage: r.Actor.Can(auth.PermTrainingManage, r.LibraryID),
		MinShown: training.MinReactionsShown, trainingFormat: trainingFormat{lang: r.Lang}}
	if page.CanManage {
		if page.Rounds, err = s.svc.Training.ProgramEvaluation(r.Context(), r.Actor, r.LibraryID, id); err != nil {
			return err
		}
	}
	if p.CertificateValidityMonths != nil {
		page.Validity = *p.CertificateValidityMonths
	}
	if page.programMaterials, err = s.programMaterials(r, p, values, formErr); err != nil {
		return err
	}
	return s.render(w, r, status, "training_program", "training.program", page)
}

// trainingProgramForm is the catalogue form; Chosen marks the target
// competencies ticked.
type trainingProgramForm struct {
	Program   training.Program
	Materials string
	Validity  string // certificate validity in months as typed; "": never expires
	Choices   []training.CompetencyChoice
	Chosen    map[int64]bool
	Lists     trainingLabels
	Errors    map[string]string
	New       bool
	Action    string
}

func (s *Server) trainingProgramFormPage(w http.ResponseWriter, r *request, status int, p training.Program, chosen []int64, err error) error {
	choices, cerr := s.svc.Training.CompetencyChoices(r.Context(), r.Actor, r.LibraryID)
	if cerr != nil {
		return cerr
	}
	page := trainingProgramForm{Program: p, Materials: strings.Join(p.Materials, "\n"), Choices: choices, Chosen: map[int64]bool{},
		Lists: trainingLists, New: p.ID == 0, Action: trainingURL(r.LibraryID) + "/programs"}
	page.Validity = validityText(p.CertificateValidityMonths)
	if r.Method == http.MethodPost {
		page.Validity = strings.TrimSpace(r.PostFormValue("certificate_validity_months"))
	}
	if !page.New {
		page.Action = trainingProgramURL(r.LibraryID, p.ID) + "/edit"
	}
	for _, id := range chosen {
		page.Chosen[id] = true
	}
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	title := "training.program_edit"
	if page.New {
		title = "training.program_new"
	}
	return s.render(w, r, status, "training_program_form", title, page)
}

func (s *Server) trainingProgramNew(w http.ResponseWriter, r *request) error {
	p := training.Program{LibraryID: r.LibraryID, Type: "workshop", Level: "dasar", ProviderKind: "internal", Modality: "offline", Active: true}
	return s.trainingProgramFormPage(w, r, http.StatusOK, p, nil, nil)
}

// programFromForm reads the catalogue form and the competencies ticked.
func programFromForm(r *request) (training.Program, []int64) {
	p := training.Program{LibraryID: r.LibraryID, Title: r.PostFormValue("title"), Type: r.PostFormValue("type"),
		Level: r.PostFormValue("level"), JP: atoiOr0(r.PostFormValue("jp")), ProviderKind: r.PostFormValue("provider_kind"),
		ProviderName: r.PostFormValue("provider_name"), Modality: r.PostFormValue("modality"),
		Description: r.PostFormValue("description"), Materials: strings.Split(r.PostFormValue("materials"), "\n"),
		SelfRegistration: r.PostFormValue("self_registration") != "", Active: true,
		CertificateValidityMonths: parseValidity(r.PostFormValue("certificate_validity_months"))}
	return p, formIDs(r, "competency")
}

// parseValidity reads the certificate validity in whole months: empty is
// nil (never expires); anything not a whole number is 0, which the service
// refuses in place like any out-of-range value.
func parseValidity(s string) *int {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		n = 0
	}
	return &n
}

func validityText(m *int) string {
	if m == nil {
		return ""
	}
	return strconv.Itoa(*m)
}

// formIDs reads the ids posted under name (a multiple select, checkboxes).
func formIDs(r *request, name string) []int64 {
	_ = r.ParseForm()
	var ids []int64
	for _, v := range r.PostForm[name] {
		if id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

func (s *Server) trainingProgramCreate(w http.ResponseWriter, r *request) error {
	p, ids := programFromForm(r)
	created, err := s.svc.Training.CreateProgram(r.Context(), r.Actor, p, ids)
	if isFormError(err) {
		return s.trainingProgramFormPage(w, r, statusOf(codeOf(err)), p, ids, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, trainingProgramURL(r.LibraryID, created.ID), "training.program_saved")
}

func (s *Server) trainingProgramEdit(w http.ResponseWriter, r *request) error {
	id, err := s.trainingProgramID(r)
	if err != nil {
		return err
	}
	p, err := s.svc.Training.Program(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return s.trainingProgramFormPage(w, r, http.StatusOK, p, p.CompetencyIDs(), nil)
}

func (s *Server) trainingProgramUpdate(w http.ResponseWriter, r *request) error {
	id, err := s.trainingProgramID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.Training.Program(r.Context(), r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	p, ids := programFromForm(r)
	p.ID, p.Active = id, r.PostFormValue("active") != ""
	_, err = s.svc.Training.UpdateProgram(r.Context(), r.Actor, p, ids)
	if isFormError(err) {
		return s.trainingProgramFormPage(w, r, statusOf(codeOf(err)), p, ids, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, trainingProgramURL(r.LibraryID, id), "training.program_saved")
}

// trainingFormat formats the figures of the training pages in the page's
// language: gains with two decimals, "—" where a gain is undefined.
type trainingFormat struct{ lang string }

// Gain formats a person's normalized gain ("—" without both scores or
// after a pre-test of 100).
func (f trainingFormat) Gain(e training.Enrolment) string {
	g, ok := e.Gain()
	if !ok {
		return "—"
	}
	return i18n.FormatDecimal(f.lang, g, 2)
}

// Band is the gain band's code ("" when undefined).
func (f trainingFormat) Band(e training.Enrolment) string {
	if e.PreScore == nil || e.PostScore == nil {
		return ""
	}
	return training.GainBand(*e.PreScore, *e.PostScore)
}

// Decimal formats a number with two decimals.
func (f trainingFormat) Decimal(x float64) string { return i18n.FormatDecimal(f.lang, x, 2) }

// Score shows an optional score ("" when not taken).
func (f trainingFormat) Score(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}
