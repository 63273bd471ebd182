package record

import (
	"context"
	"strconv"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// adding is what every add does first: the person must exist in the library
// and the actor may add this kind to her record. It returns the person and
// today in the library's zone.
func (s *Service) adding(ctx context.Context, actor *auth.Actor, libraryID, staffID int64, kind Kind) (Person, Date, error) {
	p, err := s.Person(ctx, actor, libraryID, staffID)
	if err != nil {
		return Person{}, "", err
	}
	if !CanAdd(actor, libraryID, staffID, kind) {
		return Person{}, "", apperr.ForbiddenError()
	}
	today, err := s.today(ctx, s.DB.Reader(), libraryID)
	return p, today, err
}

// insertItem writes the common row of a new item and returns its id.
func insertItem(ctx context.Context, tx *db.Tx, actor *auth.Actor, libraryID, staffID int64, kind Kind, at time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO record_items (library_id, staff_id, kind, created_by, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, libraryID, staffID, string(kind), userOrNil(actor), at).Scan(&id)
	if err != nil {
		return 0, apperr.InternalError(err)
	}
	return id, nil
}

// userOrNil is the account to store as the author (NULL for the system).
func userOrNil(actor *auth.Actor) any {
	if actor == nil || actor.UserID == 0 {
		return nil
	}
	return actor.UserID
}

// AddJP records a JP activity. A staff member adds her own, which waits for
// verification; a verifier adding someone else's may verify it at once.
// The evidence file, if any, is checked before anything is written, and the
// entry and its file are saved together or not at all.
func (s *Service) AddJP(ctx context.Context, actor *auth.Actor, e JPEntry, file *Upload, verifyNow bool) (JPEntry, error) {
	p, today, err := s.adding(ctx, actor, e.LibraryID, e.StaffID, KindJP)
	if err != nil {
		return JPEntry{}, err
	}
	if verifyNow {
		if !actor.Can(auth.PermRecordVerify, e.LibraryID) {
			return JPEntry{}, apperr.ForbiddenError()
		}
		if own(actor, e.LibraryID, e.StaffID) {
			return JPEntry{}, apperr.New(apperr.Forbidden, "record.self_verify", nil)
		}
	}
	e.normalize()
	c := e.validate(today)
	info, hasFile := checkUpload(c, "evidence", file)
	if err := c.Err(); err != nil {
		return JPEntry{}, err
	}
	now := s.now()
	e.StaffName, e.Status, e.CreatedAt = p.Name, StatusSubmitted, now
	var reviewer any
	var reviewedAt *time.Time
	if verifyNow {
		e.Status, e.ReviewerName, reviewedAt = StatusVerified, actor.Name, &now
		reviewer = userOrNil(actor)
		e.ReviewedAt = reviewedAt
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		id, err := insertItem(ctx, tx, actor, e.LibraryID, e.StaffID, KindJP, now)
		if err != nil {
			return err
		}
		e.ID = id
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_jp_entries (item_id, library_id, staff_id, activity, title, organizer,
			held_on, year, jp, evidence_url, status, reviewed_by, reviewer_name, reviewed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, e.LibraryID, e.StaffID, e.Activity, e.Title, e.Organizer,
			string(e.Date), e.Date.Year(), e.JP, e.EvidenceURL, e.Status, reviewer, e.ReviewerName, reviewedAt); err != nil {
			return apperr.InternalError(err)
		}
		if hasFile {
			if err := storeFile(ctx, tx, e.LibraryID, id, info, file.Content, now); err != nil {
				return err
			}
			e.File = &info
		}
		return recordAudit(ctx, tx, actor, e.LibraryID, "record.jp_add", id, p.Name+" — "+e.Title,
			map[string][2]string{"jp": {"", strconv.Itoa(e.JP)}, "status": {"", e.Status}}, now)
	})
	if err != nil {
		return JPEntry{}, err
	}
	return e, nil
}

// AddCertification records a certification, with its evidence file if any.
func (s *Service) AddCertification(ctx context.Context, actor *auth.Actor, x Certification, file *Upload) (Certification, error) {
	p, today, err := s.adding(ctx, actor, x.LibraryID, x.StaffID, KindCertification)
	if err != nil {
		return Certification{}, err
	}
	x.normalize()
	c := x.validate(today)
	info, hasFile := checkUpload(c, "evidence", file)
	if err := c.Err(); err != nil {
		return Certification{}, err
	}
	now := s.now()
	x.StaffName, x.CreatedAt = p.Name, now
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		id, err := insertItem(ctx, tx, actor, x.LibraryID, x.StaffID, KindCertification, now)
		if err != nil {
			return err
		}
		x.ID = id
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_certifications (item_id, library_id, name, issuer, number, issued_on, expires_on, evidence_url)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, x.LibraryID, x.Name, x.Issuer, x.Number, string(x.Issued), nullDate(x.Expires), x.EvidenceURL); err != nil {
			return apperr.InternalError(err)
		}
		if hasFile {
			if err := storeFile(ctx, tx, x.LibraryID, id, info, file.Content, now); err != nil {
				return err
			}
			x.File = &info
		}
		return recordAudit(ctx, tx, actor, x.LibraryID, "record.certification_add", id, p.Name+" — "+x.Name,
			map[string][2]string{"expires": {"", string(x.Expires)}}, now)
	})
	if err != nil {
		return Certification{}, err
	}
	return x, nil
}

