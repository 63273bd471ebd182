package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/people"
)

// decodeJSON reads a JSON body strictly: unknown fields and trailing data
// are refused with a translated problem rather than silently ignored.
func decodeJSON(r *request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if err := asTooLarge(err, 0); codeOf(err) == apperr.TooLarge {
			return tooLarge(r.ContentLength)
		}
		var v apperr.Validation
		v.Add("body", "api.bad_json", apperr.Args{"Detail": jsonErrorDetail(err)})
		return v.Err()
	}
	if dec.More() {
		var v apperr.Validation
		v.Add("body", "api.bad_json", apperr.Args{"Detail": "trailing data"})
		return v.Err()
	}
	return nil
}

func jsonErrorDetail(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "empty body"
	case errors.As(err, &syn):
		return "syntax error at byte " + strconv.FormatInt(syn.Offset, 10)
	case errors.As(err, &typ):
		return "field " + typ.Field + " must be " + typ.Type.String()
	}
	return err.Error()
}

type tokenRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type tokenResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (s *Server) apiToken(w http.ResponseWriter, r *request) error {
	var req tokenRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	actor, err := s.svc.Users.Login(r.Context(), req.Email, req.Password, s.clientIP(r.Request))
	if err != nil {
		return err
	}
	token, expires, err := s.svc.Users.CreateSession(r.Context(), actor.UserID, "api")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, tokenResponse{Token: token, ExpiresAt: expires})
}

type listResponse[T any] struct {
	Items []T `json:"items"`
}

func (s *Server) apiLibraryList(w http.ResponseWriter, r *request) error {
	libs, err := s.svc.Libraries.List(r.Context(), r.Actor)
	if err != nil {
		return err
	}
	if libs == nil {
		libs = []library.Library{}
	}
	return writeJSON(w, http.StatusOK, listResponse[library.Library]{Items: libs})
}

