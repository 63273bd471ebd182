package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/survey"
)

// Import of existing survey data (Google Forms / Excel, CSV or XLSX): upload,
// confirm or correct the columns, import. The file waits in the database
// between the steps (survey.SaveImportUpload), so any instance can serve
// the next one. See docs/survey-import.md.

func (s *Server) surveyImportRoutes() []Route {
	manage := auth.PermSurveyManage
	return []Route{
		{Method: "GET", Pattern: "/libraries/{lib}/ikm/import", Perm: manage, handle: s.surveyImportPage},
		{Method: "POST", Pattern: "/libraries/{lib}/ikm/import", Perm: manage, Upload: true, handle: s.surveyImportUpload},
		{Method: "GET", Pattern: "/libraries/{lib}/ikm/import/{upload}", Perm: manage, handle: s.surveyImportMapping},
		{Method: "POST", Pattern: "/libraries/{lib}/ikm/import/{upload}", Perm: manage, handle: s.surveyImportConfirm},
		{Method: "POST", Pattern: "/libraries/{lib}/ikm/import/{upload}/discard", Perm: manage, handle: s.surveyImportDiscard},
	}
}

func surveyImportURL(libraryID int64) string {
	return fmt.Sprintf("/libraries/%d/ikm/import", libraryID)
}

// serviceByColumn is the service point choice "use the file's column".
const serviceByColumn = "column"

// surveyImportForm is what the person chose besides the columns.
type surveyImportForm struct {
	ServicePoint string // a service point id, or serviceByColumn
	Day          string // YYYY-MM-DD; "" is today
}

func (f surveyImportForm) query() string {
	return url.Values{"service_point": {f.ServicePoint}, "day": {f.Day}}.Encode()
}

// options turns the form into the service's options; a service point that
// is no number is -1, which the service refuses in place.
func (f surveyImportForm) options() survey.ImportOptions {
	opt := survey.ImportOptions{Day: f.Day}
	if f.ServicePoint != serviceByColumn && f.ServicePoint != "" {
		id, err := strconv.ParseInt(f.ServicePoint, 10, 64)
		if err != nil || id <= 0 {
			id = -1
		}
		opt.ServicePointID = id
	}
	return opt
}

type surveyImportUploadPage struct {
	Points   []targetOption // service point choices, the file's column first
	Pending  []survey.ImportUpload
	Form     surveyImportForm
	Message  string
	Problems []string
	Errors   map[string]string
	MaxMB    int64
}

func (s *Server) surveyImportPage(w http.ResponseWriter, r *request) error {
	return s.renderImportUpload(w, r, http.StatusOK, surveyImportForm{ServicePoint: serviceByColumn}, nil)
}