// AddPublication records research or a publication.
func (s *Service) AddPublication(ctx context.Context, actor *auth.Actor, x Publication) (Publication, error) {
	p, today, err := s.adding(ctx, actor, x.LibraryID, x.StaffID, KindPublication)
	if err != nil {
		return Publication{}, err
	}
	x.normalize()
	if err := x.validate(today.Year()).Err(); err != nil {
		return Publication{}, err
	}
	now := s.now()
	x.CreatedAt = now
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		id, err := insertItem(ctx, tx, actor, x.LibraryID, x.StaffID, KindPublication, now)
		if err != nil {
			return err
		}
		x.ID = id
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_publications (item_id, library_id, title, venue, year, type, url)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, x.LibraryID, x.Title, x.Venue, x.Year, x.Type, x.URL); err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, x.LibraryID, "record.publication_add", id, p.Name+" — "+x.Title, nil, now)
	})
	if err != nil {
		return Publication{}, err
	}
	return x, nil
}

// AddConference records a conference a person took part in.
func (s *Service) AddConference(ctx context.Context, actor *auth.Actor, x Conference) (Conference, error) {
	p, today, err := s.adding(ctx, actor, x.LibraryID, x.StaffID, KindConference)
	if err != nil {
		return Conference{}, err
	}
	x.normalize()
	if err := x.validate(today).Err(); err != nil {
		return Conference{}, err
	}
	now := s.now()
	x.CreatedAt = now
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		id, err := insertItem(ctx, tx, actor, x.LibraryID, x.StaffID, KindConference, now)
		if err != nil {
			return err
		}
		x.ID = id
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_conferences (item_id, library_id, name, role, place, held_on)
			VALUES (?, ?, ?, ?, ?, ?)`, id, x.LibraryID, x.Name, x.Role, x.Place, string(x.Date)); err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, x.LibraryID, "record.conference_add", id, p.Name+" — "+x.Name, nil, now)
	})
	if err != nil {
		return Conference{}, err
	}
	return x, nil
}

// AddMembership records a membership of a professional association.
func (s *Service) AddMembership(ctx context.Context, actor *auth.Actor, x Membership) (Membership, error) {
	p, today, err := s.adding(ctx, actor, x.LibraryID, x.StaffID, KindMembership)
	if err != nil {
		return Membership{}, err
	}
	x.normalize()
	if err := x.validate(today).Err(); err != nil {
		return Membership{}, err
	}
	now := s.now()
	x.CreatedAt = now
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		id, err := insertItem(ctx, tx, actor, x.LibraryID, x.StaffID, KindMembership, now)
		if err != nil {
			return err
		}
		x.ID = id
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_memberships (item_id, library_id, association, number, since_on, until_on)
			VALUES (?, ?, ?, ?, ?, ?)`, id, x.LibraryID, x.Association, x.Number, string(x.Since), nullDate(x.Until)); err != nil {
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, x.LibraryID, "record.membership_add", id, p.Name+" — "+x.Association, nil, now)
	})
	if err != nil {
		return Membership{}, err
	}
	return x, nil
}

