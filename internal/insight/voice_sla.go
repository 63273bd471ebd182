package insight

import (
	"context"
	"database/sql"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/survey"
)

// The complaint aggregates the complaint service does not offer: what was
// filed in a range of days and whether it met its deadlines. Read-only SQL
// over the complaints table (migrations/00004_complaints.sql), always
// scoped by library_id. Days are the library's own (a period's days, the
// day a step was taken), so the rows are read by instant and sorted into
// days here: converting zones in SQL is not portable.

// slaRow is what the SLA needs of one complaint.
type slaRow struct {
	filedAt    time.Time
	status     complaint.Status
	verifyDue  complaint.Date
	verifiedAt *time.Time
	decideDue  complaint.Date
	decidedAt  *time.Time
	rating     *int
}

// dayStart is the instant the library's day begins, plus n days, in UTC: the
// form the timestamps are stored in.
func dayStart(day string, loc *time.Location, n int) time.Time {
	d, _ := time.Parse(time.DateOnly, day)
	return time.Date(d.Year(), d.Month(), d.Day()+n, 0, 0, 0, 0, loc).UTC()
}

// filedBetween reads the complaints filed from the day from to the day to
// (both included, in the library's zone), oldest first.
func filedBetween(ctx context.Context, q db.Querier, libraryID int64, loc *time.Location, from, to string) ([]slaRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT filed_at, status, verify_due, verified_at, decide_due, decided_at, rating
		FROM complaints WHERE library_id = ? AND filed_at >= ? AND filed_at < ? ORDER BY filed_at, id`,
		libraryID, dayStart(from, loc, 0), dayStart(to, loc, 1))
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []slaRow
	for rows.Next() {
		var r slaRow
		var status, verifyDue string
		var decideDue sql.NullString
		if err := rows.Scan(&r.filedAt, &status, &verifyDue, &r.verifiedAt, &decideDue, &r.decidedAt, &r.rating); err != nil {
			return nil, apperr.InternalError(err)
		}
		r.status, r.verifyDue, r.decideDue = complaint.Status(status), complaint.Date(verifyDue), complaint.Date(decideDue.String)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

type outcome int

const (
	outcomeMet outcome = iota
	outcomeMissed
	outcomePending
	outcomeRejected
)

// judge tells whether a complaint kept both deadlines, as of today. A step
// taken on its due day is in time; a step not yet taken is missed once its
// due day has passed and pending until then. A report rejected as not a
// complaint is left out: there was nothing to follow up.
func judge(r slaRow, today complaint.Date, loc *time.Location) outcome {
	if r.status == complaint.StatusRejected {
		return outcomeRejected
	}
	if r.verifiedAt == nil {
		if r.verifyDue < today {
			return outcomeMissed
		}
		return outcomePending
	}
	if complaint.DateOf(*r.verifiedAt, loc) > r.verifyDue {
		return outcomeMissed
	}
	if r.decidedAt == nil {
		if r.decideDue != "" && r.decideDue < today {
			return outcomeMissed
		}
		return outcomePending
	}
	if r.decideDue != "" && complaint.DateOf(*r.decidedAt, loc) > r.decideDue {
		return outcomeMissed
	}
	return outcomeMet
}

// slaOf sorts the complaints by outcome and computes the compliance.
func slaOf(rows []slaRow, today complaint.Date, loc *time.Location) SLA {
	var s SLA
	for _, r := range rows {
		switch judge(r, today, loc) {
		case outcomeMet:
			s.Met++
		case outcomeMissed:
			s.Missed++
		case outcomePending:
			s.Pending++
		case outcomeRejected:
			s.Rejected++
		}
	}
	if n := s.Judged(); n > 0 {
		// Met × 100 ÷ n rounded half up to tenths, in integers.
		tenths := (2*1000*s.Met + n) / (2 * n)
		pct := float64(tenths) / 10
		s.Compliance = &pct
	}
	return s
}

// complaintFigures counts the period's complaints; the caller adds the
// counts as of today.
func complaintFigures(rows []slaRow, today complaint.Date, loc *time.Location) ComplaintFigures {
	f := ComplaintFigures{Received: len(rows), SLA: slaOf(rows, today, loc)}
	sum := 0
	for _, r := range rows {
		if r.rating != nil {
			f.Ratings++
			sum += *r.rating
		}
	}
	if f.Ratings > 0 {
		hundredths := (2*100*sum + f.Ratings) / (2 * f.Ratings)
		avg := float64(hundredths) / 100
		f.AverageRating = &avg
	}
	return f
}

// finalStatuses are those in which nothing more happens (complaint.Status.Final).
var finalStatuses = []any{string(complaint.StatusResolved), string(complaint.StatusAutoClosed), string(complaint.StatusRejected)}

// oldestOpen lists the open complaints filed longest ago, with their age
// and lateness in working days on the library's calendar.
func oldestOpen(ctx context.Context, q db.Querier, libraryID int64, loc *time.Location, today complaint.Date, limit int) ([]OpenComplaint, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.code, c.class, c.category, COALESCE(sp.name, ''), c.status, c.filed_at,
			c.verify_due, c.decide_due, c.close_due
		FROM complaints c LEFT JOIN service_points sp ON sp.library_id = c.library_id AND sp.id = c.service_point_id
		WHERE c.library_id = ? AND c.status NOT IN (?, ?, ?) ORDER BY c.filed_at, c.id LIMIT ?`,
		append(append([]any{libraryID}, finalStatuses...), limit)...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []OpenComplaint{}
	for rows.Next() {
		var c OpenComplaint
		var class, status, verifyDue string
		var decideDue, closeDue sql.NullString
		if err := rows.Scan(&c.ID, &c.Code, &class, &c.Category, &c.ServicePointName, &status, &c.FiledAt,
			&verifyDue, &decideDue, &closeDue); err != nil {
			return nil, apperr.InternalError(err)
		}
		c.Class, c.Status = complaint.Class(class), complaint.Status(status)
		c.FiledOn = complaint.DateOf(c.FiledAt, loc)
		switch c.Status {
		case complaint.StatusNew:
			c.Due = complaint.Date(verifyDue)
		case complaint.StatusVerified:
			c.Due = complaint.Date(decideDue.String)
		case complaint.StatusAnswered:
			c.Due = complaint.Date(closeDue.String) // the day it closes itself
		}
		c.Overdue = (c.Status == complaint.StatusNew || c.Status == complaint.StatusVerified) && c.Due != "" && c.Due < today
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	if len(out) == 0 {
		return out, nil
	}
	cal, err := calendar(ctx, q, libraryID, loc, out[0].FiledOn, today)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].AgeWorkingDays = complaint.WorkingDaysLate(out[i].FiledOn, today, cal)
		if out[i].Overdue {
			out[i].DaysLate = complaint.WorkingDaysLate(out[i].Due, today, cal)
		}
	}
	return out, nil
}

