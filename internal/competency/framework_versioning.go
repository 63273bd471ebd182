package competency

import (
	"context"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// MaxNoteLen limits a version's publication note.
const MaxNoteLen = 1000

// Draft returns the framework's draft version, making it now when there is
// none: a copy of the published version (copy-on-write), or an empty version
// on the default scale when nothing was ever published.
func (s *Service) Draft(ctx context.Context, actor *auth.Actor, libraryID, frameworkID int64) (Version, error) {
	if err := actor.Require(auth.PermCompetencyManage, libraryID); err != nil {
		return Version{}, err
	}
	var out Version
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		f, err := findFramework(ctx, tx, libraryID, frameworkID)
		if err != nil {
			return err
		}
		out, err = draftOf(ctx, tx, actor, f)
		return err
	})
	return out, err
}

func draftOf(ctx context.Context, tx *db.Tx, actor *auth.Actor, f Framework) (Version, error) {
	if d, ok, err := versionWithStatus(ctx, tx, f.LibraryID, f.ID, StatusDraft); err != nil || ok {
		return d, err
	}
	var d Version
	p, ok, err := versionWithStatus(ctx, tx, f.LibraryID, f.ID, StatusPublished)
	if err != nil {
		return Version{}, err
	}
	if ok {
		d, err = versionFrom(ctx, tx, f.LibraryID, f.ID, p)
	} else {
		d, err = newVersion(ctx, tx, f.LibraryID, f.ID, DefaultScale())
	}
	if err != nil {
		return Version{}, err
	}
	if err := audit.Record(ctx, tx, actor, f.LibraryID, "framework_version.draft", "framework_version", d.ID, versionSummary(ctx, tx, f.LibraryID, d), nil); err != nil {
		return Version{}, err
	}
	return d, nil
}

// writable returns the version a change to versionID goes into: the version
// itself when it is a draft; for the published version, the framework's
// draft (made now from it when there is none). Retired versions are history.
func (s *Service) writable(ctx context.Context, tx *db.Tx, actor *auth.Actor, libraryID, versionID int64) (Version, error) {
	v, err := findVersion(ctx, tx, libraryID, versionID)
	if err != nil {
		return Version{}, err
	}
	switch v.Status {
	case StatusDraft:
		return v, nil
	case StatusRetired:
		return Version{}, apperr.New(apperr.Conflict, "competency.version_retired", apperr.Args{"Number": v.Number})
	}
	f, err := findFramework(ctx, tx, libraryID, v.FrameworkID)
	if err != nil {
		return Version{}, err
	}
	return draftOf(ctx, tx, actor, f)
}

// inDraft maps a competency to its copy in draft: itself when it is in the
// draft already, else the draft's competency copied from it.
func inDraft(ctx context.Context, tx *db.Tx, libraryID int64, draft Version, c Competency) (Competency, error) {
	if c.VersionID == draft.ID {
		return c, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM competencies WHERE library_id = ? AND version_id = ? AND origin_id = ?`,
		libraryID, draft.ID, c.ID).Scan(&id)
	if err != nil {
		// Removed from the draft already (or the draft was imported without it).
		return Competency{}, apperr.New(apperr.Conflict, "competency.not_in_draft", apperr.Args{"Code": c.Code, "Number": draft.Number})
	}
	return findCompetency(ctx, tx, libraryID, id)
}

// versionFrom makes a new draft of frameworkID holding a copy of from's
// scale, competencies, indicators and position requirements; every copied
// competency remembers its origin.
func versionFrom(ctx context.Context, tx *db.Tx, libraryID, frameworkID int64, from Version) (Version, error) {
	sc, err := loadScale(ctx, tx, libraryID, from)
	if err != nil {
		return Version{}, err
	}
	v, err := newVersion(ctx, tx, libraryID, frameworkID, sc)
	if err != nil {
		return Version{}, err
	}
	stmts := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO competencies (library_id, version_id, parent_id, origin_id, code, kind, title, description, sort)
			SELECT library_id, ?, NULL, id, code, kind, title, description, sort FROM competencies
			WHERE library_id = ? AND version_id = ? ORDER BY sort, id`, []any{v.ID, libraryID, from.ID}},
		// Each copy's parent is the copy of its origin's parent.
		{`UPDATE competencies SET parent_id = (
				SELECT np.id FROM competencies o
				JOIN competencies np ON np.library_id = o.library_id AND np.version_id = ? AND np.origin_id = o.parent_id
				WHERE o.library_id = ? AND o.id = competencies.origin_id)
			WHERE library_id = ? AND version_id = ?`, []any{v.ID, libraryID, libraryID, v.ID}},
		{`INSERT INTO competency_indicators (library_id, competency_id, text, sort)
			SELECT i.library_id, n.id, i.text, i.sort FROM competency_indicators i
			JOIN competencies n ON n.library_id = i.library_id AND n.origin_id = i.competency_id
			WHERE n.library_id = ? AND n.version_id = ? ORDER BY i.competency_id, i.sort, i.id`, []any{libraryID, v.ID}},
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
			return Version{}, apperr.InternalError(err)
		}
	}
	if err := copyRequirements(ctx, tx, libraryID, from.ID, v.ID); err != nil {
		return Version{}, err
	}
	return v, nil
}

