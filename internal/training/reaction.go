package training

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// The L1 reaction survey (Kirkpatrick level 1): five items on a 1–5 scale
// and what should be improved. Labels are "training.reaction.item.<code>".
var ReactionItems = []string{"relevance", "trainer", "method", "facilities", "usefulness"}

// MinReactionsShown is the number of responses below which the summary
// shows no averages and no comments: with one or two participants an
// average would tell the coordinator who answered what.
const MinReactionsShown = 3

// MaxImproveLen bounds the free text.
const MaxImproveLen = 2000

// Reaction is one participant's answer. Scores follow ReactionItems.
type Reaction struct {
	ID          int64     `json:"id"`
	LibraryID   int64     `json:"library_id"`
	SessionID   int64     `json:"session_id"`
	EnrolmentID int64     `json:"enrolment_id"`
	Scores      [5]int    `json:"scores"`
	Improve     string    `json:"improve"`
	CreatedAt   time.Time `json:"created_at"`
}

// ReactionSummary is what the coordinator sees of a session's responses.
type ReactionSummary struct {
	N        int           `json:"n"`
	Shown    bool          `json:"shown"` // N ≥ MinReactionsShown: averages and comments present
	Averages []ItemAverage `json:"averages"`
	Overall  float64       `json:"overall"` // mean of the item averages
	Comments []string      `json:"comments"`
}

// ItemAverage is one item's mean over the responses.
type ItemAverage struct {
	Item    string  `json:"item"`
	Average float64 `json:"average"`
}

// ReactionStatus tells the participant's page what it may offer.
type ReactionStatus struct {
	EnrolmentID int64  `json:"enrolment_id"` // 0: not enrolled
	MayAnswer   bool   `json:"may_answer"`
	Answered    bool   `json:"answered"`
	Reason      string `json:"reason,omitempty"` // the refusal key when she may not
}

// reactionCheck decides whether the enrolment may answer, inside q. It
// returns the refusal (nil: allowed).
func reactionCheck(ctx context.Context, q db.Querier, libraryID int64, e Enrolment, today string) (*apperr.Error, error) {
	var first string
	var status string
	err := q.QueryRowContext(ctx, `SELECT first_day, status FROM training_sessions WHERE library_id = ? AND id = ?`,
		libraryID, e.SessionID).Scan(&first, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError("training_session")
	}
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	if status == SessionCancelled {
		return apperr.New(apperr.Conflict, "training.reaction_cancelled", nil), nil
	}
	if first > today {
		return apperr.New(apperr.Conflict, "training.reaction_not_started", nil), nil
	}
	if !e.Holds() || e.Attended == 0 {
		return apperr.New(apperr.Conflict, "training.reaction_not_attended", nil), nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_reactions WHERE library_id = ? AND enrolment_id = ?`,
		libraryID, e.ID).Scan(&n); err != nil {
		return nil, apperr.InternalError(err)
	}
	if n > 0 {
		return apperr.New(apperr.Conflict, "training.reaction_already", nil), nil
	}
	return nil, nil
}

// ownEnrolment finds the actor's own enrolment in the session.
func ownEnrolment(ctx context.Context, q db.Querier, actor *auth.Actor, libraryID, sessionID int64) (Enrolment, error) {
	staffID := ownStaffID(actor, libraryID)
	if staffID == 0 {
		return Enrolment{}, apperr.New(apperr.Conflict, "training.reaction_not_attended", nil)
	}
	es, err := enrolments(ctx, q, `e.library_id = ? AND e.session_id = ? AND e.staff_id = ?`, libraryID, sessionID, staffID)
	if err != nil {
		return Enrolment{}, err
	}
	if len(es) == 0 {
		return Enrolment{}, apperr.New(apperr.Conflict, "training.reaction_not_attended", nil)
	}
	return es[0], nil
}

// MyReaction tells whether the actor may answer the session's survey.
func (s *Service) MyReaction(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64) (ReactionStatus, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return ReactionStatus{}, err
	}
	q := s.DB.Reader()
	if _, err := findSession(ctx, q, libraryID, sessionID); err != nil {
		return ReactionStatus{}, err
	}
	lib, err := s.library(ctx, q, libraryID)
	if err != nil {
		return ReactionStatus{}, err
	}
	e, err := ownEnrolment(ctx, q, actor, libraryID, sessionID)
	if err != nil {
		if ae := apperr.As(err); ae != nil && ae.Code == apperr.Conflict {
			return ReactionStatus{Reason: ae.Key}, nil
		}
		return ReactionStatus{}, err
	}
	refusal, err := reactionCheck(ctx, q, libraryID, e, string(lib.Today))
	if err != nil {
		return ReactionStatus{}, err
	}
	st := ReactionStatus{EnrolmentID: e.ID, MayAnswer: refusal == nil}
	if refusal != nil {
		st.Reason = refusal.Key
		st.Answered = refusal.Key == "training.reaction_already"
	}
	return st, nil
}

// SubmitReaction stores the actor's own answer to the session's survey. Only
// a participant who attended at least one day may answer, once, from the
// session's first day on; the check runs here, whatever the page offers.
func (s *Service) SubmitReaction(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64, scores [5]int, improve string) (Reaction, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return Reaction{}, err
	}
	if _, err := findSession(ctx, s.DB.Reader(), libraryID, sessionID); err != nil {
		return Reaction{}, err // another library's session is not found, whatever the answers
	}
	var v apperr.Validation
	for i, item := range ReactionItems {
		if scores[i] < 1 || scores[i] > 5 {
			v.Add(item, "training.reaction_bad_score", nil)
		}
	}
	improve = strings.TrimSpace(improve)
	if utf8.RuneCountInString(improve) > MaxImproveLen {
		v.Add("improve", "field.too_long", apperr.Args{"Max": MaxImproveLen})
	}
	if err := v.Err(); err != nil {
		return Reaction{}, err
	}
	now := s.now()
	r := Reaction{LibraryID: libraryID, SessionID: sessionID, Scores: scores, Improve: improve, CreatedAt: now}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := findSession(ctx, tx, libraryID, sessionID); err != nil {
			return err
		}
		lib, err := s.library(ctx, tx, libraryID)
		if err != nil {
			return err
		}
		e, err := ownEnrolment(ctx, tx, actor, libraryID, sessionID)
		if err != nil {
			return err
		}
		refusal, err := reactionCheck(ctx, tx, libraryID, e, string(lib.Today))
		if err != nil {
			return err
		}
		if refusal != nil {
			return refusal
		}
		r.EnrolmentID = e.ID
		err = tx.QueryRowContext(ctx, `INSERT INTO training_reactions (library_id, session_id, enrolment_id, relevance, trainer,
			method, facilities, usefulness, improve, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			libraryID, sessionID, e.ID, scores[0], scores[1], scores[2], scores[3], scores[4], improve, now).Scan(&r.ID)
		if db.IsUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "training.reaction_already", nil)
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		// The answers themselves stay out of the audit trail: it is read by
		// coordinators, and the survey is anonymous to them.
		return recordAudit(ctx, tx, actor, libraryID, "training.reaction", "training_session", sessionID,
			"L1 reaction for session "+strconv.FormatInt(sessionID, 10), nil, now)
	})
	if err != nil {
		return Reaction{}, err
	}
	return r, nil
}