func (s *Server) apiLibraryGet(w http.ResponseWriter, r *request) error {
	l, err := s.svc.Libraries.Get(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

// libraryInput is the body of POST and PATCH: on PATCH, absent fields keep
// their value.
type libraryInput struct {
	Name       *string `json:"name"`
	City       *string `json:"city"`
	Province   *string `json:"province"`
	TimeZone   *string `json:"time_zone"`
	Population *int64  `json:"population"`
	Address    *string `json:"address"`
}

func (in libraryInput) apply(l *library.Library) {
	set(&l.Name, in.Name)
	set(&l.City, in.City)
	set(&l.Province, in.Province)
	set(&l.TimeZone, in.TimeZone)
	set(&l.Population, in.Population)
	set(&l.Address, in.Address)
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func (s *Server) apiLibraryCreate(w http.ResponseWriter, r *request) error {
	var in libraryInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	l := library.Library{TimeZone: "Asia/Jakarta"}
	in.apply(&l)
	created, err := s.svc.Libraries.Create(r.Context(), r.Actor, l)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, created)
}

func (s *Server) apiLibraryUpdate(w http.ResponseWriter, r *request) error {
	l, err := s.svc.Libraries.Get(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	var in libraryInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.apply(&l)
	updated, err := s.svc.Libraries.Update(r.Context(), r.Actor, l)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, updated)
}

func (s *Server) apiServicePointList(w http.ResponseWriter, r *request) error {
	sps, err := s.svc.Libraries.ServicePoints(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	if sps == nil {
		sps = []library.ServicePoint{}
	}
	return writeJSON(w, http.StatusOK, listResponse[library.ServicePoint]{Items: sps})
}

type servicePointInput struct {
	Name   *string `json:"name"`
	Kind   *string `json:"kind"`
	Active *bool   `json:"active"`
}

func (s *Server) apiServicePointCreate(w http.ResponseWriter, r *request) error {
	var in servicePointInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	sp := library.ServicePoint{LibraryID: r.LibraryID}
	set(&sp.Name, in.Name)
	set(&sp.Kind, in.Kind)
	created, err := s.svc.Libraries.CreateServicePoint(r.Context(), r.Actor, sp)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, created)
}

func (s *Server) apiServicePoint(r *request) (library.ServicePoint, error) {
	id, err := pathID(r, "sp", "service_point")
	if err != nil {
		return library.ServicePoint{}, err
	}
	return s.svc.Libraries.ServicePoint(r.Context(), r.Actor, r.LibraryID, id)
}

func (s *Server) apiServicePointGet(w http.ResponseWriter, r *request) error {
	sp, err := s.apiServicePoint(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sp)
}

func (s *Server) apiServicePointUpdate(w http.ResponseWriter, r *request) error {
	sp, err := s.apiServicePoint(r)
	if err != nil {
		return err
	}
	var in servicePointInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	set(&sp.Name, in.Name)
	set(&sp.Kind, in.Kind)
	set(&sp.Active, in.Active)
	updated, err := s.svc.Libraries.UpdateServicePoint(r.Context(), r.Actor, sp)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, updated)
}

type staffListResponse struct {
	Items   []people.Staff `json:"items"`
	Total   int            `json:"total"`
	Page    int            `json:"page"`
	PerPage int            `json:"per_page"`
	Pages   int            `json:"pages"`
}

func (s *Server) apiStaffList(w http.ResponseWriter, r *request) error {
	q := r.URL.Query()
	f := people.Filter{LibraryID: r.LibraryID, Query: q.Get("q"), Status: q.Get("status")}
	f.ServicePointID, _ = strconv.ParseInt(q.Get("service_point"), 10, 64)
	f.Page, _ = strconv.Atoi(q.Get("page"))
	f.PerPage, _ = strconv.Atoi(q.Get("per_page"))
	switch q.Get("active") {
	case "all":
	case "false":
		f.Active = new(bool)
	default:
		t := true
		f.Active = &t
	}
	page, err := s.svc.Staff.List(r.Context(), r.Actor, f)
	if err != nil {
		return err
	}
	items := page.Items
	if items == nil {
		items = []people.Staff{}
	}
	return writeJSON(w, http.StatusOK, staffListResponse{Items: items, Total: page.Total, Page: page.Page, PerPage: page.PerPage, Pages: page.Pages})
}

type staffInput struct {
	NIP              *string `json:"nip"`
	Name             *string `json:"name"`
	EmploymentStatus *string `json:"employment_status"`
	Position         *string `json:"position"`
	Level            *string `json:"level"`
	Grade            *string `json:"grade"`
	Education        *string `json:"education"`
	ServicePointID   *int64  `json:"service_point_id"`
	Email            *string `json:"email"`
	Active           *bool   `json:"active"`
}

func (in staffInput) apply(st *people.Staff) {
	set(&st.NIP, in.NIP)
	set(&st.Name, in.Name)
	set(&st.EmploymentStatus, in.EmploymentStatus)
	set(&st.Position, in.Position)
	set(&st.Level, in.Level)
	set(&st.Grade, in.Grade)
	set(&st.Education, in.Education)
	if in.ServicePointID != nil {
		if *in.ServicePointID == 0 {
			st.ServicePointID = nil
		} else {
			st.ServicePointID = in.ServicePointID
		}
	}
	set(&st.Email, in.Email)
}

func (s *Server) apiStaffCreate(w http.ResponseWriter, r *request) error {
	var in staffInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	st := people.Staff{LibraryID: r.LibraryID, Active: true}
	in.apply(&st)
	created, err := s.svc.Staff.Create(r.Context(), r.Actor, st)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, created)
}

func (s *Server) apiStaff(r *request) (people.Staff, error) {
	id, err := s.staffID(r)
	if err != nil {
		return people.Staff{}, err
	}
	return s.svc.Staff.Get(r.Context(), r.Actor, r.LibraryID, id)
}

func (s *Server) apiStaffGet(w http.ResponseWriter, r *request) error {
	st, err := s.apiStaff(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiStaffUpdate(w http.ResponseWriter, r *request) error {
	st, err := s.apiStaff(r)
	if err != nil {
		return err
	}
	var in staffInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.apply(&st)
	// Update validates the fields first, so a refused change never leaves
	// the person deactivated with the old details.
	updated, err := s.svc.Staff.Update(r.Context(), r.Actor, st)
	if err != nil {
		return err
	}
	if in.Active != nil && *in.Active != updated.Active {
		if err := s.svc.Staff.SetActive(r.Context(), r.Actor, r.LibraryID, st.ID, *in.Active); err != nil {
			return err
		}
		updated.Active = *in.Active
	}
	return writeJSON(w, http.StatusOK, updated)
}
