package web

// The training API's pieces of the OpenAPI document (openapi.go names them).

var trainingQueryHelp = map[string]string{
	"year": "Calendar year the sessions start in; this year in the library's time zone by default",
}

func trainingEnum(values ...string) map[string]any {
	return map[string]any{"type": "string", "enum": values}
}

func trainingDate() map[string]any { return map[string]any{"type": "string", "format": "date"} }

func trainingProgramSchema() map[string]any {
	target := obj(map[string]any{"id": integer(), "code": str(), "title": str()})
	return obj(map[string]any{"id": integer(), "library_id": integer(), "title": str(),
		"type":          trainingEnum("workshop", "seminar", "webinar", "e_learning", "project_based", "magang", "conference"),
		"level":         trainingEnum("dasar", "menengah", "lanjut"),
		"jp":            map[string]any{"type": "integer", "description": "JP credited to each person who completes a session"},
		"provider_kind": trainingEnum("internal", "partner"), "provider_name": str(),
		"modality":    trainingEnum("offline", "online", "hybrid"),
		"description": str(), "materials": map[string]any{"type": "array", "items": str(), "description": "Links"},
		"self_registration": boolean(), "active": boolean(),
		"certificate_validity_months": certificateValiditySchema(),
		"competencies":                map[string]any{"type": "array", "items": target, "description": "Target competencies (of published framework versions)"},
		"created_at":                  timestamp(), "updated_at": timestamp()})
}

func trainingSessionProps() map[string]any {
	trainer := obj(map[string]any{"staff_id": integer(), "name": str(), "institution": str()})
	return map[string]any{"id": integer(), "library_id": integer(), "program_id": integer(), "program_title": str(), "title": str(),
		"days":  map[string]any{"type": "array", "items": trainingDate(), "description": "The session's days, ascending"},
		"place": str(), "online_url": str(), "capacity": integer(),
		"trainers":    map[string]any{"type": "array", "items": trainer},
		"budget_line": str(), "budget": map[string]any{"type": "integer", "description": "Rupiah"},
		"status":                 trainingEnum("planned", "open", "completed", "cancelled"),
		"min_attendance_percent": integer(), "pass_mark": nullable("integer"),
		"confirmed":  map[string]any{"type": "integer", "description": "Seats taken"},
		"waitlisted": integer(), "completed_at": nullable("string"), "created_at": timestamp(), "updated_at": timestamp()}
}

func trainingSessionDetailSchema() map[string]any {
	props := trainingSessionProps()
	props["gains"] = map[string]any{"type": "object", "description": "Level-2 result; coordinators only", "properties": map[string]any{
		"count":   map[string]any{"type": "integer", "description": "Participants with both scores and a pre-test below 100"},
		"average": map[string]any{"type": "number", "description": "Average normalized gain g = (post − pre) / (100 − pre)"},
		"band":    trainingEnum("", "low", "medium", "high"), "low": integer(), "medium": integer(), "high": integer()}}
	return obj(props)
}

func trainingEnrolmentSchema() map[string]any {
	return obj(map[string]any{"id": integer(), "library_id": integer(), "session_id": integer(), "staff_id": integer(), "staff_name": str(),
		"origin":            trainingEnum("nominated", "registered"),
		"status":            trainingEnum("confirmed", "waitlisted", "cancelled", "completed", "not_completed"),
		"waitlist_position": map[string]any{"type": "integer", "description": "While waitlisted: 1 is the next to get a seat"},
		"pre_score":         map[string]any{"type": []string{"integer", "null"}, "description": "0–100; only for coordinators and the person herself"},
		"post_score":        nullable("integer"), "attended_days": integer(), "jp_credited": boolean(),
		"created_at": timestamp(), "updated_at": timestamp()})
}

func trainingEnrolmentInputSchema() map[string]any {
	return obj(map[string]any{"staff_id": map[string]any{"type": "integer",
		"description": "Nominate this staff member (training:manage); leave out to register yourself where the programme allows it"}})
}
