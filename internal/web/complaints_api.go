package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/complaint"
)

// apiComplaintList is the inbox as JSON: the same filters and visibility
// (staff get only what is assigned to them); never a contact.
func (s *Server) apiComplaintList(w http.ResponseWriter, r *request) error {
	q := r.URL.Query()
	f := complaint.Filter{LibraryID: r.LibraryID, Overdue: q.Get("overdue") == "true", Escalated: q.Get("escalated") == "true", Mine: q.Get("mine") == "true"}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	f.PerPage, _ = strconv.Atoi(q.Get("per_page"))
	switch st := q.Get("status"); st {
	case "", "all":
	case "open":
		f.Open = true
	default:
		f.Status = complaint.Status(st)
	}
	page, err := s.svc.Complaints.List(r.Context(), r.Actor, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// apiComplaintGet is one complaint with its whole timeline; "contact" is
// present only for its handlers, and each such read is audited.
func (s *Server) apiComplaintGet(w http.ResponseWriter, r *request) error {
	id, err := s.complaintID(r)
	if err != nil {
		return err
	}
	d, err := s.svc.Complaints.Get(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiHolidayList(w http.ResponseWriter, r *request) error {
	hs, err := s.svc.Complaints.Holidays(r.Context(), r.Actor, r.LibraryID, holidayYear(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listResponse[complaint.Holiday]{Items: hs})
}
