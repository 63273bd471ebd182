package training

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/record"
)

// GapSource gives each person's competency gaps (required − agreed level,
// positive only) by competency id. staffID 0 asks for everyone.
type GapSource interface {
	Gaps(ctx context.Context, q db.Querier, libraryID, staffID int64) (map[int64]map[int64]int, error)
}

// ClosedCycleGaps reads the gaps frozen in assessment_results
// (internal/competency) of each person's most recently closed cycle, in one
// query. A competency not reviewed (no agreed level) has no gap: the same
// rule as competency.ComputeGaps.
type ClosedCycleGaps struct{}

func (ClosedCycleGaps) Gaps(ctx context.Context, q db.Querier, libraryID, staffID int64) (map[int64]map[int64]int, error) {
	query := `SELECT r.staff_id, r.cycle_id, c.closed_at, r.competency_id, r.required_level, r.agreed_level
		FROM assessment_results r JOIN assessment_cycles c ON c.library_id = r.library_id AND c.id = r.cycle_id
		WHERE r.library_id = ? AND c.status = 'closed'`
	args := []any{libraryID}
	if staffID != 0 {
		query += ` AND r.staff_id = ?`
		args = append(args, staffID)
	}
	type latest struct {
		cycle int64
		at    time.Time
	}
	last := map[int64]latest{}
	out := map[int64]map[int64]int{}
	err := eachRow(ctx, q, query, args, func(r *sql.Rows) error {
		var sid, cycle, comp int64
		var closed sql.NullTime
		var req int
		var agreed sql.NullInt64
		if err := r.Scan(&sid, &cycle, &closed, &comp, &req, &agreed); err != nil {
			return err
		}
		l, seen := last[sid]
		switch {
		case !seen || closed.Time.After(l.at) || (closed.Time.Equal(l.at) && cycle > l.cycle):
			last[sid] = latest{cycle, closed.Time}
			out[sid] = map[int64]int{}
		case cycle != l.cycle:
			return nil // an older cycle
		}
		if agreed.Valid && agreed.Int64 > 0 && int64(req) > agreed.Int64 {
			out[sid][comp] = req - int(agreed.Int64)
		}
		return nil
	})
	return out, err
}

// recommendInput is what the ranking reads from the database.
type recommendInput struct {
	weights  Weights
	fits     map[int64]*Fit
	names    map[int64]string
	cands    []candidate
	enrolled map[int64]map[int64]bool
	busy     map[int64]map[record.Date]bool
}

func (s *Service) gapSource() GapSource {
	if s.Gaps != nil {
		return s.Gaps
	}
	return ClosedCycleGaps{}
}

