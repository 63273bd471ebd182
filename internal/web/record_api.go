package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/record"
)

// The record API: a person's JP year (read and add, link evidence only),
// the library's JP status, and a person's angka kredit.

func (s *Server) apiJPLedger(w http.ResponseWriter, r *request) error {
	p, err := s.recordPerson(r)
	if err != nil {
		return err
	}
	l, err := s.svc.Record.JPLedger(r.Context(), r.Actor, r.LibraryID, p.ID, yearParam(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, l)
}

// jpInput is the body of POST …/jp. Evidence over the API is a link; files
// are uploaded on the record page.
type jpInput struct {
	Activity    *string `json:"activity"`
	Title       *string `json:"title"`
	Organizer   *string `json:"organizer"`
	Date        *string `json:"date"`
	JP          *int    `json:"jp"`
	EvidenceURL *string `json:"evidence_url"`
	Verified    *bool   `json:"verified"` // verify at once (verifiers, not for one's own)
}

func (s *Server) apiJPAdd(w http.ResponseWriter, r *request) error {
	// Who and whose first: a foreign person is a 404 whatever the body says.
	p, err := s.recordPerson(r)
	if err != nil {
		return err
	}
	var in jpInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e := record.JPEntry{LibraryID: r.LibraryID, StaffID: p.ID}
	set(&e.Activity, in.Activity)
	set(&e.Title, in.Title)
	set(&e.Organizer, in.Organizer)
	set(&e.JP, in.JP)
	set(&e.EvidenceURL, in.EvidenceURL)
	if in.Date != nil {
		e.Date = record.Date(*in.Date)
	}
	created, err := s.svc.Record.AddJP(r.Context(), r.Actor, e, nil, in.Verified != nil && *in.Verified)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, created)
}

func (s *Server) apiJPStatus(w http.ResponseWriter, r *request) error {
	sp, _ := strconv.ParseInt(r.URL.Query().Get("service_point"), 10, 64)
	st, err := s.svc.Record.LibraryStatus(r.Context(), r.Actor, r.LibraryID, yearParam(r), sp)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiCredits(w http.ResponseWriter, r *request) error {
	p, err := s.recordPerson(r)
	if err != nil {
		return err
	}
	st, err := s.svc.Record.Credits(r.Context(), r.Actor, r.LibraryID, p.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
