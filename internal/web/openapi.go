package web

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
)

// apiDoc describes one API route for the OpenAPI document. Every API route
// must have one (a test checks), so the document and the router agree.
type apiDoc struct {
	Summary  string
	Request  string // schema name of the JSON body, if any
	Response string // schema name of the success body
	Status   string // success status, default "200"
	Query    []string
	// QueryHelp describes query parameters whose meaning differs on this
	// route from queryDocs (e.g. "status"); others fall back to queryDocs.
	QueryHelp map[string]string
	// Download: the success body is a stored file under its own type (an
	// attachment), not JSON; Response is then unused.
	Download bool
}

var apiDocs = map[string]apiDoc{
	"GET /api/v1/libraries/{lib}/ikm": {Summary: "IKM (PermenPANRB 14/2017) of the library or one service point over a period, with the sample target and the trend; the same figures as the IKM page", Response: "IKMReport",
		Query: []string{"service_point", "period", "from", "to"}, QueryHelp: ikmQueryHelp},
	"GET /api/v1/libraries/{lib}/ikm/followups": {Summary: "Follow-up plans (rencana tindak lanjut) still open or made for the period", Response: "IKMFollowupList",
		Query: []string{"service_point", "period", "from", "to"}, QueryHelp: ikmQueryHelp},
	"GET /api/v1/libraries/{lib}/survey-links":          {Summary: "Every service point with its survey short link and poster", Response: "SurveyLinkList"},
	"POST /api/v1/auth/token":                           {Summary: "Exchange email and password for a bearer token (valid 30 days)", Request: "TokenRequest", Response: "TokenResponse", Status: "201"},
	"GET /api/v1/openapi.json":                          {Summary: "This document", Response: "OpenAPI"},
	"GET /api/v1/libraries":                             {Summary: "Libraries the caller may see", Response: "LibraryList"},
	"POST /api/v1/libraries":                            {Summary: "Create a library (superadmin)", Request: "LibraryInput", Response: "Library", Status: "201"},
	"GET /api/v1/libraries/{lib}":                       {Summary: "One library", Response: "Library"},
	"PATCH /api/v1/libraries/{lib}":                     {Summary: "Change a library's details (absent fields are kept)", Request: "LibraryInput", Response: "Library"},
	"GET /api/v1/libraries/{lib}/service-points":        {Summary: "Service points (unit layanan) of a library", Response: "ServicePointList"},
	"POST /api/v1/libraries/{lib}/service-points":       {Summary: "Add a service point", Request: "ServicePointInput", Response: "ServicePoint", Status: "201"},
	"GET /api/v1/libraries/{lib}/service-points/{sp}":   {Summary: "One service point", Response: "ServicePoint"},
	"PATCH /api/v1/libraries/{lib}/service-points/{sp}": {Summary: "Change a service point", Request: "ServicePointInput", Response: "ServicePoint"},
	"GET /api/v1/libraries/{lib}/staff": {Summary: "Staff of a library, searched, filtered and paged", Response: "StaffPage",
		Query: []string{"q", "service_point", "status", "active", "page", "per_page"}},
	"POST /api/v1/libraries/{lib}/staff":          {Summary: "Add a staff member", Request: "StaffInput", Response: "Staff", Status: "201"},
	"GET /api/v1/libraries/{lib}/staff/{staff}":   {Summary: "One staff member", Response: "Staff"},
	"PATCH /api/v1/libraries/{lib}/staff/{staff}": {Summary: "Change a staff member (absent fields are kept)", Request: "StaffInput", Response: "Staff"},
	"GET /api/v1/libraries/{lib}/suggestions": {Summary: "Suggestion box (kotak saran), newest first; contacts are never included", Response: "SuggestionPage",
		Query: []string{"status", "page", "per_page"}, QueryHelp: map[string]string{"status": "baru, dibaca, ditindaklanjuti or diarsipkan; all when absent"}},
	"GET /api/v1/libraries/{lib}/book-requests": {Summary: "Book purchase requests (usulan buku), most requested first", Response: "BookRequestPage",
		Query: []string{"status", "page", "per_page"}, QueryHelp: map[string]string{"status": "diterima, dipesan, tersedia or ditolak; all when absent"}},
	"GET /api/v1/libraries/{lib}/book-requests/{bookreq}":   {Summary: "One book request", Response: "BookRequest"},
	"PATCH /api/v1/libraries/{lib}/book-requests/{bookreq}": {Summary: "Decide a book request: change its status (a reason is required for ditolak)", Request: "BookRequestInput", Response: "BookRequest"},
	"GET /api/v1/libraries/{lib}/complaints": {Summary: "Complaints (pengaduan), newest first; staff get only those assigned to them; never the reporter's contact", Response: "ComplaintPage",
		Query: []string{"status", "overdue", "escalated", "mine", "page", "per_page"}, QueryHelp: complaintQueryHelp},
	"GET /api/v1/libraries/{lib}/complaints/{complaint}": {Summary: "One complaint with its whole timeline; \"contact\" only for its handlers, and each such read is audited", Response: "ComplaintDetail"},
	"GET /api/v1/libraries/{lib}/holidays": {Summary: "Days off of one year on the library's working-day calendar: national ones and its own", Response: "HolidayList",
		Query: []string{"year"}, QueryHelp: complaintQueryHelp},
	"GET /api/v1/libraries/{lib}/frameworks":                                {Summary: "Competency frameworks of a library, each with its current (published) and draft version", Response: "FrameworkList"},
	"GET /api/v1/libraries/{lib}/frameworks/{framework}":                    {Summary: "The framework's current published version: scale and competency tree (key functions, units, sub-units with indicators); 404 while nothing is published", Response: "FrameworkTree"},
	"GET /api/v1/libraries/{lib}/frameworks/{framework}/requirements":       {Summary: "Position requirements of the current published version: the level each jabatan (and jenjang, service point kind) requires per competency", Response: "RequirementList"},
	"GET /api/v1/libraries/{lib}/frameworks/{framework}/versions/{version}": {Summary: "Any version of the framework, retired ones included (what an older assessment was made against)", Response: "FrameworkTree"},
	"GET /api/v1/libraries/{lib}/staff/{staff}/jp": {Summary: "A person's JP (jam pelajaran) ledger of one year with the verified and pending sums; staff read their own", Response: "JPLedger",
		Query: []string{"year"}, QueryHelp: recordQueryHelp},
	"POST /api/v1/libraries/{lib}/staff/{staff}/jp":     {Summary: "Add a JP activity (evidence as a link); it waits for verification unless a verifier verifies it at once", Request: "JPInput", Response: "JPEntry", Status: "201"},
	"GET /api/v1/libraries/{lib}/jp-status":             {Summary: "The library's JP year: who reached the target, who is behind (fewest verified JP first)", Response: "JPLibraryStatus", Query: []string{"year", "service_point"}, QueryHelp: recordQueryHelp},
	"GET /api/v1/libraries/{lib}/staff/{staff}/credits": {Summary: "A person's angka kredit by year, the total toward the next jenjang and the projected year it is reached", Response: "Credits"},
	"GET /api/v1/libraries/{lib}/voice": {Summary: "Patron-voice dashboard of a library over a period: IKM of the library and per service point, complaints with SLA compliance, the 12-month series, oldest open complaints, most requested titles; the same figures as the page", Response: "LibraryVoice",
		Query: []string{"period", "from", "to"}, QueryHelp: voiceQueryHelp},
	"GET /api/v1/voice": {Summary: "Patron voice across the libraries whose dashboard the caller may see (all for a superadmin): IKM, complaints and SLA per library", Response: "VoiceLibraryList",
		Query: []string{"period", "from", "to", "sort"}, QueryHelp: voiceQueryHelp},
	"GET /api/v1/libraries/{lib}/programs": {Summary: "The training catalogue: programmes with type, level, JP, provider, modality, materials and target competencies", Response: "TrainingProgramList"},
	"GET /api/v1/libraries/{lib}/sessions": {Summary: "Training sessions of one year, by their first day, with days, trainers, budget and seats taken", Response: "TrainingSessionList",
		Query: []string{"year"}, QueryHelp: trainingQueryHelp},
	"GET /api/v1/libraries/{lib}/sessions/{session}":             {Summary: "One training session; for coordinators with its average normalized gain (Kirkpatrick level 2)", Response: "TrainingSessionDetail"},
	"GET /api/v1/libraries/{lib}/sessions/{session}/enrolments":  {Summary: "A session's enrolments: seated, the waitlist in order with positions, cancelled; scores only for coordinators and the person herself", Response: "TrainingEnrolmentList"},
	"POST /api/v1/libraries/{lib}/sessions/{session}/enrolments": {Summary: "Enrol: with staff_id a coordinator nominates that person, without it the caller registers herself where the programme allows; a seat when one is free, else the end of the waitlist; a clash with the person's other sessions is refused", Request: "TrainingEnrolmentInput", Response: "TrainingEnrolment", Status: "201"},
}

