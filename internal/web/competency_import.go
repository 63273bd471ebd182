package web

import (
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/competency"
)

// frameworkImportPage uploads a framework file (CSV or XLSX) into a new
// framework or as the new draft of an existing one.
type frameworkImportPage struct {
	Frameworks  []competency.Framework
	FrameworkID int64
	Name        string
	Description string
	Message     string   // why nothing was saved
	Problems    []string // by line and column
	Errors      map[string]string
	MaxMB       int64
	Columns     []string
}

func (s *Server) importPageData(r *request) (frameworkImportPage, error) {
	fs, err := s.svc.Competency.Frameworks(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return frameworkImportPage{}, err
	}
	return frameworkImportPage{Frameworks: fs, MaxMB: min(s.cfg.MaxUploadBytes, competency.MaxImportBytes) >> 20, Columns: competency.Columns}, nil
}

func (s *Server) frameworkImportPage(w http.ResponseWriter, r *request) error {
	page, err := s.importPageData(r)
	if err != nil {
		return err
	}
	page.FrameworkID, _ = strconv.ParseInt(r.URL.Query().Get("framework"), 10, 64)
	return s.render(w, r, http.StatusOK, "competency_import", "competency.import_title", page)
}

func (s *Server) frameworkImport(w http.ResponseWriter, r *request) error {
	page, err := s.importPageData(r)
	if err != nil {
		return err
	}
	file, header, ferr := r.FormFile("file")
	page.FrameworkID, _ = strconv.ParseInt(r.PostFormValue("framework_id"), 10, 64)
	page.Name, page.Description = r.PostFormValue("name"), r.PostFormValue("description")
	fail := func(err error) error {
		if c := codeOf(err); c != apperr.Invalid && c != apperr.Conflict {
			return err
		}
		e := apperr.As(err)
		page.Message = s.message(r.Lang, e)
		page.Errors = s.fieldErrors(r.Lang, err)
		for _, p := range e.Problems {
			if p.Line > 0 || p.Field == "" {
				page.Problems = append(page.Problems, s.problemMessage(r.Lang, p))
			}
		}
		return s.render(w, r, statusOf(e.Code), "competency_import", "competency.import_title", page)
	}
	if ferr != nil {
		if err := asTooLarge(ferr, s.cfg.MaxUploadBytes); codeOf(err) == apperr.TooLarge {
			return err
		}
		return fail(apperr.New(apperr.Invalid, "competency.import_no_file", nil))
	}
	defer file.Close()
	rows, err := competency.ParseFramework(file)
	if err != nil {
		return fail(err)
	}
	target := competency.ImportTarget{FrameworkID: page.FrameworkID, Name: page.Name, Description: page.Description}
	if target.FrameworkID == 0 && strings.TrimSpace(target.Name) == "" && header != nil {
		// The file's name is a fair name for the framework it holds.
		target.Name = strings.TrimSuffix(path.Base(header.Filename), path.Ext(header.Filename))
	}
	v, err := s.svc.Competency.Import(r.Context(), r.Actor, r.LibraryID, target, rows)
	if err != nil {
		return fail(err)
	}
	return s.redirect(w, r, versionURL(r.LibraryID, v.FrameworkID, v.ID), "competency.imported")
}
