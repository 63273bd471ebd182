package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
)

// versionPage shows one version of a framework: its scale and its tree.
type versionPage struct {
	Framework    competency.Framework
	Tree         competency.Tree
	HasVersion   bool // false for a framework whose only draft was discarded
	Versions     []competency.Version
	URL          string // this version's page
	FrameworkURL string
	CanManage    bool
	Draft        bool // edited in place
	Current      bool // the published version: edits go into a draft
	OpenDraft    *competency.VersionInfo
	Units        int // units and sub-units, what is assessed
}

func (s *Server) versionShow(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	return s.renderVersion(w, r, t)
}

func (s *Server) renderVersion(w http.ResponseWriter, r *request, t competency.Tree) error {
	versions, err := s.svc.Competency.Versions(r.Context(), r.Actor, r.LibraryID, t.Framework.ID)
	if err != nil {
		return err
	}
	page := versionPage{Framework: t.Framework, Tree: t, HasVersion: true, Versions: versions,
		URL: versionURL(r.LibraryID, t.Framework.ID, t.Version.ID), FrameworkURL: frameworkURL(r.LibraryID, t.Framework.ID),
		CanManage: r.Actor.Can(auth.PermCompetencyManage, r.LibraryID),
		Draft:     t.Version.Status == competency.StatusDraft, Current: t.Version.Status == competency.StatusPublished}
	if d := t.Framework.Draft; d != nil && d.ID != t.Version.ID {
		page.OpenDraft = d
	}
	for _, c := range t.All() {
		if c.Kind != competency.KindKeyFunction {
			page.Units++
		}
	}
	return s.render(w, r, http.StatusOK, "competency_version", "competency.version_title", page)
}

func (s *Server) renderFrameworkWithoutVersion(w http.ResponseWriter, r *request, f competency.Framework) error {
	page := versionPage{Framework: f, FrameworkURL: frameworkURL(r.LibraryID, f.ID),
		CanManage: r.Actor.Can(auth.PermCompetencyManage, r.LibraryID)}
	return s.render(w, r, http.StatusOK, "competency_version", "competency.version_title", page)
}

// competencyFormPage adds or edits one competency.
type competencyFormPage struct {
	Tree        competency.Tree
	Competency  competency.Competency
	Indicators  string // one per line, as the textarea holds them
	Parent      *competency.Competency
	Errors      map[string]string
	New         bool
	Action      string
	BackURL     string
	CopyOnWrite bool // saving changes the framework's draft, not this published version
}

func (s *Server) competencyForm(w http.ResponseWriter, r *request, status int, page competencyFormPage, err error) error {
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	page.BackURL = versionURL(r.LibraryID, page.Tree.Framework.ID, page.Tree.Version.ID)
	page.CopyOnWrite = page.Tree.Version.Status == competency.StatusPublished
	if page.Indicators == "" {
		page.Indicators = strings.Join(page.Competency.Indicators, "\n")
	}
	title := "competency.edit"
	if page.New {
		title = "competency.new"
	}
	return s.render(w, r, status, "competency_form", title, page)
}

func competencyFromForm(r *request) (competency.Competency, string) {
	text := r.PostFormValue("indicators")
	return competency.Competency{Code: r.PostFormValue("code"), Title: r.PostFormValue("title"),
		Description: r.PostFormValue("description"), Indicators: strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")}, text
}

// writableTree refuses changes to a retired version before showing a form.
func writableTree(t competency.Tree) error {
	if t.Version.Status == competency.StatusRetired {
		return apperr.New(apperr.Conflict, "competency.version_retired", apperr.Args{"Number": t.Version.Number})
	}
	return nil
}

// parentFrom reads the parent competency named by a query or form value.
func parentFrom(t competency.Tree, value string) (*competency.Competency, error) {
	if value == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return nil, apperr.NotFoundError("competency")
	}
	p := t.Find(id)
	if p == nil {
		return nil, apperr.NotFoundError("competency")
	}
	if p.Kind == competency.KindSubUnit {
		return nil, apperr.New(apperr.Invalid, "competency.too_deep", nil)
	}
	return p, nil
}

func (s *Server) competencyNew(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	if err := writableTree(t); err != nil {
		return err
	}
	parent, err := parentFrom(t, r.URL.Query().Get("parent"))
	if err != nil {
		return err
	}
	page := competencyFormPage{Tree: t, Parent: parent, New: true, Action: versionURL(r.LibraryID, t.Framework.ID, t.Version.ID) + "/competencies"}
	return s.competencyForm(w, r, http.StatusOK, page, nil)
}

