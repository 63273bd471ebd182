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

const requestCols = `r.id, r.library_id, r.isbn, r.title, r.author, r.publisher, r.published_year, r.demand, r.status, r.reason,
	r.status_changed_at, r.created_at, r.updated_at`

func scanRequest(row scanner) (BookRequest, error) {
	var br BookRequest
	var isbn sql.NullString
	var year sql.NullInt64
	err := row.Scan(&br.ID, &br.LibraryID, &isbn, &br.Title, &br.Author, &br.Publisher, &year, &br.Demand, &br.Status, &br.Reason,
		&br.StatusChangedAt, &br.CreatedAt, &br.UpdatedAt)
	br.ISBN = isbn.String
	if year.Valid {
		y := int(year.Int64)
		br.Year = &y
	}
	return br, err
}

func findRequest(ctx context.Context, q db.Querier, libraryID, id int64) (BookRequest, error) {
	br, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestCols+` FROM book_requests r WHERE r.library_id = ? AND r.id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return BookRequest{}, apperr.NotFoundError("book_request")
	}
	if err != nil {
		return BookRequest{}, apperr.InternalError(err)
	}
	return br, nil
}

// RequestBook records a patron's purchase suggestion. The same book asked
// again — the same ISBN, or without one the same title and author as
// TitleKey and AuthorKey compare them — becomes one request whose demand
// grows by one; every asker gets a tracking code of her own.
//
// The merge is one INSERT … ON CONFLICT (library_id, match_key) DO UPDATE
// SET demand = demand + 1, atomic on both engines (PostgreSQL locks the
// conflicting row; SQLite has one writer), so simultaneous asks for one
// book never make two rows or lose a count.
func (s *Service) RequestBook(ctx context.Context, in NewBookRequest) (Receipt, error) {
	if err := s.guard(ctx, "book_request:ip:", in.Honeypot, in.ClientIP); err != nil {
		return Receipt{}, err
	}
	now := s.now()
	bi, err := in.check(now)
	if err != nil {
		return Receipt{}, err
	}
	titleKey := titleAuthorKey(bi.Title, bi.Author)
	matchKey := MatchKey(bi.isbn13, bi.Title, bi.Author)
	var rc Receipt
	// A new code colliding with a stored one (one chance in 2^60 per code)
	// rolls the whole ask back; it is simply tried again.
	for attempt := 0; attempt < 3; attempt++ {
		rc = Receipt{Code: newTrackingCode()}
		err = s.DB.InTx(ctx, func(tx *db.Tx) error {
			if err := libraryExists(ctx, tx, bi.LibraryID); err != nil {
				return err
			}
			id, demand, err := s.addDemand(ctx, tx, bi, matchKey, titleKey)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO book_request_requesters (library_id, request_id, tracking_code, contact, created_at)
				VALUES (?, ?, ?, ?, ?)`, bi.LibraryID, id, rc.Code, bi.Contact, now); err != nil {
				return err // a unique violation is retried below
			}
			rc.Merged = demand > 1
			rc.Request, err = findRequest(ctx, tx, bi.LibraryID, id)
			return err
		})
		if !db.IsUniqueViolation(err) {
			break
		}
	}
	if err != nil {
		return Receipt{}, apperr.As(err)
	}
	return rc, nil
}

