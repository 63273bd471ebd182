package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/bina-pustaka/bina/internal/survey"
)

type ikmElementJSON struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Sum       int64    `json:"sum"`
	Count     int64    `json:"count"`
	NRR       *float64 `json:"nrr"`       // four decimals; null when nobody answered
	Converted *float64 `json:"converted"` // NRR × 25, two decimals
	Grade     string   `json:"grade"`
	Label     string   `json:"label"`
	Lowest    bool     `json:"lowest"`
	Weak      bool     `json:"weak"`
}

type ikmTrendJSON struct {
	Period      survey.Period `json:"period"`
	Respondents int64         `json:"respondents"`
	IKM         *float64      `json:"ikm"`
	Grade       string        `json:"grade"`
}

// ikmJSON is the API's IKM report: the same numbers as the page.
type ikmJSON struct {
	LibraryID        int64            `json:"library_id"`
	ServicePointID   *int64           `json:"service_point_id"` // null: the whole library
	ServicePointName string           `json:"service_point_name"`
	Period           survey.Period    `json:"period"`
	Respondents      int64            `json:"respondents"`
	IKM              *float64         `json:"ikm"` // two decimals; null without respondents
	Grade            string           `json:"grade"`
	Label            string           `json:"label"`
	Elements         []ikmElementJSON `json:"elements"`
	Population       *int64           `json:"population"`       // visitors in the period; null when not entered
	PopulationScope  string           `json:"population_scope"` // service_point, library, service_points or ""
	SampleTarget     int              `json:"sample_target"`
	SampleShort      bool             `json:"sample_short"`
	Trend            []ikmTrendJSON   `json:"trend"`
}

func surveyPtr[T any](v T) *T { return &v }

