package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/suggestion"
)

// suggestionRoutes are the suggestion box and book requests: public forms
// under /p/{lib}/ (no account; every path keeps the library first so the
// public routes of all features can share /p/ without overlapping), staff
// pages, and the API.
func (s *Server) suggestionRoutes() []Route {
	P := auth.PermPublic
	view, manage := auth.PermSuggestionView, auth.PermSuggestionManage
	return []Route{
		{Method: "GET", Pattern: "/p/{lib}/saran", Perm: P, handle: s.suggestionPublicPage},
		{Method: "POST", Pattern: "/p/{lib}/saran", Perm: P, handle: s.suggestionPublicSubmit},
		{Method: "GET", Pattern: "/p/{lib}/usulan-buku", Perm: P, handle: s.requestPublicPage},
		{Method: "POST", Pattern: "/p/{lib}/usulan-buku", Perm: P, handle: s.requestPublicSubmit},
		{Method: "GET", Pattern: "/p/{lib}/usulan-buku/{code}", Perm: P, handle: s.requestPublicStatus},

		{Method: "GET", Pattern: "/libraries/{lib}/suggestions", Perm: view, handle: s.suggestionList},
		{Method: "GET", Pattern: "/libraries/{lib}/suggestions/{suggestion}", Perm: view, handle: s.suggestionShow},
		{Method: "POST", Pattern: "/libraries/{lib}/suggestions/{suggestion}/status", Perm: manage, handle: s.suggestionStatus},
		{Method: "GET", Pattern: "/libraries/{lib}/book-requests", Perm: view, handle: s.requestList},
		{Method: "GET", Pattern: "/libraries/{lib}/book-requests/{bookreq}", Perm: view, handle: s.requestShow},
		{Method: "POST", Pattern: "/libraries/{lib}/book-requests/{bookreq}/status", Perm: manage, handle: s.requestStatus},
		{Method: "POST", Pattern: "/libraries/{lib}/book-requests/{bookreq}/merge", Perm: manage, handle: s.requestMerge},

		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/suggestions", Perm: view, API: true, handle: s.apiSuggestionList},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/book-requests", Perm: view, API: true, handle: s.apiBookRequestList},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/book-requests/{bookreq}", Perm: view, API: true, handle: s.apiBookRequestGet},
		{Method: "PATCH", Pattern: "/api/v1/libraries/{lib}/book-requests/{bookreq}", Perm: manage, API: true, handle: s.apiBookRequestUpdate},
	}
}

// honeypotField is a form field hidden from people (visually and from
// screen readers); bots that fill every input give themselves away.
const honeypotField = "website"

func publicSuggestionURL(lib int64) string { return "/p/" + strconv.FormatInt(lib, 10) + "/saran" }
func publicRequestURL(lib int64) string    { return "/p/" + strconv.FormatInt(lib, 10) + "/usulan-buku" }
func publicStatusURL(lib int64, code string) string {
	return publicRequestURL(lib) + "/" + url.PathEscape(suggestion.FormatCode(code))
}

type suggestionPublicPage struct {
	Place    suggestion.PublicPlace
	Body     string
	Contact  string
	PointID  int64
	Honeypot string
	Errors   map[string]string
}

func (s *Server) suggestionPublicForm(w http.ResponseWriter, r *request, status int, page suggestionPublicPage, err error) error {
	place, perr := s.svc.Suggestions.Place(r.Context(), r.LibraryID)
	if perr != nil {
		return perr
	}
	page.Place, page.Honeypot = place, honeypotField
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	return s.render(w, r, status, "suggestion_public", "suggestion.public_title", page)
}

func (s *Server) suggestionPublicPage(w http.ResponseWriter, r *request) error {
	return s.suggestionPublicForm(w, r, http.StatusOK, suggestionPublicPage{}, nil)
}

