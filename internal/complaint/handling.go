package complaint

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Every staff action is one transaction: the complaint is read inside it,
// the action checked against its status, the row updated only if the status
// is still the one that was read (so two people acting at once cannot both
// succeed), and the timeline and the audit log written alongside.

// change is what an action does once it has been allowed.
type change struct {
	set     string // SQL assignments after "SET", without updated_at
	args    []any
	events  []event // timeline lines
	action  string  // audit action
	changes audit.Changes
}

// event is one timeline line an action writes.
type event struct {
	kind   string
	public bool // shown to the reporter
	body   string
}

// act loads the complaint for an actor who must hold perm and be one of its
// handlers, lets decide check the status and describe the change, and applies it.
func (s *Service) act(ctx context.Context, actor *auth.Actor, perm auth.Permission, libraryID, id int64,
	decide func(tx *db.Tx, c Complaint, now time.Time) (change, error)) error {
	if err := actor.Require(perm, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		c, err := findComplaint(ctx, tx, libraryID, id)
		if err != nil {
			return err
		}
		if !canHandle(actor, c) {
			return apperr.NotFoundError("complaint") // a complaint she does not handle does not exist for her
		}
		now := s.now()
		ch, err := decide(tx, c, now)
		if err != nil {
			return err
		}
		if ch.set != "" {
			args := append(append([]any{}, ch.args...), now, libraryID, id, string(c.Status))
			res, err := tx.ExecContext(ctx, `UPDATE complaints SET `+ch.set+`, updated_at = ? WHERE library_id = ? AND id = ? AND status = ?`, args...)
			if err := oneRow(res, err); err != nil {
				return err
			}
		}
		for _, e := range ch.events {
			if err := addEvent(ctx, tx, c, e.kind, e.public, e.body, actor, now); err != nil {
				return err
			}
		}
		return recordAudit(ctx, tx, actor, libraryID, ch.action, "complaint", c.ID, c.Code, ch.changes, now)
	})
}

func badTransition(c Complaint) error {
	return apperr.New(apperr.Conflict, "complaint.bad_transition", apperr.Args{"Status": string(c.Status)})
}

// text trims and checks a required free text of staff (a reply, a reason…).
func text(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	var v apperr.Validation
	if s == "" {
		v.Add(field, "field.required", nil)
	} else if utf8.RuneCountInString(s) > maxText {
		v.Add(field, "field.too_long", apperr.Args{"Max": maxText})
	}
	return s, v.Err()
}

