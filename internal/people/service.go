package people

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Service reads and changes a library's staff directory.
type Service struct{ DB *db.DB }

// The service point's join carries library_id too, so a posting can never
// show another library's unit even if the data were wrong.
const staffCols = `s.id, s.library_id, s.nip, s.name, s.employment_status, s.position, s.level, s.grade, s.education,
	s.service_point_id, COALESCE(sp.name, ''), s.email, s.active, s.created_at, s.updated_at`
const staffFrom = ` FROM staff s LEFT JOIN service_points sp ON sp.library_id = s.library_id AND sp.id = s.service_point_id`

func scanStaff(row interface{ Scan(...any) error }) (Staff, error) {
	var s Staff
	var nip sql.NullString
	var sp sql.NullInt64
	err := row.Scan(&s.ID, &s.LibraryID, &nip, &s.Name, &s.EmploymentStatus, &s.Position, &s.Level, &s.Grade, &s.Education,
		&sp, &s.ServicePointName, &s.Email, &s.Active, &s.CreatedAt, &s.UpdatedAt)
	s.NIP = nip.String
	if sp.Valid {
		id := sp.Int64
		s.ServicePointID = &id
	}
	return s, err
}

// nullable turns "" into NULL, so that many NIP-less people fit the unique
// (library_id, nip) index.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func idOrNil(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// Filter selects staff of one library for List.
type Filter struct {
	LibraryID      int64
	Query          string // part of the name, NIP or e-mail, any case
	ServicePointID int64  // 0: any
	Unposted       bool   // only people without a service point
	Status         string // employment status; "": any
	Active         *bool  // nil: both
	Page           int    // 1-based
	PerPage        int    // default 25, at most 100
}

// Page is one page of List's result.
type Page struct {
	Items   []Staff `json:"items"`
	Total   int     `json:"total"`
	Page    int     `json:"page"`
	PerPage int     `json:"per_page"`
	Pages   int     `json:"pages"`
}

// List returns one page of the library's staff ordered by name: one count
// and one page query, both served by the (library_id, name, id) index.
func (s *Service) List(ctx context.Context, actor *auth.Actor, f Filter) (Page, error) {
	if err := actor.Require(auth.PermStaffView, f.LibraryID); err != nil {
		return Page{}, err
	}
	if f.PerPage <= 0 {
		f.PerPage = 25
	} else if f.PerPage > 100 {
		f.PerPage = 100
	}
	if f.Page < 1 {
		f.Page = 1
	}
	where := ` WHERE s.library_id = ?`
	args := []any{f.LibraryID}
	if q := strings.TrimSpace(f.Query); q != "" {
		where += ` AND (LOWER(s.name) LIKE ? ESCAPE '\' OR s.nip LIKE ? ESCAPE '\' OR LOWER(s.email) LIKE ? ESCAPE '\')`
		nq := NormalizeNIP(q) // "19750101 200001" finds the NIP too
		if nq == "" {
			nq = q
		}
		args = append(args, db.LikePattern(q), db.LikePattern(nq), db.LikePattern(q))
	}
	if f.Unposted {
		where += ` AND s.service_point_id IS NULL`
	} else if f.ServicePointID != 0 {
		where += ` AND s.service_point_id = ?`
		args = append(args, f.ServicePointID)
	}
	if f.Status != "" {
		where += ` AND s.employment_status = ?`
		args = append(args, f.Status)
	}
	if f.Active != nil {
		where += ` AND s.active = ?`
		args = append(args, *f.Active)
	}
	r := s.DB.Reader()
	p := Page{Page: f.Page, PerPage: f.PerPage, Items: []Staff{}}
	if err := r.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff s`+where, args...).Scan(&p.Total); err != nil {
		return Page{}, apperr.InternalError(err)
	}
	p.Pages = (p.Total + p.PerPage - 1) / p.PerPage
	if p.Pages == 0 {
		p.Pages = 1
	}
	if (p.Page-1)*p.PerPage >= p.Total {
		return p, nil
	}
	rows, err := r.QueryContext(ctx, `SELECT `+staffCols+staffFrom+where+` ORDER BY s.name, s.id LIMIT ? OFFSET ?`,
		append(args, p.PerPage, (p.Page-1)*p.PerPage)...)
	if err != nil {
		return Page{}, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanStaff(rows)
		if err != nil {
			return Page{}, apperr.InternalError(err)
		}
		p.Items = append(p.Items, st)
	}
	if err := rows.Err(); err != nil {
		return Page{}, apperr.InternalError(err)
	}
	return p, nil
}

// CanView reports whether the actor may read staff record id of the
// library: those who may view staff, and every person her own record.
func CanView(actor *auth.Actor, libraryID, id int64) bool {
	if actor.Can(auth.PermStaffView, libraryID) {
		return true
	}
	if actor == nil {
		return false
	}
	m, ok := actor.Memberships[libraryID]
	return ok && m.StaffID != nil && *m.StaffID == id
}

// Get returns one staff record of the library.
func (s *Service) Get(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Staff, error) {
	if !CanView(actor, libraryID, id) {
		return Staff{}, actor.Require(auth.PermStaffView, libraryID)
	}
	return findStaff(ctx, s.DB.Reader(), libraryID, id)
}

func findStaff(ctx context.Context, q db.Querier, libraryID, id int64) (Staff, error) {
	st, err := scanStaff(q.QueryRowContext(ctx, `SELECT `+staffCols+staffFrom+` WHERE s.library_id = ? AND s.id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Staff{}, apperr.NotFoundError("staff")
	}
	if err != nil {
		return Staff{}, apperr.InternalError(err)
	}
	return st, nil
}

