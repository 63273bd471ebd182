package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/training"
)

// Training materials: the "Materi pelatihan" section of a programme's page
// (files and links, an upload form for coordinators), the reference library
// (pustaka rujukan) every member may browse, downloads, and the API.
func (s *Server) trainingMaterialRoutes() []Route {
	view, manage := auth.PermTrainingView, auth.PermTrainingManage
	const base = "/libraries/{lib}/training"
	const material = base + "/materials/{material}"
	return []Route{
		{Method: "GET", Pattern: base + "/references", Perm: view, handle: s.trainingReferences},
		{Method: "POST", Pattern: base + "/references", Perm: manage, Upload: true, handle: s.trainingReferenceAdd},
		{Method: "POST", Pattern: base + "/programs/{program}/materials", Perm: manage, Upload: true, handle: s.trainingMaterialAdd},
		{Method: "GET", Pattern: material + "/file", Perm: view, handle: s.trainingMaterialDownload},
		{Method: "POST", Pattern: material + "/delete", Perm: manage, handle: s.trainingMaterialDelete},

		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/materials", Perm: view, API: true, handle: s.apiTrainingMaterials},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/materials/{material}/file", Perm: view, API: true, handle: s.trainingMaterialDownload},
	}
}

func trainingReferencesURL(lib int64) string { return trainingURL(lib) + "/references" }

// materialForm is the add-material form: where it posts, what was typed,
// the competencies it may be tagged with.
type materialForm struct {
	Action  string
	Values  map[string]string
	Choices []training.Target
	MaxMB   int
}

var materialFields = []string{"title", "description", "url", "competency_id"}

func newMaterialForm(action string, choices []training.Target, values map[string]string) materialForm {
	if values == nil {
		values = map[string]string{}
	}
	return materialForm{Action: action, Values: values, Choices: choices, MaxMB: training.MaxMaterialBytes >> 20}
}

// materialInput reads the add-material form. The file is read first: the
// multipart body is parsed once, and an oversized one is refused before
// anything else.
func (s *Server) materialInput(r *request, programID int64) (training.MaterialInput, map[string]string, error) {
	up, err := s.formFile(r, "file", training.MaxMaterialBytes, "training.material_unreadable")
	values := formValues(r, materialFields...)
	in := training.MaterialInput{LibraryID: r.LibraryID, ProgramID: programID, Title: values["title"], Description: values["description"],
		URL: values["url"], File: up}
	if id, perr := strconv.ParseInt(strings.TrimSpace(values["competency_id"]), 10, 64); perr == nil && id > 0 {
		in.CompetencyID = id
	}
	return in, values, err
}

// programMaterials is the materials part of a programme's page (embedded
// in trainingProgramPage): its files and links, and the upload form.
type programMaterials struct {
	Materials     []training.Material
	MoreMaterials bool // more than one page: the reference library lists them all
	Form          materialForm
	Errors        map[string]string // the upload form's
}

func (s *Server) programMaterials(r *request, p training.Program, values map[string]string, formErr error) (programMaterials, error) {
	ms, err := s.svc.Training.Materials(r.Context(), r.Actor, training.MaterialFilter{LibraryID: r.LibraryID, ProgramID: p.ID, PerPage: 100})
	if err != nil {
		return programMaterials{}, err
	}
	out := programMaterials{Materials: ms.Items, MoreMaterials: ms.Pages > 1,
		Form: newMaterialForm(trainingProgramURL(r.LibraryID, p.ID)+"/materials", p.Competencies, values)}
	if formErr != nil {
		out.Errors = s.fieldErrors(r.Lang, formErr)
	}
	return out, nil
}

// materialRefused turns a refused upload into the form's errors: a body
// over the server's limit is said beside the file field as well.
func materialRefused(err error) (int, error, bool) {
	if codeOf(err) == apperr.TooLarge {
		var v apperr.Validation
		v.Add("file", "training.material_too_large", apperr.Args{"MaxMB": training.MaxMaterialBytes >> 20})
		return http.StatusRequestEntityTooLarge, v.Err(), true
	}
	if isFormError(err) {
		return statusOf(codeOf(err)), err, true
	}
	return 0, err, false
}

func (s *Server) trainingMaterialAdd(w http.ResponseWriter, r *request) error {
	id, err := s.trainingProgramID(r)
	if err != nil {
		return err
	}
	in, values, err := s.materialInput(r, id)
	if err == nil {
		_, err = s.svc.Training.AddMaterial(r.Context(), r.Actor, in)
	}
	if status, ferr, ok := materialRefused(err); ok {
		return s.trainingProgramRender(w, r, status, id, values, ferr)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, trainingProgramURL(r.LibraryID, id)+"#materials", "training.material_added")
}

func (s *Server) trainingMaterialID(r *request) (int64, error) {
	return pathID(r, "material", "training_material")
}

