package competency

import (
	"context"
	"strconv"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// Level is one step of a proficiency scale.
type Level struct {
	Level      int    `json:"level"`
	Name       string `json:"name"`
	Descriptor string `json:"descriptor"`
	Competent  bool   `json:"competent"` // at or above the version's competent level
}

// Scale is a version's proficiency scale: levels 1..N in order and the
// lowest level that counts as competent.
type Scale struct {
	Levels         []Level `json:"levels"`
	CompetentLevel int     `json:"competent_level"`
}

// Limits of a scale.
const (
	MinLevels        = 2
	MaxLevels        = 10
	MaxLevelNameLen  = 100
	MaxDescriptorLen = 1000
)

// DefaultScale is the 1–5 scale new frameworks start with; level 3
// (mampu mandiri) is competent.
func DefaultScale() Scale {
	return Scale{CompetentLevel: 3, Levels: []Level{
		{Level: 1, Name: "Belum memahami", Descriptor: "Belum memahami konsep dan prosedurnya; belum dapat melakukan tugas ini."},
		{Level: 2, Name: "Memahami dengan bimbingan", Descriptor: "Memahami konsep dasarnya; dapat melakukan tugas ini dengan bimbingan atau pengawasan."},
		{Level: 3, Name: "Mampu mandiri", Descriptor: "Melakukan tugas ini secara mandiri sesuai standar dan prosedur (kompeten)."},
		{Level: 4, Name: "Mahir", Descriptor: "Melakukan tugas ini dengan konsisten dalam situasi yang beragam dan tidak rutin, serta memperbaiki cara kerjanya."},
		{Level: 5, Name: "Ahli", Descriptor: "Menjadi rujukan: mampu membimbing dan melatih orang lain serta mengembangkan standar kerja."},
	}}
}

// Max is the highest level (N).
func (s Scale) Max() int { return len(s.Levels) }

// Competent reports whether level counts as competent on this scale.
func (s Scale) Competent(level int) bool {
	return level >= s.CompetentLevel && level <= s.Max()
}

// Name returns the name of a level, "" when there is no such level.
func (s Scale) Name(level int) string {
	if level < 1 || level > len(s.Levels) {
		return ""
	}
	return s.Levels[level-1].Name
}

// Normalize numbers the levels 1..N in order, tidies their text and marks
// the competent ones.
func (s *Scale) Normalize() {
	for i := range s.Levels {
		l := &s.Levels[i]
		l.Level = i + 1
		l.Name = collapseSpaces(l.Name)
		l.Descriptor = collapseSpaces(l.Descriptor)
		l.Competent = l.Level >= s.CompetentLevel
	}
}

// Validate checks a scale; problems are keyed name_<level>,
// descriptor_<level>, levels and competent_level as the scale form names them.
func (s *Scale) Validate() error {
	var v apperr.Validation
	if n := len(s.Levels); n < MinLevels || n > MaxLevels {
		v.Add("levels", "competency.scale_size", apperr.Args{"Min": MinLevels, "Max": MaxLevels})
	}
	for _, l := range s.Levels {
		n := strconv.Itoa(l.Level)
		switch {
		case l.Name == "":
			v.Add("name_"+n, "field.required", nil)
		case utf8.RuneCountInString(l.Name) > MaxLevelNameLen:
			v.Add("name_"+n, "field.too_long", apperr.Args{"Max": MaxLevelNameLen})
		}
		if utf8.RuneCountInString(l.Descriptor) > MaxDescriptorLen {
			v.Add("descriptor_"+n, "field.too_long", apperr.Args{"Max": MaxDescriptorLen})
		}
	}
	if s.CompetentLevel < 1 || s.CompetentLevel > len(s.Levels) {
		v.Add("competent_level", "competency.bad_competent_level", apperr.Args{"Max": len(s.Levels)})
	}
	return v.Err()
}

func loadScale(ctx context.Context, q db.Querier, libraryID int64, v Version) (Scale, error) {
	rows, err := q.QueryContext(ctx, `SELECT level, name, descriptor FROM scale_levels
		WHERE library_id = ? AND version_id = ? ORDER BY level`, libraryID, v.ID)
	if err != nil {
		return Scale{}, apperr.InternalError(err)
	}
	defer rows.Close()
	sc := Scale{CompetentLevel: v.CompetentLevel, Levels: []Level{}}
	for rows.Next() {
		var l Level
		if err := rows.Scan(&l.Level, &l.Name, &l.Descriptor); err != nil {
			return Scale{}, apperr.InternalError(err)
		}
		l.Competent = l.Level >= v.CompetentLevel
		sc.Levels = append(sc.Levels, l)
	}
	if err := rows.Err(); err != nil {
		return Scale{}, apperr.InternalError(err)
	}
	return sc, nil
}

func insertScale(ctx context.Context, tx *db.Tx, libraryID, versionID int64, sc Scale) error {
	for _, l := range sc.Levels {
		if _, err := tx.ExecContext(ctx, `INSERT INTO scale_levels (library_id, version_id, level, name, descriptor) VALUES (?, ?, ?, ?, ?)`,
			libraryID, versionID, l.Level, l.Name, l.Descriptor); err != nil {
			return apperr.InternalError(err)
		}
	}
	return nil
}

// UpdateScale replaces a version's scale. On the published version the
// change goes into the framework's draft (made now when there is none); the
// returned version is the one changed.
func (s *Service) UpdateScale(ctx context.Context, actor *auth.Actor, libraryID, versionID int64, sc Scale) (Version, error) {
	if err := actor.Require(auth.PermCompetencyManage, libraryID); err != nil {
		return Version{}, err
	}
	sc.Normalize()
	if err := sc.Validate(); err != nil {
		return Version{}, err
	}
	var out Version
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		v, err := s.writable(ctx, tx, actor, libraryID, versionID)
		if err != nil {
			return err
		}
		var highest int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(required_level), 0) FROM position_requirements WHERE library_id = ? AND version_id = ?`,
			libraryID, v.ID).Scan(&highest); err != nil {
			return apperr.InternalError(err)
		}
		if highest > sc.Max() {
			var p apperr.Validation
			p.Add("levels", "competency.scale_below_requirements", apperr.Args{"Level": highest})
			return p.Err()
		}
		old, err := loadScale(ctx, tx, libraryID, v)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM scale_levels WHERE library_id = ? AND version_id = ?`, libraryID, v.ID); err != nil {
			return apperr.InternalError(err)
		}
		if err := insertScale(ctx, tx, libraryID, v.ID, sc); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE framework_versions SET competent_level = ? WHERE library_id = ? AND id = ?`,
			sc.CompetentLevel, libraryID, v.ID); err != nil {
			return apperr.InternalError(err)
		}
		c := audit.Changes{}
		c.Diff("levels", old.Max(), sc.Max())
		c.Diff("competent_level", old.CompetentLevel, sc.CompetentLevel)
		for i, l := range sc.Levels {
			if i < len(old.Levels) {
				c.Diff("level_"+strconv.Itoa(l.Level), old.Levels[i].Name, l.Name)
			}
		}
		v.CompetentLevel = sc.CompetentLevel
		out = v
		return audit.Record(ctx, tx, actor, libraryID, "framework_version.scale", "framework_version", v.ID, versionSummary(ctx, tx, libraryID, v), c)
	})
	return out, err
}
