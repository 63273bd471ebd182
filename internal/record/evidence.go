package record

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/upload"
)

// MaxEvidenceBytes is the largest evidence file accepted: a scanned
// certificate or letter fits easily; anything bigger is usually a photo
// straight off a phone and should be scaled down.
const MaxEvidenceBytes = 5 << 20

// EvidenceTypes are the accepted evidence types, as sniffed from the content.
var EvidenceTypes = upload.Set{upload.PDF, upload.JPEG, upload.PNG}

// checkUpload validates an evidence file: the type is sniffed from the
// bytes (an HTML page or a program named "sertifikat.pdf" is refused), and
// the size is bounded. It returns the stored description.
func checkUpload(c *checker, field string, u *Upload) (FileInfo, bool) {
	if u == nil {
		return FileInfo{}, false
	}
	mime, err := upload.Check(u.Content, MaxEvidenceBytes, EvidenceTypes)
	switch {
	case errors.Is(err, upload.ErrTooLarge):
		c.Add(field, "record.evidence_too_large", apperr.Args{"MaxMB": MaxEvidenceBytes >> 20})
		return FileInfo{}, false
	case err != nil:
		c.Add(field, "record.evidence_bad_type", nil)
		return FileInfo{}, false
	}
	return FileInfo{Name: upload.SafeName(u.Name), MIME: mime, Size: int64(len(u.Content))}, true
}

func storeFile(ctx context.Context, tx *db.Tx, libraryID, itemID int64, info FileInfo, content []byte, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO record_files (item_id, library_id, name, mime_type, size, sha256, content, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, itemID, libraryID, info.Name, info.MIME, info.Size, upload.SHA256(content), content, at)
	if err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// File is a stored evidence file with its content, for download.
type File struct {
	FileInfo
	ItemID  int64
	SHA256  string
	Content []byte
}

// DownloadName is the name the file is offered under: built from the item
// and the sniffed type, so no uploaded text reaches a response header.
func (f File) DownloadName() string {
	return "bukti-" + strconv.FormatInt(f.ItemID, 10) + upload.Ext(f.MIME)
}

// Evidence returns an item's evidence file to those who may see the record.
func (s *Service) Evidence(ctx context.Context, actor *auth.Actor, libraryID, itemID int64) (File, error) {
	it, err := s.item(ctx, actor, libraryID, itemID)
	if err != nil {
		return File{}, err
	}
	f := File{ItemID: it.ID}
	err = s.DB.Reader().QueryRowContext(ctx, `SELECT name, mime_type, size, sha256, content FROM record_files
		WHERE library_id = ? AND item_id = ?`, libraryID, it.ID).Scan(&f.Name, &f.MIME, &f.Size, &f.SHA256, &f.Content)
	if errors.Is(err, sql.ErrNoRows) {
		return File{}, apperr.NotFoundError("evidence")
	}
	if err != nil {
		return File{}, apperr.InternalError(err)
	}
	return f, nil
}

// fileInfos reads the evidence descriptions of a person's items (content
// left out), by item id.
func fileInfos(ctx context.Context, q db.Querier, libraryID, staffID int64) (map[int64]*FileInfo, error) {
	rows, err := q.QueryContext(ctx, `SELECT f.item_id, f.name, f.mime_type, f.size FROM record_files f
		JOIN record_items i ON i.library_id = f.library_id AND i.id = f.item_id
		WHERE f.library_id = ? AND i.staff_id = ?`, libraryID, staffID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := map[int64]*FileInfo{}
	for rows.Next() {
		var id int64
		var fi FileInfo
		if err := rows.Scan(&id, &fi.Name, &fi.MIME, &fi.Size); err != nil {
			return nil, apperr.InternalError(err)
		}
		out[id] = &fi
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}
