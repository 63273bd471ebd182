package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// The session page's actions: nominate, register oneself, cancel, the
// attendance checklist, scores and completion; and the staff member's
// own training page.

func (s *Server) trainingNominate(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.Training.Session(r.Context(), r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	staffID, _ := strconv.ParseInt(r.PostFormValue("staff_id"), 10, 64)
	e, err := s.svc.Training.Nominate(r.Context(), r.Actor, r.LibraryID, id, staffID)
	if isFormError(err) {
		return s.trainingSessionView(w, r, statusOf(codeOf(err)), err, nil)
	}
	if err != nil {
		return err
	}
	flash := "training.nominated"
	if e.Status == training.Waitlisted {
		flash = "training.nominated_waitlist"
	}
	return s.redirect(w, r, trainingSessionURL(r.LibraryID, id), flash)
}

func (s *Server) trainingRegister(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	e, err := s.svc.Training.Register(r.Context(), r.Actor, r.LibraryID, id)
	if isFormError(err) {
		return s.trainingSessionView(w, r, statusOf(codeOf(err)), err, nil)
	}
	if err != nil {
		return err
	}
	flash := "training.registered"
	if e.Status == training.Waitlisted {
		flash = "training.registered_waitlist"
	}
	return s.redirect(w, r, trainingURL(r.LibraryID)+"/available", flash)
}

func (s *Server) trainingCancel(w http.ResponseWriter, r *request) error {
	id, err := pathID(r, "enrolment", "training_enrolment")
	if err != nil {
		return err
	}
	e, err := s.svc.Training.Cancel(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	to := trainingSessionURL(r.LibraryID, e.SessionID)
	if r.PostFormValue("from") == "available" {
		to = trainingURL(r.LibraryID) + "/available"
	}
	return s.redirect(w, r, to, "training.cancelled")
}

func (s *Server) trainingAttendance(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.Training.Session(r.Context(), r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	day := record.Date(strings.TrimSpace(r.PostFormValue("day")))
	if err := s.svc.Training.SetAttendance(r.Context(), r.Actor, r.LibraryID, id, day, formIDs(r, "present")); err != nil {
		return err
	}
	return s.redirect(w, r, trainingSessionURL(r.LibraryID, id)+"?day="+string(day)+"#attendance", "training.attendance_saved")
}

// trainingScores reads "pre_<id>" and "post_<id>" for each seated
// participant; an empty field means the test was not taken.
func (s *Server) trainingScores(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := s.svc.Training.Session(ctx, r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	es, err := s.svc.Training.Participants(ctx, r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	typed := map[string]string{}
	var scores []training.Score
	for _, e := range es {
		if !e.Holds() {
			continue
		}
		sc := training.Score{EnrolmentID: e.ID}
		for _, f := range []struct {
			name string
			dst  **int
		}{{"pre_", &sc.Pre}, {"post_", &sc.Post}} {
			name := f.name + strconv.FormatInt(e.ID, 10)
			v := strings.TrimSpace(r.PostFormValue(name))
			typed[name] = v
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				n = -1 // not a whole number: refused as out of range
			}
			*f.dst = &n
		}
		scores = append(scores, sc)
	}
	err = s.svc.Training.SetScores(ctx, r.Actor, r.LibraryID, id, scores)
	if isFormError(err) {
		return s.trainingSessionView(w, r, statusOf(codeOf(err)), err, typed)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, trainingSessionURL(r.LibraryID, id)+"#scores", "training.scores_saved")
}

func (s *Server) trainingComplete(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.Training.Complete(r.Context(), r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	return s.redirect(w, r, trainingSessionURL(r.LibraryID, id), "training.completed_flash")
}

type trainingAvailablePage struct {
	Available training.Available
}

// trainingAvailable is "Pelatihan tersedia": what a staff member may
// register for herself, and her own enrolments.
func (s *Server) trainingAvailable(w http.ResponseWriter, r *request) error {
	av, err := s.svc.Training.AvailableFor(r.Context(), r.Actor, r.LibraryID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_available", "training.available", trainingAvailablePage{Available: av})
}
