package web

import (
	"bytes"
	"net/http"
	"time"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/report"
	"github.com/bina-pustaka/bina/internal/survey"
)

// surveyReportRoutes serve the official SKM report of the selection the
// IKM page shows (same query: service_point, period, from, to).
func (s *Server) surveyReportRoutes() []Route {
	view := auth.PermSurveyView
	return []Route{
		{Method: "GET", Pattern: "/libraries/{lib}/ikm/report.pdf", Perm: view, handle: s.skmReportPDF},
		{Method: "GET", Pattern: "/libraries/{lib}/ikm/report.xlsx", Perm: view, handle: s.skmReportXLSX},
	}
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Server) skmReportPDF(w http.ResponseWriter, r *request) error {
	data, l, err := s.skmReport(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.SKMPDF(&buf, data, l); err != nil {
		return err
	}
	return sendFile(w, "application/pdf", data.Filename(l, "pdf"), buf.Bytes())
}

func (s *Server) skmReportXLSX(w http.ResponseWriter, r *request) error {
	data, l, err := s.skmReport(r)
	if err != nil {
		return err
	}
	data.Responses = func(fn func(survey.Response) error) error {
		return s.svc.Survey.Responses(r.Context(), r.Actor, r.LibraryID, data.Report.ServicePointID, data.Report.Period, fn)
	}
	var buf bytes.Buffer
	if err := report.SKMXLSX(&buf, data, l); err != nil {
		return err
	}
	return sendFile(w, xlsxType, data.Filename(l, "xlsx"), buf.Bytes())
}

// skmReport gathers what the report shows, as the IKM page does.
func (s *Server) skmReport(r *request) (*report.SKM, report.Locale, error) {
	l := report.Locale{Bundle: s.i18n, Lang: r.Lang}
	ctx := r.Context()
	q, err := s.parseIKMQuery(r, r.URL.Query().Get)
	if err != nil {
		return nil, l, err
	}
	lib, err := s.svc.Libraries.Get(ctx, r.Actor, r.LibraryID)
	if err != nil {
		return nil, l, err
	}
	rep, err := s.svc.Survey.IKM(ctx, r.Actor, r.LibraryID, q.ServicePointID, q.Period)
	if err != nil {
		return nil, l, err
	}
	now := db.Now().In(zoneOf(lib.TimeZone))
	data := &report.SKM{Library: lib.Name, City: lib.City, Scope: rep.ServicePointName, PeriodLabel: s.periodLabel(r.Lang, q.Period),
		Printed: now, Report: rep, ServicePoints: map[int64]string{}}
	if data.Profile, err = s.svc.Survey.Profile(ctx, r.Actor, r.LibraryID, q.ServicePointID, q.Period); err != nil {
		return nil, l, err
	}
	trend, err := s.svc.Survey.Trend(ctx, r.Actor, r.LibraryID, q.ServicePointID, q.Period, trendLength[q.Period.Kind])
	if err != nil {
		return nil, l, err
	}
	for _, t := range trend {
		data.Trend = append(data.Trend, report.TrendPoint{TrendPoint: t, Label: s.periodLabel(r.Lang, t.Period), Short: shortPeriod(t.Period)})
	}
	fs, err := s.svc.Survey.Followups(ctx, r.Actor, r.LibraryID, q.ServicePointID, q.Period)
	if err != nil {
		return nil, l, err
	}
	for _, f := range fs {
		data.Followups = append(data.Followups, report.Followup{Followup: f, PeriodLabel: s.periodLabel(r.Lang, f.Period)})
	}
	points, err := s.svc.Libraries.ServicePoints(ctx, r.Actor, r.LibraryID)
	if err != nil {
		return nil, l, err
	}
	for _, p := range points {
		data.ServicePoints[p.ID] = p.Name
	}
	return data, l, nil
}

// zoneOf loads a library's zone, WIB when the name is unknown.
func zoneOf(name string) *time.Location {
	if z, err := time.LoadLocation(name); err == nil {
		return z
	}
	if z, err := time.LoadLocation("Asia/Jakarta"); err == nil {
		return z
	}
	return time.FixedZone("WIB", 7*3600)
}