// servicePointName checks that id is a service point of the library and
// returns its name.
func servicePointName(ctx context.Context, q db.Querier, libraryID int64, id *int64) (string, error) {
	if id == nil {
		return "", nil
	}
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM service_points WHERE library_id = ? AND id = ?`, libraryID, *id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		var v apperr.Validation
		v.Add("service_point_id", "staff.bad_service_point", nil)
		return "", v.Err()
	}
	if err != nil {
		return "", apperr.InternalError(err)
	}
	return name, nil
}

func nipTaken() error {
	var v apperr.Validation
	v.Add("nip", "field.taken", nil)
	e := v.Err().(*apperr.Error)
	e.Code = apperr.Conflict
	return e
}

// diff lists what a reader of the audit log needs to see changed.
func diff(old, new Staff) audit.Changes {
	c := audit.Changes{}
	c.Diff("nip", old.NIP, new.NIP)
	c.Diff("name", old.Name, new.Name)
	c.Diff("employment_status", old.EmploymentStatus, new.EmploymentStatus)
	c.Diff("position", old.Position, new.Position)
	c.Diff("level", old.Level, new.Level)
	c.Diff("grade", old.Grade, new.Grade)
	c.Diff("education", old.Education, new.Education)
	c.Diff("service_point", old.ServicePointName, new.ServicePointName)
	c.Diff("email", old.Email, new.Email)
	return c
}

// Create adds a person to the library's directory, active.
func (s *Service) Create(ctx context.Context, actor *auth.Actor, st Staff) (Staff, error) {
	if err := actor.Require(auth.PermStaffManage, st.LibraryID); err != nil {
		return Staff{}, err
	}
	st.Normalize()
	if err := st.Validate(); err != nil {
		return Staff{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM libraries WHERE id = ?`, st.LibraryID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError("library")
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		if st.ServicePointName, err = servicePointName(ctx, tx, st.LibraryID, st.ServicePointID); err != nil {
			return err
		}
		now := db.Now()
		st.Active, st.CreatedAt, st.UpdatedAt = true, now, now
		err = tx.QueryRowContext(ctx, `INSERT INTO staff (library_id, nip, name, employment_status, position, level, grade, education,
			service_point_id, email, active, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			st.LibraryID, nullable(st.NIP), st.Name, st.EmploymentStatus, st.Position, st.Level, st.Grade, st.Education,
			idOrNil(st.ServicePointID), st.Email, true, now, now).Scan(&st.ID)
		if db.IsUniqueViolation(err) {
			return nipTaken()
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		return audit.Record(ctx, tx, actor, st.LibraryID, "staff.create", "staff", st.ID, st.Name, diff(Staff{}, st))
	})
	if err != nil {
		return Staff{}, err
	}
	return st, nil
}

// Update changes a person's details. Whether the person is active is
// SetActive's business and is left as it is.
func (s *Service) Update(ctx context.Context, actor *auth.Actor, st Staff) (Staff, error) {
	if err := actor.Require(auth.PermStaffManage, st.LibraryID); err != nil {
		return Staff{}, err
	}
	st.Normalize()
	if err := st.Validate(); err != nil {
		return Staff{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findStaff(ctx, tx, st.LibraryID, st.ID)
		if err != nil {
			return err
		}
		if st.ServicePointName, err = servicePointName(ctx, tx, st.LibraryID, st.ServicePointID); err != nil {
			return err
		}
		st.Active, st.CreatedAt, st.UpdatedAt = old.Active, old.CreatedAt, db.Now()
		_, err = tx.ExecContext(ctx, `UPDATE staff SET nip = ?, name = ?, employment_status = ?, position = ?, level = ?, grade = ?,
			education = ?, service_point_id = ?, email = ?, updated_at = ? WHERE library_id = ? AND id = ?`,
			nullable(st.NIP), st.Name, st.EmploymentStatus, st.Position, st.Level, st.Grade,
			st.Education, idOrNil(st.ServicePointID), st.Email, st.UpdatedAt, st.LibraryID, st.ID)
		if db.IsUniqueViolation(err) {
			return nipTaken()
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		return audit.Record(ctx, tx, actor, st.LibraryID, "staff.update", "staff", st.ID, st.Name, diff(old, st))
	})
	if err != nil {
		return Staff{}, err
	}
	return st, nil
}

// SetActive deactivates a person who left, or brings her back. People are
// never deleted: their training, assessments and history stay theirs.
func (s *Service) SetActive(ctx context.Context, actor *auth.Actor, libraryID, id int64, active bool) error {
	if err := actor.Require(auth.PermStaffManage, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findStaff(ctx, tx, libraryID, id)
		if err != nil {
			return err
		}
		if old.Active == active {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET active = ?, updated_at = ? WHERE library_id = ? AND id = ?`,
			active, db.Now(), libraryID, id); err != nil {
			return apperr.InternalError(err)
		}
		action := "staff.deactivate"
		if active {
			action = "staff.activate"
		}
		c := audit.Changes{}
		c.Diff("active", old.Active, active)
		return audit.Record(ctx, tx, actor, libraryID, action, "staff", id, old.Name, c)
	})
}

