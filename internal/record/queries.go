package record

import (
	"context"
	"database/sql"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/db"
)

// jpQuery selects JP entries of one library.
type jpQuery struct {
	libraryID int64
	staffID   int64  // 0: everyone
	itemID    int64  // 0: any
	year      int    // 0: any
	status    string // "": any
	oldest    bool   // oldest first (the verification queue); else newest first
}

func jpEntries(ctx context.Context, q db.Querier, f jpQuery) ([]JPEntry, error) {
	query := `SELECT j.item_id, j.library_id, j.staff_id, s.name, j.activity, j.title, j.organizer, j.held_on, j.jp, j.evidence_url,
		j.status, j.review_note, j.reviewer_name, j.reviewed_at, i.created_at,
		f.name, f.mime_type, f.size
		FROM record_jp_entries j
		JOIN record_items i ON i.library_id = j.library_id AND i.id = j.item_id
		JOIN staff s ON s.library_id = j.library_id AND s.id = j.staff_id
		LEFT JOIN record_files f ON f.library_id = j.library_id AND f.item_id = j.item_id
		WHERE j.library_id = ?`
	args := []any{f.libraryID}
	if f.staffID != 0 {
		query += ` AND j.staff_id = ?`
		args = append(args, f.staffID)
	}
	if f.itemID != 0 {
		query += ` AND j.item_id = ?`
		args = append(args, f.itemID)
	}
	if f.year != 0 {
		query += ` AND j.year = ?`
		args = append(args, f.year)
	}
	if f.status != "" {
		query += ` AND j.status = ?`
		args = append(args, f.status)
	}
	if f.oldest {
		query += ` ORDER BY j.held_on, j.item_id`
	} else {
		query += ` ORDER BY j.held_on DESC, j.item_id DESC`
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []JPEntry{}
	for rows.Next() {
		var e JPEntry
		var date string
		var fname, fmime sql.NullString
		var fsize sql.NullInt64
		if err := rows.Scan(&e.ID, &e.LibraryID, &e.StaffID, &e.StaffName, &e.Activity, &e.Title, &e.Organizer, &date, &e.JP, &e.EvidenceURL,
			&e.Status, &e.ReviewNote, &e.ReviewerName, &e.ReviewedAt, &e.CreatedAt, &fname, &fmime, &fsize); err != nil {
			return nil, apperr.InternalError(err)
		}
		e.Date = Date(date)
		if fname.Valid {
			e.File = &FileInfo{Name: fname.String, MIME: fmime.String, Size: fsize.Int64}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

// certQuery selects certifications of one library.
type certQuery struct {
	libraryID   int64
	staffID     int64 // 0: everyone (active staff only)
	expiresFrom Date  // with expiresTo: only those expiring in [from, to]
	expiresTo   Date
}

func certifications(ctx context.Context, q db.Querier, f certQuery) ([]Certification, error) {
	query := `SELECT c.item_id, c.library_id, i.staff_id, s.name, c.name, c.issuer, c.number, c.issued_on, COALESCE(c.expires_on, ''),
		c.evidence_url, i.created_at, f.name, f.mime_type, f.size
		FROM record_certifications c
		JOIN record_items i ON i.library_id = c.library_id AND i.id = c.item_id
		JOIN staff s ON s.library_id = i.library_id AND s.id = i.staff_id
		LEFT JOIN record_files f ON f.library_id = c.library_id AND f.item_id = c.item_id
		WHERE c.library_id = ?`
	args := []any{f.libraryID}
	if f.staffID != 0 {
		query += ` AND i.staff_id = ?`
		args = append(args, f.staffID)
	} else {
		query += ` AND s.active = ?`
		args = append(args, true)
	}
	if f.expiresFrom != "" {
		query += ` AND c.expires_on >= ? AND c.expires_on <= ? ORDER BY c.expires_on, s.name, c.item_id`
		args = append(args, string(f.expiresFrom), string(f.expiresTo))
	} else {
		query += ` ORDER BY c.issued_on DESC, c.item_id DESC`
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Certification{}
	for rows.Next() {
		var x Certification
		var issued, expires string
		var fname, fmime sql.NullString
		var fsize sql.NullInt64
		if err := rows.Scan(&x.ID, &x.LibraryID, &x.StaffID, &x.StaffName, &x.Name, &x.Issuer, &x.Number, &issued, &expires,
			&x.EvidenceURL, &x.CreatedAt, &fname, &fmime, &fsize); err != nil {
			return nil, apperr.InternalError(err)
		}
		x.Issued, x.Expires = Date(issued), Date(expires)
		if fname.Valid {
			x.File = &FileInfo{Name: fname.String, MIME: fmime.String, Size: fsize.Int64}
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

func publications(ctx context.Context, q db.Querier, libraryID, staffID int64) ([]Publication, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.item_id, p.library_id, i.staff_id, p.title, p.venue, p.year, p.type, p.url, i.created_at
		FROM record_publications p JOIN record_items i ON i.library_id = p.library_id AND i.id = p.item_id
		WHERE p.library_id = ? AND i.staff_id = ? ORDER BY p.year DESC, p.item_id DESC`, libraryID, staffID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Publication{}
	for rows.Next() {
		var x Publication
		if err := rows.Scan(&x.ID, &x.LibraryID, &x.StaffID, &x.Title, &x.Venue, &x.Year, &x.Type, &x.URL, &x.CreatedAt); err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

func conferences(ctx context.Context, q db.Querier, libraryID, staffID int64) ([]Conference, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.item_id, c.library_id, i.staff_id, c.name, c.role, c.place, c.held_on, i.created_at
		FROM record_conferences c JOIN record_items i ON i.library_id = c.library_id AND i.id = c.item_id
		WHERE c.library_id = ? AND i.staff_id = ? ORDER BY c.held_on DESC, c.item_id DESC`, libraryID, staffID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Conference{}
	for rows.Next() {
		var x Conference
		var d string
		if err := rows.Scan(&x.ID, &x.LibraryID, &x.StaffID, &x.Name, &x.Role, &x.Place, &d, &x.CreatedAt); err != nil {
			return nil, apperr.InternalError(err)
		}
		x.Date = Date(d)
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

func memberships(ctx context.Context, q db.Querier, libraryID, staffID int64) ([]Membership, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.item_id, m.library_id, i.staff_id, m.association, m.number, m.since_on, COALESCE(m.until_on, ''), i.created_at
		FROM record_memberships m JOIN record_items i ON i.library_id = m.library_id AND i.id = m.item_id
		WHERE m.library_id = ? AND i.staff_id = ? ORDER BY m.since_on DESC, m.item_id DESC`, libraryID, staffID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Membership{}
	for rows.Next() {
		var x Membership
		var since, until string
		if err := rows.Scan(&x.ID, &x.LibraryID, &x.StaffID, &x.Association, &x.Number, &since, &until, &x.CreatedAt); err != nil {
			return nil, apperr.InternalError(err)
		}
		x.Since, x.Until = Date(since), Date(until)
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

func ratings(ctx context.Context, q db.Querier, libraryID, staffID int64) ([]Rating, error) {
	rows, err := q.QueryContext(ctx, `SELECT item_id, library_id, staff_id, year, rating, jenjang FROM record_ratings
		WHERE library_id = ? AND staff_id = ? ORDER BY year`, libraryID, staffID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Rating{}
	for rows.Next() {
		var x Rating
		if err := rows.Scan(&x.ID, &x.LibraryID, &x.StaffID, &x.Year, &x.Rating, &x.Jenjang); err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}
