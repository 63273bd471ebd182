package competency

import (
	"context"
	"fmt"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// ImportTarget says where an imported file goes.
type ImportTarget struct {
	FrameworkID int64  // an existing framework of the library; 0 makes a new one
	Name        string // the new framework's name
	Description string
}

// Import stores parsed rows (ParseFramework) as a new draft version, in one
// transaction: either everything is saved or nothing.
//
// Into a new framework the draft is version 1 on the default scale. Into an
// existing framework the file replaces the framework's draft (or becomes
// it): the scale is kept, and competencies whose code the published version
// also has keep their link to it (origin) and its position requirements.
func (s *Service) Import(ctx context.Context, actor *auth.Actor, libraryID int64, target ImportTarget, rows []ImportRow) (Version, error) {
	if err := actor.Require(auth.PermCompetencyManage, libraryID); err != nil {
		return Version{}, err
	}
	if len(rows) == 0 {
		return Version{}, apperr.New(apperr.Invalid, "import.no_rows", nil)
	}
	// Rows may come from elsewhere than ParseFramework: check them again.
	rows = append([]ImportRow(nil), rows...)
	p := newImportProblems()
	checkRows(rows, p, func(col string) string { return col })
	if err := p.err(); err != nil {
		return Version{}, err
	}
	var out Version
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if target.FrameworkID == 0 {
			out, err = importNew(ctx, tx, libraryID, target, rows, SourceImport)
			if err != nil {
				return err
			}
		} else if out, err = importInto(ctx, tx, libraryID, target.FrameworkID, rows); err != nil {
			return err
		}
		c := audit.Changes{}
		c.Diff("competencies", "", fmt.Sprint(len(rows)))
		return audit.Record(ctx, tx, actor, libraryID, "framework.import", "framework_version", out.ID, versionSummary(ctx, tx, libraryID, out), c)
	})
	return out, err
}

// importNew makes a framework holding rows as its draft version 1.
func importNew(ctx context.Context, tx *db.Tx, libraryID int64, target ImportTarget, rows []ImportRow, source string) (Version, error) {
	f := Framework{LibraryID: libraryID, Name: target.Name, Description: target.Description, Source: source}
	f.Normalize()
	if err := f.Validate(); err != nil {
		return Version{}, err
	}
	f, err := insertFramework(ctx, tx, f)
	if err != nil {
		return Version{}, err
	}
	v, err := newVersion(ctx, tx, libraryID, f.ID, DefaultScale())
	if err != nil {
		return Version{}, err
	}
	if _, err := insertNodes(ctx, tx, libraryID, v.ID, nodesOf(rows, nil)); err != nil {
		return Version{}, err
	}
	return v, nil
}

// importInto replaces the framework's draft with rows.
func importInto(ctx context.Context, tx *db.Tx, libraryID, frameworkID int64, rows []ImportRow) (Version, error) {
	f, err := findFramework(ctx, tx, libraryID, frameworkID)
	if err != nil {
		return Version{}, err
	}
	sc := DefaultScale()
	published, hasPublished, err := versionWithStatus(ctx, tx, libraryID, f.ID, StatusPublished)
	if err != nil {
		return Version{}, err
	}
	if hasPublished {
		if sc, err = loadScale(ctx, tx, libraryID, published); err != nil {
			return Version{}, err
		}
	}
	if draft, ok, err := versionWithStatus(ctx, tx, libraryID, f.ID, StatusDraft); err != nil {
		return Version{}, err
	} else if ok {
		// The draft's scale is the newest word on the scale.
		if sc, err = loadScale(ctx, tx, libraryID, draft); err != nil {
			return Version{}, err
		}
		if err := deleteVersionContent(ctx, tx, libraryID, draft.ID); err != nil {
			return Version{}, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM framework_versions WHERE library_id = ? AND id = ?`, libraryID, draft.ID); err != nil {
			return Version{}, apperr.InternalError(err)
		}
	}
	v, err := newVersion(ctx, tx, libraryID, f.ID, sc)
	if err != nil {
		return Version{}, err
	}
	origins := map[string]int64{}
	if hasPublished {
		rs, err := tx.QueryContext(ctx, `SELECT code, id FROM competencies WHERE library_id = ? AND version_id = ?`, libraryID, published.ID)
		if err != nil {
			return Version{}, apperr.InternalError(err)
		}
		for rs.Next() {
			var code string
			var id int64
			if err := rs.Scan(&code, &id); err != nil {
				rs.Close()
				return Version{}, apperr.InternalError(err)
			}
			origins[code] = id
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return Version{}, apperr.InternalError(err)
		}
	}
	if _, err := insertNodes(ctx, tx, libraryID, v.ID, nodesOf(rows, origins)); err != nil {
		return Version{}, err
	}
	if hasPublished {
		if err := copyRequirements(ctx, tx, libraryID, published.ID, v.ID); err != nil {
			return Version{}, err
		}
	}
	return v, nil
}

// nodesOf turns checked rows into nodes in file order, linked to the
// competencies of the same code in origins (may be nil).
func nodesOf(rows []ImportRow, origins map[string]int64) []node {
	out := make([]node, len(rows))
	for i, r := range rows {
		out[i] = node{Line: r.Line, Code: r.Code, ParentCode: r.ParentCode, Kind: r.Kind, Title: r.Title,
			Description: r.Description, Indicators: r.Indicators, Sort: i + 1}
		if id, ok := origins[r.Code]; ok {
			out[i].OriginID = &id
		}
	}
	return out
}