// trainingMaterialDownload sends a material's file (page and API alike).
func (s *Server) trainingMaterialDownload(w http.ResponseWriter, r *request) error {
	id, err := s.trainingMaterialID(r)
	if err != nil {
		return err
	}
	f, err := s.svc.Training.MaterialFile(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return sendFile(w, f.MIME, f.DownloadName(), f.Content)
}

func (s *Server) trainingMaterialDelete(w http.ResponseWriter, r *request) error {
	id, err := s.trainingMaterialID(r)
	if err != nil {
		return err
	}
	m, err := s.svc.Training.DeleteMaterial(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	if m.ProgramID != nil {
		return s.redirect(w, r, trainingProgramURL(r.LibraryID, *m.ProgramID)+"#materials", "training.material_deleted")
	}
	return s.redirect(w, r, trainingReferencesURL(r.LibraryID), "training.material_deleted")
}

// materialFilterFrom reads the reference library's filter from the query.
func materialFilterFrom(r *request) training.MaterialFilter {
	q := r.URL.Query()
	id := func(name string) int64 {
		n, err := strconv.ParseInt(strings.TrimSpace(q.Get(name)), 10, 64)
		if err != nil || n < 0 {
			return 0
		}
		return n
	}
	f := training.MaterialFilter{LibraryID: r.LibraryID, Query: strings.TrimSpace(q.Get("q")), ProgramID: id("program"),
		CompetencyID: id("competency"), Kind: q.Get("kind")}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	f.PerPage, _ = strconv.Atoi(q.Get("per_page"))
	return f
}

// trainingReferencesPage is the reference library.
type trainingReferencesPage struct {
	Filter    training.MaterialFilter
	Page      training.MaterialPage
	Links     []training.ProgramLink // the programmes' link lines
	Programs  []training.Program
	Choices   []training.Target // competencies to filter by and to tag with
	Kinds     []string
	PrevURL   string
	NextURL   string
	CanManage bool
	Form      materialForm
	Errors    map[string]string
}

func (s *Server) trainingReferences(w http.ResponseWriter, r *request) error {
	return s.trainingReferencesRender(w, r, http.StatusOK, materialFilterFrom(r), nil, nil)
}

func (s *Server) trainingReferencesRender(w http.ResponseWriter, r *request, status int, f training.MaterialFilter, values map[string]string, formErr error) error {
	if !training.ValidMaterialKind(f.Kind) {
		f.Kind = ""
	}
	page, err := s.svc.Training.Materials(r.Context(), r.Actor, f)
	if err != nil {
		return err
	}
	ps, err := s.svc.Training.Programs(r.Context(), r.Actor, r.LibraryID, false)
	if err != nil {
		return err
	}
	choices, err := s.svc.Training.CompetencyChoices(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	targets := make([]training.Target, len(choices))
	for i, c := range choices {
		targets[i] = training.Target{ID: c.ID, Code: c.Code, Title: c.Title}
	}
	v := trainingReferencesPage{Filter: f, Page: page, Programs: ps, Choices: targets, Kinds: training.MaterialKinds,
		CanManage: r.Actor.Can(auth.PermTrainingManage, r.LibraryID),
		Form:      newMaterialForm(trainingReferencesURL(r.LibraryID), targets, values)}
	// The links of the catalogue are few; they come with the first page.
	if page.Page == 1 {
		v.Links = training.ProgramLinks(ps, f)
	}
	if formErr != nil {
		v.Errors = s.fieldErrors(r.Lang, formErr)
	}
	pageURL := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return trainingReferencesURL(r.LibraryID) + "?" + q.Encode()
	}
	if page.Page > 1 {
		v.PrevURL = pageURL(page.Page - 1)
	}
	if page.Page < page.Pages {
		v.NextURL = pageURL(page.Page + 1)
	}
	return s.render(w, r, status, "training_references", "training.references", v)
}

func (s *Server) trainingReferenceAdd(w http.ResponseWriter, r *request) error {
	in, values, err := s.materialInput(r, 0)
	if err == nil {
		_, err = s.svc.Training.AddMaterial(r.Context(), r.Actor, in)
	}
	if status, ferr, ok := materialRefused(err); ok {
		return s.trainingReferencesRender(w, r, status, training.MaterialFilter{LibraryID: r.LibraryID}, values, ferr)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, trainingReferencesURL(r.LibraryID), "training.material_added")
}

// apiMaterial is a material in the API, with where to download its file.
type apiMaterial struct {
	training.Material
	FileURL string `json:"file_url,omitempty"`
}

type apiMaterialPage struct {
	Items   []apiMaterial `json:"items"`
	Total   int           `json:"total"`
	Page    int           `json:"page"`
	PerPage int           `json:"per_page"`
	Pages   int           `json:"pages"`
}

func (s *Server) apiTrainingMaterials(w http.ResponseWriter, r *request) error {
	page, err := s.svc.Training.Materials(r.Context(), r.Actor, materialFilterFrom(r))
	if err != nil {
		return err
	}
	out := apiMaterialPage{Items: make([]apiMaterial, len(page.Items)), Total: page.Total, Page: page.Page, PerPage: page.PerPage, Pages: page.Pages}
	for i, m := range page.Items {
		out.Items[i] = apiMaterial{Material: m}
		if m.IsFile() {
			out.Items[i].FileURL = "/api/v1/libraries/" + strconv.FormatInt(r.LibraryID, 10) + "/materials/" + strconv.FormatInt(m.ID, 10) + "/file"
		}
	}
	return writeJSON(w, http.StatusOK, out)
}
