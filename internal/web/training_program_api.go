package web

import (
	"encoding/json"
	"net/http"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/training"
)

// trainingProgramAPIRoutes write the catalogue through the API: one
// programme, a new one, a change (absent fields kept). The list is among
// trainingRoutes.
func (s *Server) trainingProgramAPIRoutes() []Route {
	view, manage := auth.PermTrainingView, auth.PermTrainingManage
	const program = "/api/v1/libraries/{lib}/programs/{program}"
	return []Route{
		{Method: "POST", Pattern: "/api/v1/libraries/{lib}/programs", Perm: manage, API: true, handle: s.apiTrainingProgramCreate},
		{Method: "GET", Pattern: program, Perm: view, API: true, handle: s.apiTrainingProgram},
		{Method: "PATCH", Pattern: program, Perm: manage, API: true, handle: s.apiTrainingProgramUpdate},
		{Method: "GET", Pattern: program + "/evaluation", Perm: manage, API: true, handle: s.apiTrainingProgramEvaluation},
	}
}

// optionalMonths is a JSON field that may be absent (keep what is stored),
// null (never expires) or a number of months. Anything that is not a whole
// number reads as 0, which the service refuses on the field like any
// out-of-range value.
type optionalMonths struct {
	Set   bool
	Value *int
}

func (o *optionalMonths) UnmarshalJSON(b []byte) error {
	o.Set, o.Value = true, nil
	if string(b) == "null" {
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil {
		n = 0
	}
	o.Value = &n
	return nil
}

// programInput is the body of POST and PATCH …/programs: on PATCH an absent
// field keeps the stored value. Material links are kept on the programme
// page.
type programInput struct {
	Title                     *string        `json:"title"`
	Type                      *string        `json:"type"`
	Level                     *string        `json:"level"`
	JP                        *int           `json:"jp"`
	ProviderKind              *string        `json:"provider_kind"`
	ProviderName              *string        `json:"provider_name"`
	Modality                  *string        `json:"modality"`
	Description               *string        `json:"description"`
	SelfRegistration          *bool          `json:"self_registration"`
	Active                    *bool          `json:"active"`
	CompetencyIDs             *[]int64       `json:"competency_ids"`
	CertificateValidityMonths optionalMonths `json:"certificate_validity_months"`
}

// apply writes the fields given onto p and returns the target competencies.
func (in programInput) apply(p *training.Program) []int64 {
	set(&p.Title, in.Title)
	set(&p.Type, in.Type)
	set(&p.Level, in.Level)
	set(&p.JP, in.JP)
	set(&p.ProviderKind, in.ProviderKind)
	set(&p.ProviderName, in.ProviderName)
	set(&p.Modality, in.Modality)
	set(&p.Description, in.Description)
	set(&p.SelfRegistration, in.SelfRegistration)
	set(&p.Active, in.Active)
	if in.CertificateValidityMonths.Set {
		p.CertificateValidityMonths = in.CertificateValidityMonths.Value
	}
	if in.CompetencyIDs != nil {
		return *in.CompetencyIDs
	}
	return p.CompetencyIDs()
}

func (s *Server) apiTrainingProgram(w http.ResponseWriter, r *request) error {
	id, err := s.trainingProgramID(r)
	if err != nil {
		return err
	}
	p, err := s.svc.Training.Program(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiTrainingProgramCreate(w http.ResponseWriter, r *request) error {
	var in programInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p := training.Program{LibraryID: r.LibraryID, Type: "workshop", Level: "dasar", ProviderKind: "internal", Modality: "offline"}
	ids := in.apply(&p)
	created, err := s.svc.Training.CreateProgram(r.Context(), r.Actor, p, ids)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, created)
}

func (s *Server) apiTrainingProgramUpdate(w http.ResponseWriter, r *request) error {
	// Whose programme first: a foreign one is a 404 whatever the body says.
	id, err := s.trainingProgramID(r)
	if err != nil {
		return err
	}
	p, err := s.svc.Training.Program(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	var in programInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ids := in.apply(&p)
	updated, err := s.svc.Training.UpdateProgram(r.Context(), r.Actor, p, ids)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, updated)
}

// The programme API's pieces of the OpenAPI document.
func init() {
	apiDocs["POST /api/v1/libraries/{lib}/programs"] = apiDoc{Summary: "Add a programme to the catalogue with its target competencies and certificate validity; defaults: workshop, dasar, internal, offline",
		Request: "TrainingProgramInput", Response: "TrainingProgram", Status: "201"}
	apiDocs["GET /api/v1/libraries/{lib}/programs/{program}"] = apiDoc{Summary: "One programme of the catalogue", Response: "TrainingProgram"}
	apiDocs["PATCH /api/v1/libraries/{lib}/programs/{program}"] = apiDoc{Summary: "Change a programme (absent fields are kept; certificate_validity_months null: certificates never expire); certificates already issued keep their expiry",
		Request: "TrainingProgramInput", Response: "TrainingProgram"}
	apiSchemas["TrainingProgramInput"] = obj(map[string]any{"title": str(),
		"type":  trainingEnum("workshop", "seminar", "webinar", "e_learning", "project_based", "magang", "conference"),
		"level": trainingEnum("dasar", "menengah", "lanjut"), "jp": map[string]any{"type": "integer", "description": "1–1000"},
		"provider_kind": trainingEnum("internal", "partner"), "provider_name": str(), "modality": trainingEnum("offline", "online", "hybrid"),
		"description": str(), "self_registration": boolean(), "active": map[string]any{"type": "boolean", "description": "PATCH only; a new programme is active"},
		"competency_ids":              map[string]any{"type": "array", "items": integer(), "description": "Target competencies: ids of published framework versions"},
		"certificate_validity_months": certificateValiditySchema()})
}

func certificateValiditySchema() map[string]any {
	return map[string]any{"type": []string{"integer", "null"}, "minimum": 1, "maximum": training.MaxValidityMonths,
		"description": "Months a certificate stays valid from the day it is issued (expires_on = issued_on + months − 1 day); null: never expires"}
}

func (s *Server) apiTrainingProgramEvaluation(w http.ResponseWriter, r *request) error {
	id, err := s.trainingProgramID(r)
	if err != nil {
		return err
	}
	rounds, err := s.svc.Training.ProgramEvaluation(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"program_id": id, "rounds": rounds})
}

func init() {
	apiDocs["GET /api/v1/libraries/{lib}/programs/{program}/evaluation"] = apiDoc{Summary: "The programme's rounds side by side, first day " +
		"first (cancelled ones left out): seated and completed, the L1 reaction summary without comments (averages from 3 answers on) " +
		"with its lowest item, and the L2 average normalized gain; coordinators", Response: "TrainingProgramEvaluation"}
	apiSchemas["TrainingProgramEvaluation"] = obj(map[string]any{"program_id": integer(),
		"rounds": map[string]any{"type": "array", "items": obj(map[string]any{
			"session":   map[string]any{"type": "object", "description": "The session, as in the session API"},
			"seated":    integer(),
			"completed": integer(),
			"reaction":  map[string]any{"type": "object", "description": "n, shown, averages per item, overall (comments are on the session's own summary)"},
			"weakest":   map[string]any{"type": []string{"object", "null"}, "description": "The lowest reaction item and its average; null while averages are hidden"},
			"gain":      map[string]any{"type": "object", "description": "count, average, band, and how many low, medium, high"}})}})
}
