package complaint

import (
	"context"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Filter selects complaints of one library for the inbox.
type Filter struct {
	LibraryID int64
	Status    Status // "": any
	Open      bool   // only those not finished (ignored when Status is set)
	Overdue   bool   // the verify or decide deadline has passed
	Escalated bool   // escalated and still waiting in the stage that was late
	Mine      bool   // assigned to the actor; always so for staff
	Page      int    // 1-based
	PerPage   int    // default 25, at most 100
}

// Page is one page of List's result.
type Page struct {
	Items   []Complaint `json:"items"`
	Total   int         `json:"total"`
	Page    int         `json:"page"`
	PerPage int         `json:"per_page"`
	Pages   int         `json:"pages"`
}

// today is the library's current day and its calendar over the past year
// (for counting the working days something is late).
func (s *Service) today(ctx context.Context, q db.Querier, libraryID int64) (Date, Calendar, error) {
	loc, err := libraryZone(ctx, q, libraryID)
	if err != nil {
		return "", Calendar{}, err
	}
	today := DateOf(s.now(), loc)
	cal, err := loadCalendar(ctx, q, libraryID, loc, Date(today.Time().AddDate(-1, 0, 0).Format(dateLayout)), today)
	return today, cal, err
}

const overdueSQL = `((c.status = 'baru' AND c.verify_due < ?) OR (c.status = 'diverifikasi' AND c.decide_due < ?))`
const escalatedSQL = `((c.escalated_stage = 'verify' AND c.status = 'baru') OR (c.escalated_stage = 'decide' AND c.status = 'diverifikasi'))`
const openSQL = `c.status NOT IN ('selesai', 'ditutup', 'ditolak')`

// List returns one page of the library's complaints, newest first. Admins
// and coordinators see all of them; a staff member only those assigned to her.
func (s *Service) List(ctx context.Context, actor *auth.Actor, f Filter) (Page, error) {
	if err := actor.Require(auth.PermComplaintView, f.LibraryID); err != nil {
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
	r := s.DB.Reader()
	today, cal, err := s.today(ctx, r, f.LibraryID)
	if err != nil {
		return Page{}, err
	}
	where, args := s.where(actor, f, today)
	p := Page{Page: f.Page, PerPage: f.PerPage, Items: []Complaint{}}
	if err := r.QueryRowContext(ctx, `SELECT COUNT(*) FROM complaints c`+where, args...).Scan(&p.Total); err != nil {
		return Page{}, apperr.InternalError(err)
	}
	p.Pages = max(1, (p.Total+p.PerPage-1)/p.PerPage)
	if (p.Page-1)*p.PerPage >= p.Total {
		return p, nil
	}
	rows, err := r.QueryContext(ctx, `SELECT `+complaintCols+complaintFrom+where+` ORDER BY c.id DESC LIMIT ? OFFSET ?`,
		append(args, p.PerPage, (p.Page-1)*p.PerPage)...)
	if err != nil {
		return Page{}, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanComplaint(rows)
		if err != nil {
			return Page{}, apperr.InternalError(err)
		}
		c.computeDue(today, cal)
		p.Items = append(p.Items, c)
	}
	if err := rows.Err(); err != nil {
		return Page{}, apperr.InternalError(err)
	}
	return p, nil
}

func (s *Service) where(actor *auth.Actor, f Filter, today Date) (string, []any) {
	where := ` WHERE c.library_id = ?`
	args := []any{f.LibraryID}
	if f.Mine || !actor.Can(auth.PermComplaintManage, f.LibraryID) {
		where += ` AND c.assignee_id = ?`
		args = append(args, actor.UserID)
	}
	if f.Status != "" {
		where += ` AND c.status = ?`
		args = append(args, string(f.Status))
	} else if f.Open {
		where += ` AND ` + openSQL
	}
	if f.Overdue {
		where += ` AND ` + overdueSQL
		args = append(args, string(today), string(today))
	}
	if f.Escalated {
		where += ` AND ` + escalatedSQL
	}
	return where, args
}

// Summary counts what the inbox header shows: open, overdue and open
// escalations among the complaints the actor sees.
type Summary struct {
	Open      int `json:"open"`
	Overdue   int `json:"overdue"`
	Escalated int `json:"escalated"`
}

// Summarize counts the actor's open, overdue and escalated complaints.
func (s *Service) Summarize(ctx context.Context, actor *auth.Actor, libraryID int64) (Summary, error) {
	if err := actor.Require(auth.PermComplaintView, libraryID); err != nil {
		return Summary{}, err
	}
	r := s.DB.Reader()
	today, _, err := s.today(ctx, r, libraryID)
	if err != nil {
		return Summary{}, err
	}
	where, args := s.where(actor, Filter{LibraryID: libraryID}, today)
	var sum Summary
	err = r.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN `+openSQL+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN `+overdueSQL+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN `+escalatedSQL+` THEN 1 ELSE 0 END), 0)
		FROM complaints c`+where, append([]any{string(today), string(today)}, args...)...).Scan(&sum.Open, &sum.Overdue, &sum.Escalated)
	if err != nil {
		return Summary{}, apperr.InternalError(err)
	}
	return sum, nil
}

// Escalations lists the library's complaints escalated for a missed
// deadline and still waiting in that stage, oldest deadline first. The
// library's admin (the escalation's addressee).
func (s *Service) Escalations(ctx context.Context, actor *auth.Actor, libraryID int64) ([]Complaint, error) {
	if err := actor.Require(auth.PermComplaintEscalations, libraryID); err != nil {
		return nil, err
	}
	r := s.DB.Reader()
	today, cal, err := s.today(ctx, r, libraryID)
	if err != nil {
		return nil, err
	}
	rows, err := r.QueryContext(ctx, `SELECT `+complaintCols+complaintFrom+` WHERE c.library_id = ? AND `+escalatedSQL+
		` ORDER BY c.escalated_at, c.id LIMIT 500`, libraryID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Complaint{}
	for rows.Next() {
		c, err := scanComplaint(rows)
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		c.computeDue(today, cal)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

// Detail is one complaint with its whole timeline, as its handlers see it.
type Detail struct {
	Complaint Complaint `json:"complaint"`
	Events    []Event   `json:"events"`
	CanManage bool      `json:"-"` // verify, assign, reject, close
}

// Get returns a complaint the actor handles, with its timeline. The contact
// is included only for those allowed to see it, and each time it is, the
// access is written to the audit log. For anyone else — a staff member it is
// not assigned to, another library — it does not exist.
func (s *Service) Get(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Detail, error) {
	if err := actor.Require(auth.PermComplaintView, libraryID); err != nil {
		return Detail{}, err
	}
	r := s.DB.Reader()
	c, err := findComplaint(ctx, r, libraryID, id)
	if err != nil {
		return Detail{}, err
	}
	if !canHandle(actor, c) {
		return Detail{}, apperr.NotFoundError("complaint")
	}
	today, cal, err := s.today(ctx, r, libraryID)
	if err != nil {
		return Detail{}, err
	}
	c.computeDue(today, cal)
	d := Detail{Complaint: c, CanManage: actor.Can(auth.PermComplaintManage, libraryID)}
	if d.Events, err = events(ctx, r, libraryID, id, false); err != nil {
		return Detail{}, err
	}
	if err := s.loadContact(ctx, actor, &d.Complaint); err != nil {
		return Detail{}, err
	}
	return d, nil
}

// Handler is an account a complaint can be assigned to.
type Handler struct {
	UserID int64     `json:"user_id"`
	Name   string    `json:"name"`
	Role   auth.Role `json:"role"`
}

// Handlers lists the library's active accounts, by name. Admins and coordinators.
func (s *Service) Handlers(ctx context.Context, actor *auth.Actor, libraryID int64) ([]Handler, error) {
	if err := actor.Require(auth.PermComplaintManage, libraryID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT u.id, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.library_id = ? AND u.active = ? ORDER BY u.name, u.id`, libraryID, true)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Handler{}
	for rows.Next() {
		var h Handler
		var role string
		if err := rows.Scan(&h.UserID, &h.Name, &role); err != nil {
			return nil, apperr.InternalError(err)
		}
		h.Role = auth.Role(role)
		out = append(out, h)
	}
	return out, rows.Err()
}
