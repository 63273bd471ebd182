package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/complaint"
)

// complaintRoutes are the complaints (pengaduan): the public form and the
// status page by tracking code (no account), the staff inbox and detail with
// its actions, escalations, the holiday calendar, and the API.
func (s *Server) complaintRoutes() []Route {
	P := auth.PermPublic
	view, manage := auth.PermComplaintView, auth.PermComplaintManage
	const one = "/libraries/{lib}/complaints/{complaint}"
	return []Route{
		{Method: "GET", Pattern: "/p/{lib}/pengaduan", Perm: P, handle: s.complaintPublicForm},
		{Method: "POST", Pattern: "/p/{lib}/pengaduan", Perm: P, handle: s.complaintPublicSubmit},
		{Method: "GET", Pattern: "/pengaduan/lacak", Perm: P, handle: s.complaintTrackForm},
		{Method: "GET", Pattern: "/pengaduan/lacak/{code}", Perm: P, handle: s.complaintStatus},
		{Method: "GET", Pattern: "/pengaduan/lacak/{code}/bukti", Perm: P, handle: s.complaintReceipt},
		{Method: "POST", Pattern: "/pengaduan/lacak/{code}/nilai", Perm: P, handle: s.complaintRate},

		{Method: "GET", Pattern: "/libraries/{lib}/complaints", Perm: view, handle: s.complaintInbox},
		{Method: "GET", Pattern: "/libraries/{lib}/complaints/escalations", Perm: auth.PermComplaintEscalations, handle: s.complaintEscalations},
		// A staff member handles what is assigned to her, so the service decides beyond complaint:view.
		{Method: "GET", Pattern: one, Perm: view, handle: s.complaintShow},
		{Method: "POST", Pattern: one + "/verify", Perm: manage, handle: s.complaintVerify},
		{Method: "POST", Pattern: one + "/assign", Perm: manage, handle: s.complaintAssign},
		{Method: "POST", Pattern: one + "/decide", Perm: view, handle: s.complaintDecide},
		{Method: "POST", Pattern: one + "/reply", Perm: view, handle: s.complaintReply},
		{Method: "POST", Pattern: one + "/resolve", Perm: view, handle: s.complaintResolve},
		{Method: "POST", Pattern: one + "/close", Perm: manage, handle: s.complaintClose},
		{Method: "POST", Pattern: one + "/reject", Perm: manage, handle: s.complaintReject},
		{Method: "POST", Pattern: one + "/note", Perm: view, handle: s.complaintNote},

		{Method: "GET", Pattern: "/libraries/{lib}/holidays", Perm: auth.PermLibraryView, handle: s.holidayList},
		{Method: "POST", Pattern: "/libraries/{lib}/holidays", Perm: auth.PermLibraryManage, handle: s.holidayCreate},
		{Method: "POST", Pattern: "/libraries/{lib}/holidays/{holiday}/delete", Perm: auth.PermLibraryManage, handle: s.holidayDelete},
		{Method: "GET", Pattern: "/holidays", Perm: auth.PermHolidaysNational, handle: s.holidayList},
		{Method: "POST", Pattern: "/holidays", Perm: auth.PermHolidaysNational, handle: s.holidayCreate},
		{Method: "POST", Pattern: "/holidays/{holiday}/delete", Perm: auth.PermHolidaysNational, handle: s.holidayDelete},

		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/complaints", Perm: view, API: true, handle: s.apiComplaintList},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/complaints/{complaint}", Perm: view, API: true, handle: s.apiComplaintGet},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/holidays", Perm: auth.PermLibraryView, API: true, handle: s.apiHolidayList},
	}
}

func complaintsURL(lib int64) string { return libraryURL(lib) + "/complaints" }
func complaintURL(lib, id int64) string {
	return complaintsURL(lib) + "/" + strconv.FormatInt(id, 10)
}

