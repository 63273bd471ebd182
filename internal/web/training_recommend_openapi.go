package web

// The recommendations' piece of the OpenAPI document, added to its tables.
func init() {
	apiDocs["GET /api/v1/libraries/{lib}/staff/{staff}/recommendations"] = apiDoc{Summary: "Upcoming training sessions ranked for a person by fit " +
		"(competency gaps the programme targets, JP still needed this year, stated interests in competencies, programme types, a modality and " +
		"topic keywords), weighted by the library's settings, each with its reasons; the person herself or a coordinator",
		Response: "TrainingRecommendations"}
	reason := obj(map[string]any{"key": map[string]any{"type": "string", "description": "Message key: training.reco.gap, training.reco.jp, training.reco.interest, training.reco.type, " +
		"training.reco.modality, training.reco.topics"},
		"args": map[string]any{"type": "object", "description": "The message's arguments: Levels and Competency, JP, Competency, " +
			"Type (a programme type code), Modality (offline, online, hybrid), or Keywords (the matching keywords as typed, comma-separated)"}})
	item := obj(map[string]any{"session_id": integer(), "name": str(), "first_day": trainingDate(), "last_day": trainingDate(), "jp": integer(),
		"score": map[string]any{"type": "number", "description": "The library's weights (defaults: 10 per level of gap closed, 0.5 per JP of the year's shortfall " +
			"covered, 8 per competency interest, 4 per matching type, modality or keyword)"},
		"full":    map[string]any{"type": "boolean", "description": "No seat left: enrolling joins the waitlist"},
		"reasons": map[string]any{"type": "array", "items": reason}})
	apiSchemas["TrainingRecommendations"] = obj(map[string]any{"staff_id": integer(), "name": str(),
		"jp_needed": map[string]any{"type": "integer", "description": "JP still needed to reach this year's target"},
		"items":     map[string]any{"type": "array", "items": item, "description": "Best first"}})
}