// copyRequirements copies the position requirements of version from to the
// competencies of version to that were copied from them (origin_id).
func copyRequirements(ctx context.Context, tx *db.Tx, libraryID, from, to int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO position_requirements (library_id, version_id, position, level, service_point_kind, competency_id, required_level)
		SELECT r.library_id, ?, r.position, r.level, r.service_point_kind, n.id, r.required_level
		FROM position_requirements r
		JOIN competencies n ON n.library_id = r.library_id AND n.version_id = ? AND n.origin_id = r.competency_id
		WHERE r.library_id = ? AND r.version_id = ?`, to, to, libraryID, from)
	if err != nil {
		return apperr.InternalError(err)
	}
	return nil
}

// Publish makes a draft the framework's current version and retires the one
// it replaces. From now on the version never changes.
func (s *Service) Publish(ctx context.Context, actor *auth.Actor, libraryID, versionID int64, note string) (Version, error) {
	if err := actor.Require(auth.PermCompetencyManage, libraryID); err != nil {
		return Version{}, err
	}
	note = collapseSpaces(note)
	if utf8.RuneCountInString(note) > MaxNoteLen {
		var v apperr.Validation
		v.Add("note", "field.too_long", apperr.Args{"Max": MaxNoteLen})
		return Version{}, v.Err()
	}
	var out Version
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		v, err := findVersion(ctx, tx, libraryID, versionID)
		if err != nil {
			return err
		}
		if v.Status != StatusDraft {
			return apperr.New(apperr.Conflict, "competency.not_draft", apperr.Args{"Number": v.Number})
		}
		var units int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM competencies WHERE library_id = ? AND version_id = ? AND kind <> ?`,
			libraryID, v.ID, string(KindKeyFunction)).Scan(&units); err != nil {
			return apperr.InternalError(err)
		}
		if units == 0 {
			return apperr.New(apperr.Invalid, "competency.publish_empty", nil)
		}
		now := db.Now()
		// Retire first: at most one published version per framework (a unique index).
		if _, err := tx.ExecContext(ctx, `UPDATE framework_versions SET status = ?, retired_at = ?
			WHERE library_id = ? AND framework_id = ? AND status = ?`, StatusRetired, now, libraryID, v.FrameworkID, StatusPublished); err != nil {
			return apperr.InternalError(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE framework_versions SET status = ?, published_at = ?, note = ? WHERE library_id = ? AND id = ?`,
			StatusPublished, now, note, libraryID, v.ID); err != nil {
			return apperr.InternalError(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE frameworks SET updated_at = ? WHERE library_id = ? AND id = ?`, now, libraryID, v.FrameworkID); err != nil {
			return apperr.InternalError(err)
		}
		v.Status, v.PublishedAt, v.Note = StatusPublished, &now, note
		out = v
		return audit.Record(ctx, tx, actor, libraryID, "framework_version.publish", "framework_version", v.ID, versionSummary(ctx, tx, libraryID, v), nil)
	})
	return out, err
}

