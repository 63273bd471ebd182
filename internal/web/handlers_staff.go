package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/people"
)

type staffListPage struct {
	Page          people.Page
	Filter        staffFilterForm
	ServicePoints []library.ServicePoint
	PrevURL       string
	NextURL       string
	CanManage     bool
}

// staffFilterForm is the list's filter as the form shows it.
type staffFilterForm struct {
	Query          string
	ServicePointID int64
	Status         string
	Active         string // "1" active (default), "0" inactive, "all"
}

func staffFilterFrom(r *request) (people.Filter, staffFilterForm) {
	q := r.URL.Query()
	form := staffFilterForm{Query: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Active: q.Get("active")}
	form.ServicePointID, _ = strconv.ParseInt(q.Get("service_point"), 10, 64)
	page, _ := strconv.Atoi(q.Get("page"))
	f := people.Filter{LibraryID: r.LibraryID, Query: form.Query, ServicePointID: form.ServicePointID, Status: form.Status, Page: page}
	switch form.Active {
	case "all":
	case "0":
		f.Active = new(bool)
	default:
		form.Active = "1"
		t := true
		f.Active = &t
	}
	return f, form
}

func (s *Server) staffList(w http.ResponseWriter, r *request) error {
	f, form := staffFilterFrom(r)
	page, err := s.svc.Staff.List(r.Context(), r.Actor, f)
	if err != nil {
		return err
	}
	sps, err := s.svc.Libraries.ServicePoints(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	v := staffListPage{Page: page, Filter: form, ServicePoints: sps, CanManage: r.Actor.Can(auth.PermStaffManage, r.LibraryID)}
	pageURL := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page.Page > 1 {
		v.PrevURL = pageURL(page.Page - 1)
	}
	if page.Page < page.Pages {
		v.NextURL = pageURL(page.Page + 1)
	}
	return s.render(w, r, http.StatusOK, "staff_list", "staff.list_title", v)
}

type staffShowPage struct {
	Staff     people.Staff
	CanManage bool
}

func (s *Server) staffID(r *request) (int64, error) { return pathID(r, "staff", "staff") }

func (s *Server) staffShow(w http.ResponseWriter, r *request) error {
	id, err := s.staffID(r)
	if err != nil {
		return err
	}
	st, err := s.svc.Staff.Get(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staff_show", "staff.detail_title",
		staffShowPage{Staff: st, CanManage: r.Actor.Can(auth.PermStaffManage, r.LibraryID)})
}

type staffFormPage struct {
	Staff         people.Staff
	ServicePoints []library.ServicePoint
	Statuses      []string
	Errors        map[string]string
	New           bool
}

func (s *Server) staffForm(w http.ResponseWriter, r *request, status int, st people.Staff, err error) error {
	sps, lerr := s.svc.Libraries.ServicePoints(r.Context(), r.Actor, r.LibraryID)
	if lerr != nil {
		return lerr
	}
	page := staffFormPage{Staff: st, ServicePoints: sps, Statuses: people.Statuses, New: st.ID == 0}
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	title := "staff.edit"
	if page.New {
		title = "staff.new"
	}
	return s.render(w, r, status, "staff_form", title, page)
}

func staffFromForm(r *request) people.Staff {
	st := people.Staff{
		LibraryID: r.LibraryID, Name: r.PostFormValue("name"), EmploymentStatus: r.PostFormValue("employment_status"),
		Position: r.PostFormValue("position"), Level: r.PostFormValue("level"), Grade: r.PostFormValue("grade"),
		Education: r.PostFormValue("education"), Email: r.PostFormValue("email"), Active: true,
		NIP: r.PostFormValue("nip"),
	}
	if sp, err := strconv.ParseInt(r.PostFormValue("service_point_id"), 10, 64); err == nil && sp > 0 {
		st.ServicePointID = &sp
	}
	return st
}

func staffURL(lib, id int64) string {
	return libraryURL(lib) + "/staff/" + strconv.FormatInt(id, 10)
}

func (s *Server) staffNew(w http.ResponseWriter, r *request) error {
	return s.staffForm(w, r, http.StatusOK, people.Staff{LibraryID: r.LibraryID, EmploymentStatus: "pns", Active: true}, nil)
}

func (s *Server) staffCreate(w http.ResponseWriter, r *request) error {
	st := staffFromForm(r)
	created, err := s.svc.Staff.Create(r.Context(), r.Actor, st)
	if isFormError(err) {
		return s.staffForm(w, r, statusOf(codeOf(err)), st, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, staffURL(r.LibraryID, created.ID), "staff.created")
}

func (s *Server) staffEdit(w http.ResponseWriter, r *request) error {
	id, err := s.staffID(r)
	if err != nil {
		return err
	}
	st, err := s.svc.Staff.Get(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return s.staffForm(w, r, http.StatusOK, st, nil)
}

func (s *Server) staffUpdate(w http.ResponseWriter, r *request) error {
	id, err := s.staffID(r)
	if err != nil {
		return err
	}
	old, err := s.svc.Staff.Get(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	st := staffFromForm(r)
	st.ID, st.Active = id, old.Active
	_, err = s.svc.Staff.Update(r.Context(), r.Actor, st)
	if isFormError(err) {
		return s.staffForm(w, r, statusOf(codeOf(err)), st, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, staffURL(r.LibraryID, id), "staff.updated")
}

func (s *Server) staffSetActive(w http.ResponseWriter, r *request, active bool) error {
	id, err := s.staffID(r)
	if err != nil {
		return err
	}
	if err := s.svc.Staff.SetActive(r.Context(), r.Actor, r.LibraryID, id, active); err != nil {
		return err
	}
	flash := "staff.deactivated"
	if active {
		flash = "staff.activated"
	}
	return s.redirect(w, r, staffURL(r.LibraryID, id), flash)
}

func (s *Server) staffDeactivate(w http.ResponseWriter, r *request) error {
	return s.staffSetActive(w, r, false)
}
func (s *Server) staffActivate(w http.ResponseWriter, r *request) error {
	return s.staffSetActive(w, r, true)
}

type staffImportPage struct {
	Problems []string
	Message  string
	Result   *people.ImportResult
	MaxMB    int64
}

func (s *Server) staffImportPage(w http.ResponseWriter, r *request) error {
	return s.render(w, r, http.StatusOK, "staff_import", "staff.import", staffImportPage{MaxMB: s.cfg.MaxUploadBytes >> 20})
}

func (s *Server) staffImport(w http.ResponseWriter, r *request) error {
	file, _, err := r.FormFile("file")
	if err != nil {
		if err := asTooLarge(err, s.cfg.MaxUploadBytes); err != nil && codeOf(err) == "too_large" {
			return err
		}
		page := staffImportPage{Message: s.i18n.T(r.Lang, "staff.import.no_file", nil), MaxMB: s.cfg.MaxUploadBytes >> 20}
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_import", "staff.import", page)
	}
	defer file.Close()
	res, err := s.svc.Staff.Import(r.Context(), r.Actor, r.LibraryID, file)
	if err != nil {
		if err := asTooLarge(err, s.cfg.MaxUploadBytes); codeOf(err) == "too_large" {
			return err
		}
		if codeOf(err) != "invalid" {
			return err
		}
		e := apperr.As(err)
		page := staffImportPage{Message: s.message(r.Lang, e), MaxMB: s.cfg.MaxUploadBytes >> 20}
		for _, p := range e.Problems {
			page.Problems = append(page.Problems, s.problemMessage(r.Lang, p))
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "staff_import", "staff.import", page)
	}
	return s.render(w, r, http.StatusOK, "staff_import", "staff.import", staffImportPage{Result: &res, MaxMB: s.cfg.MaxUploadBytes >> 20})
}