// addDemand finds or creates the book's request and counts one more ask.
func (s *Service) addDemand(ctx context.Context, tx *db.Tx, bi bookInput, matchKey, titleKey string) (id int64, demand int, err error) {
	now := s.now()
	if bi.isbn13 == "" {
		// A patron who does not know the ISBN joins a request for the same
		// title and author that has one, rather than starting a second.
		err := tx.QueryRowContext(ctx, `UPDATE book_requests SET demand = demand + 1, updated_at = ?
			WHERE library_id = ? AND id = (SELECT id FROM book_requests WHERE library_id = ? AND title_key = ? AND isbn IS NOT NULL ORDER BY demand DESC, id LIMIT 1)
			RETURNING id, demand`, now, bi.LibraryID, bi.LibraryID, titleKey).Scan(&id, &demand)
		if err == nil {
			return id, demand, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, 0, apperr.InternalError(err)
		}
	}
	// A later ask may know what the first did not (author, publisher,
	// year); blanks are filled, nothing already written is replaced. The
	// SET expressions read the row as it was before this update.
	err = tx.QueryRowContext(ctx, `INSERT INTO book_requests (library_id, match_key, title_key, isbn, title, author, publisher, published_year,
			demand, status, reason, status_changed_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, '', ?, ?, ?)
		ON CONFLICT (library_id, match_key) DO UPDATE SET
			demand = book_requests.demand + 1,
			author = CASE WHEN book_requests.author = '' THEN excluded.author ELSE book_requests.author END,
			publisher = CASE WHEN book_requests.publisher = '' THEN excluded.publisher ELSE book_requests.publisher END,
			published_year = COALESCE(book_requests.published_year, excluded.published_year),
			updated_at = excluded.updated_at
		RETURNING id, demand`,
		bi.LibraryID, matchKey, titleKey, nullString(bi.isbn13), bi.Title, bi.Author, bi.Publisher, nullInt(bi.year),
		RequestReceived, now, now, now).Scan(&id, &demand)
	if err != nil {
		return 0, 0, apperr.InternalError(err)
	}
	if demand > 1 && bi.Author != "" {
		// An author filled in changes the key that ISBN-less asks join by;
		// it is computed here, from the stored title.
		var title, author, key string
		if err := tx.QueryRowContext(ctx, `SELECT title, author, title_key FROM book_requests WHERE library_id = ? AND id = ?`,
			bi.LibraryID, id).Scan(&title, &author, &key); err != nil {
			return 0, 0, apperr.InternalError(err)
		}
		if k := titleAuthorKey(title, author); k != key {
			if _, err := tx.ExecContext(ctx, `UPDATE book_requests SET title_key = ? WHERE library_id = ? AND id = ?`, k, bi.LibraryID, id); err != nil {
				return 0, 0, apperr.InternalError(err)
			}
		}
	}
	return id, demand, nil
}

// RequestStatus is what a requester sees with her tracking code: the book,
// its status, the reason when refused, and how many asked. No account is
// needed; the code is the key.
func (s *Service) RequestStatus(ctx context.Context, libraryID int64, code string) (BookRequest, error) {
	code = NormalizeCode(code)
	if code == "" {
		return BookRequest{}, apperr.NotFoundError("book_request")
	}
	br, err := scanRequest(s.DB.Reader().QueryRowContext(ctx, `SELECT `+requestCols+`
		FROM book_request_requesters q JOIN book_requests r ON r.library_id = q.library_id AND r.id = q.request_id
		WHERE q.library_id = ? AND q.tracking_code = ?`, libraryID, code))
	if errors.Is(err, sql.ErrNoRows) {
		return BookRequest{}, apperr.NotFoundError("book_request")
	}
	if err != nil {
		return BookRequest{}, apperr.InternalError(err)
	}
	return br, nil
}

// RequestFilter selects book requests of one library, most asked first.
type RequestFilter struct {
	LibraryID int64
	Status    string // "": every status
	Page      int
	PerPage   int
}

// RequestPage is one page of ListBookRequests, with the count per status.
type RequestPage = Page[BookRequest]

// ListBookRequests returns one page of the library's book requests, the
// most asked for first (ties: the older first).
func (s *Service) ListBookRequests(ctx context.Context, actor *auth.Actor, f RequestFilter) (RequestPage, error) {
	if err := actor.Require(auth.PermSuggestionView, f.LibraryID); err != nil {
		return RequestPage{}, err
	}
	if f.Status != "" && !validStatus(RequestStatuses, f.Status) {
		var v apperr.Validation
		v.Add("status", "book_request.bad_status", nil)
		return RequestPage{}, v.Err()
	}
	q := s.DB.Reader()
	p, where, args, err := startPage[BookRequest](ctx, q, "book_requests", "r", f.LibraryID, f.Status, f.Page, f.PerPage)
	if err != nil {
		return p, err
	}
	p.Items, err = queryRequests(ctx, q, `SELECT `+requestCols+` FROM book_requests r`+where+` ORDER BY r.demand DESC, r.id LIMIT ? OFFSET ?`, args...)
	return p, err
}

