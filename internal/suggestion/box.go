package suggestion

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

// The service point's join carries library_id, so a suggestion can never
// show another library's unit.
const suggestionCols = `s.id, s.library_id, s.service_point_id, COALESCE(sp.name, ''), s.body, s.contact, s.status, s.note, s.created_at, s.updated_at`
const suggestionFrom = ` FROM suggestions s LEFT JOIN service_points sp ON sp.library_id = s.library_id AND sp.id = s.service_point_id`

// scanSuggestion reads a row; the contact is kept only when keepContact,
// so no caller can hand it on by accident.
func scanSuggestion(row scanner, keepContact bool) (Suggestion, error) {
	var sg Suggestion
	var sp sql.NullInt64
	err := row.Scan(&sg.ID, &sg.LibraryID, &sp, &sg.ServicePointName, &sg.Body, &sg.Contact, &sg.Status, &sg.Note, &sg.CreatedAt, &sg.UpdatedAt)
	if sp.Valid {
		id := sp.Int64
		sg.ServicePointID = &id
	}
	sg.HasContact = sg.Contact != ""
	if !keepContact {
		sg.Contact = ""
	}
	return sg, err
}

// Submit puts a note in the library's suggestion box. No account is needed;
// it is anonymous unless the patron leaves a contact.
func (s *Service) Submit(ctx context.Context, in NewSuggestion) (Suggestion, error) {
	if err := s.guard(ctx, "suggestion:ip:", in.Honeypot, in.ClientIP); err != nil {
		return Suggestion{}, err
	}
	in.normalize()
	if err := in.validate(); err != nil {
		return Suggestion{}, err
	}
	now := s.now()
	sg := Suggestion{LibraryID: in.LibraryID, Body: in.Body, Contact: in.Contact, HasContact: in.Contact != "",
		Status: SuggestionNew, CreatedAt: now, UpdatedAt: now}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := libraryExists(ctx, tx, in.LibraryID); err != nil {
			return err
		}
		if in.ServicePointID != nil && *in.ServicePointID != 0 {
			err := tx.QueryRowContext(ctx, `SELECT name FROM service_points WHERE library_id = ? AND id = ? AND active = ?`,
				in.LibraryID, *in.ServicePointID, true).Scan(&sg.ServicePointName)
			if errors.Is(err, sql.ErrNoRows) {
				var v apperr.Validation
				v.Add("service_point_id", "suggestion.unknown_service_point", nil)
				return v.Err()
			}
			if err != nil {
				return apperr.InternalError(err)
			}
			sg.ServicePointID = in.ServicePointID
		}
		// Public submissions are not written to the audit log: the row is
		// the record, and the log is for what staff do.
		err := tx.QueryRowContext(ctx, `INSERT INTO suggestions (library_id, service_point_id, body, contact, status, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, '', ?, ?) RETURNING id`,
			sg.LibraryID, nullID(sg.ServicePointID), sg.Body, sg.Contact, sg.Status, now, now).Scan(&sg.ID)
		if err != nil {
			return apperr.InternalError(err)
		}
		return nil
	})
	if err != nil {
		return Suggestion{}, err
	}
	sg.Contact = ""
	return sg, nil
}

// SuggestionFilter selects suggestions of one library, newest first.
type SuggestionFilter struct {
	LibraryID int64
	Status    string // "": every status
	Page      int
	PerPage   int
}

// SuggestionPage is one page of ListSuggestions, with the count per status
// over the whole box (for the filter's labels).
type SuggestionPage = Page[Suggestion]