// AddRating records a year's performance rating, entered by the person's
// coordinator; one per year (delete a wrong one first). The jenjang defaults
// to the one the person holds now.
func (s *Service) AddRating(ctx context.Context, actor *auth.Actor, x Rating) (Rating, error) {
	p, today, err := s.adding(ctx, actor, x.LibraryID, x.StaffID, KindRating)
	if err != nil {
		return Rating{}, err
	}
	if x.Jenjang == "" {
		x.Jenjang = p.Level
	}
	now := s.now()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		reg, err := loadRegulation(ctx, tx)
		if err != nil {
			return err
		}
		if err := x.validate(reg, today.Year()).Err(); err != nil {
			return err
		}
		id, err := insertItem(ctx, tx, actor, x.LibraryID, x.StaffID, KindRating, now)
		if err != nil {
			return err
		}
		x.ID = id
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_ratings (item_id, library_id, staff_id, year, rating, jenjang)
			VALUES (?, ?, ?, ?, ?, ?)`, id, x.LibraryID, x.StaffID, x.Year, x.Rating, x.Jenjang); err != nil {
			if db.IsUniqueViolation(err) {
				var v apperr.Validation
				v.Add("year", "record.rating_year_taken", apperr.Args{"Year": x.Year})
				e := v.Err().(*apperr.Error)
				e.Code = apperr.Conflict
				return e
			}
			return apperr.InternalError(err)
		}
		return recordAudit(ctx, tx, actor, x.LibraryID, "record.rating_add", id, p.Name+" — "+strconv.Itoa(x.Year),
			map[string][2]string{"rating": {"", x.Rating}, "jenjang": {"", x.Jenjang}}, now)
	})
	if err != nil {
		return Rating{}, err
	}
	return x, nil
}

// detailTables names the table holding each kind's details.
var detailTables = map[Kind]string{
	KindJP: "record_jp_entries", KindCertification: "record_certifications", KindPublication: "record_publications",
	KindConference: "record_conferences", KindMembership: "record_memberships", KindRating: "record_ratings",
}

// Delete removes an item with its details and evidence and returns whose
// record it was.
func (s *Service) Delete(ctx context.Context, actor *auth.Actor, libraryID, itemID int64) (int64, error) {
	it, err := s.item(ctx, actor, libraryID, itemID)
	if err != nil {
		return 0, err
	}
	if !CanDelete(actor, libraryID, it.StaffID, it.Kind, it.Status) {
		if it.Status == StatusVerified {
			return 0, apperr.New(apperr.Forbidden, "record.verified_locked", nil)
		}
		return 0, apperr.ForbiddenError()
	}
	table, ok := detailTables[it.Kind]
	if !ok {
		return 0, apperr.InternalError(errUnknownKind(it.Kind))
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		for _, q := range []string{
			`DELETE FROM record_files WHERE library_id = ? AND item_id = ?`,
			`DELETE FROM ` + table + ` WHERE library_id = ? AND item_id = ?`,
			`DELETE FROM record_items WHERE library_id = ? AND id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, libraryID, itemID); err != nil {
				return apperr.InternalError(err)
			}
		}
		return recordAudit(ctx, tx, actor, libraryID, "record.delete", itemID, it.StaffName,
			map[string][2]string{"kind": {string(it.Kind), ""}}, s.now())
	})
	if err != nil {
		return 0, err
	}
	return it.StaffID, nil
}

type errUnknownKind Kind

func (e errUnknownKind) Error() string { return "record: unknown item kind " + string(e) }

// Review verifies or rejects a submitted JP entry. A rejection says why; no
// one verifies her own entries.
func (s *Service) Review(ctx context.Context, actor *auth.Actor, libraryID, itemID int64, verify bool, note string) (JPEntry, error) {
	if err := actor.Require(auth.PermRecordVerify, libraryID); err != nil {
		return JPEntry{}, err
	}
	it, err := findItem(ctx, s.DB.Reader(), libraryID, itemID)
	if err != nil {
		return JPEntry{}, err
	}
	if it.Kind != KindJP {
		return JPEntry{}, apperr.NotFoundError("jp_entry")
	}
	if own(actor, libraryID, it.StaffID) {
		return JPEntry{}, apperr.New(apperr.Forbidden, "record.self_verify", nil)
	}
	note = clean(note)
	var c checker
	c.text("note", note, !verify, 500)
	if err := c.Err(); err != nil {
		return JPEntry{}, err
	}
	status, action := StatusVerified, "record.jp_verify"
	if !verify {
		status, action = StatusRejected, "record.jp_reject"
	}
	var out JPEntry
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE record_jp_entries SET status = ?, review_note = ?, reviewed_by = ?, reviewer_name = ?, reviewed_at = ?
			WHERE library_id = ? AND item_id = ? AND status = ?`, status, note, userOrNil(actor), actor.Name, now, libraryID, itemID, StatusSubmitted)
		if err != nil {
			return apperr.InternalError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "record.already_reviewed", nil)
		}
		entries, err := jpEntries(ctx, tx, jpQuery{libraryID: libraryID, itemID: itemID})
		if err != nil {
			return err
		}
		if len(entries) != 1 {
			return apperr.NotFoundError("jp_entry")
		}
		out = entries[0]
		return recordAudit(ctx, tx, actor, libraryID, action, itemID, it.StaffName+" — "+out.Title,
			map[string][2]string{"status": {StatusSubmitted, status}}, now)
	})
	if err != nil {
		return JPEntry{}, err
	}
	return out, nil
}
