package competency

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// CrossCommonGaps is how many common gaps each library line names.
const CrossCommonGaps = 5

// TitleGap is a competency, named by its title (frameworks differ between
// libraries, so ids and codes do not compare), and how many people fall
// short in it.
type TitleGap struct {
	Title  string `json:"title"`
	People int    `json:"people"`
}

// LibraryGaps is one library's line of the cross-library view: its latest
// closed cycle.
type LibraryGaps struct {
	LibraryID   int64      `json:"library_id"`
	LibraryName string     `json:"library_name"`
	Cycle       *Cycle     `json:"cycle"` // nil: no closed cycle yet
	People      int        `json:"people"`
	TotalGap    int        `json:"total_gap"`
	AverageGap  float64    `json:"average_gap"` // total gap per person assessed
	CommonGaps  []TitleGap `json:"common_gaps"`
}

// CrossLibrarySorts are the orders of CrossLibraryGaps.
var CrossLibrarySorts = []string{"name", "people", "total_gap", "average_gap"}

// CrossLibraryGaps compares the latest closed cycle of every library where
// the actor views assessment results (a superadmin: all). Sort is one of
// CrossLibrarySorts; numbers sort largest first.
func (s *Service) CrossLibraryGaps(ctx context.Context, actor *auth.Actor, sort string) ([]LibraryGaps, error) {
	if err := actor.Require(auth.PermSignedIn, 0); err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	query, args := `SELECT id, name FROM libraries`, []any{}
	if !actor.Superadmin {
		query += ` WHERE id IN (SELECT library_id FROM memberships WHERE user_id = ?)`
		args = append(args, actor.UserID)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY name, id`, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	var out []LibraryGaps
	for rows.Next() {
		var l LibraryGaps
		if err := rows.Scan(&l.LibraryID, &l.LibraryName); err != nil {
			rows.Close()
			return nil, apperr.InternalError(err)
		}
		if actor.Can(auth.PermAssessmentView, l.LibraryID) {
			out = append(out, l)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	for i := range out {
		if err := libraryGaps(ctx, q, &out[i]); err != nil {
			return nil, err
		}
	}
	sortLibraryGaps(out, sort)
	if out == nil {
		out = []LibraryGaps{}
	}
	return out, nil
}

func sortLibraryGaps(ls []LibraryGaps, sort string) {
	slices.SortStableFunc(ls, func(a, b LibraryGaps) int {
		var c int
		switch sort {
		case "people":
			c = cmp.Compare(b.People, a.People)
		case "total_gap":
			c = cmp.Compare(b.TotalGap, a.TotalGap)
		case "average_gap":
			c = cmp.Compare(b.AverageGap, a.AverageGap)
		}
		return c // equal keys keep the name order of the query
	})
}

// libraryGaps fills a library's line from the frozen results of its
// latest closed cycle: three queries per library.
func libraryGaps(ctx context.Context, q db.Querier, l *LibraryGaps) error {
	l.CommonGaps = []TitleGap{}
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM assessment_cycles WHERE library_id = ? AND status = ?
		ORDER BY closed_at DESC, id DESC LIMIT 1`, l.LibraryID, CycleClosed).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return apperr.InternalError(err)
	}
	c, err := findCycle(ctx, q, l.LibraryID, id)
	if err != nil {
		return err
	}
	l.Cycle = &c
	const gap = `CASE WHEN agreed_level IS NOT NULL AND required_level > agreed_level THEN required_level - agreed_level ELSE 0 END`
	if err := q.QueryRowContext(ctx, `SELECT COUNT(DISTINCT staff_id), COALESCE(SUM(`+gap+`), 0) FROM assessment_results
		WHERE library_id = ? AND cycle_id = ?`, l.LibraryID, id).Scan(&l.People, &l.TotalGap); err != nil {
		return apperr.InternalError(err)
	}
	if l.People > 0 {
		l.AverageGap = float64(l.TotalGap) / float64(l.People)
	}
	rows, err := q.QueryContext(ctx, `SELECT c.title, COUNT(DISTINCT r.staff_id) FROM assessment_results r
		JOIN competencies c ON c.library_id = r.library_id AND c.id = r.competency_id
		WHERE r.library_id = ? AND r.cycle_id = ? AND r.agreed_level IS NOT NULL AND r.required_level > r.agreed_level
		GROUP BY c.title ORDER BY COUNT(DISTINCT r.staff_id) DESC, c.title LIMIT ?`, l.LibraryID, id, CrossCommonGaps)
	if err != nil {
		return apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var g TitleGap
		if err := rows.Scan(&g.Title, &g.People); err != nil {
			return apperr.InternalError(err)
		}
		l.CommonGaps = append(l.CommonGaps, g)
	}
	return rows.Err()
}
