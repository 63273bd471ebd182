// Package insight computes the dashboards that tie the other rooms together.
// The home page's counts per library, service point and role (here), its
// key figures (highlights.go) and the patron-voice dashboard (voice*.go).
package insight

import (
	"context"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// LibraryCounts is one library's line on the home dashboard.
type LibraryCounts struct {
	LibraryID     int64               `json:"library_id"`
	Name          string              `json:"name"`
	City          string              `json:"city"`
	ServicePoints int                 `json:"service_points"`
	ActiveStaff   int                 `json:"active_staff"`
	Accounts      map[string]int      `json:"accounts"` // by role
	ByStatus      map[string]int      `json:"by_status"`
	ByPoint       []ServicePointCount `json:"by_service_point,omitempty"`
}

// ServicePointCount is the number of active staff posted to a service point.
type ServicePointCount struct {
	ServicePointID int64  `json:"service_point_id"` // 0: not posted
	Name           string `json:"name"`
	ActiveStaff    int    `json:"active_staff"`
}

// Service reads the dashboards.
type Service struct{ DB *db.DB }

// Overview counts, for every library the actor may see, its service points,
// active staff by employment status, and accounts by role. withPoints adds
// the per-service-point breakdown (for a single-library view).
func (s *Service) Overview(ctx context.Context, actor *auth.Actor, libraryIDs []int64, withPoints bool) ([]LibraryCounts, error) {
	if actor == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	var out []LibraryCounts
	idx := map[int64]int{}
	q := s.DB.Reader()
	for _, id := range libraryIDs {
		if !actor.Can(auth.PermLibraryView, id) {
			return nil, apperr.NotFoundError("library")
		}
	}
	if len(libraryIDs) == 0 {
		return nil, nil
	}
	in, args := inList(libraryIDs)
	rows, err := q.QueryContext(ctx, `SELECT l.id, l.name, l.city,
			(SELECT COUNT(*) FROM service_points sp WHERE sp.library_id = l.id AND sp.active = ?)
		FROM libraries l WHERE l.id IN (`+in+`) ORDER BY l.name`, append([]any{true}, args...)...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	for rows.Next() {
		c := LibraryCounts{Accounts: map[string]int{}, ByStatus: map[string]int{}}
		if err := rows.Scan(&c.LibraryID, &c.Name, &c.City, &c.ServicePoints); err != nil {
			rows.Close()
			return nil, apperr.InternalError(err)
		}
		idx[c.LibraryID] = len(out)
		out = append(out, c)
	}
	rows.Close()

	if err := eachRow(ctx, q, `SELECT library_id, employment_status, COUNT(*) FROM staff
		WHERE library_id IN (`+in+`) AND active = ? GROUP BY library_id, employment_status`, append(args, true), func(lib int64, key string, n int) {
		c := &out[idx[lib]]
		c.ByStatus[key] = n
		c.ActiveStaff += n
	}); err != nil {
		return nil, err
	}
	if err := eachRow(ctx, q, `SELECT m.library_id, m.role, COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.library_id IN (`+in+`) AND u.active = ? GROUP BY m.library_id, m.role`, append(args, true), func(lib int64, key string, n int) {
		out[idx[lib]].Accounts[key] = n
	}); err != nil {
		return nil, err
	}
	if withPoints {
		rows, err := q.QueryContext(ctx, `SELECT s.library_id, COALESCE(s.service_point_id, 0), COALESCE(sp.name, ''), COUNT(*)
			FROM staff s LEFT JOIN service_points sp ON sp.library_id = s.library_id AND sp.id = s.service_point_id
			WHERE s.library_id IN (`+in+`) AND s.active = ?
			GROUP BY s.library_id, s.service_point_id, sp.name ORDER BY COALESCE(sp.name, '')`, append(args, true)...)
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		defer rows.Close()
		for rows.Next() {
			var lib int64
			var pc ServicePointCount
			if err := rows.Scan(&lib, &pc.ServicePointID, &pc.Name, &pc.ActiveStaff); err != nil {
				return nil, apperr.InternalError(err)
			}
			out[idx[lib]].ByPoint = append(out[idx[lib]].ByPoint, pc)
		}
		if err := rows.Err(); err != nil {
			return nil, apperr.InternalError(err)
		}
	}
	return out, nil
}

func eachRow(ctx context.Context, q db.Querier, query string, args []any, fn func(lib int64, key string, n int)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var lib int64
		var key string
		var n int
		if err := rows.Scan(&lib, &key, &n); err != nil {
			return apperr.InternalError(err)
		}
		fn(lib, key, n)
	}
	if err := rows.Err(); err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

func inList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	ph := make([]byte, 0, 2*len(ids))
	for i, id := range ids {
		if i > 0 {
			ph = append(ph, ',')
		}
		ph = append(ph, '?')
		args[i] = id
	}
	return string(ph), args
}
