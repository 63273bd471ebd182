package web

// The complaint API's pieces of the OpenAPI document (openapi.go names them).

var complaintQueryHelp = map[string]string{
	"status":    "open (not finished), all (default), or one of baru, diverifikasi, ditindaklanjuti, dijawab, selesai, ditutup, ditolak",
	"overdue":   "true: only those past their verify or decide deadline",
	"escalated": "true: only those escalated and still waiting in the late stage",
	"mine":      "true: only those assigned to the caller",
	"year":      "Calendar year; this year by default",
}

func complaintDate() map[string]any { return map[string]any{"type": "string", "format": "date"} }

func complaintEnum(values ...string) map[string]any {
	return map[string]any{"type": "string", "enum": values}
}

func complaintSchema() map[string]any {
	return obj(map[string]any{"id": integer(), "library_id": integer(),
		"code":             map[string]any{"type": "string", "description": "Tracking code, e.g. PGD-7K3MQ-9XRAB"},
		"class":            complaintEnum("pengaduan", "aspirasi", "permintaan_informasi"),
		"category":         complaintEnum("layanan_petugas", "koleksi", "fasilitas", "layanan_digital", "jam_layanan", "lainnya"),
		"service_point_id": nullable("integer"), "service_point_name": str(), "body": str(), "has_contact": boolean(),
		"contact": map[string]any{"type": "object", "description": "Present only for the complaint's handlers",
			"properties": map[string]any{"name": str(), "phone": str(), "email": str()}},
		"status":      complaintEnum("baru", "diverifikasi", "ditindaklanjuti", "dijawab", "selesai", "ditutup", "ditolak"),
		"assignee_id": nullable("integer"), "assignee_name": str(), "follow_up": str(), "reject_reason": str(),
		"filed_at": timestamp(), "verify_due": complaintDate(), "verified_at": nullable("string"), "decide_due": complaintDate(),
		"decided_at": nullable("string"), "answered_at": nullable("string"), "close_due": complaintDate(), "closed_at": nullable("string"),
		"escalated_stage": complaintEnum("", "verify", "decide"), "escalated_at": nullable("string"),
		"rating": nullable("integer"), "rating_comment": str(), "rated_at": nullable("string"),
		"due": complaintDate(), "overdue": boolean(), "days_late": integer(), "escalation_open": boolean()})
}

func complaintPageSchema() map[string]any {
	return obj(map[string]any{"items": map[string]any{"type": "array", "items": ref("Complaint")},
		"total": integer(), "page": integer(), "per_page": integer(), "pages": integer()}, "items", "total")
}

func complaintEventSchema() map[string]any {
	return obj(map[string]any{"id": integer(),
		"kind":   complaintEnum("filed", "verified", "assigned", "decided", "replied", "resolved", "closed", "auto_closed", "rejected", "note", "rated", "escalated"),
		"public": boolean(), "body": str(), "actor_name": str(), "created_at": timestamp()})
}

func holidaySchema() map[string]any {
	return obj(map[string]any{"id": integer(), "library_id": map[string]any{"type": "integer", "description": "0 for a national day off"},
		"date": complaintDate(), "name": str(), "kind": complaintEnum("libur", "cuti_bersama"), "created_at": timestamp()})
}
