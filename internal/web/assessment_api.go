package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/competency"
)

// The assessment API: cycles, a cycle's results (the heatmap as data) and
// a person's gaps. Its OpenAPI entries are added below, beside the handlers.

func (s *Server) apiCycles(w http.ResponseWriter, r *request) error {
	cs, err := s.svc.Competency.Cycles(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": cs})
}

func (s *Server) apiCycleResults(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "cycle", "cycle")
	if err != nil {
		return err
	}
	h, err := s.svc.Competency.Heatmap(r.Context(), r.Actor, r.LibraryID, id, heatmapFilter(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

func (s *Server) apiStaffGaps(w http.ResponseWriter, r *request) error {
	staffID, err := pathID(r, "staff", "staff")
	if err != nil {
		return err
	}
	cycleID, _ := strconv.ParseInt(r.URL.Query().Get("cycle"), 10, 64)
	g, err := s.svc.Competency.PersonGaps(r.Context(), r.Actor, r.LibraryID, staffID, cycleID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}

func init() {
	apiDocs["GET /api/v1/libraries/{lib}/cycles"] = apiDoc{Summary: "Assessment cycles, newest first, with their framework version and how many assessments are submitted and reviewed", Response: "AssessmentCycleList"}
	apiDocs["GET /api/v1/libraries/{lib}/cycles/{cycle}/results"] = apiDoc{Summary: "A cycle's staff × competency results: required and agreed level and gap per cell (frozen once the cycle is closed), and the most common gaps",
		Response: "AssessmentResults", Query: []string{"service_point", "level", "sort"},
		QueryHelp: map[string]string{"service_point": "Only staff posted to this service point", "level": "Only staff of this jenjang", "sort": "name (default) or gap: largest total gap first"}}
	apiDocs["GET /api/v1/libraries/{lib}/staff/{staff}/gaps"] = apiDoc{Summary: "A person's required vs agreed levels in a cycle (her latest by default); the agreed level is the supervisor's reviewed level", Response: "PersonGaps",
		Query: []string{"cycle"}, QueryHelp: map[string]string{"cycle": "Cycle id; the person's latest cycle when absent"}}

	cycle := obj(map[string]any{"id": integer(), "library_id": integer(), "name": str(), "version_id": integer(), "framework_name": str(),
		"version_number": integer(), "opens_on": str(), "closes_on": str(), "status": map[string]any{"type": "string", "enum": []string{competency.CycleOpen, competency.CycleClosed}},
		"created_at": timestamp(), "closed_at": nullable("string"), "total": integer(), "submitted": integer(), "reviewed": integer()})
	apiSchemas["AssessmentCycle"] = cycle
	apiSchemas["AssessmentCycleList"] = list("AssessmentCycle")
	column := obj(map[string]any{"id": integer(), "code": str(), "title": str()})
	cell := obj(map[string]any{"required_level": map[string]any{"type": "integer", "description": "0: not required of this person"},
		"agreed_level": map[string]any{"type": "integer", "description": "0: not reviewed"}, "gap": integer(), "reviewed": boolean()})
	apiSchemas["AssessmentResults"] = obj(map[string]any{"cycle": ref("AssessmentCycle"),
		"columns": map[string]any{"type": "array", "items": column},
		"rows": map[string]any{"type": "array", "items": obj(map[string]any{"staff_id": integer(), "name": str(), "level": str(), "service_point": str(),
			"cells": map[string]any{"type": "array", "items": cell}, "total_gap": integer(), "short": integer()})},
		"common_gaps": map[string]any{"type": "array", "items": obj(map[string]any{"id": integer(), "code": str(), "title": str(), "people": integer(), "total_gap": integer()})},
		"max_level":   integer()}, "cycle", "columns", "rows", "common_gaps")
	gap := map[string]any{"competency_id": integer(), "code": str(), "title": str(), "required_level": integer(),
		"agreed_level": integer(), "self_level": integer(), "reviewed": boolean(), "gap": integer(), "surplus": integer()}
	apiSchemas["PersonGaps"] = obj(map[string]any{
		"person": obj(map[string]any{"id": integer(), "name": str(), "nip": str(), "position": str(), "level": str(), "service_point": str()}),
		"cycle":  map[string]any{"oneOf": []any{ref("AssessmentCycle"), map[string]any{"type": "null"}}},
		"scale":  map[string]any{"type": "object"},
		"rows":   map[string]any{"type": "array", "items": obj(gap)},
		"summary": obj(map[string]any{"items": map[string]any{"type": "array"}, "total_gap": integer(), "total_surplus": integer(),
			"reviewed": integer(), "not_reviewed": integer(), "met": integer(), "short": integer()})}, "person", "rows", "summary")
}
