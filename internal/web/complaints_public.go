package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/i18n"
	"github.com/bina-pustaka/bina/internal/library"
)

// Limits of the public doors, per address. A library's public Wi-Fi puts
// many patrons behind one address, so they are generous for people and
// still useless for a script guessing tracking codes.
const (
	complaintFileLimit   = 10
	complaintFileWindow  = time.Hour
	complaintTrackLimit  = 60
	complaintTrackWindow = 10 * time.Minute
)

// complaintTrap is the hidden field of the public form: a person never
// sees it; a bot that fills every input gets a page that looks like success.
const complaintTrap = "situs_web"

func publicComplaintURL(lib int64) string { return "/p/" + strconv.FormatInt(lib, 10) + "/pengaduan" }

// absoluteURL is path on this site as the visitor reached it, for a receipt
// or a poster that leaves the screen.
func (s *Server) absoluteURL(r *request, path string) string {
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}
func complaintTrackURL(code string) string { return "/pengaduan/lacak/" + url.PathEscape(code) }

// allowComplaint counts one hit of the client against a public limit.
func (s *Server) allowComplaint(r *request, scope string, limit int, window time.Duration) error {
	ok, err := auth.Allow(r.Context(), s.svc.DB, "complaint:"+scope+":"+s.rateAddress(r.Request), limit, window, db.Now())
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.RateLimited, "complaint.rate_limited", apperr.Args{"Minutes": int(window.Minutes())})
	}
	return nil
}

type complaintFormPage struct {
	Intake     complaint.Intake
	Form       complaint.NewComplaint
	Classes    []complaint.Class
	Categories []string
	Trap       string
	Message    string
	Errors     map[string]string
}

func (s *Server) complaintForm(w http.ResponseWriter, r *request, status int, form complaint.NewComplaint, err error) error {
	in, ierr := s.svc.Complaints.Intake(r.Context(), r.LibraryID)
	if ierr != nil {
		return ierr
	}
	if form.Class == "" {
		form.Class = complaint.ClassComplaint
	}
	page := complaintFormPage{Intake: in, Form: form, Classes: complaint.Classes, Categories: complaint.Categories, Trap: complaintTrap}
	if isFormError(err) {
		page.Errors = s.fieldErrors(r.Lang, err)
	} else if err != nil {
		page.Message = s.message(r.Lang, apperr.As(err))
	}
	return s.render(w, r, status, "complaint_form", "complaint.form_title", page)
}

func (s *Server) complaintPublicForm(w http.ResponseWriter, r *request) error {
	return s.complaintForm(w, r, http.StatusOK, complaint.NewComplaint{}, nil)
}

