package web

import (
	"net/http"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/competency"
)

func (s *Server) apiFrameworkList(w http.ResponseWriter, r *request) error {
	fs, err := s.svc.Competency.Frameworks(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	if fs == nil {
		fs = []competency.Framework{}
	}
	return writeJSON(w, http.StatusOK, listResponse[competency.Framework]{Items: fs})
}

// apiFrameworkCurrent answers with the framework's published version: the
// tree an assessment is made against now.
func (s *Server) apiFrameworkCurrent(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "framework", "framework")
	if err != nil {
		return err
	}
	t, err := s.svc.Competency.CurrentVersion(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

// apiFrameworkVersion answers with any version, retired ones included, so
// that an old assessment can be read with the tree it was made against.
func (s *Server) apiFrameworkVersion(w http.ResponseWriter, r *request) error {
	t, err := s.versionTree(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

type requirementsJSON struct {
	FrameworkID int64                    `json:"framework_id"`
	VersionID   int64                    `json:"version_id"`
	Items       []competency.Requirement `json:"items"`
}

// apiFrameworkRequirements lists the position requirements of the
// framework's published version.
func (s *Server) apiFrameworkRequirements(w http.ResponseWriter, r *request) error {
	f, err := s.frameworkFromPath(r)
	if err != nil {
		return err
	}
	if f.Current == nil {
		return apperr.New(apperr.NotFound, "competency.no_published_version", nil)
	}
	reqs, err := s.svc.Competency.Requirements(r.Context(), r.Actor, r.LibraryID, f.Current.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, requirementsJSON{FrameworkID: f.ID, VersionID: f.Current.ID, Items: reqs})
}

// The competency API's pieces of the OpenAPI document (openapi.go names them).

func competencyEnum(values ...string) map[string]any {
	return map[string]any{"type": "string", "enum": values}
}

func versionInfoSchema() map[string]any {
	return map[string]any{"type": []string{"object", "null"}, "properties": map[string]any{
		"id": integer(), "number": integer(), "published_at": timestamp()}}
}

func frameworkSchema() map[string]any {
	return obj(map[string]any{"id": integer(), "library_id": integer(), "name": str(), "description": str(),
		"source":          competencyEnum("", "default", "copy", "import"),
		"current_version": versionInfoSchema(), "draft_version": versionInfoSchema(),
		"created_at": timestamp(), "updated_at": timestamp()})
}

func frameworkVersionSchema() map[string]any {
	return obj(map[string]any{"id": integer(), "library_id": integer(), "framework_id": integer(), "number": integer(),
		"status": competencyEnum("draft", "published", "retired"), "note": str(),
		"competent_level": map[string]any{"type": "integer", "description": "The lowest scale level that counts as competent"},
		"created_at":      timestamp(), "published_at": nullable("string"), "retired_at": nullable("string")})
}

func competencySchema() map[string]any {
	return obj(map[string]any{"id": integer(), "version_id": integer(), "parent_id": nullable("integer"),
		"origin_id": map[string]any{"type": []string{"integer", "null"}, "description": "The competency of an earlier version this one was copied from"},
		"code":      map[string]any{"type": "string", "description": "e.g. PK, PK.01, PK.01.02"},
		"kind":      competencyEnum("key_function", "unit", "sub_unit"), "title": str(), "description": str(),
		"indicators": map[string]any{"type": "array", "items": str(), "description": "Behavioural indicators, in order"},
		"children":   map[string]any{"type": "array", "items": ref("Competency")}})
}

func frameworkTreeSchema() map[string]any {
	return obj(map[string]any{"framework": ref("Framework"), "version": ref("FrameworkVersion"),
		"scale": obj(map[string]any{"competent_level": integer(), "levels": map[string]any{"type": "array", "items": obj(map[string]any{
			"level": integer(), "name": str(), "descriptor": str(), "competent": boolean()})}}),
		"competencies": map[string]any{"type": "array", "items": ref("Competency"), "description": "Key functions, their units and sub-units nested as children"}},
		"framework", "version", "scale", "competencies")
}

func requirementListSchema() map[string]any {
	return obj(map[string]any{"framework_id": integer(), "version_id": integer(), "items": map[string]any{"type": "array", "items": obj(map[string]any{
		"version_id": integer(), "position": str(),
		"level":              map[string]any{"type": "string", "description": "Jenjang; empty for any"},
		"service_point_kind": map[string]any{"type": "string", "description": "Kind of service point; empty for any"},
		"competency_id":      integer(), "competency_code": str(), "required_level": integer()})}}, "items")
}
