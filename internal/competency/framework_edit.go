package competency

import (
	"context"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// AddCompetency adds a competency under parentID (nil: a key function) to a
// version. Its kind follows from its parent. On the published version the
// addition goes into the framework's draft, made now when there is none.
func (s *Service) AddCompetency(ctx context.Context, actor *auth.Actor, libraryID, versionID int64, parentID *int64, c Competency) (Competency, error) {
	if err := actor.Require(auth.PermCompetencyManage, libraryID); err != nil {
		return Competency{}, err
	}
	c.Normalize()
	if err := c.Validate(); err != nil {
		return Competency{}, err
	}
	var out Competency
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		v, err := s.writable(ctx, tx, actor, libraryID, versionID)
		if err != nil {
			return err
		}
		n := node{Code: c.Code, Kind: KindKeyFunction, Title: c.Title, Description: c.Description, Indicators: c.Indicators}
		if parentID != nil {
			p, err := findCompetency(ctx, tx, libraryID, *parentID)
			if err != nil {
				return err
			}
			if p.VersionID != versionID && p.VersionID != v.ID {
				return apperr.NotFoundError("competency")
			}
			if p, err = inDraft(ctx, tx, libraryID, v, p); err != nil {
				return err
			}
			if n.Kind = childKind(p.Kind); n.Kind == "" {
				var pv apperr.Validation
				pv.Add("parent", "competency.too_deep", nil)
				return pv.Err()
			}
			n.ParentID = &p.ID
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(sort), 0) + 1 FROM competencies WHERE library_id = ? AND version_id = ?`,
			libraryID, v.ID).Scan(&n.Sort); err != nil {
			return apperr.InternalError(err)
		}
		ids, err := insertNodes(ctx, tx, libraryID, v.ID, []node{n})
		if err != nil {
			return err
		}
		if out, err = findCompetency(ctx, tx, libraryID, ids[n.Code]); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, libraryID, "competency.create", "competency", out.ID, out.Code+" "+out.Title, nil)
	})
	return out, err
}

// UpdateCompetency changes a competency's code, title, description and
// indicators. A competency of the published version is changed in the
// draft (copy-on-write); the published version stays as it was. The
// returned competency is the one changed.
func (s *Service) UpdateCompetency(ctx context.Context, actor *auth.Actor, libraryID int64, c Competency) (Competency, error) {
	if err := actor.Require(auth.PermCompetencyManage, libraryID); err != nil {
		return Competency{}, err
	}
	c.Normalize()
	if err := c.Validate(); err != nil {
		return Competency{}, err
	}
	var out Competency
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findCompetency(ctx, tx, libraryID, c.ID)
		if err != nil {
			return err
		}
		v, err := s.writable(ctx, tx, actor, libraryID, old.VersionID)
		if err != nil {
			return err
		}
		if old, err = inDraft(ctx, tx, libraryID, v, old); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE competencies SET code = ?, title = ?, description = ? WHERE library_id = ? AND id = ?`,
			c.Code, c.Title, c.Description, libraryID, old.ID)
		if db.IsUniqueViolation(err) {
			return conflictOn("code")
		}
		if err != nil {
			return apperr.InternalError(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM competency_indicators WHERE library_id = ? AND competency_id = ?`, libraryID, old.ID); err != nil {
			return apperr.InternalError(err)
		}
		if err := insertIndicators(ctx, tx, libraryID, map[int64][]string{old.ID: c.Indicators}); err != nil {
			return err
		}
		if out, err = findCompetency(ctx, tx, libraryID, old.ID); err != nil {
			return err
		}
		ch := audit.Changes{}
		ch.Diff("code", old.Code, out.Code)
		ch.Diff("title", old.Title, out.Title)
		ch.Diff("description", old.Description, out.Description)
		ch.Diff("indicators", strings.Join(old.Indicators, " | "), strings.Join(out.Indicators, " | "))
		return audit.Record(ctx, tx, actor, libraryID, "competency.update", "competency", out.ID, out.Code+" "+out.Title, ch)
	})
	return out, err
}

// DeleteCompetency removes a competency with everything below it, and the
// position requirements on them, from a draft (copy-on-write from the
// published version, as for changes). It returns the version changed.
func (s *Service) DeleteCompetency(ctx context.Context, actor *auth.Actor, libraryID, id int64) (Version, error) {
	if err := actor.Require(auth.PermCompetencyManage, libraryID); err != nil {
		return Version{}, err
	}
	var out Version
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findCompetency(ctx, tx, libraryID, id)
		if err != nil {
			return err
		}
		v, err := s.writable(ctx, tx, actor, libraryID, old.VersionID)
		if err != nil {
			return err
		}
		if old, err = inDraft(ctx, tx, libraryID, v, old); err != nil {
			return err
		}
		t, err := loadTree(ctx, tx, libraryID, v.ID)
		if err != nil {
			return err
		}
		var gone []int64
		var collect func(c *Competency)
		collect = func(c *Competency) {
			for _, ch := range c.Children {
				collect(ch)
			}
			gone = append(gone, c.ID) // children first, so no row outlives its parent
		}
		collect(t.Find(old.ID))
		for _, cid := range gone {
			for _, q := range []string{
				`DELETE FROM position_requirements WHERE library_id = ? AND competency_id = ?`,
				`DELETE FROM competency_indicators WHERE library_id = ? AND competency_id = ?`,
				`UPDATE competencies SET origin_id = NULL WHERE library_id = ? AND origin_id = ?`,
				`DELETE FROM competencies WHERE library_id = ? AND id = ?`,
			} {
				if _, err := tx.ExecContext(ctx, q, libraryID, cid); err != nil {
					return apperr.InternalError(err)
				}
			}
		}
		out = v
		return audit.Record(ctx, tx, actor, libraryID, "competency.delete", "competency", old.ID, old.Code+" "+old.Title, nil)
	})
	return out, err
}

// node is a competency to insert; its parent is named by ParentCode (among
// the nodes inserted together) or by ParentID (already stored).
type node struct {
	Line        int // in an imported file, for messages
	Code        string
	ParentCode  string
	ParentID    *int64
	OriginID    *int64
	Kind        Kind
	Title       string
	Description string
	Indicators  []string
	Sort        int
}

// insertBatch is how many rows one INSERT carries: well under both
// engines' limits on bound parameters.
const insertBatch = 100

// insertNodes stores nodes in few statements, a level of the hierarchy at a
// time so that parents have ids before their children. It returns the new
// ids by code.
func insertNodes(ctx context.Context, tx *db.Tx, libraryID, versionID int64, nodes []node) (map[string]int64, error) {
	ids := map[string]int64{}
	indicators := map[int64][]string{}
	for _, kind := range Kinds {
		var level []node
		for _, n := range nodes {
			if n.Kind == kind {
				level = append(level, n)
			}
		}
		for start := 0; start < len(level); start += insertBatch {
			chunk := level[start:min(start+insertBatch, len(level))]
			var b strings.Builder
			b.WriteString(`INSERT INTO competencies (library_id, version_id, parent_id, origin_id, code, kind, title, description, sort) VALUES `)
			args := make([]any, 0, len(chunk)*9)
			for i, n := range chunk {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?)")
				var parent any
				if n.ParentCode != "" {
					parent = ids[n.ParentCode]
				} else if n.ParentID != nil {
					parent = *n.ParentID
				}
				var origin any
				if n.OriginID != nil {
					origin = *n.OriginID
				}
				args = append(args, libraryID, versionID, parent, origin, n.Code, string(n.Kind), n.Title, n.Description, n.Sort)
			}
			b.WriteString(" RETURNING id, code")
			rows, err := tx.QueryContext(ctx, b.String(), args...)
			if db.IsUniqueViolation(err) {
				return nil, conflictOn("code")
			}
			if err != nil {
				return nil, apperr.InternalError(err)
			}
			for rows.Next() {
				var id int64
				var code string
				if err := rows.Scan(&id, &code); err != nil {
					rows.Close()
					return nil, apperr.InternalError(err)
				}
				ids[code] = id
			}
			rows.Close()
			if err := rows.Err(); db.IsUniqueViolation(err) {
				return nil, conflictOn("code")
			} else if err != nil {
				return nil, apperr.InternalError(err)
			}
			for _, n := range chunk {
				indicators[ids[n.Code]] = n.Indicators
			}
		}
	}
	if err := insertIndicators(ctx, tx, libraryID, indicators); err != nil {
		return nil, err
	}
	return ids, nil
}

// insertIndicators stores indicators per competency id, in batches.
func insertIndicators(ctx context.Context, tx *db.Tx, libraryID int64, byCompetency map[int64][]string) error {
	type row struct {
		id   int64
		text string
		sort int
	}
	var all []row
	for id, texts := range byCompetency {
		for i, t := range texts {
			all = append(all, row{id, t, i + 1})
		}
	}
	for start := 0; start < len(all); start += insertBatch {
		chunk := all[start:min(start+insertBatch, len(all))]
		var b strings.Builder
		b.WriteString(`INSERT INTO competency_indicators (library_id, competency_id, text, sort) VALUES `)
		args := make([]any, 0, len(chunk)*4)
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?)")
			args = append(args, libraryID, r.id, r.text, r.sort)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return apperr.InternalError(err)
		}
	}
	return nil
}
