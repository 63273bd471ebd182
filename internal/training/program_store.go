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
	"github.com/bina-pustaka/bina/internal/competency"
	"github.com/bina-pustaka/bina/internal/db"
)

const programCols = `id, library_id, title, type, level, jp, provider_kind, provider_name, modality, description,
	materials, self_registration, active, created_at, updated_at, certificate_validity_months`

func scanProgram(row interface{ Scan(...any) error }) (Program, error) {
	var p Program
	var materials string
	var validity sql.NullInt64
	err := row.Scan(&p.ID, &p.LibraryID, &p.Title, &p.Type, &p.Level, &p.JP, &p.ProviderKind, &p.ProviderName, &p.Modality,
		&p.Description, &materials, &p.SelfRegistration, &p.Active, &p.CreatedAt, &p.UpdatedAt, &validity)
	p.Materials = splitLines(materials)
	p.CertificateValidityMonths = intPtr(validity)
	p.Competencies = []Target{}
	return p, err
}

func splitLines(s string) []string {
	out := []string{}
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Programs lists the library's catalogue by title, with their target
// competencies; activeOnly leaves out programmes taken off the catalogue.
func (s *Service) Programs(ctx context.Context, actor *auth.Actor, libraryID int64, activeOnly bool) ([]Program, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	query := `SELECT ` + programCols + ` FROM training_programs WHERE library_id = ?`
	args := []any{libraryID}
	if activeOnly {
		query += ` AND active = ?`
		args = append(args, true)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY title, id`, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	out := []Program{}
	for rows.Next() {
		p, err := scanProgram(rows)
		if err != nil {
			rows.Close()
			return nil, apperr.InternalError(err)
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, attachTargets(ctx, q, libraryID, out)
}

// attachTargets fills each programme's competencies in one query.
func attachTargets(ctx context.Context, q db.Querier, libraryID int64, ps []Program) error {
	if len(ps) == 0 {
		return nil
	}
	idx := map[int64]int{}
	for i, p := range ps {
		idx[p.ID] = i
	}
	rows, err := q.QueryContext(ctx, `SELECT pc.program_id, c.id, c.code, c.title
		FROM training_program_competencies pc
		JOIN competencies c ON c.library_id = pc.library_id AND c.id = pc.competency_id
		WHERE pc.library_id = ? ORDER BY c.code, c.id`, libraryID)
	if err != nil {
		return apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		var t Target
		if err := rows.Scan(&pid, &t.ID, &t.Code, &t.Title); err != nil {
			return apperr.InternalError(err)
		}
		if i, ok := idx[pid]; ok {
			ps[i].Competencies = append(ps[i].Competencies, t)
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// Program returns one programme of the library.
func (s *Service) Program(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Program, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return Program{}, err
	}
	return findProgram(ctx, s.DB.Reader(), libraryID, id)
}

func findProgram(ctx context.Context, q db.Querier, libraryID, id int64) (Program, error) {
	p, err := scanProgram(q.QueryRowContext(ctx, `SELECT `+programCols+` FROM training_programs WHERE library_id = ? AND id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Program{}, apperr.NotFoundError("training_program")
	}
	if err != nil {
		return Program{}, apperr.InternalError(err)
	}
	ps := []Program{p}
	if err := attachTargets(ctx, q, libraryID, ps); err != nil {
		return Program{}, err
	}
	return ps[0], nil
}

// CompetencyChoice is a competency a programme may target: one of a
// published framework version of the library.
type CompetencyChoice struct {
	ID        int64  `json:"id"`
	Framework string `json:"framework"`
	Code      string `json:"code"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
}

// CompetencyChoices lists the competencies of the library's published
// framework versions, framework by framework in reading order.
func (s *Service) CompetencyChoices(ctx context.Context, actor *auth.Actor, libraryID int64) ([]CompetencyChoice, error) {
	if err := actor.Require(auth.PermTrainingView, libraryID); err != nil {
		return nil, err
	}
	return competencyChoices(ctx, s.DB.Reader(), libraryID)
}

func competencyChoices(ctx context.Context, q db.Querier, libraryID int64) ([]CompetencyChoice, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, f.name, c.code, c.title, c.kind
		FROM competencies c
		JOIN framework_versions v ON v.library_id = c.library_id AND v.id = c.version_id
		JOIN frameworks f ON f.library_id = v.library_id AND f.id = v.framework_id
		WHERE c.library_id = ? AND v.status = ?
		ORDER BY f.name, f.id, c.sort, c.id`, libraryID, competency.StatusPublished)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []CompetencyChoice{}
	for rows.Next() {
		var c CompetencyChoice
		if err := rows.Scan(&c.ID, &c.Framework, &c.Code, &c.Title, &c.Kind); err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	return out, nil
}

// checkTargets refuses competency ids that are not of a published version
// of the library; ids the programme already targets stay allowed after
// their version is retired.
func checkTargets(ctx context.Context, q db.Querier, c *checker, libraryID int64, ids []int64, kept []int64) error {
	if len(ids) == 0 {
		return nil
	}
	choices, err := competencyChoices(ctx, q, libraryID)
	if err != nil {
		return err
	}
	ok := map[int64]bool{}
	for _, ch := range choices {
		ok[ch.ID] = true
	}
	for _, id := range kept {
		ok[id] = true
	}
	for _, id := range ids {
		if !ok[id] {
			c.Add("competencies", "training.bad_competency", nil)
			break
		}
	}
	return nil
}

func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	out := []int64{}
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// CreateProgram adds a programme to the catalogue with its target
// competencies (ids of published framework versions).
func (s *Service) CreateProgram(ctx context.Context, actor *auth.Actor, p Program, competencyIDs []int64) (Program, error) {
	if err := actor.Require(auth.PermTrainingManage, p.LibraryID); err != nil {
		return Program{}, err
	}
	p.normalize()
	ids := uniqueIDs(competencyIDs)
	c := p.validate()
	if err := checkTargets(ctx, s.DB.Reader(), c, p.LibraryID, ids, nil); err != nil {
		return Program{}, err
	}
	if err := c.Err(); err != nil {
		return Program{}, err
	}
	var out Program
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO training_programs (library_id, title, type, level, jp, provider_kind, provider_name,
			modality, description, materials, self_registration, active, created_at, updated_at, certificate_validity_months)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.LibraryID, p.Title, p.Type, p.Level, p.JP, p.ProviderKind,
			p.ProviderName, p.Modality, p.Description, strings.Join(p.Materials, "\n"), p.SelfRegistration, true, now, now,
			nullInt(p.CertificateValidityMonths)).Scan(&id)
		if db.IsUniqueViolation(err) {
			return titleTaken()
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		if err := setTargets(ctx, tx, p.LibraryID, id, ids); err != nil {
			return err
		}
		if out, err = findProgram(ctx, tx, p.LibraryID, id); err != nil {
			return err
		}
		ch := audit.Changes{"jp": {"", strconv.Itoa(out.JP)}}
		ch.Diff("certificate_validity_months", "", passText(out.CertificateValidityMonths))
		return recordAudit(ctx, tx, actor, p.LibraryID, "training.program_create", "training_program", id, out.Title, ch, now)
	})
	return out, err
}

