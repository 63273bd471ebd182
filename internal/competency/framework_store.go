package competency

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

const frameworkCols = `id, library_id, name, description, source, created_at, updated_at`

func scanFramework(row interface{ Scan(...any) error }) (Framework, error) {
	var f Framework
	err := row.Scan(&f.ID, &f.LibraryID, &f.Name, &f.Description, &f.Source, &f.CreatedAt, &f.UpdatedAt)
	return f, err
}

const versionCols = `id, library_id, framework_id, number, status, note, competent_level, created_at, published_at, retired_at`

func scanVersion(row interface{ Scan(...any) error }) (Version, error) {
	var v Version
	err := row.Scan(&v.ID, &v.LibraryID, &v.FrameworkID, &v.Number, &v.Status, &v.Note, &v.CompetentLevel, &v.CreatedAt, &v.PublishedAt, &v.RetiredAt)
	return v, err
}

// Frameworks lists a library's frameworks by name, each with its current
// and draft version.
func (s *Service) Frameworks(ctx context.Context, actor *auth.Actor, libraryID int64) ([]Framework, error) {
	if err := actor.Require(auth.PermCompetencyView, libraryID); err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	rows, err := q.QueryContext(ctx, `SELECT `+frameworkCols+` FROM frameworks WHERE library_id = ? ORDER BY name, id`, libraryID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	var out []Framework
	for rows.Next() {
		f, err := scanFramework(rows)
		if err != nil {
			rows.Close()
			return nil, apperr.InternalError(err)
		}
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	if err := attachVersions(ctx, q, libraryID, out); err != nil {
		return nil, err
	}
	return out, nil
}

// attachVersions fills Current and Draft of each framework in one query.
func attachVersions(ctx context.Context, q db.Querier, libraryID int64, fs []Framework) error {
	if len(fs) == 0 {
		return nil
	}
	idx := map[int64]int{}
	for i, f := range fs {
		idx[f.ID] = i
	}
	rows, err := q.QueryContext(ctx, `SELECT `+versionCols+` FROM framework_versions
		WHERE library_id = ? AND status IN ('draft', 'published')`, libraryID)
	if err != nil {
		return apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return apperr.InternalError(err)
		}
		i, ok := idx[v.FrameworkID]
		if !ok {
			continue
		}
		info := &VersionInfo{ID: v.ID, Number: v.Number, PublishedAt: v.PublishedAt}
		if v.Status == StatusDraft {
			fs[i].Draft = info
		} else {
			fs[i].Current = info
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// Framework returns one framework of the library with its current and draft version.
func (s *Service) Framework(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Framework, error) {
	if err := actor.Require(auth.PermCompetencyView, libraryID); err != nil {
		return Framework{}, err
	}
	return findFramework(ctx, s.DB.Reader(), libraryID, id)
}

func findFramework(ctx context.Context, q db.Querier, libraryID, id int64) (Framework, error) {
	f, err := scanFramework(q.QueryRowContext(ctx, `SELECT `+frameworkCols+` FROM frameworks WHERE library_id = ? AND id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Framework{}, apperr.NotFoundError("framework")
	}
	if err != nil {
		return Framework{}, apperr.InternalError(err)
	}
	fs := []Framework{f}
	if err := attachVersions(ctx, q, libraryID, fs); err != nil {
		return Framework{}, err
	}
	return fs[0], nil
}

// Versions lists a framework's versions, newest first.
func (s *Service) Versions(ctx context.Context, actor *auth.Actor, libraryID, frameworkID int64) ([]Version, error) {
	if err := actor.Require(auth.PermCompetencyView, libraryID); err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	if _, err := findFramework(ctx, q, libraryID, frameworkID); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+versionCols+` FROM framework_versions
		WHERE library_id = ? AND framework_id = ? ORDER BY number DESC`, libraryID, frameworkID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func findVersion(ctx context.Context, q db.Querier, libraryID, id int64) (Version, error) {
	v, err := scanVersion(q.QueryRowContext(ctx, `SELECT `+versionCols+` FROM framework_versions WHERE library_id = ? AND id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, apperr.NotFoundError("framework_version")
	}
	if err != nil {
		return Version{}, apperr.InternalError(err)
	}
	return v, nil
}

// versionWithStatus finds a framework's draft or published version; ok is
// false when it has none.
func versionWithStatus(ctx context.Context, q db.Querier, libraryID, frameworkID int64, status string) (Version, bool, error) {
	v, err := scanVersion(q.QueryRowContext(ctx, `SELECT `+versionCols+` FROM framework_versions
		WHERE library_id = ? AND framework_id = ? AND status = ?`, libraryID, frameworkID, status))
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, false, nil
	}
	if err != nil {
		return Version{}, false, apperr.InternalError(err)
	}
	return v, true, nil
}

// Version returns one version with its whole tree and scale, whatever its
// status: an assessment made against a retired version still reads it.
func (s *Service) Version(ctx context.Context, actor *auth.Actor, libraryID, versionID int64) (Tree, error) {
	if err := actor.Require(auth.PermCompetencyView, libraryID); err != nil {
		return Tree{}, err
	}
	return loadTree(ctx, s.DB.Reader(), libraryID, versionID)
}

// CurrentVersion returns the framework's published version with its tree;
// not found when nothing has been published yet.
func (s *Service) CurrentVersion(ctx context.Context, actor *auth.Actor, libraryID, frameworkID int64) (Tree, error) {
	if err := actor.Require(auth.PermCompetencyView, libraryID); err != nil {
		return Tree{}, err
	}
	q := s.DB.Reader()
	if _, err := findFramework(ctx, q, libraryID, frameworkID); err != nil {
		return Tree{}, err
	}
	v, ok, err := versionWithStatus(ctx, q, libraryID, frameworkID, StatusPublished)
	if err != nil {
		return Tree{}, err
	}
	if !ok {
		return Tree{}, apperr.New(apperr.NotFound, "competency.no_published_version", nil)
	}
	return loadTree(ctx, q, libraryID, v.ID)
}

// Competency returns one competency of the library with its indicators.
func (s *Service) Competency(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Competency, error) {
	if err := actor.Require(auth.PermCompetencyView, libraryID); err != nil {
		return Competency{}, err
	}
	return findCompetency(ctx, s.DB.Reader(), libraryID, id)
}

const competencyCols = `id, library_id, version_id, parent_id, origin_id, code, kind, title, description, sort`

func scanCompetency(row interface{ Scan(...any) error }) (Competency, error) {
	var c Competency
	err := row.Scan(&c.ID, &c.LibraryID, &c.VersionID, &c.ParentID, &c.OriginID, &c.Code, &c.Kind, &c.Title, &c.Description, &c.Sort)
	return c, err
}

func findCompetency(ctx context.Context, q db.Querier, libraryID, id int64) (Competency, error) {
	c, err := scanCompetency(q.QueryRowContext(ctx, `SELECT `+competencyCols+` FROM competencies WHERE library_id = ? AND id = ?`, libraryID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Competency{}, apperr.NotFoundError("competency")
	}
	if err != nil {
		return Competency{}, apperr.InternalError(err)
	}
	rows, err := q.QueryContext(ctx, `SELECT text FROM competency_indicators WHERE library_id = ? AND competency_id = ? ORDER BY sort, id`, libraryID, id)
	if err != nil {
		return Competency{}, apperr.InternalError(err)
	}
	defer rows.Close()
	c.Indicators = []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return Competency{}, apperr.InternalError(err)
		}
		c.Indicators = append(c.Indicators, t)
	}
	return c, rows.Err()
}

// loadTree reads a version: framework, scale, competencies and indicators.
func loadTree(ctx context.Context, q db.Querier, libraryID, versionID int64) (Tree, error) {
	v, err := findVersion(ctx, q, libraryID, versionID)
	if err != nil {
		return Tree{}, err
	}
	f, err := findFramework(ctx, q, libraryID, v.FrameworkID)
	if err != nil {
		return Tree{}, err
	}
	sc, err := loadScale(ctx, q, libraryID, v)
	if err != nil {
		return Tree{}, err
	}
	t := Tree{Framework: f, Version: v, Scale: sc, Roots: []*Competency{}, byID: map[int64]*Competency{}}
	rows, err := q.QueryContext(ctx, `SELECT `+competencyCols+` FROM competencies WHERE library_id = ? AND version_id = ? ORDER BY sort, id`, libraryID, versionID)
	if err != nil {
		return Tree{}, apperr.InternalError(err)
	}
	var flat []*Competency
	for rows.Next() {
		c, err := scanCompetency(rows)
		if err != nil {
			rows.Close()
			return Tree{}, apperr.InternalError(err)
		}
		c.Indicators = []string{}
		flat = append(flat, &c)
		t.byID[c.ID] = &c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Tree{}, apperr.InternalError(err)
	}
	rows, err = q.QueryContext(ctx, `SELECT i.competency_id, i.text FROM competency_indicators i
		JOIN competencies c ON c.library_id = i.library_id AND c.id = i.competency_id
		WHERE c.library_id = ? AND c.version_id = ? ORDER BY i.competency_id, i.sort, i.id`, libraryID, versionID)
	if err != nil {
		return Tree{}, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return Tree{}, apperr.InternalError(err)
		}
		if c := t.byID[id]; c != nil {
			c.Indicators = append(c.Indicators, text)
		}
	}
	if err := rows.Err(); err != nil {
		return Tree{}, apperr.InternalError(err)
	}
	for _, c := range flat {
		if c.ParentID == nil {
			t.Roots = append(t.Roots, c)
		} else if p := t.byID[*c.ParentID]; p != nil {
			p.Children = append(p.Children, c)
		}
	}
	var walk func(cs []*Competency)
	walk = func(cs []*Competency) {
		for _, c := range cs {
			t.all = append(t.all, c)
			walk(c.Children)
		}
	}
	walk(t.Roots)
	return t, nil
}

// CreateFramework adds an empty framework with a draft version 1 on the
// default scale, ready to be filled by hand.
func (s *Service) CreateFramework(ctx context.Context, actor *auth.Actor, f Framework) (Framework, error) {
	if err := actor.Require(auth.PermCompetencyManage, f.LibraryID); err != nil {
		return Framework{}, err
	}
	f.Normalize()
	if err := f.Validate(); err != nil {
		return Framework{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		created, err := insertFramework(ctx, tx, f)
		if err != nil {
			return err
		}
		if _, err := newVersion(ctx, tx, f.LibraryID, created.ID, DefaultScale()); err != nil {
			return err
		}
		f = created
		return audit.Record(ctx, tx, actor, f.LibraryID, "framework.create", "framework", f.ID, f.Name, nil)
	})
	if err != nil {
		return Framework{}, err
	}
	return s.Framework(ctx, actor, f.LibraryID, f.ID)
}

func insertFramework(ctx context.Context, tx *db.Tx, f Framework) (Framework, error) {
	now := db.Now()
	f.CreatedAt, f.UpdatedAt = now, now
	err := tx.QueryRowContext(ctx, `INSERT INTO frameworks (library_id, name, description, source, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, f.LibraryID, f.Name, f.Description, f.Source, now, now).Scan(&f.ID)
	if db.IsUniqueViolation(err) {
		return Framework{}, conflictOn("name")
	}
	if err != nil {
		return Framework{}, apperr.InternalError(err)
	}
	return f, nil
}

// UpdateFramework renames a framework or changes its description. These are
// labels, not content, so they are not versioned.
func (s *Service) UpdateFramework(ctx context.Context, actor *auth.Actor, f Framework) (Framework, error) {
	if err := actor.Require(auth.PermCompetencyManage, f.LibraryID); err != nil {
		return Framework{}, err
	}
	f.Normalize()
	if err := f.Validate(); err != nil {
		return Framework{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findFramework(ctx, tx, f.LibraryID, f.ID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE frameworks SET name = ?, description = ?, updated_at = ? WHERE library_id = ? AND id = ?`,
			f.Name, f.Description, db.Now(), f.LibraryID, f.ID)
		if db.IsUniqueViolation(err) {
			return conflictOn("name")
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		c := audit.Changes{}
		c.Diff("name", old.Name, f.Name)
		c.Diff("description", old.Description, f.Description)
		return audit.Record(ctx, tx, actor, f.LibraryID, "framework.update", "framework", f.ID, f.Name, c)
	})
	if err != nil {
		return Framework{}, err
	}
	return s.Framework(ctx, actor, f.LibraryID, f.ID)
}

// newVersion adds a draft version numbered after the framework's last one.
func newVersion(ctx context.Context, tx *db.Tx, libraryID, frameworkID int64, sc Scale) (Version, error) {
	v := Version{LibraryID: libraryID, FrameworkID: frameworkID, Status: StatusDraft, CompetentLevel: sc.CompetentLevel, CreatedAt: db.Now()}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM framework_versions WHERE library_id = ? AND framework_id = ?`,
		libraryID, frameworkID).Scan(&v.Number); err != nil {
		return Version{}, apperr.InternalError(err)
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO framework_versions (library_id, framework_id, number, status, competent_level, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, libraryID, frameworkID, v.Number, StatusDraft, v.CompetentLevel, v.CreatedAt).Scan(&v.ID)
	if db.IsUniqueViolation(err) {
		// Someone else opened a draft of this framework at the same moment.
		return Version{}, apperr.New(apperr.Conflict, "competency.draft_exists", nil)
	}
	if err != nil {
		return Version{}, apperr.InternalError(err)
	}
	if err := insertScale(ctx, tx, libraryID, v.ID, sc); err != nil {
		return Version{}, err
	}
	return v, nil
}

// versionSummary names a version in the audit log: "Framework name v3".
func versionSummary(ctx context.Context, q db.Querier, libraryID int64, v Version) string {
	var name string
	_ = q.QueryRowContext(ctx, `SELECT name FROM frameworks WHERE library_id = ? AND id = ?`, libraryID, v.FrameworkID).Scan(&name)
	return fmt.Sprintf("%s v%d", name, v.Number)
}
