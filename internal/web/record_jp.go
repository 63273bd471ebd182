package web

import (
	"net/http"
	"strconv"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/record"
)

// The library's side of the JP ledger: who reached the year's target and who
// is behind, the verification queue, and the certification reminders.

func jpURL(lib int64) string { return libraryURL(lib) + "/jp" }

type jpStatusPage struct {
	S             record.LibraryJP
	Years         []int
	ServicePoints []library.ServicePoint
	CanSetTarget  bool
	CanVerify     bool
	Errors        map[string]string
	TargetValue   string
}

func (s *Server) jpStatusView(w http.ResponseWriter, r *request, status int, target string, err error) error {
	sp, _ := strconv.ParseInt(r.URL.Query().Get("service_point"), 10, 64)
	st, serr := s.svc.Record.LibraryStatus(r.Context(), r.Actor, r.LibraryID, yearParam(r), sp)
	if serr != nil {
		return serr
	}
	sps, serr := s.svc.Libraries.ServicePoints(r.Context(), r.Actor, r.LibraryID)
	if serr != nil {
		return serr
	}
	today, serr := s.svc.Record.Today(r.Context(), r.Actor, r.LibraryID)
	if serr != nil {
		return serr
	}
	page := jpStatusPage{S: st, Years: recentYears(today.Year()), ServicePoints: sps,
		CanSetTarget: r.Actor.Can(auth.PermLibraryManage, r.LibraryID), CanVerify: r.Actor.Can(auth.PermRecordVerify, r.LibraryID),
		TargetValue: target}
	if page.TargetValue == "" {
		page.TargetValue = strconv.Itoa(st.Target)
	}
	if err != nil {
		page.Errors = s.fieldErrors(r.Lang, err)
	}
	return s.render(w, r, status, "record_jp_status", "record.jp_status_title", page)
}

func (s *Server) jpStatus(w http.ResponseWriter, r *request) error {
	return s.jpStatusView(w, r, http.StatusOK, "", nil)
}

func (s *Server) jpTargetUpdate(w http.ResponseWriter, r *request) error {
	value := r.PostFormValue("jp_target")
	err := s.svc.Record.SetJPTarget(r.Context(), r.Actor, r.LibraryID, atoiOr0(value))
	if isFormError(err) {
		return s.jpStatusView(w, r, statusOf(codeOf(err)), value, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, jpURL(r.LibraryID), "record.target_saved")
}

type jpQueuePage struct {
	Entries   []record.JPEntry
	ErrorItem int64 // the entry whose review failed, with the message
	Error     string
	Note      string
}

func (s *Server) jpQueueView(w http.ResponseWriter, r *request, status int, errItem int64, note string, err error) error {
	entries, lerr := s.svc.Record.Pending(r.Context(), r.Actor, r.LibraryID)
	if lerr != nil {
		return lerr
	}
	page := jpQueuePage{Entries: entries, ErrorItem: errItem, Note: note}
	if err != nil {
		for _, msg := range s.fieldErrors(r.Lang, err) {
			page.Error = msg
		}
	}
	return s.render(w, r, status, "record_jp_verify", "record.verify_title", page)
}

func (s *Server) jpQueue(w http.ResponseWriter, r *request) error {
	return s.jpQueueView(w, r, http.StatusOK, 0, "", nil)
}

func (s *Server) jpReview(w http.ResponseWriter, r *request, verify bool) error {
	id, err := s.itemID(r)
	if err != nil {
		return err
	}
	note := r.PostFormValue("note")
	_, err = s.svc.Record.Review(r.Context(), r.Actor, r.LibraryID, id, verify, note)
	if isFormError(err) {
		return s.jpQueueView(w, r, statusOf(codeOf(err)), id, note, err)
	}
	if err != nil {
		return err
	}
	flash := "record.verified"
	if !verify {
		flash = "record.rejected"
	}
	return s.redirect(w, r, jpURL(r.LibraryID)+"/verify", flash)
}

func (s *Server) jpVerify(w http.ResponseWriter, r *request) error { return s.jpReview(w, r, true) }
func (s *Server) jpReject(w http.ResponseWriter, r *request) error { return s.jpReview(w, r, false) }

type expiringPage struct {
	E record.Expiring
}

func (s *Server) certExpiring(w http.ResponseWriter, r *request) error {
	days, _ := strconv.Atoi(r.URL.Query().Get("days"))
	ex, err := s.svc.Record.ExpiringCertifications(r.Context(), r.Actor, r.LibraryID, days)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "record_expiring", "record.expiring_title", expiringPage{E: ex})
}