// DiscardDraft deletes a draft version and everything in it.
func (s *Service) DiscardDraft(ctx context.Context, actor *auth.Actor, libraryID, versionID int64) error {
	if err := actor.Require(auth.PermCompetencyManage, libraryID); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		v, err := findVersion(ctx, tx, libraryID, versionID)
		if err != nil {
			return err
		}
		if v.Status != StatusDraft {
			return apperr.New(apperr.Conflict, "competency.not_draft", apperr.Args{"Number": v.Number})
		}
		summary := versionSummary(ctx, tx, libraryID, v)
		if err := deleteVersionContent(ctx, tx, libraryID, v.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM framework_versions WHERE library_id = ? AND id = ?`, libraryID, v.ID); err != nil {
			return apperr.InternalError(err)
		}
		return audit.Record(ctx, tx, actor, libraryID, "framework_version.discard", "framework_version", v.ID, summary, nil)
	})
}

// deleteVersionContent empties a (draft) version: requirements, indicators,
// competencies and scale. Copies made from it forget their origin.
func deleteVersionContent(ctx context.Context, tx *db.Tx, libraryID, versionID int64) error {
	own := []any{libraryID, versionID}
	sub := []any{libraryID, libraryID, versionID}
	for _, st := range []struct {
		q    string
		args []any
	}{
		{`DELETE FROM position_requirements WHERE library_id = ? AND version_id = ?`, own},
		{`DELETE FROM competency_indicators WHERE library_id = ? AND competency_id IN (SELECT id FROM competencies WHERE library_id = ? AND version_id = ?)`, sub},
		{`UPDATE competencies SET origin_id = NULL WHERE library_id = ? AND origin_id IN (SELECT id FROM competencies WHERE library_id = ? AND version_id = ?)`, sub},
		{`UPDATE competencies SET parent_id = NULL WHERE library_id = ? AND version_id = ?`, own},
		{`DELETE FROM competencies WHERE library_id = ? AND version_id = ?`, own},
		{`DELETE FROM scale_levels WHERE library_id = ? AND version_id = ?`, own},
	} {
		if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
			return apperr.InternalError(err)
		}
	}
	return nil
}

// Copy makes a new framework in the same library from frameworkID's
// published version (or its draft when nothing is published), as a draft
// version 1 to be edited and published. name "" is "Salinan <name>".
func (s *Service) Copy(ctx context.Context, actor *auth.Actor, libraryID, frameworkID int64, name string) (Framework, error) {
	if err := actor.Require(auth.PermCompetencyManage, libraryID); err != nil {
		return Framework{}, err
	}
	var out Framework
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		src, err := findFramework(ctx, tx, libraryID, frameworkID)
		if err != nil {
			return err
		}
		f := Framework{LibraryID: libraryID, Name: name, Description: src.Description, Source: SourceCopy}
		if collapseSpaces(name) == "" {
			f.Name = "Salinan " + src.Name
		}
		f.Normalize()
		if err := f.Validate(); err != nil {
			return err
		}
		f, err = insertFramework(ctx, tx, f)
		if err != nil {
			return err
		}
		var from *VersionInfo
		if src.Current != nil {
			from = src.Current
		} else if src.Draft != nil {
			from = src.Draft
		}
		if from != nil {
			fv, err := findVersion(ctx, tx, libraryID, from.ID)
			if err != nil {
				return err
			}
			if _, err := versionFrom(ctx, tx, libraryID, f.ID, fv); err != nil {
				return err
			}
		} else if _, err := newVersion(ctx, tx, libraryID, f.ID, DefaultScale()); err != nil {
			return err
		}
		out = f
		c := audit.Changes{}
		c.Diff("source", "", src.Name)
		return audit.Record(ctx, tx, actor, libraryID, "framework.copy", "framework", f.ID, f.Name, c)
	})
	if err != nil {
		return Framework{}, err
	}
	return s.Framework(ctx, actor, libraryID, out.ID)
}
