package suggestion

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Public forms are limited per address: enough for a library's shared Wi-Fi
// (many patrons behind one address) yet a wall for a script.
const (
	SubmitRateLimit  = 30
	SubmitRateWindow = time.Hour
)

// Service serves the suggestion box and book requests.
type Service struct {
	DB  *db.DB
	Now func() time.Time // nil: db.Now
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Microsecond)
	}
	return db.Now()
}

// PublicPlace is what a public form shows of a library: its name and the
// service points a suggestion may be about.
type PublicPlace struct {
	LibraryID     int64
	Name          string
	ServicePoints []PublicServicePoint
}

// PublicServicePoint is an open service point, by name.
type PublicServicePoint struct {
	ID   int64
	Name string
}

// Place returns a library for a public form; an unknown library is not
// found, the same as on every other page.
func (s *Service) Place(ctx context.Context, libraryID int64) (PublicPlace, error) {
	p := PublicPlace{LibraryID: libraryID}
	err := s.DB.Reader().QueryRowContext(ctx, `SELECT name FROM libraries WHERE id = ?`, libraryID).Scan(&p.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFoundError("library")
	}
	if err != nil {
		return p, apperr.InternalError(err)
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT id, name FROM service_points WHERE library_id = ? AND active = ? ORDER BY name`, libraryID, true)
	if err != nil {
		return p, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sp PublicServicePoint
		if err := rows.Scan(&sp.ID, &sp.Name); err != nil {
			return p, apperr.InternalError(err)
		}
		p.ServicePoints = append(p.ServicePoints, sp)
	}
	return p, rows.Err()
}

// guard is the common door of the public forms: the honeypot, then the
// per-address limit (counted only for submissions that look human, so a
// bot's junk does not lock out the patrons sharing its address).
func (s *Service) guard(ctx context.Context, scope, honeypot, clientIP string) error {
	if honeypot != "" {
		return apperr.New(apperr.Invalid, "suggestion.refused", nil)
	}
	ok, err := auth.Allow(ctx, s.DB, scope+auth.AddressKey(clientIP), SubmitRateLimit, SubmitRateWindow, s.now())
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.RateLimited, "suggestion.rate_limited", nil)
	}
	return nil
}

// libraryExists checks the library inside the write transaction, so a
// public form for an unknown library fails as not found, not as a foreign key.
func libraryExists(ctx context.Context, q db.Querier, libraryID int64) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM libraries WHERE id = ?`, libraryID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFoundError("library")
	}
	if err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// Page arithmetic shared by the lists.
const (
	defaultPerPage = 25
	maxPerPage     = 100
)

func paging(page, perPage int) (int, int) {
	if perPage <= 0 {
		perPage = defaultPerPage
	}
	if perPage > maxPerPage {
		perPage = maxPerPage
	}
	if page < 1 {
		page = 1
	}
	return page, perPage
}

func pages(total, perPage int) int {
	if total == 0 {
		return 1
	}
	return (total + perPage - 1) / perPage
}

// Page is one page of a list of the library's suggestions or book
// requests, with the count per status over the whole list (for the filter's
// labels) whatever the filter.
type Page[T any] struct {
	Items    []T            `json:"items"`
	Total    int            `json:"total"`
	Page     int            `json:"page"`
	PerPage  int            `json:"per_page"`
	Pages    int            `json:"pages"`
	ByStatus map[string]int `json:"by_status"`
}

// startPage counts table's rows of the library per status and sets up the
// page the filter asks for; the caller fills Items with its own query,
// appending where (on the table named alias) and args, which end with the
// page's LIMIT and OFFSET. table and alias are ours, never user input.
func startPage[T any](ctx context.Context, q db.Querier, table, alias string, libraryID int64, status string, page, perPage int) (p Page[T], where string, args []any, err error) {
	p, err = countPage[T](ctx, q, table, libraryID, status, page, perPage)
	if err != nil {
		return p, "", nil, err
	}
	where = ` WHERE ` + alias + `.library_id = ?`
	args = []any{libraryID}
	if status != "" {
		where += ` AND ` + alias + `.status = ?`
		args = append(args, status)
	}
	return p, where, append(args, p.PerPage, (p.Page-1)*p.PerPage), nil
}

func countPage[T any](ctx context.Context, q db.Querier, table string, libraryID int64, status string, page, perPage int) (Page[T], error) {
	p := Page[T]{ByStatus: map[string]int{}}
	p.Page, p.PerPage = paging(page, perPage)
	rows, err := q.QueryContext(ctx, `SELECT status, COUNT(*) FROM `+table+` WHERE library_id = ? GROUP BY status`, libraryID)
	if err != nil {
		return p, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return p, apperr.InternalError(err)
		}
		p.ByStatus[st] = n
		if status == "" || status == st {
			p.Total += n
		}
	}
	if err := rows.Err(); err != nil {
		return p, apperr.InternalError(err)
	}
	p.Pages = pages(p.Total, p.PerPage)
	return p, nil
}
