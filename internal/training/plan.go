package training

import (
	"context"

	"github.com/bina-pustaka/bina/internal/auth"
)

// QuarterPlan is one quarter of the annual training plan.
type QuarterPlan struct {
	Quarter  int       `json:"quarter"` // 1–4
	Sessions []Session `json:"sessions"`
	Budget   int64     `json:"budget"` // rupiah
	Seats    int       `json:"seats"`  // capacity summed
	JP       int       `json:"jp"`     // JP on offer: the programmes' JP summed per session
}

// Plan is the annual training plan (rencana pelatihan tahunan): the year's
// sessions by the quarter they start in, with their budget. Cancelled
// sessions are listed apart and count in no total.
type Plan struct {
	Year      int           `json:"year"`
	Quarters  []QuarterPlan `json:"quarters"` // always four
	Budget    int64         `json:"budget"`
	Seats     int           `json:"seats"`
	Cancelled []Session     `json:"cancelled"`
}

// AnnualPlan returns the year's plan.
func (s *Service) AnnualPlan(ctx context.Context, actor *auth.Actor, libraryID int64, year int) (Plan, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return Plan{}, err
	}
	q := s.DB.Reader()
	xs, err := sessions(ctx, q, SessionFilter{LibraryID: libraryID, Year: year}, 0)
	if err != nil {
		return Plan{}, err
	}
	jp := map[int64]int{}
	ps, err := s.Programs(ctx, actor, libraryID, false)
	if err != nil {
		return Plan{}, err
	}
	for _, p := range ps {
		jp[p.ID] = p.JP
	}
	return buildPlan(year, xs, jp), nil
}

// buildPlan sums sessions into quarters; jp gives each programme's JP.
func buildPlan(year int, xs []Session, jp map[int64]int) Plan {
	out := Plan{Year: year, Quarters: make([]QuarterPlan, 4), Cancelled: []Session{}}
	for i := range out.Quarters {
		out.Quarters[i] = QuarterPlan{Quarter: i + 1, Sessions: []Session{}}
	}
	for _, x := range xs {
		if x.Status == SessionCancelled {
			out.Cancelled = append(out.Cancelled, x)
			continue
		}
		qn := x.Quarter()
		if qn < 1 {
			continue
		}
		qp := &out.Quarters[qn-1]
		qp.Sessions = append(qp.Sessions, x)
		qp.Budget += x.Budget
		qp.Seats += x.Capacity
		qp.JP += jp[x.ProgramID]
		out.Budget += x.Budget
		out.Seats += x.Capacity
	}
	return out
}
