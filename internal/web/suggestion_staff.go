package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/suggestion"
)

func suggestionsURL(lib int64) string  { return libraryURL(lib) + "/suggestions" }
func bookRequestsURL(lib int64) string { return libraryURL(lib) + "/book-requests" }

// pageLinks gives the previous and next page links of a list, keeping its filter.
func pageLinks(r *request, page, pages int) (prev, next string) {
	at := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		prev = at(page - 1)
	}
	if page < pages {
		next = at(page + 1)
	}
	return prev, next
}

type suggestionListPage struct {
	Page      suggestion.SuggestionPage
	Status    string
	Statuses  []string
	PublicURL string
	PrevURL   string
	NextURL   string
}

func (s *Server) suggestionList(w http.ResponseWriter, r *request) error {
	q := r.URL.Query()
	f := suggestion.SuggestionFilter{LibraryID: r.LibraryID, Status: q.Get("status")}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	page, err := s.svc.Suggestions.ListSuggestions(r.Context(), r.Actor, f)
	if err != nil {
		return err
	}
	v := suggestionListPage{Page: page, Status: f.Status, Statuses: suggestion.SuggestionStatuses, PublicURL: publicSuggestionURL(r.LibraryID)}
	v.PrevURL, v.NextURL = pageLinks(r, page.Page, page.Pages)
	return s.render(w, r, http.StatusOK, "suggestion_list", "suggestion.list_title", v)
}

type suggestionShowPage struct {
	Suggestion   suggestion.Suggestion
	Statuses     []string
	Contact      string
	ContactShown bool
	CanContact   bool
	CanManage    bool
	Status       string // the form's values
	Note         string
	Errors       map[string]string
}

func (s *Server) suggestionID(r *request) (int64, error) {
	return pathID(r, "suggestion", "suggestion")
}

func (s *Server) suggestionPage(w http.ResponseWriter, r *request, status int, page suggestionShowPage, err error) error {
	id, ierr := s.suggestionID(r)
	if ierr != nil {
		return ierr
	}
	sg, gerr := s.svc.Suggestions.GetSuggestion(r.Context(), r.Actor, r.LibraryID, id)
	if gerr != nil {
		return gerr
	}
	page.Suggestion, page.Statuses = sg, suggestion.SuggestionStatuses
	page.CanContact = r.Actor.Can(auth.PermSuggestionContact, r.LibraryID)
	page.CanManage = r.Actor.Can(auth.PermSuggestionManage, r.LibraryID)
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	if page.Status == "" {
		page.Status, page.Note = sg.Status, sg.Note
	}
	// The contact is shown only when asked for, so each reading of it is
	// a deliberate act the audit log records.
	if page.CanContact && sg.HasContact && r.URL.Query().Get("show_contact") == "1" {
		c, cerr := s.svc.Suggestions.SuggestionContact(r.Context(), r.Actor, r.LibraryID, id)
		if cerr != nil {
			return cerr
		}
		page.Contact, page.ContactShown = c, true
	}
	return s.render(w, r, status, "suggestion_show", "suggestion.detail_title", page)
}

func (s *Server) suggestionShow(w http.ResponseWriter, r *request) error {
	return s.suggestionPage(w, r, http.StatusOK, suggestionShowPage{}, nil)
}