var queryDocs = map[string]string{
	"q":             "Search in name, NIP and email (case-insensitive)",
	"service_point": "Service point id",
	"status":        "Employment status: pns, pppk, non_asn",
	"active":        "true (default), false or all",
	"page":          "Page number, from 1",
	"per_page":      "Items per page, 25 by default, at most 100",
}

func obj(props map[string]any, required ...string) map[string]any {
	o := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func str() map[string]any              { return map[string]any{"type": "string"} }
func integer() map[string]any          { return map[string]any{"type": "integer", "format": "int64"} }
func boolean() map[string]any          { return map[string]any{"type": "boolean"} }
func timestamp() map[string]any        { return map[string]any{"type": "string", "format": "date-time"} }
func nullable(t string) map[string]any { return map[string]any{"type": []string{t, "null"}} }
func ref(name string) map[string]any {
	return map[string]any{"$ref": "#/components/schemas/" + name}
}
func list(item string) map[string]any {
	return obj(map[string]any{"items": map[string]any{"type": "array", "items": ref(item)}}, "items")
}

var apiSchemas = map[string]any{
	"IKMReport":       ikmReportSchema(),
	"IKMFollowup":     ikmFollowupSchema(),
	"IKMFollowupList": list("IKMFollowup"),
	"SurveyLinkList":  list("SurveyLink"),
	"SurveyLink": obj(map[string]any{"service_point_id": integer(), "service_point_name": str(), "active": boolean(),
		"code": str(), "url": str(), "poster_url": str(), "created_at": timestamp()}),
	"Suggestion": obj(map[string]any{"id": integer(), "library_id": integer(), "service_point_id": nullable("integer"), "service_point_name": str(),
		"body": str(), "has_contact": boolean(),
		"status": map[string]any{"type": "string", "enum": []string{"baru", "dibaca", "ditindaklanjuti", "diarsipkan"}},
		"note":   str(), "created_at": timestamp(), "updated_at": timestamp()}),
	"SuggestionPage": obj(map[string]any{"items": map[string]any{"type": "array", "items": ref("Suggestion")},
		"total": integer(), "page": integer(), "per_page": integer(), "pages": integer(),
		"by_status": map[string]any{"type": "object", "additionalProperties": integer()}}, "items", "total"),
	"BookRequest": obj(map[string]any{"id": integer(), "library_id": integer(), "isbn": str(), "title": str(), "author": str(),
		"publisher": str(), "year": nullable("integer"), "demand": integer(),
		"status": map[string]any{"type": "string", "enum": []string{"diterima", "dipesan", "tersedia", "ditolak"}},
		"reason": str(), "status_changed_at": timestamp(), "created_at": timestamp(), "updated_at": timestamp()}),
	"BookRequestPage": obj(map[string]any{"items": map[string]any{"type": "array", "items": ref("BookRequest")},
		"total": integer(), "page": integer(), "per_page": integer(), "pages": integer(),
		"by_status": map[string]any{"type": "object", "additionalProperties": integer()}}, "items", "total"),
	"BookRequestInput": obj(map[string]any{"status": str(), "reason": str()}),
	"TokenRequest":     obj(map[string]any{"email": str(), "password": str()}, "email", "password"),
	"TokenResponse":    obj(map[string]any{"token": str(), "expires_at": timestamp()}, "token", "expires_at"),
	"OpenAPI":          map[string]any{"type": "object"},
	"Library": obj(map[string]any{"id": integer(), "name": str(), "city": str(), "province": str(),
		"time_zone":  map[string]any{"type": "string", "enum": []string{"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}},
		"population": integer(), "address": str(), "created_at": timestamp(), "updated_at": timestamp()}),
	"LibraryInput": obj(map[string]any{"name": str(), "city": str(), "province": str(), "time_zone": str(), "population": integer(), "address": str()}),
	"LibraryList":  list("Library"),
	"ServicePoint": obj(map[string]any{"id": integer(), "library_id": integer(), "name": str(),
		"kind":   map[string]any{"type": "string", "enum": []string{"sirkulasi", "referensi", "anak", "keliling", "digital", "umum", "deposit", "lainnya"}},
		"active": boolean(), "created_at": timestamp(), "updated_at": timestamp()}),
	"ServicePointInput": obj(map[string]any{"name": str(), "kind": str(), "active": boolean()}),
	"ServicePointList":  list("ServicePoint"),
	"Staff": obj(map[string]any{"id": integer(), "library_id": integer(), "nip": str(), "name": str(),
		"employment_status": map[string]any{"type": "string", "enum": []string{"pns", "pppk", "non_asn"}},
		"position":          str(), "level": str(), "grade": str(), "education": str(),
		"service_point_id": nullable("integer"), "service_point_name": str(), "email": str(), "active": boolean(),
		"created_at": timestamp(), "updated_at": timestamp()}),
	"StaffInput": obj(map[string]any{"nip": str(), "name": str(), "employment_status": str(), "position": str(), "level": str(),
		"grade": str(), "education": str(), "service_point_id": integer(), "email": str(), "active": boolean()}),
	"StaffPage": obj(map[string]any{"items": map[string]any{"type": "array", "items": ref("Staff")},
		"total": integer(), "page": integer(), "per_page": integer(), "pages": integer()}, "items", "total"),
	"Complaint":              complaintSchema(),
	"ComplaintPage":          complaintPageSchema(),
	"ComplaintEvent":         complaintEventSchema(),
	"ComplaintDetail":        obj(map[string]any{"complaint": ref("Complaint"), "events": map[string]any{"type": "array", "items": ref("ComplaintEvent")}}, "complaint", "events"),
	"Holiday":                holidaySchema(),
	"HolidayList":            list("Holiday"),
	"Framework":              frameworkSchema(),
	"FrameworkList":          list("Framework"),
	"FrameworkVersion":       frameworkVersionSchema(),
	"Competency":             competencySchema(),
	"FrameworkTree":          frameworkTreeSchema(),
	"RequirementList":        requirementListSchema(),
	"JPEntry":                jpEntrySchema(),
	"JPLedger":               jpLedgerSchema(),
	"JPInput":                jpInputSchema(),
	"JPLibraryStatus":        jpLibraryStatusSchema(),
	"Credits":                creditsSchema(),
	"LibraryVoice":           libraryVoiceSchema(),
	"VoiceLibraryList":       voiceLibraryListSchema(),
	"TrainingProgram":        trainingProgramSchema(),
	"TrainingProgramList":    list("TrainingProgram"),
	"TrainingSession":        obj(trainingSessionProps()),
	"TrainingSessionList":    list("TrainingSession"),
	"TrainingSessionDetail":  trainingSessionDetailSchema(),
	"TrainingEnrolment":      trainingEnrolmentSchema(),
	"TrainingEnrolmentList":  list("TrainingEnrolment"),
	"TrainingEnrolmentInput": trainingEnrolmentInputSchema(),
	"Problem": obj(map[string]any{"type": str(), "title": str(), "status": integer(), "code": str(), "detail": str(),
		"problems": map[string]any{"type": "array", "items": obj(map[string]any{"field": str(), "line": integer(), "column": str(), "key": str(), "message": str()})}}),
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// OpenAPI builds the document from the route table.
func (s *Server) OpenAPI() map[string]any {
	paths := map[string]map[string]any{}
	var keys []string
	for _, rt := range s.Routes() {
		if rt.API {
			keys = append(keys, rt.Method+" "+rt.Pattern)
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		method, pattern, _ := strings.Cut(key, " ")
		doc := apiDocs[key]
		status := doc.Status
		if status == "" {
			status = "200"
		}
		op := map[string]any{
			"summary":     doc.Summary,
			"operationId": operationID(method, pattern),
			"responses": map[string]any{
				status:    map[string]any{"description": http.StatusText(atoi(status)), "content": map[string]any{"application/json": map[string]any{"schema": ref(doc.Response)}}},
				"default": map[string]any{"description": "Error", "content": map[string]any{"application/problem+json": map[string]any{"schema": ref("Problem")}}},
			},
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(pattern, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": integer()})
		}
		for _, q := range doc.Query {
			help, ok := doc.QueryHelp[q]
			if !ok {
				help = queryDocs[q]
			}
			params = append(params, map[string]any{"name": q, "in": "query", "required": false, "schema": str(), "description": help})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if doc.Download {
			op["responses"].(map[string]any)[status] = map[string]any{"description": "The file, as an attachment, under the type sniffed when it was stored",
				"content": map[string]any{"application/octet-stream": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}}
		}
		if doc.Request != "" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(doc.Request)}}}
		}
		if key != "POST /api/v1/auth/token" && key != "GET /api/v1/openapi.json" {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
		}
		if paths[pattern] == nil {
			paths[pattern] = map[string]any{}
		}
		paths[pattern][strings.ToLower(method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Bina Pustaka API", "version": "1",
			"description": "JSON API over the same services as the web pages. Authenticate with POST /api/v1/auth/token, then send Authorization: Bearer <token>. Errors are application/problem+json; messages follow Accept-Language (id or en)."},
		"paths":      paths,
		"components": map[string]any{"schemas": apiSchemas, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
}

func operationID(method, pattern string) string {
	p := strings.NewReplacer("/api/v1/", "", "{", "", "}", "", "/", "_", "-", "_").Replace(pattern)
	return strings.ToLower(method) + "_" + p
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *request) error {
	return writeJSON(w, http.StatusOK, s.OpenAPI())
}