func (s *Server) suggestionPublicSubmit(w http.ResponseWriter, r *request) error {
	in := suggestion.NewSuggestion{LibraryID: r.LibraryID, Body: r.PostFormValue("body"), Contact: r.PostFormValue("contact"),
		Honeypot: r.PostFormValue(honeypotField), ClientIP: s.clientIP(r.Request)}
	page := suggestionPublicPage{Body: in.Body, Contact: in.Contact}
	if sp, err := strconv.ParseInt(r.PostFormValue("service_point_id"), 10, 64); err == nil && sp > 0 {
		in.ServicePointID, page.PointID = &sp, sp
	}
	_, err := s.svc.Suggestions.Submit(r.Context(), in)
	if isFormError(err) {
		return s.suggestionPublicForm(w, r, statusOf(codeOf(err)), page, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, publicSuggestionURL(r.LibraryID), "suggestion.thanks")
}

type requestPublicPage struct {
	Place     suggestion.PublicPlace
	Form      suggestion.NewBookRequest
	Code      string
	CodeError string
	Honeypot  string
	Errors    map[string]string
}

func (s *Server) requestPublicForm(w http.ResponseWriter, r *request, status int, page requestPublicPage, err error) error {
	place, perr := s.svc.Suggestions.Place(r.Context(), r.LibraryID)
	if perr != nil {
		return perr
	}
	page.Place, page.Honeypot = place, honeypotField
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	return s.render(w, r, status, "request_public", "book_request.public_title", page)
}

// requestPublicPage is the form, and also where a tracking code typed into
// its lookup box arrives (?kode=…), to be sent on to the status page.
func (s *Server) requestPublicPage(w http.ResponseWriter, r *request) error {
	if typed, ok := r.URL.Query()["kode"]; ok {
		code := suggestion.NormalizeCode(typed[0])
		if code != "" {
			if _, err := s.svc.Suggestions.RequestStatus(r.Context(), r.LibraryID, code); err == nil {
				http.Redirect(w, r.Request, publicStatusURL(r.LibraryID, code), http.StatusSeeOther)
				return nil
			}
		}
		page := requestPublicPage{Code: typed[0], CodeError: s.i18n.T(r.Lang, "book_request.code_unknown", nil)}
		return s.requestPublicForm(w, r, http.StatusNotFound, page, nil)
	}
	return s.requestPublicForm(w, r, http.StatusOK, requestPublicPage{}, nil)
}

func (s *Server) requestPublicSubmit(w http.ResponseWriter, r *request) error {
	in := suggestion.NewBookRequest{LibraryID: r.LibraryID, Title: r.PostFormValue("title"), Author: r.PostFormValue("author"),
		ISBN: r.PostFormValue("isbn"), Publisher: r.PostFormValue("publisher"), Year: r.PostFormValue("year"),
		Contact: r.PostFormValue("contact"), Honeypot: r.PostFormValue(honeypotField), ClientIP: s.clientIP(r.Request)}
	rc, err := s.svc.Suggestions.RequestBook(r.Context(), in)
	if isFormError(err) {
		in.Honeypot, in.ClientIP = "", ""
		return s.requestPublicForm(w, r, statusOf(codeOf(err)), requestPublicPage{Form: in}, err)
	}
	if err != nil {
		return err
	}
	flash := "book_request.received"
	if rc.Merged {
		flash = "book_request.received_merged"
	}
	return s.redirect(w, r, publicStatusURL(r.LibraryID, rc.Code), flash)
}

type requestStatusPage struct {
	Place   suggestion.PublicPlace
	Code    string // formatted for reading
	Request suggestion.BookRequest
}

func (s *Server) requestPublicStatus(w http.ResponseWriter, r *request) error {
	place, err := s.svc.Suggestions.Place(r.Context(), r.LibraryID)
	if err != nil {
		return err
	}
	br, err := s.svc.Suggestions.RequestStatus(r.Context(), r.LibraryID, r.PathValue("code"))
	if err != nil {
		return err
	}
	code := suggestion.FormatCode(suggestion.NormalizeCode(r.PathValue("code")))
	return s.render(w, r, http.StatusOK, "request_status", "book_request.status_title", requestStatusPage{Place: place, Code: code, Request: br})
}
