package web

// The certificates' pieces of the OpenAPI document, added to its tables.
func init() {
	apiDocs["GET /api/v1/libraries/{lib}/certificates"] = apiDoc{Summary: "Training certificates in number order: coordinators see all (of one session with ?session=), staff their own",
		Response: "CertificateList", Query: []string{"session"}, QueryHelp: map[string]string{"session": "A training session's id; every session when absent"}}
	apiDocs["GET /api/v1/verify/{code}"] = apiDoc{Summary: "Public verification of a certificate by the code its QR code carries: valid, revoked or expired; 404 when unknown",
		Response: "CertificateVerification"}
	state := map[string]any{"type": "string", "enum": []string{"valid", "revoked", "expired"}}
	date := map[string]any{"type": "string", "format": "date"}
	apiSchemas["Certificate"] = obj(map[string]any{"id": integer(), "library_id": integer(), "library_name": str(), "enrolment_id": integer(),
		"session_id": integer(), "staff_id": integer(), "staff_name": str(), "nip": str(), "program_title": str(), "session_title": str(),
		"first_day": date, "last_day": date, "jp": integer(), "number": map[string]any{"type": "string", "description": "BP/<library id>/<year>/<sequence>"},
		"code": map[string]any{"type": "string", "description": "The public code of /verify/{code}"}, "issued_at": timestamp(), "issued_on": date,
		"expires_on": map[string]any{"type": "string", "format": "date", "description": "Last valid day; absent: never expires"},
		"revoked_at": timestamp(), "state": state})
	apiSchemas["CertificateList"] = list("Certificate")
	apiSchemas["CertificateVerification"] = obj(map[string]any{"state": state, "number": str(), "name": str(), "program": str(),
		"first_day": date, "last_day": date, "jp": integer(), "library": str(), "issued_on": date,
		"expires_on": nullable("string"), "revoked_at": nullable("string")})
}
