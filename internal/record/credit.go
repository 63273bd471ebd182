package record

import (
	"context"
	"strconv"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Credit is JP another part of the system vouches for, such as a training
// session the person completed: it enters the ledger already verified.
type Credit struct {
	LibraryID int64
	StaffID   int64
	Activity  string // one of Activities
	Title     string
	Organizer string
	Date      Date // the day the activity ended
	JP        int
	Note      string // why it is verified, shown as the review note
}

// CreditJP writes a verified JP entry inside the caller's transaction and
// returns its item id. The caller has checked the actor's permission and
// keeps it from crediting the same thing twice (it stores the id); the entry
// and the caller's own change commit together or not at all.
func CreditJP(ctx context.Context, tx *db.Tx, actor *auth.Actor, c Credit) (int64, error) {
	e := JPEntry{LibraryID: c.LibraryID, StaffID: c.StaffID, Activity: c.Activity, Title: c.Title, Organizer: c.Organizer, Date: c.Date, JP: c.JP}
	e.normalize()
	note := clean(c.Note)
	var chk checker
	if !oneOf(e.Activity, Activities) {
		chk.Add("activity", "record.bad_activity", nil)
	}
	chk.text("title", e.Title, true, 300)
	chk.text("organizer", e.Organizer, false, 200)
	chk.date("date", e.Date, true, "", false) // the caller knows the day has passed
	if e.JP < 1 || e.JP > MaxJPPerEntry {
		chk.Add("jp", "record.bad_jp", apperr.Args{"Max": MaxJPPerEntry})
	}
	chk.text("note", note, false, 500)
	if err := chk.Err(); err != nil {
		return 0, err
	}
	p, err := findPerson(ctx, tx, c.LibraryID, c.StaffID)
	if err != nil {
		return 0, err
	}
	now := db.Now()
	id, err := insertItem(ctx, tx, actor, e.LibraryID, e.StaffID, KindJP, now)
	if err != nil {
		return 0, err
	}
	name := "sistem"
	if actor != nil {
		_, name = actor.AuditIdentity()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO record_jp_entries (item_id, library_id, staff_id, activity, title, organizer,
		held_on, year, jp, evidence_url, status, review_note, reviewed_by, reviewer_name, reviewed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)`, id, e.LibraryID, e.StaffID, e.Activity, e.Title, e.Organizer,
		string(e.Date), e.Date.Year(), e.JP, StatusVerified, note, userOrNil(actor), name, now); err != nil {
		return 0, apperr.InternalError(err)
	}
	if err := recordAudit(ctx, tx, actor, e.LibraryID, "record.jp_credit", id, p.Name+" — "+e.Title,
		map[string][2]string{"jp": {"", strconv.Itoa(e.JP)}, "status": {"", StatusVerified}}, now); err != nil {
		return 0, err
	}
	return id, nil
}
