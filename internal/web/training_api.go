package web

import (
	"net/http"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/training"
)

// The training API: the catalogue, the year's sessions, one session, its
// enrolments, and enrolling (a nomination, or oneself).

func (s *Server) apiTrainingPrograms(w http.ResponseWriter, r *request) error {
	ps, err := s.svc.Training.Programs(r.Context(), r.Actor, r.LibraryID, false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listResponse[training.Program]{Items: ps})
}

func (s *Server) apiTrainingSessions(w http.ResponseWriter, r *request) error {
	year, err := s.trainingYear(r)
	if err != nil {
		return err
	}
	xs, err := s.svc.Training.Sessions(r.Context(), r.Actor, training.SessionFilter{LibraryID: r.LibraryID, Year: year})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listResponse[training.Session]{Items: xs})
}

// trainingSessionDetail is one session with, for coordinators, its level-2
// result (in a small session an average would give away people's scores).
type trainingSessionDetail struct {
	training.Session
	Gains *training.GainSummary `json:"gains,omitempty"`
}

func (s *Server) apiTrainingSession(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	x, err := s.svc.Training.Session(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	out := trainingSessionDetail{Session: x}
	if r.Actor.Can(auth.PermTrainingManage, r.LibraryID) {
		es, err := s.svc.Training.Participants(r.Context(), r.Actor, r.LibraryID, id)
		if err != nil {
			return err
		}
		var seated []training.Enrolment
		for _, e := range es {
			if e.Holds() {
				seated = append(seated, e)
			}
		}
		g := training.SummarizeGains(seated)
		out.Gains = &g
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiTrainingEnrolments(w http.ResponseWriter, r *request) error {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	es, err := s.svc.Training.Participants(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listResponse[training.Enrolment]{Items: es})
}

// enrolmentInput is the body of POST …/enrolments: a staff id nominates
// that person (training:manage); without one the caller registers herself.
type enrolmentInput struct {
	StaffID *int64 `json:"staff_id"`
}

func (s *Server) apiTrainingEnrol(w http.ResponseWriter, r *request) error {
	// Whose session first: a foreign one is a 404 whatever the body says.
	id, err := s.trainingSessionID(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.Training.Session(r.Context(), r.Actor, r.LibraryID, id); err != nil {
		return err
	}
	var in enrolmentInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var e training.Enrolment
	if in.StaffID != nil {
		e, err = s.svc.Training.Nominate(r.Context(), r.Actor, r.LibraryID, id, *in.StaffID)
	} else {
		e, err = s.svc.Training.Register(r.Context(), r.Actor, r.LibraryID, id)
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}
