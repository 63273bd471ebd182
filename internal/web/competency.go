package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
)

// competencyRoutes are the competency frameworks' pages and API: frameworks,
// their versions, scale, competencies and position requirements.
func (s *Server) competencyRoutes() []Route {
	V, M := auth.PermCompetencyView, auth.PermCompetencyManage
	const base = "/libraries/{lib}/frameworks"
	const fw = base + "/{framework}"
	const ver = fw + "/versions/{version}"
	const api = "/api/v1/libraries/{lib}/frameworks"
	return []Route{
		{Method: "GET", Pattern: base, Perm: V, handle: s.frameworkList},
		{Method: "GET", Pattern: base + "/new", Perm: M, handle: s.frameworkNew},
		{Method: "POST", Pattern: base, Perm: M, handle: s.frameworkCreate},
		{Method: "POST", Pattern: base + "/install-default", Perm: M, handle: s.frameworkInstallDefault},
		{Method: "GET", Pattern: base + "/import", Perm: M, handle: s.frameworkImportPage},
		{Method: "POST", Pattern: base + "/import", Perm: M, Upload: true, handle: s.frameworkImport},
		{Method: "GET", Pattern: fw, Perm: V, handle: s.frameworkShow},
		{Method: "GET", Pattern: fw + "/edit", Perm: M, handle: s.frameworkEdit},
		{Method: "POST", Pattern: fw + "/edit", Perm: M, handle: s.frameworkUpdate},
		{Method: "POST", Pattern: fw + "/copy", Perm: M, handle: s.frameworkCopy},
		{Method: "POST", Pattern: fw + "/draft", Perm: M, handle: s.frameworkDraft},
		{Method: "GET", Pattern: ver, Perm: V, handle: s.versionShow},
		{Method: "GET", Pattern: ver + "/export", Perm: V, handle: s.versionExport},
		{Method: "POST", Pattern: ver + "/publish", Perm: M, handle: s.versionPublish},
		{Method: "POST", Pattern: ver + "/discard", Perm: M, handle: s.versionDiscard},
		{Method: "GET", Pattern: ver + "/scale", Perm: M, handle: s.scaleEdit},
		{Method: "POST", Pattern: ver + "/scale", Perm: M, handle: s.scaleUpdate},
		{Method: "GET", Pattern: ver + "/competencies/new", Perm: M, handle: s.competencyNew},
		{Method: "POST", Pattern: ver + "/competencies", Perm: M, handle: s.competencyCreate},
		{Method: "GET", Pattern: ver + "/competencies/{competency}/edit", Perm: M, handle: s.competencyEdit},
		{Method: "POST", Pattern: ver + "/competencies/{competency}/edit", Perm: M, handle: s.competencyUpdate},
		{Method: "POST", Pattern: ver + "/competencies/{competency}/delete", Perm: M, handle: s.competencyDelete},
		{Method: "GET", Pattern: ver + "/requirements", Perm: V, handle: s.requirementsShow},
		{Method: "POST", Pattern: ver + "/requirements", Perm: M, handle: s.requirementsSave},

		{Method: "GET", Pattern: api, Perm: V, API: true, handle: s.apiFrameworkList},
		{Method: "GET", Pattern: api + "/{framework}", Perm: V, API: true, handle: s.apiFrameworkCurrent},
		{Method: "GET", Pattern: api + "/{framework}/requirements", Perm: V, API: true, handle: s.apiFrameworkRequirements},
		{Method: "GET", Pattern: api + "/{framework}/versions/{version}", Perm: V, API: true, handle: s.apiFrameworkVersion},
	}
}

func frameworksURL(lib int64) string { return libraryURL(lib) + "/frameworks" }

func frameworkURL(lib, id int64) string { return frameworksURL(lib) + "/" + strconv.FormatInt(id, 10) }

func versionURL(lib, framework, version int64) string {
	return frameworkURL(lib, framework) + "/versions/" + strconv.FormatInt(version, 10)
}

// versionTree loads the {version} of the {framework} in the path; a version
// of another framework is not found.
func (s *Server) versionTree(r *request) (competency.Tree, error) {
	fid, err := pathID(r, "framework", "framework")
	if err != nil {
		return competency.Tree{}, err
	}
	vid, err := pathID(r, "version", "framework_version")
	if err != nil {
		return competency.Tree{}, err
	}
	t, err := s.svc.Competency.Version(r.Context(), r.Actor, r.LibraryID, vid)
	if err != nil {
		return competency.Tree{}, err
	}
	if t.Framework.ID != fid {
		return competency.Tree{}, apperr.NotFoundError("framework_version")
	}
	return t, nil
}

type frameworkListPage struct {
	Frameworks       []competency.Framework
	CanManage        bool
	DefaultInstalled bool
}

