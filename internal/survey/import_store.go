package survey

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// MaxImportBytes bounds an uploaded survey file.
const MaxImportBytes = 10 << 20

// ImportUploadTTL is how long an uploaded file waits for its columns to be
// confirmed before housekeeping removes it.
const ImportUploadTTL = 24 * time.Hour

// importClaimTTL is how long an import may hold its upload: after it, a
// crashed import's upload can be imported again.
const importClaimTTL = 10 * time.Minute

// ImportUpload is a survey file kept between upload and import.
type ImportUpload struct {
	ID        int64
	LibraryID int64
	Filename  string
	Size      int
	CreatedAt time.Time
	Content   []byte // empty in lists
}

// ImportFile reads a survey export (CSV, or XLSX by name or content) and
// stores its responses in one transaction: every row is checked first, and
// one problem anywhere means nothing is stored.
func (s *Service) ImportFile(ctx context.Context, actor *auth.Actor, libraryID int64, filename string, content []byte, opt ImportOptions) (ImportResult, error) {
	if err := actor.Require(auth.PermSurveyManage, libraryID); err != nil {
		return ImportResult{}, err
	}
	lib, err := s.importLibrary(ctx, libraryID)
	if err != nil {
		return ImportResult{}, err
	}
	text, err := importText(filename, content)
	if err != nil {
		return ImportResult{}, err
	}
	rs, res, err := lib.readImport(text, opt)
	if err != nil {
		return ImportResult{}, err
	}
	if res.Imported, err = s.Import(ctx, actor, libraryID, rs); err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// importLibrary loads the library's zone and service points.
func (s *Service) importLibrary(ctx context.Context, libraryID int64) (importLibrary, error) {
	q := s.DB.Reader()
	var zone string
	err := q.QueryRowContext(ctx, `SELECT time_zone FROM libraries WHERE id = ?`, libraryID).Scan(&zone)
	if errors.Is(err, sql.ErrNoRows) {
		return importLibrary{}, apperr.NotFoundError("library")
	}
	if err != nil {
		return importLibrary{}, apperr.InternalError(err)
	}
	lib := importLibrary{loc: location(zone), today: dayIn(s.now(), zone)}
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM service_points WHERE library_id = ? ORDER BY name, id`, libraryID)
	if err != nil {
		return importLibrary{}, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p importPoint
		if err := rows.Scan(&p.ID, &p.Name); err != nil {
			return importLibrary{}, apperr.InternalError(err)
		}
		lib.points = append(lib.points, p)
	}
	if err := rows.Err(); err != nil {
		return importLibrary{}, apperr.InternalError(err)
	}
	return lib, nil
}

// SaveImportUpload keeps an uploaded survey file for the mapping screen.
// A file that cannot be a survey export (too large, not CSV or XLSX, no
// readable header, no row under it) is refused here, before it is kept.
func (s *Service) SaveImportUpload(ctx context.Context, actor *auth.Actor, libraryID int64, filename string, content []byte) (ImportUpload, error) {
	if err := actor.Require(auth.PermSurveyManage, libraryID); err != nil {
		return ImportUpload{}, err
	}
	if len(content) > MaxImportBytes {
		return ImportUpload{}, apperr.New(apperr.TooLarge, "import.too_large", apperr.Args{"MaxMB": MaxImportBytes >> 20})
	}
	filename = cleanFilename(filename)
	p, err := PreviewImport(filename, content)
	if err != nil {
		return ImportUpload{}, err
	}
	if len(p.Lines) == 0 {
		return ImportUpload{}, apperr.New(apperr.Invalid, "import.no_rows", nil)
	}
	u := ImportUpload{LibraryID: libraryID, Filename: filename, Size: len(content), CreatedAt: s.now()}
	var by any
	if actor.UserID != 0 {
		by = actor.UserID
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO survey_imports (library_id, created_by, filename, content, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, libraryID, by, filename, content, u.CreatedAt).Scan(&u.ID)
		if err != nil {
			return apperr.InternalError(err)
		}
		return audit.RecordAt(ctx, tx, actor, libraryID, "survey_import.upload", "survey_import", u.ID, filename, nil, u.CreatedAt)
	})
	if err != nil {
		return ImportUpload{}, err
	}
	return u, nil
}

// cleanFilename keeps the base name a browser sent, bounded, for display
// and for telling CSV from XLSX.
func cleanFilename(name string) string {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	name = strings.ToValidUTF8(name, "")
	if name == "." || name == "/" {
		name = ""
	}
	if utf8.RuneCountInString(name) > 200 {
		ext := filepath.Ext(name)
		name = string([]rune(name)[:200-utf8.RuneCountInString(ext)]) + ext
	}
	return name
}

// ImportUpload returns a kept file with its content.
func (s *Service) ImportUpload(ctx context.Context, actor *auth.Actor, libraryID, id int64) (ImportUpload, error) {
	if err := actor.Require(auth.PermSurveyManage, libraryID); err != nil {
		return ImportUpload{}, err
	}
	u := ImportUpload{ID: id, LibraryID: libraryID}
	err := s.DB.Reader().QueryRowContext(ctx, `SELECT filename, content, created_at FROM survey_imports
		WHERE library_id = ? AND id = ?`, libraryID, id).Scan(&u.Filename, &u.Content, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return ImportUpload{}, apperr.NotFoundError("survey_import")
	}
	if err != nil {
		return ImportUpload{}, apperr.InternalError(err)
	}
	u.Size = len(u.Content)
	return u, nil
}

// PendingImportUploads lists the library's kept files, newest first,
// without their content.
func (s *Service) PendingImportUploads(ctx context.Context, actor *auth.Actor, libraryID int64) ([]ImportUpload, error) {
	if err := actor.Require(auth.PermSurveyManage, libraryID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Reader().QueryContext(ctx, `SELECT id, filename, LENGTH(content), created_at FROM survey_imports
		WHERE library_id = ? ORDER BY id DESC`, libraryID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []ImportUpload
	for rows.Next() {
		u := ImportUpload{LibraryID: libraryID}
		if err := rows.Scan(&u.ID, &u.Filename, &u.Size, &u.CreatedAt); err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

// ImportFromUpload imports a kept file (see ImportFile) and removes it. A
// refused file stays, for the columns to be corrected. While one import of
// it runs, another is a conflict: a double click imports once.
func (s *Service) ImportFromUpload(ctx context.Context, actor *auth.Actor, libraryID, id int64, opt ImportOptions) (ImportResult, error) {
	u, err := s.ImportUpload(ctx, actor, libraryID, id)
	if err != nil {
		return ImportResult{}, err
	}
	now := s.now()
	n, err := s.importExec(ctx, `UPDATE survey_imports SET claimed_at = ?
		WHERE library_id = ? AND id = ? AND (claimed_at IS NULL OR claimed_at < ?)`, now, libraryID, id, now.Add(-importClaimTTL))
	if err != nil {
		return ImportResult{}, err
	}
	if n == 0 {
		return ImportResult{}, apperr.New(apperr.Conflict, "survey_import.running", nil)
	}
	out, err := s.ImportFile(ctx, actor, libraryID, u.Filename, u.Content, opt)
	// Detached: the outcome is decided, and a closed page must not leave
	// the upload claimed or, worse, importable twice.
	bg := context.WithoutCancel(ctx)
	if err != nil {
		if _, uerr := s.importExec(bg, `UPDATE survey_imports SET claimed_at = NULL WHERE library_id = ? AND id = ?`, libraryID, id); uerr != nil {
			return ImportResult{}, uerr
		}
		return ImportResult{}, err
	}
	if _, err := s.importExec(bg, `DELETE FROM survey_imports WHERE library_id = ? AND id = ?`, libraryID, id); err != nil {
		return ImportResult{}, err
	}
	return out, nil
}

// DiscardImportUpload removes a kept file without importing it.
func (s *Service) DiscardImportUpload(ctx context.Context, actor *auth.Actor, libraryID, id int64) error {
	if err := actor.Require(auth.PermSurveyManage, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `DELETE FROM survey_imports WHERE library_id = ? AND id = ? RETURNING filename`, libraryID, id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError("survey_import")
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		return audit.Record(ctx, tx, actor, libraryID, "survey_import.discard", "survey_import", id, name, nil)
	})
}

// PurgeImportUploads removes kept files uploaded before the given time, in
// every library (housekeeping), and returns how many.
func (s *Service) PurgeImportUploads(ctx context.Context, before time.Time) (int64, error) {
	return s.importExec(ctx, `DELETE FROM survey_imports WHERE created_at < ?`, before.UTC())
}

// importExec runs one statement in its own transaction and returns the rows it
// changed.
func (s *Service) importExec(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return apperr.InternalError(err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}