func queryRequests(ctx context.Context, q db.Querier, query string, args ...any) ([]BookRequest, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []BookRequest
	for rows.Next() {
		br, err := scanRequest(rows)
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, br)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

// MostRequested returns the library's open requests (received or ordered,
// not yet on the shelf, not refused) most asked for first: the purchase
// list a dashboard shows. limit ≤ 0 means 10; at most 100.
func (s *Service) MostRequested(ctx context.Context, actor *auth.Actor, libraryID int64, limit int) ([]BookRequest, error) {
	if err := actor.Require(auth.PermSuggestionView, libraryID); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 10
	}
	if limit > maxPerPage {
		limit = maxPerPage
	}
	return queryRequests(ctx, s.DB.Reader(), `SELECT `+requestCols+` FROM book_requests r
		WHERE r.library_id = ? AND r.status IN (?, ?) ORDER BY r.demand DESC, r.id LIMIT ?`,
		libraryID, RequestReceived, RequestOrdered, limit)
}

// GetBookRequest returns one book request.
func (s *Service) GetBookRequest(ctx context.Context, actor *auth.Actor, libraryID, id int64) (BookRequest, error) {
	if err := actor.Require(auth.PermSuggestionView, libraryID); err != nil {
		return BookRequest{}, err
	}
	return findRequest(ctx, s.DB.Reader(), libraryID, id)
}