func (s *Server) renderImportUpload(w http.ResponseWriter, r *request, status int, form surveyImportForm, failure error) error {
	ctx := r.Context()
	sps, err := s.svc.Libraries.ServicePoints(ctx, r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	pending, err := s.svc.Survey.PendingImportUploads(ctx, r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	page := surveyImportUploadPage{Points: s.importPoints(r.Lang, sps), Pending: pending, Form: form, MaxMB: survey.MaxImportBytes >> 20}
	if failure != nil {
		page.Message, page.Problems, page.Errors = s.importFailure(r.Lang, failure)
	}
	return s.render(w, r, status, "survey_import", "survey_import.title", page)
}

// importFailure translates a refused file: the main message, every problem
// (with its line and column), and the field errors for the form.
func (s *Server) importFailure(lang string, err error) (string, []string, map[string]string) {
	e := apperr.As(err)
	var problems []string
	for _, p := range e.Problems {
		problems = append(problems, s.problemMessage(lang, p))
	}
	return s.message(lang, e), problems, s.fieldErrors(lang, err)
}

// isImportRefusal is an error shown on the import pages rather than as an
// error page: the file or the choices are wrong, not the request.
func isImportRefusal(err error) bool {
	switch codeOf(err) {
	case apperr.Invalid, apperr.TooLarge, apperr.Conflict:
		return true
	}
	return false
}

func (s *Server) surveyImportUpload(w http.ResponseWriter, r *request) error {
	file, header, err := r.FormFile("file")
	form := surveyImportForm{ServicePoint: r.FormValue("service_point"), Day: r.FormValue("day")}
	if err != nil {
		if err := asTooLarge(err, s.cfg.MaxUploadBytes); codeOf(err) == apperr.TooLarge {
			return s.renderImportUpload(w, r, http.StatusRequestEntityTooLarge, form, err)
		}
		return s.renderImportUpload(w, r, http.StatusUnprocessableEntity, form, apperr.New(apperr.Invalid, "survey_import.no_file", nil))
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, survey.MaxImportBytes+1))
	if err != nil {
		return asTooLarge(err, s.cfg.MaxUploadBytes)
	}
	u, err := s.svc.Survey.SaveImportUpload(r.Context(), r.Actor, r.LibraryID, header.Filename, content)
	if err != nil {
		if !isImportRefusal(err) {
			return err
		}
		return s.renderImportUpload(w, r, statusOf(codeOf(err)), form, err)
	}
	return s.redirect(w, r, fmt.Sprintf("%s/%d?%s", surveyImportURL(r.LibraryID), u.ID, form.query()), "")
}

// mappingColumn is one row of the mapping screen.
type mappingColumn struct {
	survey.ImportColumn
	Chosen string // the target selected
}

type targetOption struct{ Value, Label string }

type surveyImportMappingPage struct {
	Upload   survey.ImportUpload
	Preview  survey.ImportPreview
	Columns  []mappingColumn
	Targets  []targetOption
	Points   []targetOption
	Form     surveyImportForm
	Message  string
	Problems []string
	Errors   map[string]string
}

func (s *Server) surveyImportMapping(w http.ResponseWriter, r *request) error {
	q := r.URL.Query()
	form := surveyImportForm{ServicePoint: q.Get("service_point"), Day: q.Get("day")}
	return s.renderImportMapping(w, r, http.StatusOK, form, nil, nil)
}

// renderImportMapping shows the mapping screen; chosen is the targets as
// submitted (nil: as detected).
func (s *Server) renderImportMapping(w http.ResponseWriter, r *request, status int, form surveyImportForm, chosen []string, failure error) error {
	ctx := r.Context()
	id, err := pathID(r, "upload", "survey_import")
	if err != nil {
		return err
	}
	u, err := s.svc.Survey.ImportUpload(ctx, r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	sps, err := s.svc.Libraries.ServicePoints(ctx, r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	page := surveyImportMappingPage{Upload: u, Points: s.importPoints(r.Lang, sps), Form: form, Targets: s.importTargets(r.Lang)}
	page.Upload.Content = nil
	page.Preview, err = survey.PreviewImport(u.Filename, u.Content)
	if err != nil && failure == nil {
		failure = err
	}
	detectedService := false
	for c, col := range page.Preview.Columns {
		mc := mappingColumn{ImportColumn: col, Chosen: col.Target}
		if chosen != nil {
			mc.Chosen = ""
			if c < len(chosen) {
				mc.Chosen = chosen[c]
			}
		}
		detectedService = detectedService || mc.Chosen == survey.TargetService
		page.Columns = append(page.Columns, mc)
	}
	if page.Form.ServicePoint == "" {
		// The file's own column when it has one, else the only point.
		switch {
		case detectedService:
			page.Form.ServicePoint = serviceByColumn
		case len(sps) == 1:
			page.Form.ServicePoint = strconv.FormatInt(sps[0].ID, 10)
		}
	}
	if failure != nil {
		page.Message, page.Problems, page.Errors = s.importFailure(r.Lang, failure)
	}
	return s.render(w, r, status, "survey_import_mapping", "survey_import.mapping_title", &page)
}

// importPoints are the service point choices: the file's column, then
// every point of the library (a closed one may have answers from before).
func (s *Server) importPoints(lang string, sps []library.ServicePoint) []targetOption {
	out := []targetOption{{Value: serviceByColumn, Label: s.i18n.T(lang, "survey_import.by_column", nil)}}
	for _, sp := range sps {
		label := sp.Name
		if !sp.Active {
			label += " (" + s.i18n.T(lang, "survey.point_closed", nil) + ")"
		}
		out = append(out, targetOption{Value: strconv.FormatInt(sp.ID, 10), Label: label})
	}
	return out
}

// importTargets are the mapping screen's choices, labelled.
func (s *Server) importTargets(lang string) []targetOption {
	out := []targetOption{{Value: survey.TargetIgnore, Label: s.i18n.T(lang, "survey_import.target.ignore", nil)}}
	for i, el := range ikm.Elements {
		out = append(out, targetOption{Value: survey.ImportTargets[i], Label: el.Code + " " + el.Name})
	}
	for _, t := range survey.ImportTargets[ikm.NumElements:] {
		out = append(out, targetOption{Value: t, Label: s.i18n.T(lang, "survey_import.target."+t, nil)})
	}
	return out
}

func (s *Server) surveyImportConfirm(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "upload", "survey_import")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.Invalid, "error.invalid", nil)
	}
	form := surveyImportForm{ServicePoint: r.PostFormValue("service_point"), Day: r.PostFormValue("day")}
	opt := form.options()
	n, _ := strconv.Atoi(r.PostFormValue("columns"))
	n = min(max(n, 0), 10_000) // a spreadsheet has fewer columns than this
	opt.Mapping = make([]string, n)
	for c := range opt.Mapping {
		opt.Mapping[c] = r.PostFormValue("col_" + strconv.Itoa(c))
	}
	res, err := s.svc.Survey.ImportFromUpload(r.Context(), r.Actor, r.LibraryID, id, opt)
	if err != nil {
		if !isImportRefusal(err) {
			return err
		}
		return s.renderImportMapping(w, r, statusOf(codeOf(err)), form, opt.Mapping, err)
	}
	page := surveyImportResultPage{Result: res}
	page.From, _ = time.Parse(time.DateOnly, res.From)
	page.To, _ = time.Parse(time.DateOnly, res.To)
	return s.render(w, r, http.StatusOK, "survey_import_result", "survey_import.result_title", page)
}

type surveyImportResultPage struct {
	Result   survey.ImportResult
	From, To time.Time // the imported days, for display
}

func (s *Server) surveyImportDiscard(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "upload", "survey_import")
	if err != nil {
		return err
	}
	if err := s.svc.Survey.DiscardImportUpload(r.Context(), r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	return s.redirect(w, r, surveyImportURL(r.LibraryID), "survey_import.discarded")
}

// purgeSurveyImports removes uploaded survey files nobody finished
// importing (housekeeping).
func (s *Server) purgeSurveyImports(ctx context.Context, now time.Time) {
	if n, err := s.svc.Survey.PurgeImportUploads(ctx, now.Add(-survey.ImportUploadTTL)); err != nil {
		s.log.Warn("purge survey imports", "err", err)
	} else if n > 0 {
		s.log.Info("stale survey imports purged", "count", n)
	}
}