func (s *Server) competencyCreate(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	parent, err := parentFrom(t, r.PostFormValue("parent_id"))
	if err != nil {
		return err
	}
	c, text := competencyFromForm(r)
	var parentID *int64
	if parent != nil {
		parentID = &parent.ID
	}
	created, err := s.svc.Competency.AddCompetency(r.Context(), r.Actor, r.LibraryID, t.Version.ID, parentID, c)
	if isFormError(err) {
		page := competencyFormPage{Tree: t, Competency: c, Indicators: text, Parent: parent, New: true,
			Action: versionURL(r.LibraryID, t.Framework.ID, t.Version.ID) + "/competencies"}
		return s.competencyForm(w, r, statusOf(codeOf(err)), page, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, savedURL(r, t, created), savedFlash(t, created.VersionID))
}

// savedURL is the version page of the saved competency, scrolled to it.
func savedURL(r *request, t competency.Tree, c competency.Competency) string {
	return versionURL(r.LibraryID, t.Framework.ID, c.VersionID) + "#c-" + strconv.FormatInt(c.ID, 10)
}

func savedFlash(t competency.Tree, savedIn int64) string {
	if savedIn != t.Version.ID {
		return "competency.saved_in_draft"
	}
	return "competency.saved"
}

// competencyInTree finds the path's {competency} in the version.
func competencyInTree(r *request, t competency.Tree) (*competency.Competency, error) {
	id, err := pathID(r, "competency", "competency")
	if err != nil {
		return nil, err
	}
	c := t.Find(id)
	if c == nil {
		return nil, apperr.NotFoundError("competency")
	}
	return c, nil
}

func (s *Server) competencyEdit(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	c, err := competencyInTree(r, t)
	if err != nil {
		return err
	}
	if err := writableTree(t); err != nil {
		return err
	}
	page := competencyFormPage{Tree: t, Competency: *c, Action: versionURL(r.LibraryID, t.Framework.ID, t.Version.ID) + "/competencies/" + strconv.FormatInt(c.ID, 10) + "/edit"}
	return s.competencyForm(w, r, http.StatusOK, page, nil)
}

func (s *Server) competencyUpdate(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	old, err := competencyInTree(r, t)
	if err != nil {
		return err
	}
	c, text := competencyFromForm(r)
	c.ID, c.Kind = old.ID, old.Kind
	saved, err := s.svc.Competency.UpdateCompetency(r.Context(), r.Actor, r.LibraryID, c)
	if isFormError(err) {
		page := competencyFormPage{Tree: t, Competency: c, Indicators: text,
			Action: versionURL(r.LibraryID, t.Framework.ID, t.Version.ID) + "/competencies/" + strconv.FormatInt(c.ID, 10) + "/edit"}
		return s.competencyForm(w, r, statusOf(codeOf(err)), page, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, savedURL(r, t, saved), savedFlash(t, saved.VersionID))
}

func (s *Server) competencyDelete(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	c, err := competencyInTree(r, t)
	if err != nil {
		return err
	}
	v, err := s.svc.Competency.DeleteCompetency(r.Context(), r.Actor, r.LibraryID, c.ID)
	if err != nil {
		return err
	}
	flash := "competency.deleted"
	if v.ID != t.Version.ID {
		flash = "competency.deleted_in_draft"
	}
	return s.redirect(w, r, versionURL(r.LibraryID, t.Framework.ID, v.ID), flash)
}

// scalePage edits a version's proficiency scale.
type scalePage struct {
	Tree           competency.Tree
	Rows           []competency.Level // the levels, then blank rows to add more
	CompetentLevel int
	Errors         map[string]string
	Action         string
	BackURL        string
	CopyOnWrite    bool
}

func (s *Server) scaleForm(w http.ResponseWriter, r *request, status int, t competency.Tree, sc competency.Scale, err error) error {
	page := scalePage{Tree: t, CompetentLevel: sc.CompetentLevel,
		Action:      versionURL(r.LibraryID, t.Framework.ID, t.Version.ID) + "/scale",
		BackURL:     versionURL(r.LibraryID, t.Framework.ID, t.Version.ID),
		CopyOnWrite: t.Version.Status == competency.StatusPublished}
	page.Rows = append(page.Rows, sc.Levels...)
	for len(page.Rows) < competency.MaxLevels && len(page.Rows) < len(sc.Levels)+2 {
		page.Rows = append(page.Rows, competency.Level{Level: len(page.Rows) + 1})
	}
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	return s.render(w, r, status, "competency_scale", "competency.scale_edit", page)
}

func (s *Server) scaleEdit(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	if err := writableTree(t); err != nil {
		return err
	}
	return s.scaleForm(w, r, http.StatusOK, t, t.Scale, nil)
}

// scaleFromForm reads name_<n> and descriptor_<n>; the scale ends at the last
// row with text, so blank rows at the end add nothing.
func scaleFromForm(r *request) competency.Scale {
	var sc competency.Scale
	last := 0
	for i := 1; i <= competency.MaxLevels; i++ {
		n := strconv.Itoa(i)
		l := competency.Level{Level: i, Name: r.PostFormValue("name_" + n), Descriptor: r.PostFormValue("descriptor_" + n)}
		sc.Levels = append(sc.Levels, l)
		if strings.TrimSpace(l.Name+l.Descriptor) != "" {
			last = i
		}
	}
	sc.Levels = sc.Levels[:last]
	sc.CompetentLevel, _ = strconv.Atoi(r.PostFormValue("competent_level"))
	return sc
}

func (s *Server) scaleUpdate(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	sc := scaleFromForm(r)
	v, err := s.svc.Competency.UpdateScale(r.Context(), r.Actor, r.LibraryID, t.Version.ID, sc)
	if isFormError(err) {
		return s.scaleForm(w, r, statusOf(codeOf(err)), t, sc, err)
	}
	if err != nil {
		return err
	}
	flash := "competency.scale_saved"
	if v.ID != t.Version.ID {
		flash = "competency.scale_saved_in_draft"
	}
	return s.redirect(w, r, versionURL(r.LibraryID, t.Framework.ID, v.ID), flash)
}
