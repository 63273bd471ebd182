package complaint

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Holiday is a day off on the working-day calendar: national (LibraryID 0,
// set by a superadmin) or a library's own.
type Holiday struct {
	ID        int64     `json:"id"`
	LibraryID int64     `json:"library_id"` // 0: national
	Date      Date      `json:"date"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"` // one of HolidayKinds
	CreatedAt time.Time `json:"created_at"`
}

// HolidayKinds: a holiday proper, or cuti bersama (a collective leave day,
// which government offices observe as a day off). Labels are
// "complaint.holiday_kind.<kind>".
var HolidayKinds = []string{"libur", "cuti_bersama"}

// National reports whether the day off applies to every library.
func (h Holiday) National() bool { return h.LibraryID == 0 }

func (h *Holiday) validate() error {
	var v apperr.Validation
	h.Name = strings.TrimSpace(h.Name)
	if h.Date == "" {
		v.Add("date", "field.required", nil)
	} else if d, ok := ParseDate(string(h.Date)); !ok {
		v.Add("date", "complaint.bad_date", nil)
	} else {
		h.Date = d
	}
	if h.Name == "" {
		v.Add("name", "field.required", nil)
	} else if utf8.RuneCountInString(h.Name) > maxName {
		v.Add("name", "field.too_long", apperr.Args{"Max": maxName})
	}
	if h.Kind != "libur" && h.Kind != "cuti_bersama" {
		v.Add("kind", "complaint.bad_holiday_kind", nil)
	}
	return v.Err()
}

// Holidays lists the days off of one year: the national ones, plus the
// library's own when libraryID is not 0. Anyone who sees the library may read
// its calendar; the national list alone is for superadmins.
func (s *Service) Holidays(ctx context.Context, actor *auth.Actor, libraryID int64, year int) ([]Holiday, error) {
	if err := requireHolidayView(actor, libraryID); err != nil {
		return nil, err
	}
	from, to := Date(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format(dateLayout)), Date(time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).Format(dateLayout))
	q := `SELECT id, COALESCE(library_id, 0), date, name, kind, created_at FROM holidays
		WHERE date >= ? AND date <= ? AND (library_id IS NULL`
	args := []any{string(from), string(to)}
	if libraryID != 0 {
		q += ` OR library_id = ?`
		args = append(args, libraryID)
	}
	rows, err := s.DB.Reader().QueryContext(ctx, q+`) ORDER BY date, library_id`, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Holiday{}
	for rows.Next() {
		var h Holiday
		var d string
		if err := rows.Scan(&h.ID, &h.LibraryID, &d, &h.Name, &h.Kind, &h.CreatedAt); err != nil {
			return nil, apperr.InternalError(err)
		}
		h.Date = Date(d)
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

func requireHolidayView(actor *auth.Actor, libraryID int64) error {
	if libraryID == 0 {
		return actor.Require(auth.PermHolidaysNational, 0)
	}
	return actor.Require(auth.PermLibraryView, libraryID)
}

// requireHolidayChange: national days by superadmins, a library's own by its admin.
func requireHolidayChange(actor *auth.Actor, libraryID int64) error {
	if libraryID == 0 {
		return actor.Require(auth.PermHolidaysNational, 0)
	}
	return actor.Require(auth.PermLibraryManage, libraryID)
}

// AddHoliday puts a day off on the calendar: national when h.LibraryID is 0.
// Deadlines already computed keep their date; the day counts for those
// computed after.
func (s *Service) AddHoliday(ctx context.Context, actor *auth.Actor, h Holiday) (Holiday, error) {
	if err := requireHolidayChange(actor, h.LibraryID); err != nil {
		return Holiday{}, err
	}
	if err := h.validate(); err != nil {
		return Holiday{}, err
	}
	h.CreatedAt = s.now()
	var lib any
	if h.LibraryID != 0 {
		lib = h.LibraryID
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if h.LibraryID != 0 {
			if _, err := libraryZone(ctx, tx, h.LibraryID); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO holidays (library_id, date, name, kind, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			lib, string(h.Date), h.Name, h.Kind, h.CreatedAt).Scan(&h.ID)
		if db.IsUniqueViolation(err) {
			var v apperr.Validation
			v.Add("date", "complaint.holiday_taken", nil)
			e := v.Err().(*apperr.Error)
			e.Code = apperr.Conflict
			return e
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, h.LibraryID, "holiday.create", "holiday", h.ID, string(h.Date)+" "+h.Name, nil, h.CreatedAt)
	})
	if err != nil {
		return Holiday{}, err
	}
	return h, nil
}

// DeleteHoliday takes a day off the calendar: a national one when libraryID
// is 0, else one of the library's own (never a national one through a library).
func (s *Service) DeleteHoliday(ctx context.Context, actor *auth.Actor, libraryID, id int64) error {
	if err := requireHolidayChange(actor, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var date, name string
		q := `SELECT date, name FROM holidays WHERE id = ? AND library_id IS NULL`
		args := []any{id}
		if libraryID != 0 {
			q = `SELECT date, name FROM holidays WHERE id = ? AND library_id = ?`
			args = append(args, libraryID)
		}
		err := tx.QueryRowContext(ctx, q, args...).Scan(&date, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError("holiday")
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		if libraryID != 0 {
			_, err = tx.ExecContext(ctx, `DELETE FROM holidays WHERE id = ? AND library_id = ?`, id, libraryID)
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM holidays WHERE id = ? AND library_id IS NULL`, id)
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, libraryID, "holiday.delete", "holiday", id, date+" "+name, nil, s.now())
	})
}

// calendar loads the library's zone and its days off from the day of from
// for calendarSpan days: enough for any deadline computed from that day.
func (s *Service) calendar(ctx context.Context, q db.Querier, libraryID int64, from time.Time) (Calendar, error) {
	loc, err := libraryZone(ctx, q, libraryID)
	if err != nil {
		return Calendar{}, err
	}
	start := DateOf(from, loc)
	end := Date(start.Time().AddDate(0, 0, calendarSpan).Format(dateLayout))
	return loadCalendar(ctx, q, libraryID, loc, start, end)
}

// loadCalendar loads the days off between two dates (both included).
func loadCalendar(ctx context.Context, q db.Querier, libraryID int64, loc *time.Location, from, to Date) (Calendar, error) {
	cal := Calendar{Location: loc, Holidays: map[Date]string{}}
	rows, err := q.QueryContext(ctx, `SELECT date, name FROM holidays
		WHERE (library_id IS NULL OR library_id = ?) AND date >= ? AND date <= ?`, libraryID, string(from), string(to))
	if err != nil {
		return Calendar{}, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var d, name string
		if err := rows.Scan(&d, &name); err != nil {
			return Calendar{}, apperr.InternalError(err)
		}
		cal.Holidays[Date(d)] = name
	}
	if err := rows.Err(); err != nil {
		return Calendar{}, apperr.InternalError(err)
	}
	return cal, nil
}

// libraryZone returns the library's time zone; not found when there is no such library.
func libraryZone(ctx context.Context, q db.Querier, libraryID int64) (*time.Location, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT time_zone FROM libraries WHERE id = ?`, libraryID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError("library")
	}
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	return loadZone(name), nil
}

// fixedZones stand in when the system has no time-zone database (a minimal
// container): Indonesia keeps no daylight saving, so a fixed offset is exact.
var fixedZones = map[string]*time.Location{
	"Asia/Jakarta":  time.FixedZone("WIB", 7*3600),
	"Asia/Makassar": time.FixedZone("WITA", 8*3600),
	"Asia/Jayapura": time.FixedZone("WIT", 9*3600),
}

// Zone returns the named time zone, WIB for one nobody knows (the library
// package accepts only the three Indonesian zones anyway).
func Zone(name string) *time.Location { return loadZone(name) }

func loadZone(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	if loc, ok := fixedZones[name]; ok {
		return loc
	}
	return fixedZones["Asia/Jakarta"]
}