// ReactionSummary aggregates a session's responses for the coordinator:
// the number always; the averages per item and the comments only from
// MinReactionsShown responses on (comments in a stable, not answer, order).
func (s *Service) ReactionSummary(ctx context.Context, actor *auth.Actor, libraryID, sessionID int64) (ReactionSummary, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return ReactionSummary{}, err
	}
	q := s.DB.Reader()
	if _, err := findSession(ctx, q, libraryID, sessionID); err != nil {
		return ReactionSummary{}, err
	}
	var sums [5]int
	var comments []string
	var sum ReactionSummary
	err := eachRow(ctx, q, `SELECT relevance, trainer, method, facilities, usefulness, improve FROM training_reactions
		WHERE library_id = ? AND session_id = ? ORDER BY improve`, []any{libraryID, sessionID},
		func(r *sql.Rows) error {
			var x [5]int
			var improve string
			if err := r.Scan(&x[0], &x[1], &x[2], &x[3], &x[4], &improve); err != nil {
				return err
			}
			sum.N++
			for i := range x {
				sums[i] += x[i]
			}
			if improve != "" {
				comments = append(comments, improve)
			}
			return nil
		})
	if err != nil {
		return ReactionSummary{}, err
	}
	return summarizeReactions(sum.N, sums, comments), nil
}

// summarizeReactions turns n answers' item sums into the summary: the
// count always; averages and comments only from MinReactionsShown on.
func summarizeReactions(n int, sums [5]int, comments []string) ReactionSummary {
	sum := ReactionSummary{N: n, Averages: []ItemAverage{}, Comments: []string{}}
	if n < MinReactionsShown {
		return sum
	}
	sum.Shown = true
	total := 0.0
	for i, item := range ReactionItems {
		avg := float64(sums[i]) / float64(n)
		sum.Averages = append(sum.Averages, ItemAverage{Item: item, Average: avg})
		total += avg
	}
	sum.Overall = total / float64(len(ReactionItems))
	if comments != nil {
		sum.Comments = comments
	}
	return sum
}
