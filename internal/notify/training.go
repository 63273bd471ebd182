package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/record"
	"github.com/bina-pustaka/bina/internal/training"
)

// Windows of the scans: how far back an event still deserves a message
// (a server down for a while catches up; older events are history).
const (
	eventWindow = 7 * 24 * time.Hour
	promptDays  = 14
)

// pending is one notification a scan wants to add.
type pending struct {
	n   Notification
	key string
}

// ScanTraining finds the training events of every library and notifies
// the people concerned; it returns how many notifications were new.
// Idempotent: run it as often as you like.
func (s *Service) ScanTraining(ctx context.Context) (int, error) {
	type lib struct {
		id int64
		tz string
	}
	var libs []lib
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT id, time_zone FROM libraries ORDER BY id`)
	if err != nil {
		return 0, apperr.InternalError(err)
	}
	for rows.Next() {
		var l lib
		if err := rows.Scan(&l.id, &l.tz); err != nil {
			rows.Close()
			return 0, apperr.InternalError(err)
		}
		libs = append(libs, l)
	}
	rows.Close()
	total := 0
	for _, l := range libs {
		today := record.DateOf(s.now(), record.Zone(l.tz))
		var all []pending
		for _, scan := range []func(context.Context, db.Querier, int64, record.Date) ([]pending, error){
			s.enrolmentEvents, reminders, l1Prompts, l3Prompts, s.certificateExpiry,
		} {
			ps, err := scan(ctx, s.DB.Reader(), l.id, today)
			if err != nil {
				return total, err
			}
			all = append(all, ps...)
		}
		if len(all) == 0 {
			continue
		}
		err := s.DB.InTx(ctx, func(tx *db.Tx) error {
			for _, p := range all {
				added, err := s.Add(ctx, tx, p.n, p.key)
				if err != nil {
					return err
				}
				if added {
					total++
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

func sessionLink(libraryID, sessionID int64) string {
	return fmt.Sprintf("/libraries/%d/training/sessions/%d", libraryID, sessionID)
}

func sessionName(prog, title string) string {
	return training.Session{ProgramTitle: prog, Title: title}.Name()
}

// collect runs a query whose rows are (user, session, program title,
// session title, first day, key part) and makes one notification each,
// saying msg with the session's name and first day.
func collect(ctx context.Context, q db.Querier, libraryID int64, kind, keyPrefix, msg string, link func(int64) string, query string, args ...any) ([]pending, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []pending
	for rows.Next() {
		var user, session, keyID int64
		var prog, title, first string
		if err := rows.Scan(&user, &session, &prog, &title, &first, &keyID); err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, pending{key: fmt.Sprintf("%s:%d", keyPrefix, keyID), n: Notification{LibraryID: libraryID, UserID: user, Kind: kind,
			Link: link(session), Message: Message{Key: msg, Args: map[string]string{"Session": sessionName(prog, title)},
				Dates: map[string]string{"Start": first}}}})
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

// sessionCols are the columns collect reads after the user.
const sessionCols = `x.id, p.title, x.title, x.first_day`

const sessionJoins = ` JOIN training_sessions x ON x.library_id = e.library_id AND x.id = e.session_id
	JOIN training_programs p ON p.library_id = x.library_id AND p.id = x.program_id
	JOIN memberships m ON m.library_id = e.library_id AND m.staff_id = e.staff_id`

// enrolmentEvents: nominations (invitation) and waitlist promotions, read
// from the audit log the training package writes in the same transaction
// as the change; the audit row's id is the event's key.
func (s *Service) enrolmentEvents(ctx context.Context, q db.Querier, libraryID int64, _ record.Date) ([]pending, error) {
	since := s.now().Add(-eventWindow)
	link := func(id int64) string { return sessionLink(libraryID, id) }
	inv, err := collect(ctx, q, libraryID, KindInvitation, "invite", MsgInvitation, link,
		`SELECT m.user_id, `+sessionCols+`, a.id FROM audit_log a
		JOIN training_enrolments e ON e.library_id = a.library_id AND e.id = a.entity_id`+sessionJoins+`
		WHERE a.library_id = ? AND a.action = 'training.nominate' AND a.entity = 'training_enrolment' AND a.created_at >= ?
		AND e.status IN (?, ?)`, libraryID, since, training.Confirmed, training.Waitlisted)
	if err != nil {
		return nil, err
	}
	pro, err := collect(ctx, q, libraryID, KindPromotion, "promote", MsgPromotion, link,
		`SELECT m.user_id, `+sessionCols+`, a.id FROM audit_log a
		JOIN training_enrolments e ON e.library_id = a.library_id AND e.id = a.entity_id`+sessionJoins+`
		WHERE a.library_id = ? AND a.action = 'training.promote' AND a.entity = 'training_enrolment' AND a.created_at >= ?
		AND e.status = ?`, libraryID, since, training.Confirmed)
	if err != nil {
		return nil, err
	}
	return append(inv, pro...), nil
}

// reminders: the day before a session's first day, to the confirmed.
func reminders(ctx context.Context, q db.Querier, libraryID int64, today record.Date) ([]pending, error) {
	return collect(ctx, q, libraryID, KindReminder, "reminder", MsgReminder, func(id int64) string { return sessionLink(libraryID, id) },
		`SELECT m.user_id, `+sessionCols+`, e.id FROM training_enrolments e`+sessionJoins+`
		WHERE e.library_id = ? AND e.status = ? AND x.status IN (?, ?) AND x.first_day = ?`,
		libraryID, training.Confirmed, training.SessionPlanned, training.SessionOpen, string(today.AddDays(1)))
}

// l1Prompts: after the last day, to participants who attended a day and
// have not answered the reaction survey, for promptDays days.
func l1Prompts(ctx context.Context, q db.Querier, libraryID int64, today record.Date) ([]pending, error) {
	return collect(ctx, q, libraryID, KindL1Prompt, "l1", MsgL1Prompt,
		func(id int64) string { return sessionLink(libraryID, id) + "/reaction" },
		`SELECT m.user_id, `+sessionCols+`, e.id FROM training_enrolments e`+sessionJoins+`
		WHERE e.library_id = ? AND x.status <> ? AND x.last_day < ? AND x.last_day >= ?
		AND e.status IN (?, ?, ?)
		AND EXISTS (SELECT 1 FROM training_attendance t WHERE t.library_id = e.library_id AND t.enrolment_id = e.id)
		AND NOT EXISTS (SELECT 1 FROM training_reactions r WHERE r.library_id = e.library_id AND r.enrolment_id = e.id)`,
		libraryID, training.SessionCancelled, string(today), string(today.AddDays(-promptDays)),
		training.Confirmed, training.Completed, training.NotCompleted)
}

// l3Prompts: on (and for promptDays days after) the L3 due date, to the
// library's admins and coordinators, one per participant and session.
func l3Prompts(ctx context.Context, q db.Querier, libraryID int64, today record.Date) ([]pending, error) {
	dueFrom := today.AddDays(-training.DefaultL3Days - promptDays)
	dueTo := today.AddDays(-training.DefaultL3Days)
	rows, err := q.QueryContext(ctx, `SELECT m.user_id, x.id, p.title, x.title, x.last_day, e.id, st.name FROM training_enrolments e
		JOIN training_sessions x ON x.library_id = e.library_id AND x.id = e.session_id
		JOIN training_programs p ON p.library_id = x.library_id AND p.id = x.program_id
		JOIN staff st ON st.library_id = e.library_id AND st.id = e.staff_id
		JOIN memberships m ON m.library_id = e.library_id AND m.role IN ('admin', 'coordinator')
		WHERE e.library_id = ? AND x.status = ? AND e.status = ? AND x.last_day > ? AND x.last_day <= ?`,
		libraryID, training.SessionCompleted, training.Completed, string(dueFrom), string(dueTo))
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []pending
	for rows.Next() {
		var user, session, enrolment int64
		var prog, title, last, person string
		if err := rows.Scan(&user, &session, &prog, &title, &last, &enrolment, &person); err != nil {
			return nil, apperr.InternalError(err)
		}
		due := record.Date(last).AddDays(training.DefaultL3Days)
		out = append(out, pending{key: fmt.Sprintf("l3:%d", enrolment), n: Notification{LibraryID: libraryID, UserID: user, Kind: KindL3Prompt,
			Link: fmt.Sprintf("/libraries/%d/training/followup", libraryID),
			Message: Message{Key: MsgL3Prompt, Args: map[string]string{"Person": person, "Session": sessionName(prog, title)},
				Dates: map[string]string{"Due": string(due)}}}})
	}
	return out, rows.Err()
}
