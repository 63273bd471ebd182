package web

// The record API's pieces of the OpenAPI document (openapi.go names them).

var recordQueryHelp = map[string]string{
	"year":          "Calendar year; this year in the library's time zone by default",
	"service_point": "Only staff posted to this service point",
}

// decimal is an exact angka kredit amount, written as a JSON number with at
// most five decimals (43.75, 9.375).
func decimal() map[string]any {
	return map[string]any{"type": "number", "description": "Exact decimal angka kredit, e.g. 43.75"}
}

func recordDate() map[string]any { return map[string]any{"type": "string", "format": "date"} }

func recordEnum(values ...string) map[string]any {
	return map[string]any{"type": "string", "enum": values}
}

func recordPersonSchema() map[string]any {
	return map[string]any{"id": integer(), "library_id": integer(), "name": str(), "level": str(),
		"service_point_id": nullable("integer"), "service_point_name": str(), "active": boolean()}
}

func jpStatusProps() map[string]any {
	return map[string]any{"year": integer(), "target": integer(),
		"verified_jp":  map[string]any{"type": "integer", "description": "Verified JP of the year: only these count"},
		"pending_jp":   map[string]any{"type": "integer", "description": "JP waiting for verification"},
		"remaining_jp": integer(), "reached": boolean()}
}

func jpEntrySchema() map[string]any {
	return obj(map[string]any{"id": integer(), "library_id": integer(), "staff_id": integer(), "staff_name": str(),
		"activity": recordEnum("pelatihan", "seminar", "workshop", "e_learning", "belajar_mandiri", "magang"),
		"title":    str(), "organizer": str(), "date": recordDate(), "jp": integer(), "evidence_url": str(),
		"file":   obj(map[string]any{"name": str(), "mime_type": str(), "size": integer()}),
		"status": recordEnum("diajukan", "diverifikasi", "ditolak"), "review_note": str(), "reviewer_name": str(),
		"reviewed_at": nullable("string"), "created_at": timestamp()})
}

func jpLedgerSchema() map[string]any {
	return obj(map[string]any{"person": obj(recordPersonSchema()), "status": obj(jpStatusProps()),
		"entries": map[string]any{"type": "array", "items": ref("JPEntry")}}, "person", "status", "entries")
}

func jpInputSchema() map[string]any {
	return obj(map[string]any{"activity": str(), "title": str(), "organizer": str(), "date": recordDate(),
		"jp": integer(), "evidence_url": str(),
		"verified": map[string]any{"type": "boolean", "description": "Verify at once (verifiers only, never one's own entry)"}},
		"activity", "title", "date", "jp")
}

func jpLibraryStatusSchema() map[string]any {
	person := recordPersonSchema()
	for k, v := range jpStatusProps() {
		person[k] = v
	}
	return obj(map[string]any{"year": integer(), "target": integer(), "service_point_id": integer(),
		"total": integer(), "reached": integer(),
		"people": map[string]any{"type": "array", "description": "Active staff, fewest verified JP first", "items": obj(person)}},
		"year", "target", "total", "reached", "people")
}

func creditsSchema() map[string]any {
	year := obj(map[string]any{"item_id": integer(), "year": integer(), "rating": str(), "jenjang": str(),
		"coefficient": decimal(), "percent": integer(), "credits": decimal(), "counted": boolean()})
	return obj(map[string]any{"jenjang": str(), "applicable": boolean(),
		"years": map[string]any{"type": "array", "items": year}, "total": decimal(), "has_next": boolean(),
		"next_jenjang": str(), "credits_needed": decimal(), "remaining": decimal(), "reached": boolean(),
		"reached_year": integer(), "assumed_rating": str(), "per_year": decimal(), "years_left": integer(),
		"projected_year": map[string]any{"type": "integer", "description": "Year the next jenjang's credits are reached if the latest rating (Baik when none) continues; absent when it cannot be"}},
		"jenjang", "applicable", "years", "total")
}
