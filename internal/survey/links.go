package survey

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// codeAlphabet has no 0/o, 1/l/i: a code copied by hand from a poster is
// read right. 31⁶ ≈ 887 million codes.
const codeAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// CodeLength is the length of a short code.
const CodeLength = 6

// newCode draws a random code.
func newCode() string {
	b := make([]byte, CodeLength)
	rand.Read(b)
	for i := range b {
		// 256 % 31 = 8: the first 8 letters are a little more likely,
		// which does not matter for an id that is only meant to be short.
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// NormalizeCode makes a typed code comparable: lower case, no spaces.
func NormalizeCode(code string) string { return strings.ToLower(strings.TrimSpace(code)) }

// Link is a service point's survey entry: its short code, or none yet.
type Link struct {
	LibraryID        int64     `json:"library_id"`
	ServicePointID   int64     `json:"service_point_id"`
	ServicePointName string    `json:"service_point_name"`
	Active           bool      `json:"active"` // the service point is open
	Code             string    `json:"code"`   // "" when no link was made yet
	CreatedAt        time.Time `json:"created_at,omitzero"`
}

// Links lists every service point of the library with its link, by name.
func (s *Service) Links(ctx context.Context, actor *auth.Actor, libraryID int64) ([]Link, error) {
	if err := actor.Require(auth.PermSurveyView, libraryID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT sp.id, sp.name, sp.active, l.code, l.created_at
		FROM service_points sp LEFT JOIN survey_links l ON l.library_id = sp.library_id AND l.service_point_id = sp.id
		WHERE sp.library_id = ? ORDER BY sp.name`, libraryID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		l := Link{LibraryID: libraryID}
		var code sql.NullString
		var created sql.NullTime
		if err := rows.Scan(&l.ServicePointID, &l.ServicePointName, &l.Active, &code, &created); err != nil {
			return nil, apperr.InternalError(err)
		}
		l.Code, l.CreatedAt = code.String, created.Time
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

// Link returns one service point's link (Code "" when none was made yet).
func (s *Service) Link(ctx context.Context, actor *auth.Actor, libraryID, servicePointID int64) (Link, error) {
	if err := actor.Require(auth.PermSurveyView, libraryID); err != nil {
		return Link{}, err
	}
	return findLink(ctx, s.DB.Reader(), libraryID, servicePointID)
}

func findLink(ctx context.Context, q db.Querier, libraryID, servicePointID int64) (Link, error) {
	l := Link{LibraryID: libraryID, ServicePointID: servicePointID}
	var code sql.NullString
	var created sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT sp.name, sp.active, l.code, l.created_at
		FROM service_points sp LEFT JOIN survey_links l ON l.library_id = sp.library_id AND l.service_point_id = sp.id
		WHERE sp.library_id = ? AND sp.id = ?`, libraryID, servicePointID).Scan(&l.ServicePointName, &l.Active, &code, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Link{}, apperr.NotFoundError("service_point")
	}
	if err != nil {
		return Link{}, apperr.InternalError(err)
	}
	l.Code, l.CreatedAt = code.String, created.Time
	return l, nil
}

// CreateLink gives a service point its short code; a point that has one
// keeps it (a printed poster must go on working).
func (s *Service) CreateLink(ctx context.Context, actor *auth.Actor, libraryID, servicePointID int64) (Link, error) {
	if err := actor.Require(auth.PermSurveyManage, libraryID); err != nil {
		return Link{}, err
	}
	var out Link
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		l, err := findLink(ctx, tx, libraryID, servicePointID)
		if err != nil {
			return err
		}
		if l.Code != "" {
			out = l
			return nil
		}
		l.CreatedAt = s.now()
		// A clash among 887 million codes is rare; a few tries make it
		// vanishingly so. The savepoint keeps the transaction usable on
		// PostgreSQL after a failed insert.
		for try := 0; ; try++ {
			l.Code = newCode()
			if _, err := tx.ExecContext(ctx, `SAVEPOINT survey_link`); err != nil {
				return apperr.InternalError(err)
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO survey_links (library_id, service_point_id, code, created_at) VALUES (?, ?, ?, ?)`,
				libraryID, servicePointID, l.Code, l.CreatedAt)
			if err == nil {
				if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT survey_link`); err != nil {
					return apperr.InternalError(err)
				}
				break
			}
			if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT survey_link`); rerr != nil {
				return apperr.InternalError(rerr)
			}
			if !db.IsUniqueViolation(err) || try == 4 {
				return apperr.InternalError(err)
			}
		}
		out = l
		return audit.RecordAt(ctx, tx, actor, libraryID, "survey_link.create", "service_point", servicePointID, l.ServicePointName+" ("+l.Code+")", nil, l.CreatedAt)
	})
	return out, err
}

// Target is what a short code leads to: the survey of one service point.
// It is public: anyone holding the code may see these names.
type Target struct {
	Code             string
	LibraryID        int64
	LibraryName      string
	TimeZone         string
	ServicePointID   int64
	ServicePointName string
	Active           bool // a closed service point takes no answers
}

// Resolve finds the survey behind a short code. No account is needed: the
// code is the key. An unknown code is not found. Found codes are kept for
// targetTTL: a renamed or closed service point shows so within that time.
func (s *Service) Resolve(ctx context.Context, code string) (Target, error) {
	code = NormalizeCode(code)
	if t, ok := s.targets.get(code, time.Now()); ok {
		return t, nil
	}
	t, err := resolve(ctx, s.DB.Reader(), code)
	if err == nil {
		s.targets.put(t, time.Now())
	}
	return t, err
}

// targetTTL is how long a resolved code is trusted without asking the
// database: each submission resolves its code twice (page and service), and
// under load the lookup was a quarter of the work.
const targetTTL = 30 * time.Second

// targetCache holds recently resolved codes. Codes never change meaning
// (a service point keeps its code), so only names and the open/closed state
// can be stale, for at most targetTTL. The zero value is ready.
type targetCache struct {
	mu sync.Mutex
	m  map[string]cachedTarget
}

type cachedTarget struct {
	t       Target
	expires time.Time
}

func (c *targetCache) get(code string, now time.Time) (Target, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[code]
	if !ok || now.After(e.expires) {
		return Target{}, false
	}
	return e.t, true
}

func (c *targetCache) put(t Target, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10_000 { // bounded by the links that exist; cleared rather than tracked
		c.m = map[string]cachedTarget{}
	}
	c.m[t.Code] = cachedTarget{t: t, expires: now.Add(targetTTL)}
}

func resolve(ctx context.Context, q db.Querier, code string) (Target, error) {
	t := Target{Code: NormalizeCode(code)}
	if len(t.Code) != CodeLength {
		return Target{}, apperr.NotFoundError("survey")
	}
	err := q.QueryRowContext(ctx, `SELECT lib.id, lib.name, lib.time_zone, sp.id, sp.name, sp.active
		FROM survey_links l
		JOIN libraries lib ON lib.id = l.library_id
		JOIN service_points sp ON sp.library_id = l.library_id AND sp.id = l.service_point_id
		WHERE l.code = ?`, t.Code).Scan(&t.LibraryID, &t.LibraryName, &t.TimeZone, &t.ServicePointID, &t.ServicePointName, &t.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return Target{}, apperr.NotFoundError("survey")
	}
	if err != nil {
		return Target{}, apperr.InternalError(err)
	}
	return t, nil
}