// assignee returns the name of an active account with a role in the library.
func assignee(ctx context.Context, tx *db.Tx, libraryID, userID int64) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.library_id = ? AND m.user_id = ? AND u.active = ?`, libraryID, userID, true).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		var v apperr.Validation
		v.Add("assignee_id", "complaint.bad_assignee", nil)
		return "", v.Err()
	}
	if err != nil {
		return "", apperr.InternalError(err)
	}
	return name, nil
}

// Verify accepts a new report as a complaint to handle and assigns it
// (within 3 working days of filing); the follow-up is then due within 5
// working days. Admins and coordinators.
func (s *Service) Verify(ctx context.Context, actor *auth.Actor, libraryID, id, assigneeID int64) error {
	return s.act(ctx, actor, auth.PermComplaintManage, libraryID, id, func(tx *db.Tx, c Complaint, now time.Time) (change, error) {
		if c.Status != StatusNew {
			return change{}, badTransition(c)
		}
		name, err := assignee(ctx, tx, libraryID, assigneeID)
		if err != nil {
			return change{}, err
		}
		cal, err := s.calendar(ctx, tx, libraryID, now)
		if err != nil {
			return change{}, err
		}
		due := AddWorkingDays(now, DecideDays, cal)
		ch := audit.Changes{}
		ch.Diff("status", c.Status, StatusVerified)
		ch.Diff("assignee", "", name)
		return change{set: `status = ?, assignee_id = ?, verified_at = ?, decide_due = ?`,
			args: []any{string(StatusVerified), assigneeID, now, string(due)},
			// Who handles it is for staff only; the reporter sees "verified".
			events: []event{{kind: "verified", public: true}, {kind: "assigned", body: name}},
			action: "complaint.verify", changes: ch}, nil
	})
}

// Assign hands an open, verified complaint to another handler.
func (s *Service) Assign(ctx context.Context, actor *auth.Actor, libraryID, id, assigneeID int64) error {
	return s.act(ctx, actor, auth.PermComplaintManage, libraryID, id, func(tx *db.Tx, c Complaint, now time.Time) (change, error) {
		if c.Status == StatusNew || c.Status.Final() {
			return change{}, badTransition(c)
		}
		name, err := assignee(ctx, tx, libraryID, assigneeID)
		if err != nil {
			return change{}, err
		}
		ch := audit.Changes{}
		ch.Diff("assignee", c.AssigneeName, name)
		return change{set: `assignee_id = ?`, args: []any{assigneeID},
			events: []event{{kind: "assigned", body: name}}, action: "complaint.assign", changes: ch}, nil
	})
}

// Decide records the follow-up decided for a verified complaint (due within
// 5 working days of verification). The plan stays internal; the reporter
// sees that the complaint is being followed up. Its handlers.
func (s *Service) Decide(ctx context.Context, actor *auth.Actor, libraryID, id int64, followUp string) error {
	return s.act(ctx, actor, auth.PermComplaintView, libraryID, id, func(tx *db.Tx, c Complaint, now time.Time) (change, error) {
		if c.Status != StatusVerified {
			return change{}, badTransition(c)
		}
		followUp, err := text("follow_up", followUp)
		if err != nil {
			return change{}, err
		}
		ch := audit.Changes{}
		ch.Diff("status", c.Status, StatusFollowUp)
		return change{set: `status = ?, follow_up = ?, decided_at = ?`, args: []any{string(StatusFollowUp), followUp, now},
			events: []event{{kind: "decided", public: true}}, action: "complaint.decide", changes: ch}, nil
	})
}

// Reply sends an answer to the reporter, shown on the status page. From the
// (last) answer the complaint closes itself after 10 working days unless the
// reporter rates it. Answering a verified complaint directly also counts as
// deciding its follow-up (a request for information needs no more). Its handlers.
func (s *Service) Reply(ctx context.Context, actor *auth.Actor, libraryID, id int64, answer string) error {
	return s.act(ctx, actor, auth.PermComplaintView, libraryID, id, func(tx *db.Tx, c Complaint, now time.Time) (change, error) {
		if c.Status != StatusVerified && c.Status != StatusFollowUp && c.Status != StatusAnswered {
			return change{}, badTransition(c)
		}
		answer, err := text("reply", answer)
		if err != nil {
			return change{}, err
		}
		cal, err := s.calendar(ctx, tx, libraryID, now)
		if err != nil {
			return change{}, err
		}
		decided := any(c.DecidedAt)
		if c.DecidedAt == nil {
			decided = now
		}
		ch := audit.Changes{}
		ch.Diff("status", c.Status, StatusAnswered)
		return change{set: `status = ?, answered_at = ?, close_due = ?, decided_at = ?`,
			args:   []any{string(StatusAnswered), now, string(AddWorkingDays(now, CloseDays, cal)), decided},
			events: []event{{kind: "replied", public: true, body: answer}}, action: "complaint.reply", changes: ch}, nil
	})
}

// Resolve marks an answered complaint as finished (selesai), e.g. when the
// reporter confirmed by phone. Its handlers.
func (s *Service) Resolve(ctx context.Context, actor *auth.Actor, libraryID, id int64) error {
	return s.finish(ctx, actor, auth.PermComplaintView, libraryID, id, StatusResolved, "resolved", "complaint.resolve")
}

// Close closes an answered complaint without waiting the 10 working days.
// Admins and coordinators.
func (s *Service) Close(ctx context.Context, actor *auth.Actor, libraryID, id int64) error {
	return s.finish(ctx, actor, auth.PermComplaintManage, libraryID, id, StatusAutoClosed, "closed", "complaint.close")
}

func (s *Service) finish(ctx context.Context, actor *auth.Actor, perm auth.Permission, libraryID, id int64, to Status, kind, action string) error {
	return s.act(ctx, actor, perm, libraryID, id, func(tx *db.Tx, c Complaint, now time.Time) (change, error) {
		if c.Status != StatusAnswered {
			return change{}, badTransition(c)
		}
		ch := audit.Changes{}
		ch.Diff("status", c.Status, to)
		return change{set: `status = ?, closed_at = ?`, args: []any{string(to), now},
			events: []event{{kind: kind, public: true}}, action: action, changes: ch}, nil
	})
}

// Reject closes a report that is not a complaint for the library (spam, the
// wrong agency, a duplicate), with a reason shown to the reporter. Only
// before the follow-up is decided. Admins and coordinators.
func (s *Service) Reject(ctx context.Context, actor *auth.Actor, libraryID, id int64, reason string) error {
	return s.act(ctx, actor, auth.PermComplaintManage, libraryID, id, func(tx *db.Tx, c Complaint, now time.Time) (change, error) {
		if c.Status != StatusNew && c.Status != StatusVerified {
			return change{}, badTransition(c)
		}
		reason, err := text("reason", reason)
		if err != nil {
			return change{}, err
		}
		ch := audit.Changes{}
		ch.Diff("status", c.Status, StatusRejected)
		return change{set: `status = ?, reject_reason = ?, closed_at = ?`, args: []any{string(StatusRejected), reason, now},
			events: []event{{kind: "rejected", public: true, body: reason}}, action: "complaint.reject", changes: ch}, nil
	})
}

// Note adds an internal note to the timeline, never shown to the reporter.
// Its handlers, in any status.
func (s *Service) Note(ctx context.Context, actor *auth.Actor, libraryID, id int64, note string) error {
	return s.act(ctx, actor, auth.PermComplaintView, libraryID, id, func(tx *db.Tx, c Complaint, now time.Time) (change, error) {
		note, err := text("note", note)
		if err != nil {
			return change{}, err
		}
		return change{events: []event{{kind: "note", body: note}}, action: "complaint.note"}, nil
	})
}