type complaintInboxPage struct {
	Page      complaint.Page
	Summary   complaint.Summary
	Filter    complaintFilterForm
	Statuses  []complaint.Status
	CanManage bool
	Escalate  bool   // the actor receives escalations
	PublicURL string // the public form, to share or print as a QR code
	PrevURL   string
	NextURL   string
}

// complaintFilterForm is the inbox filter as the form shows it.
type complaintFilterForm struct {
	Status    string // "" (open, the default), "all" or a status
	Overdue   bool
	Escalated bool
	Mine      bool
}

func complaintFilterFrom(r *request) (complaint.Filter, complaintFilterForm) {
	q := r.URL.Query()
	form := complaintFilterForm{Status: q.Get("status"), Overdue: q.Get("overdue") == "1", Escalated: q.Get("escalated") == "1", Mine: q.Get("mine") == "1"}
	f := complaint.Filter{LibraryID: r.LibraryID, Overdue: form.Overdue, Escalated: form.Escalated, Mine: form.Mine}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	f.PerPage, _ = strconv.Atoi(q.Get("per_page"))
	switch form.Status {
	case "", "open":
		form.Status, f.Open = "", true
	case "all":
	default:
		f.Status = complaint.Status(form.Status)
	}
	return f, form
}

func (s *Server) complaintInbox(w http.ResponseWriter, r *request) error {
	f, form := complaintFilterFrom(r)
	page, err := s.svc.Complaints.List(r.Context(), r.Actor, f)
	if err != nil {
		return err
	}
	sum, err := s.svc.Complaints.Summarize(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	v := complaintInboxPage{Page: page, Summary: sum, Filter: form, Statuses: complaint.Statuses,
		CanManage: r.Actor.Can(auth.PermComplaintManage, r.LibraryID), Escalate: r.Actor.Can(auth.PermComplaintEscalations, r.LibraryID),
		PublicURL: s.absoluteURL(r, publicComplaintURL(r.LibraryID))}
	pageURL := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page.Page > 1 {
		v.PrevURL = pageURL(page.Page - 1)
	}
	if page.Page < page.Pages {
		v.NextURL = pageURL(page.Page + 1)
	}
	return s.render(w, r, http.StatusOK, "complaint_inbox", "complaint.inbox_title", v)
}

type complaintEscalationsPage struct {
	Items []complaint.Complaint
}

func (s *Server) complaintEscalations(w http.ResponseWriter, r *request) error {
	items, err := s.svc.Complaints.Escalations(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "complaint_escalations", "complaint.escalations_title", complaintEscalationsPage{Items: items})
}

type complaintShowPage struct {
	Detail   complaint.Detail
	Handlers []complaint.Handler // to assign to; admins and coordinators only
	Form     map[string]string   // what was typed into a refused action form
	Message  string              // a refused action (the complaint moved on meanwhile)
	Errors   map[string]string
}

func (s *Server) complaintID(r *request) (int64, error) { return pathID(r, "complaint", "complaint") }

// complaintPage renders the detail page, with the outcome of a refused action if any.
func (s *Server) complaintPage(w http.ResponseWriter, r *request, status int, id int64, actionErr error) error {
	d, err := s.svc.Complaints.Get(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	page := complaintShowPage{Detail: d}
	if d.CanManage && !d.Complaint.Status.Final() {
		if page.Handlers, err = s.svc.Complaints.Handlers(r.Context(), r.Actor, r.LibraryID); err != nil {
			return err
		}
	}
	if actionErr != nil {
		page.Form = map[string]string{}
		for _, k := range []string{"assignee_id", "follow_up", "reply", "reason", "note"} {
			page.Form[k] = r.PostFormValue(k)
		}
		if isFormError(actionErr) {
			page.Errors = s.fieldErrors(r.Lang, actionErr)
		} else {
			page.Message = s.message(r.Lang, apperr.As(actionErr))
		}
	}
	return s.render(w, r, status, "complaint_show", "complaint.detail_title", page)
}

func (s *Server) complaintShow(w http.ResponseWriter, r *request) error {
	id, err := s.complaintID(r)
	if err != nil {
		return err
	}
	return s.complaintPage(w, r, http.StatusOK, id, nil)
}

// complaintAction runs one staff action from the detail page: success
// redirects with a flash; a refused input or a complaint that moved on
// meanwhile shows the page again with the reason; anything else is an error page.
func (s *Server) complaintAction(w http.ResponseWriter, r *request, flash string, do func(id int64) error) error {
	id, err := s.complaintID(r)
	if err != nil {
		return err
	}
	err = do(id)
	if isFormError(err) || (codeOf(err) == apperr.Conflict) {
		return s.complaintPage(w, r, statusOf(codeOf(err)), id, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, complaintURL(r.LibraryID, id), flash)
}

func formID(r *request, name string) int64 {
	id, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64)
	return id
}

func (s *Server) complaintVerify(w http.ResponseWriter, r *request) error {
	return s.complaintAction(w, r, "complaint.verified", func(id int64) error {
		return s.svc.Complaints.Verify(r.Context(), r.Actor, r.LibraryID, id, formID(r, "assignee_id"))
	})
}

func (s *Server) complaintAssign(w http.ResponseWriter, r *request) error {
	return s.complaintAction(w, r, "complaint.assigned", func(id int64) error {
		return s.svc.Complaints.Assign(r.Context(), r.Actor, r.LibraryID, id, formID(r, "assignee_id"))
	})
}

func (s *Server) complaintDecide(w http.ResponseWriter, r *request) error {
	return s.complaintAction(w, r, "complaint.decided", func(id int64) error {
		return s.svc.Complaints.Decide(r.Context(), r.Actor, r.LibraryID, id, r.PostFormValue("follow_up"))
	})
}

func (s *Server) complaintReply(w http.ResponseWriter, r *request) error {
	return s.complaintAction(w, r, "complaint.replied", func(id int64) error {
		return s.svc.Complaints.Reply(r.Context(), r.Actor, r.LibraryID, id, r.PostFormValue("reply"))
	})
}

func (s *Server) complaintResolve(w http.ResponseWriter, r *request) error {
	return s.complaintAction(w, r, "complaint.resolved", func(id int64) error {
		return s.svc.Complaints.Resolve(r.Context(), r.Actor, r.LibraryID, id)
	})
}

func (s *Server) complaintClose(w http.ResponseWriter, r *request) error {
	return s.complaintAction(w, r, "complaint.closed", func(id int64) error {
		return s.svc.Complaints.Close(r.Context(), r.Actor, r.LibraryID, id)
	})
}

func (s *Server) complaintReject(w http.ResponseWriter, r *request) error {
	return s.complaintAction(w, r, "complaint.rejected", func(id int64) error {
		return s.svc.Complaints.Reject(r.Context(), r.Actor, r.LibraryID, id, r.PostFormValue("reason"))
	})
}

func (s *Server) complaintNote(w http.ResponseWriter, r *request) error {
	return s.complaintAction(w, r, "complaint.noted", func(id int64) error {
		return s.svc.Complaints.Note(r.Context(), r.Actor, r.LibraryID, id, r.PostFormValue("note"))
	})
}

// complaintDuties escalates missed complaint deadlines and closes answered
// complaints whose reporter stayed silent; the housekeeping loop calls it.
func (s *Server) complaintDuties(ctx context.Context, now time.Time) {
	if s.svc.Complaints == nil {
		return
	}
	if n, err := s.svc.Complaints.Escalate(ctx, now); err != nil {
		s.log.Warn("escalate complaints", "err", err)
	} else if n > 0 {
		s.log.Info("complaints escalated", "count", n)
	}
	if n, err := s.svc.Complaints.AutoClose(ctx, now); err != nil {
		s.log.Warn("auto-close complaints", "err", err)
	} else if n > 0 {
		s.log.Info("complaints closed automatically", "count", n)
	}
}