// BookRequestContacts lists the contacts the requesters left (those who
// left none are not listed), for admins and coordinators; the reading is
// written to the audit log in the same transaction.
func (s *Service) BookRequestContacts(ctx context.Context, actor *auth.Actor, libraryID, id int64) ([]Requester, error) {
	if err := actor.Require(auth.PermSuggestionContact, libraryID); err != nil {
		return nil, err
	}
	var out []Requester
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		br, err := findRequest(ctx, tx, libraryID, id)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT contact, created_at FROM book_request_requesters
			WHERE library_id = ? AND request_id = ? AND contact <> '' ORDER BY id`, libraryID, id)
		if err != nil {
			return apperr.InternalError(err)
		}
		for rows.Next() {
			var rq Requester
			if err := rows.Scan(&rq.Contact, &rq.CreatedAt); err != nil {
				rows.Close()
				return apperr.InternalError(err)
			}
			out = append(out, rq)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return apperr.InternalError(err)
		}
		if len(out) == 0 {
			return nil
		}
		return audit.RecordAt(ctx, tx, actor, libraryID, "book_request.contact_view", "book_request", id, br.Title, nil, s.now())
	})
	return out, err
}

// SetBookRequestStatus records a decision: ordered, available, refused
// (a reason is required, and shown to the requesters), or back to
// received. The reason is kept only while the request stays refused.
func (s *Service) SetBookRequestStatus(ctx context.Context, actor *auth.Actor, libraryID, id int64, status, reason string) (BookRequest, error) {
	if err := actor.Require(auth.PermSuggestionManage, libraryID); err != nil {
		return BookRequest{}, err
	}
	var br BookRequest
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findRequest(ctx, tx, libraryID, id)
		if err != nil {
			return err
		}
		reason = strings.TrimSpace(reason)
		var v apperr.Validation
		if !validStatus(RequestStatuses, status) {
			v.Add("status", "book_request.bad_status", nil)
		}
		if status == RequestRefused && reason == "" {
			v.Add("reason", "book_request.reason_required", nil)
		}
		tooLong(&v, "reason", reason, MaxReason)
		if err := v.Err(); err != nil {
			return err
		}
		if status != RequestRefused {
			reason = ""
		}
		br = old
		br.Status, br.Reason, br.UpdatedAt = status, reason, s.now()
		if status != old.Status {
			br.StatusChangedAt = br.UpdatedAt
		}
		if _, err := tx.ExecContext(ctx, `UPDATE book_requests SET status = ?, reason = ?, status_changed_at = ?, updated_at = ?
			WHERE library_id = ? AND id = ?`, br.Status, br.Reason, br.StatusChangedAt, br.UpdatedAt, libraryID, id); err != nil {
			return apperr.InternalError(err)
		}
		c := audit.Changes{}
		c.Diff("status", old.Status, br.Status)
		c.Diff("reason", old.Reason, br.Reason)
		if len(c) == 0 {
			return nil
		}
		return audit.RecordAt(ctx, tx, actor, libraryID, "book_request.status", "book_request", id, br.Title, c, br.UpdatedAt)
	})
	return br, err
}

// MergeBookRequests joins request sourceID into targetID when the matcher
// missed that they are one book (a typo, a translated title). The target
// keeps its status; demand adds up; the source's requesters follow the
// target with their own codes; the source is removed. A target without an
// ISBN takes the source's, so later asks by that ISBN find it.
func (s *Service) MergeBookRequests(ctx context.Context, actor *auth.Actor, libraryID, sourceID, targetID int64) (BookRequest, error) {
	if err := actor.Require(auth.PermSuggestionManage, libraryID); err != nil {
		return BookRequest{}, err
	}
	var out BookRequest
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		src, err := findRequest(ctx, tx, libraryID, sourceID)
		if err != nil {
			return err
		}
		var v apperr.Validation
		if targetID == sourceID {
			v.Add("into", "book_request.merge_self", nil)
			return v.Err()
		}
		dst, err := findRequest(ctx, tx, libraryID, targetID)
		if apperr.CodeOf(err) == apperr.NotFound {
			v.Add("into", "book_request.merge_unknown", nil)
			return v.Err()
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE book_request_requesters SET request_id = ? WHERE library_id = ? AND request_id = ?`,
			dst.ID, libraryID, src.ID); err != nil {
			return apperr.InternalError(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM book_requests WHERE library_id = ? AND id = ?`, libraryID, src.ID); err != nil {
			return apperr.InternalError(err)
		}
		out = dst
		out.Demand = dst.Demand + src.Demand
		out.UpdatedAt = s.now()
		if out.ISBN == "" && src.ISBN != "" {
			// The source's row, holding this match key, is gone already.
			out.ISBN = src.ISBN
		}
		if out.Author == "" {
			out.Author = src.Author
		}
		if out.Publisher == "" {
			out.Publisher = src.Publisher
		}
		if out.Year == nil {
			out.Year = src.Year
		}
		// Filling in the author may make the target's key equal a third
		// request's; then the target keeps its old key and the two stay
		// apart (checked first: on PostgreSQL a failed statement spoils
		// the transaction).
		var matchKey string
		if err := tx.QueryRowContext(ctx, `SELECT match_key FROM book_requests WHERE library_id = ? AND id = ?`, libraryID, dst.ID).Scan(&matchKey); err != nil {
			return apperr.InternalError(err)
		}
		if k := MatchKey(out.ISBN, out.Title, out.Author); k != matchKey {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM book_requests WHERE library_id = ? AND match_key = ?`, libraryID, k).Scan(&n); err != nil {
				return apperr.InternalError(err)
			}
			if n == 0 {
				matchKey = k
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE book_requests SET match_key = ?, title_key = ?, isbn = ?, author = ?, publisher = ?, published_year = ?,
			demand = ?, updated_at = ? WHERE library_id = ? AND id = ?`,
			matchKey, titleAuthorKey(out.Title, out.Author), nullString(out.ISBN), out.Author, out.Publisher, nullInt(out.Year),
			out.Demand, out.UpdatedAt, libraryID, dst.ID); err != nil {
			return apperr.InternalError(err)
		}
		c := audit.Changes{}
		c.Diff("demand", dst.Demand, out.Demand)
		c.Diff("merged_from", "", src.Title)
		return audit.RecordAt(ctx, tx, actor, libraryID, "book_request.merge", "book_request", dst.ID, out.Title, c, out.UpdatedAt)
	})
	return out, err
}
