package competency

import (
	"bytes"
	"context"
	_ "embed"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// The default framework is data, in the import format, so that it passes
// the same checks as any imported file and can be edited without touching
// code: the key functions of SKKNI Bidang Perpustakaan (Kepmenaker
// 236/2019) with their usual units, plus the soft skills the libraries name.
// Codes follow a simplified scheme (PK, PK.01, PK.01.02), not the official
// SKKNI unit codes; see docs/competency.md.
//
//go:embed default/framework.csv
var defaultCSV []byte

// The default framework's name and description as installed.
const (
	DefaultFrameworkName        = "Kompetensi Pustakawan (SKKNI Bidang Perpustakaan)"
	DefaultFrameworkDescription = "Kerangka bawaan Bina Pustaka: fungsi kunci SKKNI Bidang Perpustakaan (Kepmenaker 236/2019) dengan unit-unit yang lazim, ditambah kompetensi umum (soft skills): komunikasi, pelayanan prima, literasi informasi, kepemimpinan, penelitian, etika profesi dan kerja sama tim. Kode disederhanakan (PK.01, PK.01.02), bukan kode unit resmi SKKNI."
	defaultPublishNote          = "Dipasang dari kerangka bawaan."
)

// DefaultRows returns the shipped framework as import rows.
func DefaultRows() ([]ImportRow, error) { return ParseFrameworkCSV(bytes.NewReader(defaultCSV)) }

// DefaultCSV returns the shipped framework file, for download.
func DefaultCSV() []byte { return append([]byte(nil), defaultCSV...) }

// InstallDefault copies the shipped framework into the library as a new
// framework whose version 1 is published at once, on the default scale.
func (s *Service) InstallDefault(ctx context.Context, actor *auth.Actor, libraryID int64) (Framework, error) {
	if err := actor.Require(auth.PermCompetencyManage, libraryID); err != nil {
		return Framework{}, err
	}
	rows, err := DefaultRows()
	if err != nil {
		return Framework{}, apperr.InternalError(err) // the shipped file is checked by a test
	}
	var fid int64
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM libraries WHERE id = ?`, libraryID).Scan(&n); err != nil {
			return apperr.InternalError(err)
		}
		if n == 0 {
			return apperr.NotFoundError("library")
		}
		v, err := importNew(ctx, tx, libraryID, ImportTarget{Name: DefaultFrameworkName, Description: DefaultFrameworkDescription}, rows, SourceDefault)
		if apperr.CodeOf(err) == apperr.Conflict {
			return apperr.New(apperr.Conflict, "competency.default_installed", apperr.Args{"Name": DefaultFrameworkName})
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE framework_versions SET status = ?, published_at = ?, note = ? WHERE library_id = ? AND id = ?`,
			StatusPublished, db.Now(), defaultPublishNote, libraryID, v.ID); err != nil {
			return apperr.InternalError(err)
		}
		fid = v.FrameworkID
		return audit.Record(ctx, tx, actor, libraryID, "framework.install_default", "framework", fid, DefaultFrameworkName, nil)
	})
	if err != nil {
		return Framework{}, err
	}
	return s.Framework(ctx, actor, libraryID, fid)
}