func (s *Server) apiIKM(w http.ResponseWriter, r *request) error {
	q, err := s.parseIKMQuery(r, r.URL.Query().Get)
	if err != nil {
		return err
	}
	rep, err := s.svc.Survey.IKM(r.Context(), r.Actor, r.LibraryID, q.ServicePointID, q.Period)
	if err != nil {
		return err
	}
	trend, err := s.svc.Survey.Trend(r.Context(), r.Actor, r.LibraryID, q.ServicePointID, q.Period, trendLength[q.Period.Kind])
	if err != nil {
		return err
	}
	out := ikmJSON{LibraryID: r.LibraryID, ServicePointName: rep.ServicePointName, Period: rep.Period,
		Respondents: rep.Result.Respondents, Grade: rep.Result.Grade, Label: rep.Result.Label,
		PopulationScope: rep.PopulationScope, SampleTarget: rep.SampleTarget, SampleShort: rep.SampleShort}
	if q.ServicePointID != 0 {
		out.ServicePointID = surveyPtr(q.ServicePointID)
	}
	if rep.Result.Respondents > 0 {
		out.IKM = surveyPtr(rep.Result.IKM)
	}
	if rep.PopulationScope != "" {
		out.Population = surveyPtr(rep.Population)
	}
	for _, e := range rep.Elements {
		j := ikmElementJSON{Code: e.Code, Name: e.Name, Sum: e.Sum, Count: e.Count, Grade: e.Grade, Label: e.Label, Lowest: e.Lowest, Weak: e.Weak}
		if e.Count > 0 {
			j.NRR, j.Converted = surveyPtr(e.NRR), surveyPtr(e.Converted)
		}
		out.Elements = append(out.Elements, j)
	}
	for _, t := range trend {
		j := ikmTrendJSON{Period: t.Period, Respondents: t.Respondents, Grade: t.Grade}
		if t.Respondents > 0 {
			j.IKM = surveyPtr(t.IKM)
		}
		out.Trend = append(out.Trend, j)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiFollowups(w http.ResponseWriter, r *request) error {
	q, err := s.parseIKMQuery(r, r.URL.Query().Get)
	if err != nil {
		return err
	}
	fs, err := s.svc.Survey.Followups(r.Context(), r.Actor, r.LibraryID, q.ServicePointID, q.Period)
	if err != nil {
		return err
	}
	if fs == nil {
		fs = []survey.Followup{}
	}
	return writeJSON(w, http.StatusOK, listResponse[survey.Followup]{Items: fs})
}

type surveyLinkJSON struct {
	ServicePointID   int64     `json:"service_point_id"`
	ServicePointName string    `json:"service_point_name"`
	Active           bool      `json:"active"`
	Code             string    `json:"code"`       // "" when no link was made yet
	URL              string    `json:"url"`        // the short address printed on the poster
	PosterURL        string    `json:"poster_url"` // A4 PDF, signed-in
	CreatedAt        time.Time `json:"created_at,omitzero"`
}

func (s *Server) apiSurveyLinks(w http.ResponseWriter, r *request) error {
	links, err := s.svc.Survey.Links(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	items := []surveyLinkJSON{}
	for _, l := range links {
		j := surveyLinkJSON{ServicePointID: l.ServicePointID, ServicePointName: l.ServicePointName, Active: l.Active, Code: l.Code, CreatedAt: l.CreatedAt}
		if l.Code != "" {
			j.URL = surveyURL(r, l.Code)
			j.PosterURL = publicBase(r) + libraryURL(r.LibraryID) + "/survey/links/" + strconv.FormatInt(l.ServicePointID, 10) + "/poster.pdf"
		}
		items = append(items, j)
	}
	return writeJSON(w, http.StatusOK, listResponse[surveyLinkJSON]{Items: items})
}

// OpenAPI pieces of the survey's routes (see openapi.go).
var ikmQueryHelp = map[string]string{
	"service_point": "Service point id; the whole library when absent",
	"period":        "2026 (year), 2026-S2 (semester), 2026-Q3 (quarter), 2026-11 (month), or custom with from and to; the current year when absent",
	"from":          "First day of a custom period, YYYY-MM-DD",
	"to":            "Last day of a custom period, YYYY-MM-DD",
}

func numberOrNull() map[string]any { return map[string]any{"type": []string{"number", "null"}} }

func ikmPeriodSchema() map[string]any {
	return obj(map[string]any{"kind": map[string]any{"type": "string", "enum": []string{"month", "quarter", "semester", "year", "custom"}},
		"value": str(), "from": map[string]any{"type": "string", "format": "date"}, "to": map[string]any{"type": "string", "format": "date"}})
}

func ikmReportSchema() map[string]any {
	element := obj(map[string]any{"code": str(), "name": str(), "sum": integer(), "count": integer(), "nrr": numberOrNull(),
		"converted": numberOrNull(), "grade": str(), "label": str(), "lowest": boolean(), "weak": boolean()})
	trend := obj(map[string]any{"period": ikmPeriodSchema(), "respondents": integer(), "ikm": numberOrNull(), "grade": str()})
	return obj(map[string]any{"library_id": integer(), "service_point_id": nullable("integer"), "service_point_name": str(),
		"period": ikmPeriodSchema(), "respondents": integer(), "ikm": numberOrNull(), "grade": str(), "label": str(),
		"elements":   map[string]any{"type": "array", "items": element},
		"population": nullable("integer"), "population_scope": str(), "sample_target": integer(), "sample_short": boolean(),
		"trend": map[string]any{"type": "array", "items": trend}})
}

func ikmFollowupSchema() map[string]any {
	return obj(map[string]any{"id": integer(), "library_id": integer(), "service_point_id": nullable("integer"), "service_point_name": str(),
		"element": str(), "period": ikmPeriodSchema(), "action": str(), "owner_staff_id": nullable("integer"), "owner_name": str(),
		"due_date": map[string]any{"type": "string", "format": "date"},
		"status":   map[string]any{"type": "string", "enum": survey.Statuses}, "created_at": timestamp(), "updated_at": timestamp()})
}