// ListSuggestions returns one page of the library's suggestions, newest
// first, without contacts.
func (s *Service) ListSuggestions(ctx context.Context, actor *auth.Actor, f SuggestionFilter) (SuggestionPage, error) {
	if err := actor.Require(auth.PermSuggestionView, f.LibraryID); err != nil {
		return SuggestionPage{}, err
	}
	if f.Status != "" && !validStatus(SuggestionStatuses, f.Status) {
		var v apperr.Validation
		v.Add("status", "suggestion.bad_status", nil)
		return SuggestionPage{}, v.Err()
	}
	q := s.DB.Reader()
	p, where, args, err := startPage[Suggestion](ctx, q, "suggestions", "s", f.LibraryID, f.Status, f.Page, f.PerPage)
	if err != nil {
		return p, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+suggestionCols+suggestionFrom+where+` ORDER BY s.id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return p, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		sg, err := scanSuggestion(rows, false)
		if err != nil {
			return p, apperr.InternalError(err)
		}
		p.Items = append(p.Items, sg)
	}
	if err := rows.Err(); err != nil {
		return p, apperr.InternalError(err)
	}
	return p, nil
}

// GetSuggestion returns one suggestion without its contact.
func (s *Service) GetSuggestion(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Suggestion, error) {
	if err := actor.Require(auth.PermSuggestionView, libraryID); err != nil {
		return Suggestion{}, err
	}
	return findSuggestion(ctx, s.DB.Reader(), libraryID, id, false)
}

func findSuggestion(ctx context.Context, q db.Querier, libraryID, id int64, keepContact bool) (Suggestion, error) {
	sg, err := scanSuggestion(q.QueryRowContext(ctx, `SELECT `+suggestionCols+suggestionFrom+` WHERE s.library_id = ? AND s.id = ?`, libraryID, id), keepContact)
	if errors.Is(err, sql.ErrNoRows) {
		return Suggestion{}, apperr.NotFoundError("suggestion")
	}
	if err != nil {
		return Suggestion{}, apperr.InternalError(err)
	}
	return sg, nil
}

// SuggestionContact reveals the contact a patron left, for admins and
// coordinators, and writes the reading to the audit log in the same
// transaction (personal data access is logged, UU 27/2022).
func (s *Service) SuggestionContact(ctx context.Context, actor *auth.Actor, libraryID, id int64) (string, error) {
	if err := actor.Require(auth.PermSuggestionContact, libraryID); err != nil {
		return "", err
	}
	var contact string
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		sg, err := findSuggestion(ctx, tx, libraryID, id, true)
		if err != nil {
			return err
		}
		contact = sg.Contact
		if contact == "" {
			return nil
		}
		return audit.RecordAt(ctx, tx, actor, libraryID, "suggestion.contact_view", "suggestion", id, excerpt(sg.Body), nil, s.now())
	})
	return contact, err
}

// SetSuggestionStatus moves a suggestion along (read, followed up,
// archived) and keeps the internal follow-up note.
func (s *Service) SetSuggestionStatus(ctx context.Context, actor *auth.Actor, libraryID, id int64, status, note string) (Suggestion, error) {
	if err := actor.Require(auth.PermSuggestionManage, libraryID); err != nil {
		return Suggestion{}, err
	}
	var sg Suggestion
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findSuggestion(ctx, tx, libraryID, id, false)
		if err != nil {
			return err
		}
		note = strings.TrimSpace(note)
		var v apperr.Validation
		if !validStatus(SuggestionStatuses, status) {
			v.Add("status", "suggestion.bad_status", nil)
		}
		tooLong(&v, "note", note, MaxNote)
		if err := v.Err(); err != nil {
			return err
		}
		sg = old
		sg.Status, sg.Note, sg.UpdatedAt = status, note, s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE suggestions SET status = ?, note = ?, updated_at = ? WHERE library_id = ? AND id = ?`,
			sg.Status, sg.Note, sg.UpdatedAt, libraryID, id); err != nil {
			return apperr.InternalError(err)
		}
		c := audit.Changes{}
		c.Diff("status", old.Status, sg.Status)
		c.Diff("note", old.Note, sg.Note)
		if len(c) == 0 {
			return nil
		}
		return audit.RecordAt(ctx, tx, actor, libraryID, "suggestion.status", "suggestion", id, excerpt(sg.Body), c, sg.UpdatedAt)
	})
	return sg, err
}

// excerpt names a suggestion in the audit log by its first words.
func excerpt(body string) string { return Excerpt(body, 60) }

// Excerpt shortens text to at most n characters on one line, marking a cut
// with an ellipsis.
func Excerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}

// Excerpt is the start of the suggestion for a list.
func (sg Suggestion) Excerpt(n int) string { return Excerpt(sg.Body, n) }

// Paragraphs splits the text where the patron started new lines, so a page
// can show them without inline styles.
func (sg Suggestion) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(sg.Body, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