// calendar is the library's working-day calendar between two days: the
// national days off and its own.
func calendar(ctx context.Context, q db.Querier, libraryID int64, loc *time.Location, from, to complaint.Date) (complaint.Calendar, error) {
	cal := complaint.Calendar{Location: loc, Holidays: map[complaint.Date]string{}}
	rows, err := q.QueryContext(ctx, `SELECT date, name FROM holidays
		WHERE (library_id IS NULL OR library_id = ?) AND date >= ? AND date <= ?`, libraryID, string(from), string(to))
	if err != nil {
		return cal, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var d, name string
		if err := rows.Scan(&d, &name); err != nil {
			return cal, apperr.InternalError(err)
		}
		cal.Holidays[complaint.Date(d)] = name
	}
	if err := rows.Err(); err != nil {
		return cal, apperr.InternalError(err)
	}
	return cal, nil
}

// suggestionFigures counts the suggestion box's notes and the purchase asks
// of the period.
func suggestionFigures(ctx context.Context, q db.Querier, libraryID int64, loc *time.Location, p survey.Period) (SuggestionFigures, error) {
	var f SuggestionFigures
	from, to := dayStart(p.From, loc, 0), dayStart(p.To, loc, 1)
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM suggestions WHERE library_id = ? AND created_at >= ? AND created_at < ?`,
		libraryID, from, to).Scan(&f.Received); err != nil {
		return f, apperr.InternalError(err)
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM book_request_requesters WHERE library_id = ? AND created_at >= ? AND created_at < ?`,
		libraryID, from, to).Scan(&f.BookAsks); err != nil {
		return f, apperr.InternalError(err)
	}
	return f, nil
}
