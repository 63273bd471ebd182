package web

import (
	"net/http"
	"sort"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// The training API's attendance and evaluation: who was present on which
// day, and the Kirkpatrick level-1 and level-2 results of one session.

func (s *Server) trainingEvalAPIRoutes() []Route {
	manage := auth.PermTrainingManage
	return []Route{
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/sessions/{session}/attendance", Perm: manage, API: true, handle: s.apiTrainingAttendance},
		{Method: "GET", Pattern: "/api/v1/libraries/{lib}/sessions/{session}/evaluation", Perm: manage, API: true, handle: s.apiTrainingEvaluation},
	}
}

type attendanceParticipant struct {
	EnrolmentID int64         `json:"enrolment_id"`
	StaffID     int64         `json:"staff_id"`
	StaffName   string        `json:"staff_name"`
	Status      string        `json:"status"`
	Present     []record.Date `json:"present"` // days ticked present, ascending
}

type attendanceResponse struct {
	SessionID    int64                   `json:"session_id"`
	Days         []record.Date           `json:"days"`
	Participants []attendanceParticipant `json:"participants"`
}

// sessionWithParticipants loads the session first, so another library's
// session id is not found rather than an empty answer.
func (s *Server) sessionWithParticipants(r *request) (training.Session, []training.Enrolment, error) {
	id, err := s.trainingSessionID(r)
	if err != nil {
		return training.Session{}, nil, err
	}
	x, err := s.svc.Training.Session(r.Context(), r.Actor, r.LibraryID, id)
	if err != nil {
		return training.Session{}, nil, err
	}
	es, err := s.svc.Training.Participants(r.Context(), r.Actor, r.LibraryID, id)
	return x, es, err
}

func (s *Server) apiTrainingAttendance(w http.ResponseWriter, r *request) error {
	x, es, err := s.sessionWithParticipants(r)
	if err != nil {
		return err
	}
	present, err := s.svc.Training.Attendance(r.Context(), r.Actor, r.LibraryID, x.ID)
	if err != nil {
		return err
	}
	out := attendanceResponse{SessionID: x.ID, Days: x.Days, Participants: []attendanceParticipant{}}
	for _, e := range es {
		if !e.Holds() {
			continue
		}
		p := attendanceParticipant{EnrolmentID: e.ID, StaffID: e.StaffID, StaffName: e.StaffName, Status: e.Status, Present: []record.Date{}}
		for day, ok := range present[e.ID] {
			if ok {
				p.Present = append(p.Present, record.Date(day))
			}
		}
		sort.Slice(p.Present, func(i, j int) bool { return p.Present[i] < p.Present[j] })
		out.Participants = append(out.Participants, p)
	}
	return writeJSON(w, http.StatusOK, out)
}

type evaluationScore struct {
	EnrolmentID int64    `json:"enrolment_id"`
	StaffName   string   `json:"staff_name"`
	PreScore    *int     `json:"pre_score"`
	PostScore   *int     `json:"post_score"`
	Gain        *float64 `json:"gain"` // null without both scores or with a pre-test of 100
	Band        string   `json:"band,omitempty"`
}

type evaluationResponse struct {
	SessionID int64                    `json:"session_id"`
	Reaction  training.ReactionSummary `json:"l1_reaction"`
	Gains     training.GainSummary     `json:"l2_gains"`
	Scores    []evaluationScore        `json:"l2_scores"`
}

func (s *Server) apiTrainingEvaluation(w http.ResponseWriter, r *request) error {
	x, es, err := s.sessionWithParticipants(r)
	if err != nil {
		return err
	}
	reaction, err := s.svc.Training.ReactionSummary(r.Context(), r.Actor, r.LibraryID, x.ID)
	if err != nil {
		return err
	}
	out := evaluationResponse{SessionID: x.ID, Reaction: reaction, Scores: []evaluationScore{}}
	var seated []training.Enrolment
	for _, e := range es {
		if !e.Holds() {
			continue
		}
		seated = append(seated, e)
		sc := evaluationScore{EnrolmentID: e.ID, StaffName: e.StaffName, PreScore: e.PreScore, PostScore: e.PostScore}
		if g, ok := e.Gain(); ok {
			sc.Gain, sc.Band = &g, training.BandOf(g)
		}
		out.Scores = append(out.Scores, sc)
	}
	out.Gains = training.SummarizeGains(seated)
	return writeJSON(w, http.StatusOK, out)
}

func init() {
	apiDocs["GET /api/v1/libraries/{lib}/sessions/{session}/attendance"] = apiDoc{
		Summary: "Attendance of a session: the days each seated participant was present (coordinators)", Response: "TrainingAttendance"}
	apiDocs["GET /api/v1/libraries/{lib}/sessions/{session}/evaluation"] = apiDoc{
		Summary:  "Evaluation of a session: L1 reaction summary (averages from three answers) and L2 pre/post scores with normalized gain (coordinators)",
		Response: "TrainingEvaluation"}
	apiSchemas["TrainingAttendance"] = obj(map[string]any{"session_id": integer(),
		"days": map[string]any{"type": "array", "items": trainingDate()},
		"participants": map[string]any{"type": "array", "items": obj(map[string]any{"enrolment_id": integer(), "staff_id": integer(),
			"staff_name": str(), "status": str(), "present": map[string]any{"type": "array", "items": trainingDate()}})}})
	apiSchemas["TrainingEvaluation"] = obj(map[string]any{"session_id": integer(),
		"l1_reaction": obj(map[string]any{"n": integer(), "shown": boolean(), "overall": map[string]any{"type": "number"},
			"averages": map[string]any{"type": "array", "items": obj(map[string]any{"item": str(), "average": map[string]any{"type": "number"}})},
			"comments": map[string]any{"type": "array", "items": str()}}),
		"l2_gains": obj(map[string]any{"count": integer(), "average": map[string]any{"type": "number"}, "band": str(),
			"low": integer(), "medium": integer(), "high": integer()}),
		"l2_scores": map[string]any{"type": "array", "items": obj(map[string]any{"enrolment_id": integer(), "staff_name": str(),
			"pre_score": nullable("integer"), "post_score": nullable("integer"), "gain": nullable("number"), "band": str()})}})
}
