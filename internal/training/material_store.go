package training

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/upload"
)

// The content column is never in a list: only MaterialFile reads it.
const materialCols = `m.id, m.library_id, m.program_id, COALESCE(p.title, ''), m.competency_id, COALESCE(c.code, ''), COALESCE(c.title, ''),
	m.title, m.description, m.kind, m.url, m.file_name, m.mime_type, m.size, m.sha256, m.uploaded_by, COALESCE(u.name, ''), m.created_at`

const materialFrom = ` FROM training_materials m
	LEFT JOIN training_programs p ON p.library_id = m.library_id AND p.id = m.program_id
	LEFT JOIN competencies c ON c.library_id = m.library_id AND c.id = m.competency_id
	LEFT JOIN users u ON u.id = m.uploaded_by`

func scanMaterial(row interface{ Scan(...any) error }, extra ...any) (Material, error) {
	var m Material
	dest := []any{&m.ID, &m.LibraryID, &m.ProgramID, &m.ProgramTitle, &m.CompetencyID, &m.CompetencyCode, &m.CompetencyTitle,
		&m.Title, &m.Description, &m.Kind, &m.URL, &m.FileName, &m.MIME, &m.Size, &m.SHA256, &m.UploadedBy, &m.UploaderName, &m.CreatedAt}
	err := row.Scan(append(dest, extra...)...)
	return m, err
}

// Materials lists the library's materials, newest first, searched and
// filtered, one page at a time. Every member who sees training may browse.
func (s *Service) Materials(ctx context.Context, actor *auth.Actor, f MaterialFilter) (MaterialPage, error) {
	if err := actor.Require(auth.PermTrainingView, f.LibraryID); err != nil {
		return MaterialPage{}, err
	}
	if f.PerPage <= 0 {
		f.PerPage = 25
	} else if f.PerPage > 100 {
		f.PerPage = 100
	}
	if f.Page < 1 {
		f.Page = 1
	}
	where := ` WHERE m.library_id = ?`
	args := []any{f.LibraryID}
	if q := strings.TrimSpace(f.Query); q != "" {
		where += ` AND (LOWER(m.title) LIKE ? ESCAPE '\' OR LOWER(m.description) LIKE ? ESCAPE '\')`
		args = append(args, db.LikePattern(q), db.LikePattern(q))
	}
	if f.ProgramID != 0 {
		where += ` AND m.program_id = ?`
		args = append(args, f.ProgramID)
	}
	if f.CompetencyID != 0 {
		where += ` AND m.competency_id = ?`
		args = append(args, f.CompetencyID)
	}
	if f.Kind != "" {
		if !oneOf(f.Kind, MaterialKinds) {
			var v apperr.Validation
			v.Add("kind", "training.bad_material_kind", nil)
			return MaterialPage{}, v.Err()
		}
		where += ` AND m.kind = ?`
		args = append(args, f.Kind)
	}
	q := s.DB.Reader()
	p := MaterialPage{Page: f.Page, PerPage: f.PerPage, Items: []Material{}}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_materials m`+where, args...).Scan(&p.Total); err != nil {
		return MaterialPage{}, apperr.InternalError(err)
	}
	p.Pages = max(1, (p.Total+p.PerPage-1)/p.PerPage)
	rows, err := q.QueryContext(ctx, `SELECT `+materialCols+materialFrom+where+` ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?`,
		append(args, p.PerPage, (p.Page-1)*p.PerPage)...)
	if err != nil {
		return MaterialPage{}, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMaterial(rows)
		if err != nil {
			return MaterialPage{}, apperr.InternalError(err)
		}
		p.Items = append(p.Items, m)
	}
	if err := rows.Err(); err != nil {
		return MaterialPage{}, apperr.InternalError(err)
	}
	return p, nil
}

func findMaterial(ctx context.Context, q db.Querier, libraryID, id int64) (Material, error) {
	m, err := scanMaterial(q.QueryRowContext(ctx, `SELECT `+materialCols+materialFrom+` WHERE m.library_id = ? AND m.id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Material{}, apperr.NotFoundError("training_material")
	}
	if err != nil {
		return Material{}, apperr.InternalError(err)
	}
	return m, nil
}

// Material returns one material of the library (without its content).
func (s *Service) Material(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Material, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return Material{}, err
	}
	return findMaterial(ctx, s.DB.Reader(), libraryID, id)
}