func (s *Server) frameworkList(w http.ResponseWriter, r *request) error {
	fs, err := s.svc.Competency.Frameworks(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	page := frameworkListPage{Frameworks: fs, CanManage: r.Actor.Can(auth.PermCompetencyManage, r.LibraryID)}
	for _, f := range fs {
		page.DefaultInstalled = page.DefaultInstalled || f.Name == competency.DefaultFrameworkName
	}
	return s.render(w, r, http.StatusOK, "competency_frameworks", "competency.frameworks_title", page)
}

func (s *Server) frameworkInstallDefault(w http.ResponseWriter, r *request) error {
	f, err := s.svc.Competency.InstallDefault(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	return s.redirect(w, r, frameworkURL(r.LibraryID, f.ID), "competency.default_installed_flash")
}

type frameworkFormPage struct {
	Framework competency.Framework
	Errors    map[string]string
	New       bool
}

func (s *Server) frameworkForm(w http.ResponseWriter, r *request, status int, f competency.Framework, err error) error {
	page := frameworkFormPage{Framework: f, New: f.ID == 0}
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	title := "competency.framework_edit"
	if page.New {
		title = "competency.framework_new"
	}
	return s.render(w, r, status, "competency_framework_form", title, page)
}

func (s *Server) frameworkNew(w http.ResponseWriter, r *request) error {
	return s.frameworkForm(w, r, http.StatusOK, competency.Framework{LibraryID: r.LibraryID}, nil)
}

func (s *Server) frameworkCreate(w http.ResponseWriter, r *request) error {
	f := competency.Framework{LibraryID: r.LibraryID, Name: r.PostFormValue("name"), Description: r.PostFormValue("description")}
	created, err := s.svc.Competency.CreateFramework(r.Context(), r.Actor, f)
	if isFormError(err) {
		return s.frameworkForm(w, r, statusOf(codeOf(err)), f, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, frameworkURL(r.LibraryID, created.ID), "competency.framework_created")
}

func (s *Server) frameworkFromPath(r *request) (competency.Framework, error) {
	id, err := pathID(r, "framework", "framework")
	if err != nil {
		return competency.Framework{}, err
	}
	return s.svc.Competency.Framework(r.Context(), r.Actor, r.LibraryID, id)
}

func (s *Server) frameworkEdit(w http.ResponseWriter, r *request) error {
	f, err := s.frameworkFromPath(r)
	if err != nil {
		return err
	}
	return s.frameworkForm(w, r, http.StatusOK, f, nil)
}

func (s *Server) frameworkUpdate(w http.ResponseWriter, r *request) error {
	f, err := s.frameworkFromPath(r)
	if err != nil {
		return err
	}
	f.Name, f.Description = r.PostFormValue("name"), r.PostFormValue("description")
	_, err = s.svc.Competency.UpdateFramework(r.Context(), r.Actor, f)
	if isFormError(err) {
		return s.frameworkForm(w, r, statusOf(codeOf(err)), f, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, frameworkURL(r.LibraryID, f.ID), "competency.framework_updated")
}

func (s *Server) frameworkCopy(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "framework", "framework")
	if err != nil {
		return err
	}
	f, err := s.svc.Competency.Copy(r.Context(), r.Actor, r.LibraryID, id, r.PostFormValue("name"))
	if err != nil {
		return err
	}
	return s.redirect(w, r, frameworkURL(r.LibraryID, f.ID), "competency.framework_copied")
}

// frameworkDraft opens (or reopens) the framework's draft for editing.
func (s *Server) frameworkDraft(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "framework", "framework")
	if err != nil {
		return err
	}
	v, err := s.svc.Competency.Draft(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return s.redirect(w, r, versionURL(r.LibraryID, id, v.ID), "competency.draft_opened")
}

// frameworkShow shows the framework's current version, or its draft while
// nothing is published.
func (s *Server) frameworkShow(w http.ResponseWriter, r *request) error {
	f, err := s.frameworkFromPath(r)
	if err != nil {
		return err
	}
	var vid int64
	switch {
	case f.Current != nil:
		vid = f.Current.ID
	case f.Draft != nil:
		vid = f.Draft.ID
	default:
		return s.renderFrameworkWithoutVersion(w, r, f)
	}
	t, err := s.svc.Competency.Version(r.Context(), r.Actor, r.LibraryID, vid)
	if err != nil {
		return err
	}
	return s.renderVersion(w, r, t)
}

func (s *Server) versionPublish(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.Competency.Publish(r.Context(), r.Actor, r.LibraryID, t.Version.ID, r.PostFormValue("note")); err != nil {
		return err
	}
	return s.redirect(w, r, versionURL(r.LibraryID, t.Framework.ID, t.Version.ID), "competency.published")
}

func (s *Server) versionDiscard(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	if err := s.svc.Competency.DiscardDraft(r.Context(), r.Actor, r.LibraryID, t.Version.ID); err != nil {
		return err
	}
	return s.redirect(w, r, frameworkURL(r.LibraryID, t.Framework.ID), "competency.draft_discarded")
}

func (s *Server) versionExport(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	name := "kompetensi-" + strconv.FormatInt(t.Framework.ID, 10) + "-v" + strconv.Itoa(t.Version.Number)
	var buf bytes.Buffer
	if r.URL.Query().Get("format") == "xlsx" {
		if err := competency.WriteXLSX(&buf, t); err != nil {
			return err
		}
		return sendFile(w, xlsxType, name+".xlsx", buf.Bytes())
	}
	if err := competency.WriteCSV(&buf, t); err != nil {
		return err
	}
	return sendFile(w, "text/csv; charset=utf-8", name+".csv", buf.Bytes())
}