// load reads everything the ranking needs in a fixed number of queries,
// whatever the number of people and sessions: active staff (or the one),
// codes of the library's competencies, gaps, verified JP of the year and
// the target, interests and preferences, the library's weights, upcoming
// sessions with their programmes, and the people's enrolments and seated
// days from today on.
func (s *Service) loadRecommendInput(ctx context.Context, q db.Querier, libraryID, staffID int64) (recommendInput, error) {
	in := recommendInput{fits: map[int64]*Fit{}, names: map[int64]string{}, enrolled: map[int64]map[int64]bool{},
		busy: map[int64]map[record.Date]bool{}}
	lib, err := s.library(ctx, q, libraryID)
	if err != nil {
		return in, err
	}
	today := lib.Today
	year, _ := strconv.Atoi(string(today)[:4])
	one, oneArg := "", []any{}
	if staffID != 0 {
		one, oneArg = ` AND staff_id = ?`, []any{staffID}
	}
	args := func(xs ...any) []any { return append(xs, oneArg...) }

	err = eachRow(ctx, q, `SELECT id, name FROM staff WHERE library_id = ? AND active = TRUE`+strings.Replace(one, "staff_id", "id", 1),
		args(libraryID), func(r *sql.Rows) error {
			var id int64
			var name string
			if err := r.Scan(&id, &name); err != nil {
				return err
			}
			in.fits[id] = &Fit{StaffID: id, Gaps: map[string]int{}, Interests: map[string]bool{}, Types: map[string]bool{}}
			in.names[id] = name
			return nil
		})
	if err != nil {
		return in, err
	}
	codes := map[int64]string{}
	titles := map[int64]string{}
	err = eachRow(ctx, q, `SELECT id, code, title FROM competencies WHERE library_id = ?`, []any{libraryID}, func(r *sql.Rows) error {
		var id int64
		var code, title string
		if err := r.Scan(&id, &code, &title); err != nil {
			return err
		}
		codes[id], titles[id] = code, title
		return nil
	})
	if err != nil {
		return in, err
	}
	gaps, err := s.gapSource().Gaps(ctx, q, libraryID, staffID)
	if err != nil {
		return in, err
	}
	for sid, gs := range gaps {
		if f := in.fits[sid]; f != nil {
			for cid, g := range gs {
				if code, ok := codes[cid]; ok && g > f.Gaps[code] {
					f.Gaps[code] = g
				}
			}
		}
	}
	var target int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(jp), 0) FROM jp_targets WHERE library_id = ?`, libraryID).Scan(&target); err != nil {
		return in, apperr.InternalError(err)
	}
	if target == 0 {
		target = record.DefaultJPTarget // the same rule as record.JPTarget
	}
	for _, f := range in.fits {
		f.JPNeeded = target
	}
	err = eachRow(ctx, q, `SELECT staff_id, SUM(jp) FROM record_jp_entries WHERE library_id = ? AND year = ? AND status = ?`+one+
		` GROUP BY staff_id`, args(libraryID, year, record.StatusVerified), func(r *sql.Rows) error {
		var sid int64
		var jp int
		if err := r.Scan(&sid, &jp); err != nil {
			return err
		}
		if f := in.fits[sid]; f != nil {
			f.JPNeeded = max(0, target-jp)
		}
		return nil
	})
	if err != nil {
		return in, err
	}
	err = eachRow(ctx, q, `SELECT staff_id, competency_id FROM staff_interests WHERE library_id = ?`+one, args(libraryID),
		func(r *sql.Rows) error {
			var sid, cid int64
			if err := r.Scan(&sid, &cid); err != nil {
				return err
			}
			if f := in.fits[sid]; f != nil && codes[cid] != "" {
				f.Interests[codes[cid]] = true
			}
			return nil
		})
	if err != nil {
		return in, err
	}
	err = eachRow(ctx, q, `SELECT staff_id, type FROM staff_type_interests WHERE library_id = ?`+one, args(libraryID),
		func(r *sql.Rows) error {
			var sid int64
			var t string
			if err := r.Scan(&sid, &t); err != nil {
				return err
			}
			if f := in.fits[sid]; f != nil {
				f.Types[t] = true
			}
			return nil
		})
	if err != nil {
		return in, err
	}
	err = eachRow(ctx, q, `SELECT staff_id, modality, topics FROM staff_training_preferences WHERE library_id = ?`+one, args(libraryID),
		func(r *sql.Rows) error {
			var sid int64
			var modality, topics string
			if err := r.Scan(&sid, &modality, &topics); err != nil {
				return err
			}
			if f := in.fits[sid]; f != nil {
				f.Modality, f.Topics = modality, splitLines(topics)
			}
			return nil
		})
	if err != nil {
		return in, err
	}
	if in.weights, err = loadWeights(ctx, q, libraryID); err != nil {
		return in, err
	}
	if in.cands, err = upcoming(ctx, q, libraryID, year, today, codes, titles); err != nil {
		return in, err
	}
	err = eachRow(ctx, q, `SELECT staff_id, session_id FROM training_enrolments WHERE library_id = ? AND status <> ?`+one,
		args(libraryID, Cancelled), func(r *sql.Rows) error {
			var sid, sess int64
			if err := r.Scan(&sid, &sess); err != nil {
				return err
			}
			if in.enrolled[sid] == nil {
				in.enrolled[sid] = map[int64]bool{}
			}
			in.enrolled[sid][sess] = true
			return nil
		})
	if err != nil {
		return in, err
	}
	err = eachRow(ctx, q, `SELECT e.staff_id, d.day FROM training_enrolments e JOIN training_session_days d
		ON d.library_id = e.library_id AND d.session_id = e.session_id
		WHERE e.library_id = ? AND e.status = ? AND d.day >= ?`+strings.Replace(one, "staff_id", "e.staff_id", 1),
		args(libraryID, Confirmed, string(today)), func(r *sql.Rows) error {
			var sid int64
			var day string
			if err := r.Scan(&sid, &day); err != nil {
				return err
			}
			if in.busy[sid] == nil {
				in.busy[sid] = map[record.Date]bool{}
			}
			in.busy[sid][record.Date(day)] = true
			return nil
		})
	return in, err
}

// upcoming loads the planned and open sessions starting after today (this
// year and next) with their programme's JP, targets, type, modality and
// text.
func upcoming(ctx context.Context, q db.Querier, libraryID int64, year int, today record.Date, codes, titles map[int64]string) ([]candidate, error) {
	var xs []Session
	for _, y := range []int{year, year + 1} {
		got, err := sessions(ctx, q, SessionFilter{LibraryID: libraryID, Year: y}, 0)
		if err != nil {
			return nil, err
		}
		xs = append(xs, got...)
	}
	programs := map[int64]Offer{} // by programme: JP, type, modality, text
	err := eachRow(ctx, q, `SELECT id, jp, type, modality, title, description FROM training_programs WHERE library_id = ?`,
		[]any{libraryID}, func(r *sql.Rows) error {
			var pid int64
			var o Offer
			var title, description string
			if err := r.Scan(&pid, &o.JP, &o.Type, &o.Modality, &title, &description); err != nil {
				return err
			}
			o.Text = offerText(title, description)
			programs[pid] = o
			return nil
		})
	if err != nil {
		return nil, err
	}
	targets := map[int64][]Target{}
	err = eachRow(ctx, q, `SELECT program_id, competency_id FROM training_program_competencies WHERE library_id = ?
		ORDER BY program_id, competency_id`, []any{libraryID}, func(r *sql.Rows) error {
		var pid, cid int64
		if err := r.Scan(&pid, &cid); err != nil {
			return err
		}
		targets[pid] = append(targets[pid], Target{ID: cid, Code: codes[cid], Title: titles[cid]})
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := []candidate{}
	for _, x := range xs {
		if (x.Status != SessionPlanned && x.Status != SessionOpen) || x.FirstDay() <= today {
			continue
		}
		o := programs[x.ProgramID]
		o.SessionID, o.Targets = x.ID, targets[x.ProgramID]
		out = append(out, candidate{
			offer: o,
			rec: Recommendation{SessionID: x.ID, Name: x.Name(), FirstDay: x.FirstDay(), LastDay: x.LastDay(),
				JP: o.JP, Full: x.SeatsLeft() == 0, Days: x.Days},
			days: x.Days,
		})
	}
	return out, nil
}

// PersonRecommendations is one person's ranked list.
type PersonRecommendations struct {
	StaffID  int64            `json:"staff_id"`
	Name     string           `json:"name"`
	JPNeeded int              `json:"jp_needed"`
	Items    []Recommendation `json:"items"`
}

// Recommendations ranks the upcoming sessions for one person: her own, or
// anyone's for a coordinator.
func (s *Service) Recommendations(ctx context.Context, actor *auth.Actor, libraryID, staffID int64) (PersonRecommendations, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return PersonRecommendations{}, err
	}
	if err := staffExists(ctx, s.DB.Reader(), libraryID, staffID); err != nil {
		return PersonRecommendations{}, err
	}
	if !actor.Can(auth.PermTrainingManage, libraryID) && ownStaffID(actor, libraryID) != staffID {
		return PersonRecommendations{}, apperr.ForbiddenError()
	}
	in, err := s.loadRecommendInput(ctx, s.DB.Reader(), libraryID, staffID)
	if err != nil {
		return PersonRecommendations{}, err
	}
	f := in.fits[staffID]
	if f == nil { // not active: nothing to recommend
		return PersonRecommendations{StaffID: staffID, Items: []Recommendation{}}, nil
	}
	return PersonRecommendations{StaffID: staffID, Name: in.names[staffID], JPNeeded: f.JPNeeded,
		Items: rank(in.weights, *f, in.cands, in.enrolled[staffID], in.busy[staffID], 0)}, nil
}

// LibraryLimit is how many sessions the library-wide ranking keeps per
// person: the coordinator's overview needs the best few, and wording the
// reasons of all of them would be most of the work.
const LibraryLimit = 10

// LibraryRecommendations ranks the upcoming sessions for every active
// person of the library (coordinators): the data is read once and scored
// in memory, so the cost grows with people × sessions, not with queries.
func (s *Service) LibraryRecommendations(ctx context.Context, actor *auth.Actor, libraryID int64) (map[int64]PersonRecommendations, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return nil, err
	}
	in, err := s.loadRecommendInput(ctx, s.DB.Reader(), libraryID, 0)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]PersonRecommendations, len(in.fits))
	for id, f := range in.fits {
		out[id] = PersonRecommendations{StaffID: id, Name: in.names[id], JPNeeded: f.JPNeeded,
			Items: rank(in.weights, *f, in.cands, in.enrolled[id], in.busy[id], LibraryLimit)}
	}
	return out, nil
}
