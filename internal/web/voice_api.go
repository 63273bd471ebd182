package web

import (
	"net/http"

	"github.com/bina-pustaka/bina/internal/insight"
	"github.com/bina-pustaka/bina/internal/survey"
)

// apiVoice is the patron-voice dashboard of one library as JSON: the same
// aggregates as the page, from the same call.
func (s *Server) apiVoice(w http.ResponseWriter, r *request) error {
	lib, err := s.svc.Libraries.Get(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	q, err := s.parseVoiceQuery(r, lib.TimeZone)
	if err != nil {
		return err
	}
	lv, err := s.voice().Library(r.Context(), r.Actor, r.LibraryID, q.Period)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, lv)
}

// voiceAllJSON is the cross-library view: the period and one line per library.
type voiceAllJSON struct {
	Period survey.Period            `json:"period"`
	Sort   string                   `json:"sort"`
	Items  []insight.LibrarySummary `json:"items"`
}

func (s *Server) apiVoiceAll(w http.ResponseWriter, r *request) error {
	q, err := s.parseVoiceQuery(r, "Asia/Jakarta")
	if err != nil {
		return err
	}
	list, err := s.voice().AllLibraries(r.Context(), r.Actor, q.Period)
	if err != nil {
		return err
	}
	insight.SortSummaries(list, q.Sort)
	return writeJSON(w, http.StatusOK, voiceAllJSON{Period: q.Period, Sort: q.Sort, Items: list})
}

// OpenAPI pieces of the dashboard's routes (openapi.go names them).

var voiceQueryHelp = map[string]string{
	"period": ikmQueryHelp["period"],
	"from":   ikmQueryHelp["from"],
	"to":     ikmQueryHelp["to"],
	"sort":   "name, ikm, complaints or sla; a leading - sorts descending; -ikm (best IKM first) by default. Libraries without a figure come last",
}

func voiceIKMProps() map[string]any {
	return map[string]any{"respondents": integer(), "ikm": numberOrNull(), "grade": str(), "label": str()}
}

func voiceSLASchema() map[string]any {
	return obj(map[string]any{
		"met":        map[string]any{"type": "integer", "description": "Verified within 3 and decided within 5 working days"},
		"missed":     map[string]any{"type": "integer", "description": "A deadline passed before its step was taken"},
		"pending":    map[string]any{"type": "integer", "description": "Still within its deadlines: not judged yet"},
		"rejected":   map[string]any{"type": "integer", "description": "Rejected as not a complaint: left out"},
		"compliance": map[string]any{"type": []string{"number", "null"}, "description": "met ÷ (met + missed) in percent, one decimal"},
	})
}

func voiceComplaintsSchema() map[string]any {
	return obj(map[string]any{
		"received":  map[string]any{"type": "integer", "description": "Filed in the period"},
		"open":      map[string]any{"type": "integer", "description": "Not finished, today"},
		"overdue":   map[string]any{"type": "integer", "description": "Verify or decide deadline passed, today"},
		"escalated": integer(), "sla": voiceSLASchema(), "ratings": integer(),
		"average_rating": map[string]any{"type": []string{"number", "null"}, "description": "Reporters' rating 1–5 of the complaints filed in the period"},
	})
}

func libraryVoiceSchema() map[string]any {
	point := voiceIKMProps()
	point["service_point_id"], point["name"], point["active"] = integer(), str(), boolean()
	month := obj(map[string]any{"month": str(), "ikm": obj(voiceIKMProps()), "complaints": integer(), "sla": voiceSLASchema()})
	open := obj(map[string]any{"id": integer(), "code": str(), "class": str(), "category": str(), "service_point_name": str(),
		"status": str(), "filed_at": timestamp(), "filed_on": map[string]any{"type": "string", "format": "date"},
		"age_working_days": integer(), "due": map[string]any{"type": "string", "format": "date"}, "overdue": boolean(), "days_late": integer()})
	return obj(map[string]any{
		"library_id": integer(), "library_name": str(), "period": ikmPeriodSchema(),
		"today": map[string]any{"type": "string", "format": "date"},
		"ikm":   obj(voiceIKMProps()), "sample_target": integer(), "sample_short": boolean(),
		"service_points": map[string]any{"type": "array", "items": obj(point), "description": "Best IKM first; unanswered last"},
		"complaints":     voiceComplaintsSchema(),
		"suggestions": map[string]any{"type": []string{"object", "null"}, "properties": map[string]any{"received": integer(), "book_asks": integer()},
			"description": "null without suggestion:view"},
		"months":         map[string]any{"type": "array", "items": month, "description": "12 months ending with the period's last month (or this month), oldest first"},
		"oldest_open":    map[string]any{"type": "array", "items": open},
		"most_requested": map[string]any{"type": []string{"array", "null"}, "items": ref("BookRequest"), "description": "Open purchase requests, most asked first; null without suggestion:view"},
	})
}

func voiceLibraryListSchema() map[string]any {
	item := obj(map[string]any{"library_id": integer(), "name": str(), "city": str(),
		"today": map[string]any{"type": "string", "format": "date"}, "ikm": obj(voiceIKMProps()), "complaints": voiceComplaintsSchema()})
	return obj(map[string]any{"period": ikmPeriodSchema(), "sort": str(), "items": map[string]any{"type": "array", "items": item}}, "items")
}