// Counts summarise a library's active staff for its dashboard.
type Counts struct {
	Active         int            `json:"active"`
	ByStatus       map[string]int `json:"by_status"`        // every status, zero included
	ByServicePoint []PointCount   `json:"by_service_point"` // every service point, by name, zero included
	Unposted       int            `json:"unposted"`         // active staff without a service point
}

// PointCount is the number of active staff posted to one service point.
type PointCount struct {
	ServicePointID int64  `json:"service_point_id"`
	Name           string `json:"name"`
	Count          int    `json:"count"`
}

// Count returns the library's active staff by employment status and by
// service point.
func (s *Service) Count(ctx context.Context, actor *auth.Actor, libraryID int64) (Counts, error) {
	if err := actor.Require(auth.PermStaffView, libraryID); err != nil {
		return Counts{}, err
	}
	r := s.DB.Reader()
	c := Counts{ByStatus: map[string]int{}, ByServicePoint: []PointCount{}}
	for _, st := range Statuses {
		c.ByStatus[st] = 0
	}
	rows, err := r.QueryContext(ctx, `SELECT employment_status, COUNT(*) FROM staff
		WHERE library_id = ? AND active = ? GROUP BY employment_status`, libraryID, true)
	if err != nil {
		return Counts{}, apperr.InternalError(err)
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return Counts{}, apperr.InternalError(err)
		}
		c.ByStatus[st] = n
		c.Active += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Counts{}, apperr.InternalError(err)
	}
	rows, err = r.QueryContext(ctx, `SELECT sp.id, sp.name, COUNT(s.id) FROM service_points sp
		LEFT JOIN staff s ON s.library_id = sp.library_id AND s.service_point_id = sp.id AND s.active = ?
		WHERE sp.library_id = ? GROUP BY sp.id, sp.name ORDER BY sp.name, sp.id`, true, libraryID)
	if err != nil {
		return Counts{}, apperr.InternalError(err)
	}
	defer rows.Close()
	posted := 0
	for rows.Next() {
		var pc PointCount
		if err := rows.Scan(&pc.ServicePointID, &pc.Name, &pc.Count); err != nil {
			return Counts{}, apperr.InternalError(err)
		}
		posted += pc.Count
		c.ByServicePoint = append(c.ByServicePoint, pc)
	}
	if err := rows.Err(); err != nil {
		return Counts{}, apperr.InternalError(err)
	}
	c.Unposted = c.Active - posted
	return c, nil
}