func titleTaken() error {
	var v apperr.Validation
	v.Add("title", "training.title_taken", nil)
	e := apperr.As(v.Err())
	e.Code = apperr.Conflict
	return e
}

func setTargets(ctx context.Context, tx *db.Tx, libraryID, programID int64, ids []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM training_program_competencies WHERE library_id = ? AND program_id = ?`, libraryID, programID); err != nil {
		return apperr.InternalError(err)
	}
	for _, cid := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_program_competencies (library_id, program_id, competency_id) VALUES (?, ?, ?)`,
			libraryID, programID, cid); err != nil {
			return apperr.InternalError(err)
		}
	}
	return nil
}

// UpdateProgram changes a programme. Its JP apply to sessions completed
// from now on; JP already credited stay as they were.
func (s *Service) UpdateProgram(ctx context.Context, actor *auth.Actor, p Program, competencyIDs []int64) (Program, error) {
	if err := actor.Require(auth.PermTrainingManage, p.LibraryID); err != nil {
		return Program{}, err
	}
	old, err := findProgram(ctx, s.DB.Reader(), p.LibraryID, p.ID)
	if err != nil {
		return Program{}, err
	}
	p.normalize()
	ids := uniqueIDs(competencyIDs)
	c := p.validate()
	if err := checkTargets(ctx, s.DB.Reader(), c, p.LibraryID, ids, old.CompetencyIDs()); err != nil {
		return Program{}, err
	}
	if err := c.Err(); err != nil {
		return Program{}, err
	}
	var out Program
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE training_programs SET title = ?, type = ?, level = ?, jp = ?, provider_kind = ?, provider_name = ?,
			modality = ?, description = ?, materials = ?, self_registration = ?, active = ?, updated_at = ?, certificate_validity_months = ?
			WHERE library_id = ? AND id = ?`, p.Title, p.Type, p.Level, p.JP, p.ProviderKind, p.ProviderName, p.Modality, p.Description,
			strings.Join(p.Materials, "\n"), p.SelfRegistration, p.Active, now, nullInt(p.CertificateValidityMonths), p.LibraryID, p.ID)
		if db.IsUniqueViolation(err) {
			return titleTaken()
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFoundError("training_program")
		}
		if err := setTargets(ctx, tx, p.LibraryID, p.ID, ids); err != nil {
			return err
		}
		if out, err = findProgram(ctx, tx, p.LibraryID, p.ID); err != nil {
			return err
		}
		ch := audit.Changes{}
		ch.Diff("title", old.Title, out.Title)
		ch.Diff("type", old.Type, out.Type)
		ch.Diff("level", old.Level, out.Level)
		ch.Diff("jp", old.JP, out.JP)
		ch.Diff("provider", old.ProviderKind+" "+old.ProviderName, out.ProviderKind+" "+out.ProviderName)
		ch.Diff("modality", old.Modality, out.Modality)
		ch.Diff("self_registration", old.SelfRegistration, out.SelfRegistration)
		ch.Diff("active", old.Active, out.Active)
		ch.Diff("competencies", targetCodes(old), targetCodes(out))
		ch.Diff("certificate_validity_months", passText(old.CertificateValidityMonths), passText(out.CertificateValidityMonths))
		return recordAudit(ctx, tx, actor, p.LibraryID, "training.program_update", "training_program", p.ID, out.Title, ch, now)
	})
	return out, err
}

func targetCodes(p Program) string {
	codes := make([]string, len(p.Competencies))
	for i, t := range p.Competencies {
		codes[i] = t.Code
	}
	return strings.Join(codes, ", ")
}
