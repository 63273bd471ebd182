package training

import (
	"context"
	"database/sql"

	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// RoundEvaluation is one round (angkatan, a session) of a programme as its
// evaluation saw it: how many completed, the level-1 reaction (averages
// only from MinReactionsShown answers on, without comments: those are on
// the session's own page) and the level-2 gain. Laid side by side, the rounds
// show whether what participants said last time made the next one better.
type RoundEvaluation struct {
	Session   Session         `json:"session"`
	Seated    int             `json:"seated"`    // confirmed, completed or not completed
	Completed int             `json:"completed"` // completed
	Reaction  ReactionSummary `json:"reaction"`
	Weakest   *ItemAverage    `json:"weakest"` // the lowest reaction item; nil while averages are hidden
	Gain      GainSummary     `json:"gain"`
}

// ProgramEvaluation lists the programme's rounds, first day first, leaving
// out cancelled ones. For coordinators: per-round averages of small
// sessions come close to individual answers.
func (s *Service) ProgramEvaluation(ctx context.Context, actor *auth.Actor, libraryID, programID int64) ([]RoundEvaluation, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	if _, err := findProgram(ctx, q, libraryID, programID); err != nil {
		return nil, err
	}
	xs, err := sessions(ctx, q, SessionFilter{LibraryID: libraryID, ProgramID: programID}, 0)
	if err != nil {
		return nil, err
	}
	es, err := enrolments(ctx, q, `e.library_id = ? AND e.session_id IN (SELECT id FROM training_sessions WHERE library_id = ? AND program_id = ?)`,
		libraryID, libraryID, programID)
	if err != nil {
		return nil, err
	}
	bySession := map[int64][]Enrolment{}
	for _, e := range es {
		bySession[e.SessionID] = append(bySession[e.SessionID], e)
	}
	reactions, err := reactionSums(ctx, q, libraryID, programID)
	if err != nil {
		return nil, err
	}
	out := []RoundEvaluation{}
	for _, x := range xs {
		if x.Status == SessionCancelled {
			continue
		}
		r := RoundEvaluation{Session: x, Gain: SummarizeGains(bySession[x.ID])}
		for _, e := range bySession[x.ID] {
			switch e.Status {
			case Completed:
				r.Completed++
				r.Seated++
			case Confirmed, NotCompleted:
				r.Seated++
			}
		}
		rs := reactions[x.ID]
		r.Reaction = summarizeReactions(rs.n, rs.sums, nil)
		for i, a := range r.Reaction.Averages {
			if r.Weakest == nil || a.Average < r.Weakest.Average {
				r.Weakest = &r.Reaction.Averages[i]
			}
		}
		out = append(out, r)
	}
	return out, nil
}

type reactionSum struct {
	n    int
	sums [5]int
}

// reactionSums adds up the reactions of the programme's sessions, per session.
func reactionSums(ctx context.Context, q db.Querier, libraryID, programID int64) (map[int64]reactionSum, error) {
	out := map[int64]reactionSum{}
	err := eachRow(ctx, q, `SELECT r.session_id, COUNT(*), SUM(r.relevance), SUM(r.trainer), SUM(r.method), SUM(r.facilities), SUM(r.usefulness)
		FROM training_reactions r JOIN training_sessions s ON s.library_id = r.library_id AND s.id = r.session_id
		WHERE r.library_id = ? AND s.program_id = ? GROUP BY r.session_id`, []any{libraryID, programID},
		func(r *sql.Rows) error {
			var id int64
			var x reactionSum
			if err := r.Scan(&id, &x.n, &x.sums[0], &x.sums[1], &x.sums[2], &x.sums[3], &x.sums[4]); err != nil {
				return err
			}
			out[id] = x
			return nil
		})
	return out, err
}