// MaterialFile returns a stored file with its bytes, for download; a link
// has no file (not found).
func (s *Service) MaterialFile(ctx context.Context, actor *auth.Actor, libraryID, id int64) (MaterialContent, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return MaterialContent{}, err
	}
	var out MaterialContent
	m, err := scanMaterial(s.DB.Reader().QueryRowContext(ctx, `SELECT `+materialCols+`, m.content`+materialFrom+`
		WHERE m.library_id = ? AND m.id = ? AND m.kind = ?`, libraryID, id, MaterialFile), &out.Content)
	if errors.Is(err, sql.ErrNoRows) {
		return MaterialContent{}, apperr.NotFoundError("training_material")
	}
	if err != nil {
		return MaterialContent{}, apperr.InternalError(err)
	}
	out.Material = m
	return out, nil
}

// AddMaterial adds a file or a link to a programme (in.ProgramID) or as a
// stand-alone reference. A programme's material may be tagged with one of
// the programme's target competencies, a stand-alone one with any
// competency of a published framework version. Everything is checked
// before anything is written: a refused file saves nothing.
func (s *Service) AddMaterial(ctx context.Context, actor *auth.Actor, in MaterialInput) (Material, error) {
	if err := actor.Require(auth.PermTrainingManage, in.LibraryID); err != nil {
		return Material{}, err
	}
	if in.ProgramID < 0 || in.CompetencyID < 0 {
		return Material{}, apperr.NotFoundError("training_program")
	}
	var c checker
	m := checkMaterial(in, &c)
	var out Material
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var allowed []int64
		if m.ProgramID != 0 {
			p, err := findProgram(ctx, tx, m.LibraryID, m.ProgramID)
			if err != nil {
				return err
			}
			allowed = p.CompetencyIDs()
		} else if m.CompetencyID != 0 {
			choices, err := competencyChoices(ctx, tx, m.LibraryID)
			if err != nil {
				return err
			}
			for _, ch := range choices {
				allowed = append(allowed, ch.ID)
			}
		}
		if m.CompetencyID != 0 && !containsID(allowed, m.CompetencyID) {
			c.Add("competency_id", "training.bad_material_competency", nil)
		}
		if err := c.Err(); err != nil {
			return err
		}
		now := s.now()
		var content any // NULL for a link
		var size int64
		var sum string
		if m.kind == MaterialFile {
			content, size, sum = m.File.Content, int64(len(m.File.Content)), upload.SHA256(m.File.Content)
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO training_materials (library_id, program_id, competency_id, title, description, kind, url,
			file_name, mime_type, size, sha256, uploaded_by, created_at, content)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.LibraryID, nullID(m.ProgramID), nullID(m.CompetencyID),
			m.Title, m.Description, m.kind, m.URL, m.fileName, m.mime, size, sum, userOrNil(actor), now, content).Scan(&id)
		if err != nil {
			return apperr.InternalError(err)
		}
		if out, err = findMaterial(ctx, tx, m.LibraryID, id); err != nil {
			return err
		}
		changes := audit.Changes{"kind": {"", out.Kind}}
		if out.IsFile() {
			changes["file"] = [2]string{"", out.FileName + " (" + out.MIME + ", " + strconv.FormatInt(out.Size, 10) + " B)"}
		} else {
			changes["url"] = [2]string{"", out.URL}
		}
		if out.ProgramID != nil {
			changes["program"] = [2]string{"", out.ProgramTitle}
		}
		return recordAudit(ctx, tx, actor, m.LibraryID, "training.material_add", "training_material", id, out.Title, changes, now)
	})
	if err != nil {
		return Material{}, err
	}
	return out, nil
}

// DeleteMaterial removes a material, file and all, and returns what it was
// (the page goes back to its programme or to the reference library).
func (s *Service) DeleteMaterial(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Material, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return Material{}, err
	}
	var out Material
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if out, err = findMaterial(ctx, tx, libraryID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM training_materials WHERE library_id = ? AND id = ?`, libraryID, id); err != nil {
			return apperr.InternalError(err)
		}
		changes := audit.Changes{"kind": {out.Kind, ""}}
		if out.IsFile() {
			changes["file"] = [2]string{out.FileName, ""}
		} else {
			changes["url"] = [2]string{out.URL, ""}
		}
		return recordAudit(ctx, tx, actor, libraryID, "training.material_delete", "training_material", id, out.Title, changes, s.now())
	})
	if err != nil {
		return Material{}, err
	}
	return out, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