func (s *Server) suggestionStatus(w http.ResponseWriter, r *request) error {
	id, err := s.suggestionID(r)
	if err != nil {
		return err
	}
	status, note := r.PostFormValue("status"), r.PostFormValue("note")
	_, err = s.svc.Suggestions.SetSuggestionStatus(r.Context(), r.Actor, r.LibraryID, id, status, note)
	if isFormError(err) {
		return s.suggestionPage(w, r, statusOf(codeOf(err)), suggestionShowPage{Status: status, Note: note}, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, suggestionsURL(r.LibraryID)+"/"+strconv.FormatInt(id, 10), "suggestion.updated")
}

type requestListPage struct {
	Page      suggestion.RequestPage
	Status    string
	Statuses  []string
	PublicURL string
	PrevURL   string
	NextURL   string
}

func (s *Server) requestList(w http.ResponseWriter, r *request) error {
	q := r.URL.Query()
	f := suggestion.RequestFilter{LibraryID: r.LibraryID, Status: q.Get("status")}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	page, err := s.svc.Suggestions.ListBookRequests(r.Context(), r.Actor, f)
	if err != nil {
		return err
	}
	v := requestListPage{Page: page, Status: f.Status, Statuses: suggestion.RequestStatuses, PublicURL: publicRequestURL(r.LibraryID)}
	v.PrevURL, v.NextURL = pageLinks(r, page.Page, page.Pages)
	return s.render(w, r, http.StatusOK, "request_list", "book_request.list_title", v)
}

type requestShowPage struct {
	Request      suggestion.BookRequest
	Statuses     []string
	Others       []suggestion.BookRequest // merge targets
	Contacts     []suggestion.Requester
	ContactShown bool
	CanContact   bool
	CanManage    bool
	Status       string // the status form's values
	Reason       string
	Into         int64 // the merge form's value
	Errors       map[string]string
}

func (s *Server) bookRequestID(r *request) (int64, error) {
	return pathID(r, "bookreq", "book_request")
}

func (s *Server) requestPage(w http.ResponseWriter, r *request, status int, page requestShowPage, err error) error {
	id, ierr := s.bookRequestID(r)
	if ierr != nil {
		return ierr
	}
	ctx := r.Context()
	br, gerr := s.svc.Suggestions.GetBookRequest(ctx, r.Actor, r.LibraryID, id)
	if gerr != nil {
		return gerr
	}
	page.Request, page.Statuses = br, suggestion.RequestStatuses
	page.CanContact = r.Actor.Can(auth.PermSuggestionContact, r.LibraryID)
	page.CanManage = r.Actor.Can(auth.PermSuggestionManage, r.LibraryID)
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	if page.Status == "" {
		page.Status, page.Reason = br.Status, br.Reason
	}
	if page.CanManage {
		all, lerr := s.svc.Suggestions.ListBookRequests(ctx, r.Actor, suggestion.RequestFilter{LibraryID: r.LibraryID, PerPage: 100})
		if lerr != nil {
			return lerr
		}
		for _, o := range all.Items {
			if o.ID != br.ID {
				page.Others = append(page.Others, o)
			}
		}
	}
	if page.CanContact && r.URL.Query().Get("show_contact") == "1" {
		c, cerr := s.svc.Suggestions.BookRequestContacts(ctx, r.Actor, r.LibraryID, id)
		if cerr != nil {
			return cerr
		}
		page.Contacts, page.ContactShown = c, true
	}
	return s.render(w, r, status, "request_show", "book_request.detail_title", page)
}

func (s *Server) requestShow(w http.ResponseWriter, r *request) error {
	return s.requestPage(w, r, http.StatusOK, requestShowPage{}, nil)
}

func (s *Server) requestStatus(w http.ResponseWriter, r *request) error {
	id, err := s.bookRequestID(r)
	if err != nil {
		return err
	}
	status, reason := r.PostFormValue("status"), r.PostFormValue("reason")
	_, err = s.svc.Suggestions.SetBookRequestStatus(r.Context(), r.Actor, r.LibraryID, id, status, reason)
	if isFormError(err) {
		return s.requestPage(w, r, statusOf(codeOf(err)), requestShowPage{Status: status, Reason: reason}, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, bookRequestsURL(r.LibraryID)+"/"+strconv.FormatInt(id, 10), "book_request.updated")
}

func (s *Server) requestMerge(w http.ResponseWriter, r *request) error {
	id, err := s.bookRequestID(r)
	if err != nil {
		return err
	}
	into, _ := strconv.ParseInt(r.PostFormValue("into"), 10, 64)
	merged, err := s.svc.Suggestions.MergeBookRequests(r.Context(), r.Actor, r.LibraryID, id, into)
	if isFormError(err) {
		return s.requestPage(w, r, statusOf(codeOf(err)), requestShowPage{Into: into}, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, bookRequestsURL(r.LibraryID)+"/"+strconv.FormatInt(merged.ID, 10), "book_request.merged")
}
