package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/library"
)

// requirementsPage is the matrix of required levels: jenjang across,
// competencies down, one select per cell, for one position and service
// point kind.
type requirementsPage struct {
	Matrix    competency.Matrix
	URL       string
	BackURL   string
	CanManage bool
	Kinds     []string
	Columns   []string // jenjang; "" is "any jenjang"
	Rows      []requirementRow
	Options   []competency.Level
}

type requirementRow struct {
	Competency *competency.Competency
	Header     bool // a key function: a heading row, no cells
	Cells      []requirementCell
}

type requirementCell struct {
	Name  string // form field: r_<competency id>_<column index>
	Level string
	Value int
}

func (s *Server) requirementsShow(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	m, err := s.svc.Competency.RequirementMatrix(r.Context(), r.Actor, r.LibraryID, t.Version.ID, q.Get("position"), q.Get("service_point_kind"))
	if err != nil {
		return err
	}
	base := versionURL(r.LibraryID, t.Framework.ID, t.Version.ID)
	page := requirementsPage{Matrix: m, URL: base + "/requirements", BackURL: base,
		CanManage: r.Actor.Can(auth.PermCompetencyManage, r.LibraryID) && m.Editable,
		Kinds:     library.Kinds, Columns: m.Levels, Options: m.Tree.Scale.Levels}
	for _, c := range m.Tree.All() {
		row := requirementRow{Competency: c, Header: c.Kind == competency.KindKeyFunction}
		if !row.Header {
			for i, l := range m.Levels {
				row.Cells = append(row.Cells, requirementCell{Name: "r_" + strconv.FormatInt(c.ID, 10) + "_" + strconv.Itoa(i), Level: l, Value: m.Cells[c.ID][l]})
			}
		}
		page.Rows = append(page.Rows, row)
	}
	return s.render(w, r, http.StatusOK, "competency_requirements", "competency.requirements_title", page)
}

// requirementsSave stores the whole matrix of one position at once.
func (s *Server) requirementsSave(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	position, spKind := r.PostFormValue("position"), r.PostFormValue("service_point_kind")
	var cells []competency.RequirementCell
	for key, values := range r.PostForm {
		rest, ok := strings.CutPrefix(key, "r_")
		if !ok || len(values) == 0 {
			continue
		}
		idText, colText, ok := strings.Cut(rest, "_")
		id, err1 := strconv.ParseInt(idText, 10, 64)
		if !ok || err1 != nil {
			continue
		}
		level, ok := r.PostForm["col_"+colText]
		if !ok || len(level) == 0 {
			continue
		}
		required, _ := strconv.Atoi(values[0])
		cells = append(cells, competency.RequirementCell{Level: level[0], CompetencyID: id, RequiredLevel: required})
	}
	if err := s.svc.Competency.SetRequirements(r.Context(), r.Actor, r.LibraryID, t.Version.ID, position, spKind, cells); err != nil {
		return err
	}
	q := url.Values{"position": {position}}
	if spKind != "" {
		q.Set("service_point_kind", spKind)
	}
	return s.redirect(w, r, versionURL(r.LibraryID, t.Framework.ID, t.Version.ID)+"/requirements?"+q.Encode(), "competency.requirements_saved")
}
