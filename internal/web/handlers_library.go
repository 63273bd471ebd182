package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/insight"
	"github.com/bina-pustaka/bina/internal/library"
)

type dashboardPage struct {
	Libraries []insight.LibraryCounts
	Single    bool
	// Highlights are the key figures of the one library ("Sorotan"); nil
	// across several libraries or when the actor may see none of the cards.
	Highlights *homeHighlights
}

// homeHighlights are the cards with the IKM written for the reader.
type homeHighlights struct {
	insight.LibraryHighlights
	IKMText string // two decimals in the page's language; "" without answers
}

func (s *Server) dashboard(w http.ResponseWriter, r *request) error {
	libs, err := s.svc.Libraries.List(r.Context(), r.Actor)
	if err != nil {
		return err
	}
	ids := make([]int64, len(libs))
	for i, l := range libs {
		ids[i] = l.ID
	}
	single := len(ids) == 1
	counts, err := s.svc.Insight.Overview(r.Context(), r.Actor, ids, single)
	if err != nil {
		return err
	}
	page := dashboardPage{Libraries: counts, Single: single}
	if single {
		r.LibraryID = ids[0]
		hs := s.svc.Highlights
		h, err := hs.Library(r.Context(), r.Actor, ids[0], hs.Today(libs[0].TimeZone))
		if err != nil {
			return err
		}
		if h.Any() {
			page.Highlights = &homeHighlights{LibraryHighlights: h}
			if h.IKM != nil && h.IKM.IKM != nil {
				page.Highlights.IKMText = i18n.FormatDecimal(r.Lang, *h.IKM.IKM, 2)
			}
		}
	}
	return s.render(w, r, http.StatusOK, "dashboard", "dashboard.title", page)
}

type libraryListPage struct{ Libraries []library.Library }

func (s *Server) libraryList(w http.ResponseWriter, r *request) error {
	// The top bar's library switcher submits ?id=; go to that library.
	if id, err := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64); err == nil {
		if _, err := s.svc.Libraries.Get(r.Context(), r.Actor, id); err != nil {
			return err
		}
		http.Redirect(w, r.Request, libraryURL(id), http.StatusSeeOther)
		return nil
	}
	libs, err := s.svc.Libraries.List(r.Context(), r.Actor)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "libraries", "library.list_title", libraryListPage{Libraries: libs})
}

type libraryShowPage struct {
	Library       library.Library
	ServicePoints []library.ServicePoint
	Counts        insight.LibraryCounts
}

func (s *Server) libraryShow(w http.ResponseWriter, r *request) error {
	l, err := s.svc.Libraries.Get(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	sps, err := s.svc.Libraries.ServicePoints(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	counts, err := s.svc.Insight.Overview(r.Context(), r.Actor, []int64{r.LibraryID}, true)
	if err != nil {
		return err
	}
	page := libraryShowPage{Library: l, ServicePoints: sps}
	if len(counts) == 1 {
		page.Counts = counts[0]
	}
	return s.render(w, r, http.StatusOK, "library", "library.detail_title", page)
}

type libraryFormPage struct {
	Library   library.Library
	Errors    map[string]string
	TimeZones any
	New       bool
}

func (s *Server) libraryForm(w http.ResponseWriter, r *request, status int, l library.Library, err error) error {
	page := libraryFormPage{Library: l, TimeZones: library.TimeZones, New: l.ID == 0}
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	title := "library.edit"
	if page.New {
		title = "library.new"
	}
	return s.render(w, r, status, "library_form", title, page)
}

func libraryFromForm(r *request) library.Library {
	pop, _ := strconv.ParseInt(strings.ReplaceAll(strings.ReplaceAll(r.PostFormValue("population"), ".", ""), ",", ""), 10, 64)
	return library.Library{
		Name: r.PostFormValue("name"), City: r.PostFormValue("city"), Province: r.PostFormValue("province"),
		TimeZone: r.PostFormValue("time_zone"), Population: pop, Address: r.PostFormValue("address"),
	}
}

func (s *Server) libraryNew(w http.ResponseWriter, r *request) error {
	return s.libraryForm(w, r, http.StatusOK, library.Library{TimeZone: "Asia/Jakarta"}, nil)
}

func (s *Server) libraryCreate(w http.ResponseWriter, r *request) error {
	l := libraryFromForm(r)
	created, err := s.svc.Libraries.Create(r.Context(), r.Actor, l)
	if isFormError(err) {
		return s.libraryForm(w, r, statusOf(codeOf(err)), l, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, libraryURL(created.ID), "library.created")
}

func (s *Server) libraryEdit(w http.ResponseWriter, r *request) error {
	l, err := s.svc.Libraries.Get(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	return s.libraryForm(w, r, http.StatusOK, l, nil)
}

func (s *Server) libraryUpdate(w http.ResponseWriter, r *request) error {
	l := libraryFromForm(r)
	l.ID = r.LibraryID
	_, err := s.svc.Libraries.Update(r.Context(), r.Actor, l)
	if isFormError(err) {
		return s.libraryForm(w, r, statusOf(codeOf(err)), l, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, libraryURL(l.ID), "library.updated")
}

func libraryURL(id int64) string { return "/libraries/" + strconv.FormatInt(id, 10) }

type servicePointFormPage struct {
	ServicePoint library.ServicePoint
	Kinds        []string
	Errors       map[string]string
	New          bool
}

func (s *Server) servicePointForm(w http.ResponseWriter, r *request, status int, sp library.ServicePoint, err error) error {
	page := servicePointFormPage{ServicePoint: sp, Kinds: library.Kinds, New: sp.ID == 0}
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	title := "service_point.edit"
	if page.New {
		title = "service_point.new"
	}
	return s.render(w, r, status, "service_point_form", title, page)
}

func (s *Server) servicePointNew(w http.ResponseWriter, r *request) error {
	if _, err := s.svc.Libraries.Get(r.Context(), r.Actor, r.LibraryID); err != nil {
		return err
	}
	return s.servicePointForm(w, r, http.StatusOK, library.ServicePoint{LibraryID: r.LibraryID, Kind: "sirkulasi", Active: true}, nil)
}

func (s *Server) servicePointCreate(w http.ResponseWriter, r *request) error {
	sp := library.ServicePoint{LibraryID: r.LibraryID, Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"), Active: true}
	_, err := s.svc.Libraries.CreateServicePoint(r.Context(), r.Actor, sp)
	if isFormError(err) {
		return s.servicePointForm(w, r, statusOf(codeOf(err)), sp, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, libraryURL(r.LibraryID), "service_point.created")
}

func (s *Server) servicePointEdit(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "sp", "service_point")
	if err != nil {
		return err
	}
	sp, err := s.svc.Libraries.ServicePoint(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return s.servicePointForm(w, r, http.StatusOK, sp, nil)
}

func (s *Server) servicePointUpdate(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "sp", "service_point")
	if err != nil {
		return err
	}
	sp := library.ServicePoint{ID: id, LibraryID: r.LibraryID, Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"),
		Active: r.PostFormValue("active") == "on"}
	_, err = s.svc.Libraries.UpdateServicePoint(r.Context(), r.Actor, sp)
	if isFormError(err) {
		return s.servicePointForm(w, r, statusOf(codeOf(err)), sp, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, libraryURL(r.LibraryID), "service_point.updated")
}
