package web

// The notifications' pieces of the OpenAPI document (docs/notifications.md),
// added to its tables.
func init() {
	apiDocs["GET /api/v1/libraries/{lib}/notifications"] = apiDoc{Summary: "The caller's own notifications in the library, newest first (at most 200), " +
		"title and body in the request's language (Accept-Language; without it the account's stored language), with the unread count",
		Response: "NotificationList"}
	apiDocs["POST /api/v1/libraries/{lib}/notifications/read"] = apiDoc{Summary: "Mark one of the caller's notifications read ({\"id\": n}; " +
		"someone else's is 404), or all of them ({}); each change is written to the audit log",
		Request: "NotificationReadInput", Response: "NotificationReadResult"}
	kind := map[string]any{"type": "string", "enum": []string{"invitation", "promotion", "reminder", "l1_prompt", "l3_prompt"}}
	apiSchemas["Notification"] = obj(map[string]any{"id": integer(), "library_id": integer(), "user_id": integer(), "kind": kind,
		"title": str(), "body": str(), "link": map[string]any{"type": "string", "description": "Path of the page it concerns"},
		"created_at": timestamp(), "read_at": nullable("string")})
	apiSchemas["NotificationList"] = obj(map[string]any{"items": map[string]any{"type": "array", "items": ref("Notification")},
		"unread": integer()}, "items", "unread")
	apiSchemas["NotificationReadInput"] = obj(map[string]any{"id": map[string]any{"type": "integer",
		"description": "The notification to mark read; leave out to mark all of them"}})
	apiSchemas["NotificationReadResult"] = obj(map[string]any{"marked": integer(), "unread": integer()}, "marked", "unread")
}
