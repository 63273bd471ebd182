package training

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
)

// needRule suggests the competencies a source points at: those of the
// current framework whose title contains one of the words or whose code
// starts with one of the prefixes.
type needRule struct {
	kind, key string
	words     []string
	prefixes  []string
}

// needRules are the suggested defaults (docs/training-needs.md).
var needRules = []needRule{
	{SourceIKMElement, "U6", []string{"komunikasi efektif", "customer service", "layanan referensi"}, nil},
	{SourceIKMElement, "U7", []string{"pelayanan prima", "etika"}, nil},
	{SourceComplaintCategory, "layanan_petugas", []string{"pelayanan prima"}, nil},
	{SourceComplaintCategory, "layanan_digital", []string{"teknologi informasi", "tik"}, []string{"TI."}},
}

// ValidNeedSource reports whether kind/key names an IKM element or a
// complaint category.
func ValidNeedSource(kind, key string) bool {
	switch kind {
	case SourceIKMElement:
		for _, e := range ikm.Elements {
			if e.Code == key {
				return true
			}
		}
	case SourceComplaintCategory:
		return slices.Contains(ComplaintCategories, key)
	}
	return false
}

func needMappings(ctx context.Context, q db.Querier, libraryID int64) ([]NeedMapping, error) {
	var out []NeedMapping
	err := eachRow(ctx, q, `SELECT m.source_kind, m.source_key, m.competency_id, c.code, c.title FROM training_need_mappings m
		JOIN competencies c ON c.library_id = m.library_id AND c.id = m.competency_id
		WHERE m.library_id = ? ORDER BY m.source_kind DESC, m.source_key, c.code`, []any{libraryID}, func(r *sql.Rows) error {
		var m NeedMapping
		if err := r.Scan(&m.SourceKind, &m.SourceKey, &m.CompetencyID, &m.Code, &m.Title); err != nil {
			return err
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

// NeedMappings lists the library's mappings.
func (s *Service) NeedMappings(ctx context.Context, actor *auth.Actor, libraryID int64) ([]NeedMapping, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return nil, err
	}
	return needMappings(ctx, s.DB.Reader(), libraryID)
}

// currentCompetencies lists the units and sub-units of the newest published
// version of each of the library's frameworks.
func currentCompetencies(ctx context.Context, q db.Querier, libraryID int64) ([]Target, error) {
	var out []Target
	err := eachRow(ctx, q, `SELECT c.id, c.code, c.title FROM competencies c
		JOIN framework_versions v ON v.library_id = c.library_id AND v.id = c.version_id
		WHERE c.library_id = ? AND c.kind <> 'key_function' AND v.status = 'published'
		AND v.number = (SELECT MAX(v2.number) FROM framework_versions v2
			WHERE v2.library_id = v.library_id AND v2.framework_id = v.framework_id AND v2.status = 'published')
		ORDER BY v.framework_id, c.sort, c.id`, []any{libraryID}, func(r *sql.Rows) error {
		var t Target
		if err := r.Scan(&t.ID, &t.Code, &t.Title); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// NeedCompetencies lists the competencies a mapping may name.
func (s *Service) NeedCompetencies(ctx context.Context, actor *auth.Actor, libraryID int64) ([]Target, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return nil, err
	}
	return currentCompetencies(ctx, s.DB.Reader(), libraryID)
}

// SuggestedNeedMappings matches the default rules against the current
// framework and leaves out what the library already has.
func (s *Service) SuggestedNeedMappings(ctx context.Context, actor *auth.Actor, libraryID int64) ([]NeedMapping, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return nil, err
	}
	return suggestedMappings(ctx, s.DB.Reader(), libraryID)
}

func suggestedMappings(ctx context.Context, q db.Querier, libraryID int64) ([]NeedMapping, error) {
	comps, err := currentCompetencies(ctx, q, libraryID)
	if err != nil {
		return nil, err
	}
	have, err := needMappings(ctx, q, libraryID)
	if err != nil {
		return nil, err
	}
	type k struct {
		kind, key string
		id        int64
	}
	seen := map[k]bool{}
	for _, m := range have {
		seen[k{m.SourceKind, m.SourceKey, m.CompetencyID}] = true
	}
	var out []NeedMapping
	for _, r := range needRules {
		for _, c := range comps {
			title := " " + strings.ToLower(c.Title) + " "
			hit := false
			for _, w := range r.words {
				if strings.Contains(title, " "+w) {
					hit = true
				}
			}
			for _, p := range r.prefixes {
				if strings.HasPrefix(c.Code, p) {
					hit = true
				}
			}
			if hit && !seen[k{r.kind, r.key, c.ID}] {
				seen[k{r.kind, r.key, c.ID}] = true
				out = append(out, NeedMapping{SourceKind: r.kind, SourceKey: r.key, CompetencyID: c.ID, Code: c.Code, Title: c.Title})
			}
		}
	}
	return out, nil
}

// AddNeedMapping maps a source to a competency of the library's current
// framework; adding one that exists changes nothing.
func (s *Service) AddNeedMapping(ctx context.Context, actor *auth.Actor, libraryID int64, kind, key string, competencyID int64) error {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return err
	}
	var v apperr.Validation
	if !ValidNeedSource(kind, key) {
		v.Add("source", "training.need_bad_source", nil)
	}
	if competencyID <= 0 {
		v.Add("competency_id", "field.required", nil)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		return s.addMapping(ctx, tx, actor, libraryID, NeedMapping{SourceKind: kind, SourceKey: key, CompetencyID: competencyID})
	})
}

func (s *Service) addMapping(ctx context.Context, tx *db.Tx, actor *auth.Actor, libraryID int64, m NeedMapping) error {
	var code string
	err := tx.QueryRowContext(ctx, `SELECT c.code FROM competencies c JOIN framework_versions v ON v.library_id = c.library_id AND v.id = c.version_id
		WHERE c.library_id = ? AND c.id = ? AND v.status = 'published'`, libraryID, m.CompetencyID).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		var v apperr.Validation
		v.Add("competency_id", "training.bad_competency", nil)
		return v.Err()
	}
	if err != nil {
		return apperr.InternalError(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_need_mappings WHERE library_id = ? AND source_kind = ? AND source_key = ? AND competency_id = ?`,
		libraryID, m.SourceKind, m.SourceKey, m.CompetencyID).Scan(&n); err != nil {
		return apperr.InternalError(err)
	}
	if n > 0 {
		return nil
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO training_need_mappings (library_id, source_kind, source_key, competency_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		libraryID, m.SourceKind, m.SourceKey, m.CompetencyID, now); err != nil {
		return apperr.InternalError(err)
	}
	return recordAudit(ctx, tx, actor, libraryID, "training.need_map", "competency", m.CompetencyID, m.SourceKey+" → "+code,
		audit.Changes{"source": {"", m.SourceKind + ":" + m.SourceKey}}, now)
}

// RemoveNeedMapping deletes a mapping (absent: nothing happens).
func (s *Service) RemoveNeedMapping(ctx context.Context, actor *auth.Actor, libraryID int64, kind, key string, competencyID int64) error {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM training_need_mappings WHERE library_id = ? AND source_kind = ? AND source_key = ? AND competency_id = ?`,
			libraryID, kind, key, competencyID)
		if err != nil {
			return apperr.InternalError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return recordAudit(ctx, tx, actor, libraryID, "training.need_unmap", "competency", competencyID, key,
			audit.Changes{"source": {kind + ":" + key, ""}}, s.now())
	})
}

// ApplySuggestedNeedMappings adds every suggestion and returns how many.
func (s *Service) ApplySuggestedNeedMappings(ctx context.Context, actor *auth.Actor, libraryID int64) (int, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return 0, err
	}
	var n int
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		sug, err := suggestedMappings(ctx, tx, libraryID)
		if err != nil {
			return err
		}
		for _, m := range sug {
			if err := s.addMapping(ctx, tx, actor, libraryID, m); err != nil {
				return err
			}
		}
		n = len(sug)
		return nil
	})
	return n, err
}
