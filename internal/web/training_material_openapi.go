package web

// The training materials' pieces of the OpenAPI document.
func init() {
	apiDocs["GET /api/v1/libraries/{lib}/materials"] = apiDoc{Summary: "Training materials and references (files and links), newest first, searched and filtered; " +
		"every member who sees training. The programmes' own link lines stay in each programme's \"materials\"",
		Response: "TrainingMaterialPage", Query: []string{"q", "program", "competency", "kind", "page", "per_page"},
		QueryHelp: map[string]string{
			"q":          "Search in the title and the description (case-insensitive)",
			"program":    "A training programme's id: its materials only",
			"competency": "A competency's id: materials tagged with it",
			"kind":       "file or link; both when absent",
		}}
	apiDocs["GET /api/v1/libraries/{lib}/materials/{material}/file"] = apiDoc{Summary: "Download a material's file (the bytes as uploaded; 404 for a link)",
		Download: true}
	apiSchemas["TrainingMaterial"] = obj(map[string]any{"id": integer(), "library_id": integer(),
		"program_id": nullable("integer"), "program_title": str(),
		"competency_id": nullable("integer"), "competency_code": str(), "competency_title": str(),
		"title": str(), "description": str(), "kind": trainingEnum("file", "link"),
		"url":       map[string]any{"type": "string", "description": "A link's http(s) address"},
		"file_name": map[string]any{"type": "string", "description": "A file's name as uploaded (shown only)"},
		"mime_type": map[string]any{"type": "string", "description": "A file's type, sniffed from its content: PDF, JPEG, PNG, DOCX, XLSX or PPTX"},
		"size":      map[string]any{"type": "integer", "description": "A file's size in bytes"},
		"sha256":    str(), "file_url": map[string]any{"type": "string", "description": "Where to download a file (the route below)"},
		"uploaded_by": nullable("integer"), "uploaded_by_name": str(), "created_at": timestamp()})
	apiSchemas["TrainingMaterialPage"] = obj(map[string]any{"items": map[string]any{"type": "array", "items": ref("TrainingMaterial")},
		"total": integer(), "page": integer(), "per_page": integer(), "pages": integer()}, "items", "total")
}
