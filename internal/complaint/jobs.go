package complaint

import (
	"context"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/db"
)

// The two background duties run from the housekeeping loop every few
// minutes, on every instance: each is one transaction whose updates are
// conditional on the state they change, so running them twice, or on two
// instances at once, does nothing more.

// Escalate marks complaints whose verify deadline (still new) or decide
// deadline (verified, no follow-up decided) has passed, as seen in each
// library's own time zone, and returns how many. A complaint is escalated
// once per stage; it then appears in the admin's escalations until it moves on.
func (s *Service) Escalate(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC().Truncate(time.Microsecond)
	n := 0
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		return eachZone(ctx, tx, now, func(zone string, today Date) error {
			type due struct {
				c     Complaint
				stage string
			}
			rows, err := tx.QueryContext(ctx, `SELECT c.id, c.library_id, c.code, c.status FROM complaints c
				WHERE c.library_id IN (SELECT id FROM libraries WHERE time_zone = ?)
				AND ((c.status = 'baru' AND c.verify_due < ? AND c.escalated_stage = '')
				  OR (c.status = 'diverifikasi' AND c.decide_due < ? AND c.escalated_stage <> 'decide'))
				ORDER BY c.id`, zone, string(today), string(today))
			if err != nil {
				return apperr.InternalError(err)
			}
			var list []due
			for rows.Next() {
				var d due
				var status string
				if err := rows.Scan(&d.c.ID, &d.c.LibraryID, &d.c.Code, &status); err != nil {
					rows.Close()
					return apperr.InternalError(err)
				}
				d.c.Status = Status(status)
				d.stage = StageVerify
				if d.c.Status == StatusVerified {
					d.stage = StageDecide
				}
				list = append(list, d)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return apperr.InternalError(err)
			}
			for _, d := range list {
				res, err := tx.ExecContext(ctx, `UPDATE complaints SET escalated_stage = ?, escalated_at = ?, updated_at = ?
					WHERE library_id = ? AND id = ? AND status = ?`, d.stage, now, now, d.c.LibraryID, d.c.ID, string(d.c.Status))
				if err := oneRow(res, err); err != nil {
					return err
				}
				if err := addEvent(ctx, tx, d.c, "escalated", false, d.stage, nil, now); err != nil {
					return err
				}
				ch := audit.Changes{}
				ch.Diff("escalation_stage", "", d.stage)
				if err := recordAudit(ctx, tx, nil, d.c.LibraryID, "complaint.escalate", "complaint", d.c.ID, d.c.Code, ch, now); err != nil {
					return err
				}
				n++
			}
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// AutoClose closes answered complaints whose reporter stayed silent for 10
// working days after the answer (ditutup otomatis), and returns how many.
func (s *Service) AutoClose(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC().Truncate(time.Microsecond)
	n := 0
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		return eachZone(ctx, tx, now, func(zone string, today Date) error {
			rows, err := tx.QueryContext(ctx, `SELECT c.id, c.library_id, c.code FROM complaints c
				WHERE c.library_id IN (SELECT id FROM libraries WHERE time_zone = ?)
				AND c.status = 'dijawab' AND c.close_due < ? ORDER BY c.id`, zone, string(today))
			if err != nil {
				return apperr.InternalError(err)
			}
			var list []Complaint
			for rows.Next() {
				var c Complaint
				if err := rows.Scan(&c.ID, &c.LibraryID, &c.Code); err != nil {
					rows.Close()
					return apperr.InternalError(err)
				}
				list = append(list, c)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return apperr.InternalError(err)
			}
			for _, c := range list {
				res, err := tx.ExecContext(ctx, `UPDATE complaints SET status = ?, closed_at = ?, updated_at = ?
					WHERE library_id = ? AND id = ? AND status = ?`, string(StatusAutoClosed), now, now, c.LibraryID, c.ID, string(StatusAnswered))
				if err := oneRow(res, err); err != nil {
					return err
				}
				if err := addEvent(ctx, tx, c, "auto_closed", true, "", nil, now); err != nil {
					return err
				}
				ch := audit.Changes{}
				ch.Diff("status", StatusAnswered, StatusAutoClosed)
				if err := recordAudit(ctx, tx, nil, c.LibraryID, "complaint.auto_close", "complaint", c.ID, c.Code, ch, now); err != nil {
					return err
				}
				n++
			}
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// eachZone calls fn with every time zone libraries use and the day it is
// there at now: deadlines are days on each library's own calendar.
func eachZone(ctx context.Context, tx *db.Tx, now time.Time, fn func(zone string, today Date) error) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT time_zone FROM libraries ORDER BY time_zone`)
	if err != nil {
		return apperr.InternalError(err)
	}
	var zones []string
	for rows.Next() {
		var z string
		if err := rows.Scan(&z); err != nil {
			rows.Close()
			return apperr.InternalError(err)
		}
		zones = append(zones, z)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return apperr.InternalError(err)
	}
	for _, z := range zones {
		if err := fn(z, DateOf(now, loadZone(z))); err != nil {
			return err
		}
	}
	return nil
}
