package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/suggestion"
)

// Contacts never leave through the API: suggestion.Suggestion has no JSON
// for them, and book request contacts are read only on the staff page,
// where each reading is audited.

func (s *Server) apiSuggestionList(w http.ResponseWriter, r *request) error {
	q := r.URL.Query()
	f := suggestion.SuggestionFilter{LibraryID: r.LibraryID, Status: q.Get("status")}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	f.PerPage, _ = strconv.Atoi(q.Get("per_page"))
	page, err := s.svc.Suggestions.ListSuggestions(r.Context(), r.Actor, f)
	if err != nil {
		return err
	}
	if page.Items == nil {
		page.Items = []suggestion.Suggestion{}
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiBookRequestList(w http.ResponseWriter, r *request) error {
	q := r.URL.Query()
	f := suggestion.RequestFilter{LibraryID: r.LibraryID, Status: q.Get("status")}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	f.PerPage, _ = strconv.Atoi(q.Get("per_page"))
	page, err := s.svc.Suggestions.ListBookRequests(r.Context(), r.Actor, f)
	if err != nil {
		return err
	}
	if page.Items == nil {
		page.Items = []suggestion.BookRequest{}
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiBookRequest(r *request) (suggestion.BookRequest, error) {
	id, err := s.bookRequestID(r)
	if err != nil {
		return suggestion.BookRequest{}, err
	}
	return s.svc.Suggestions.GetBookRequest(r.Context(), r.Actor, r.LibraryID, id)
}

func (s *Server) apiBookRequestGet(w http.ResponseWriter, r *request) error {
	br, err := s.apiBookRequest(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, br)
}

// bookRequestInput is the body of PATCH: absent fields keep their value.
type bookRequestInput struct {
	Status *string `json:"status"`
	Reason *string `json:"reason"`
}

func (s *Server) apiBookRequestUpdate(w http.ResponseWriter, r *request) error {
	// Found first, so another library's id is a 404 whatever the body says.
	br, err := s.apiBookRequest(r)
	if err != nil {
		return err
	}
	var in bookRequestInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	status, reason := br.Status, br.Reason
	set(&status, in.Status)
	set(&reason, in.Reason)
	updated, err := s.svc.Suggestions.SetBookRequestStatus(r.Context(), r.Actor, r.LibraryID, br.ID, status, reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, updated)
}