func (s *Server) complaintPublicSubmit(w http.ResponseWriter, r *request) error {
	in := complaint.NewComplaint{LibraryID: r.LibraryID, Class: complaint.Class(r.PostFormValue("class")), Category: r.PostFormValue("category"),
		Body: r.PostFormValue("body"), Contact: complaint.Contact{Name: r.PostFormValue("contact_name"),
			Phone: r.PostFormValue("contact_phone"), Email: r.PostFormValue("contact_email")}}
	if sp, err := strconv.ParseInt(r.PostFormValue("service_point_id"), 10, 64); err == nil && sp > 0 {
		in.ServicePointID = &sp
	}
	if r.PostFormValue(complaintTrap) != "" {
		http.Redirect(w, r.Request, "/pengaduan/lacak", http.StatusSeeOther)
		return nil
	}
	if err := s.allowComplaint(r, "file", complaintFileLimit, complaintFileWindow); err != nil {
		if codeOf(err) == apperr.RateLimited {
			return s.complaintForm(w, r, http.StatusTooManyRequests, in, err)
		}
		return err
	}
	c, err := s.svc.Complaints.File(r.Context(), in)
	if isFormError(err) {
		return s.complaintForm(w, r, statusOf(codeOf(err)), in, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, complaintTrackURL(c.Code)+"/bukti", "complaint.filed")
}

type complaintTrackPage struct {
	Code  string
	Error string
}

// complaintTrackForm asks for a tracking code; a typed one (?kode=…) is
// sent on to its status page.
func (s *Server) complaintTrackForm(w http.ResponseWriter, r *request) error {
	typed, asked := r.URL.Query()["kode"]
	if !asked {
		return s.render(w, r, http.StatusOK, "complaint_track", "complaint.track_title", complaintTrackPage{})
	}
	if err := s.allowComplaint(r, "track", complaintTrackLimit, complaintTrackWindow); err != nil {
		return err
	}
	code := complaint.NormalizeCode(typed[0])
	if code != "" {
		if _, err := s.svc.Complaints.Track(r.Context(), code); err == nil {
			http.Redirect(w, r.Request, complaintTrackURL(code), http.StatusSeeOther)
			return nil
		} else if codeOf(err) != apperr.NotFound {
			return err
		}
	}
	page := complaintTrackPage{Code: typed[0], Error: s.i18n.T(r.Lang, "complaint.code_unknown", nil)}
	return s.render(w, r, http.StatusNotFound, "complaint_track", "complaint.track_title", page)
}

// publicEvent is a timeline line as the reporter sees it, its time written
// in the library's zone (a public page has no signed-in library to take it from).
type publicEvent struct {
	Kind string
	Body string
	At   string
}

type complaintStatusPage struct {
	Status  complaint.PublicStatus
	FiledAt string
	Zone    string // WIB, WITA, WIT
	Events  []publicEvent
	Print   bool   // the receipt to print or save
	Rated   int    // the reporter's rating, 0 before she gives one
	TrackAt string // the tracking page's full address, for the printed receipt
	Rating  int    // what was chosen in a refused rating form
	Comment string
	Message string
	Errors  map[string]string
}

func (s *Server) complaintStatusView(w http.ResponseWriter, r *request, status int, page complaintStatusPage) error {
	if err := s.allowComplaint(r, "track", complaintTrackLimit, complaintTrackWindow); err != nil {
		return err
	}
	p, err := s.svc.Complaints.Track(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	// The canonical address, so a code typed in lower case is shown as printed.
	if r.Method == http.MethodGet && r.PathValue("code") != p.Code {
		to := complaintTrackURL(p.Code)
		if page.Print {
			to += "/bukti"
		}
		http.Redirect(w, r.Request, to, http.StatusSeeOther)
		return nil
	}
	page.Status, page.Zone = p, library.ZoneLabel(p.Location.String())
	if p.Rating != nil {
		page.Rated = *p.Rating
	}
	page.FiledAt = i18n.FormatDateTime(r.Lang, p.FiledAt, p.Location)
	for _, e := range p.Events {
		page.Events = append(page.Events, publicEvent{Kind: e.Kind, Body: e.Body, At: i18n.FormatDateTime(r.Lang, e.CreatedAt, p.Location)})
	}
	page.TrackAt = s.absoluteURL(r, "/pengaduan/lacak")
	r.LibraryID = p.LibraryID
	name := "complaint_status"
	if page.Print {
		name = "complaint_receipt"
	}
	return s.render(w, r, status, name, "complaint.status_title", page)
}

func (s *Server) complaintStatus(w http.ResponseWriter, r *request) error {
	return s.complaintStatusView(w, r, http.StatusOK, complaintStatusPage{})
}

func (s *Server) complaintReceipt(w http.ResponseWriter, r *request) error {
	return s.complaintStatusView(w, r, http.StatusOK, complaintStatusPage{Print: true})
}

func (s *Server) complaintRate(w http.ResponseWriter, r *request) error {
	rating, _ := strconv.Atoi(r.PostFormValue("rating"))
	comment := r.PostFormValue("comment")
	if err := s.allowComplaint(r, "rate", complaintFileLimit, complaintFileWindow); err != nil {
		return err
	}
	err := s.svc.Complaints.Rate(r.Context(), r.PathValue("code"), rating, comment)
	if isFormError(err) || codeOf(err) == apperr.Conflict {
		page := complaintStatusPage{Rating: rating, Comment: comment}
		if isFormError(err) {
			page.Errors = s.fieldErrors(r.Lang, err)
		} else {
			page.Message = s.message(r.Lang, apperr.As(err))
		}
		return s.complaintStatusView(w, r, statusOf(codeOf(err)), page)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, complaintTrackURL(complaint.NormalizeCode(r.PathValue("code"))), "complaint.rated")
}
