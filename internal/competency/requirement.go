package competency

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/audit"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/library"
	"github.com/bina-pustaka/bina/internal/people"
)

// Requirement is the level a position (jabatan), optionally of one jenjang
// and at one kind of service point, requires in a competency of a version.
type Requirement struct {
	VersionID        int64  `json:"version_id"`
	Position         string `json:"position"`
	Level            string `json:"level"`              // jenjang; "" for any
	ServicePointKind string `json:"service_point_kind"` // "" for any
	CompetencyID     int64  `json:"competency_id"`
	CompetencyCode   string `json:"competency_code"`
	RequiredLevel    int    `json:"required_level"`
}

// specificity ranks a rule: position + jenjang + service point kind beats
// position + jenjang, which beats position + service point kind, which
// beats the position alone.
func (r Requirement) specificity() int {
	n := 0
	if r.Level != "" {
		n += 2
	}
	if r.ServicePointKind != "" {
		n++
	}
	return n
}

// matches reports whether the rule applies to a person in position and
// level posted at a service point of kind spKind ("" when unposted).
func (r Requirement) matches(position, level, spKind string) bool {
	return strings.EqualFold(r.Position, position) &&
		(r.Level == "" || strings.EqualFold(r.Level, level)) &&
		(r.ServicePointKind == "" || r.ServicePointKind == spKind)
}

// Resolve picks, per competency, the required level of the most specific
// rule that applies to the person.
func Resolve(rules []Requirement, position, level, spKind string) map[int64]int {
	out := map[int64]int{}
	best := map[int64]int{}
	for _, r := range rules {
		if !r.matches(position, level, spKind) {
			continue
		}
		if b, seen := best[r.CompetencyID]; seen && b >= r.specificity() {
			continue
		}
		best[r.CompetencyID], out[r.CompetencyID] = r.specificity(), r.RequiredLevel
	}
	return out
}

// Requirements lists a version's position requirements.
func (s *Service) Requirements(ctx context.Context, actor *auth.Actor, libraryID, versionID int64) ([]Requirement, error) {
	if err := actor.Require(auth.PermCompetencyView, libraryID); err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	if _, err := findVersion(ctx, q, libraryID, versionID); err != nil {
		return nil, err
	}
	return loadRequirements(ctx, q, libraryID, versionID)
}

func loadRequirements(ctx context.Context, q db.Querier, libraryID, versionID int64) ([]Requirement, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.version_id, r.position, r.level, r.service_point_kind, r.competency_id, c.code, r.required_level
		FROM position_requirements r JOIN competencies c ON c.library_id = r.library_id AND c.id = r.competency_id
		WHERE r.library_id = ? AND r.version_id = ?
		ORDER BY r.position, r.level, r.service_point_kind, c.sort, c.id`, libraryID, versionID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := []Requirement{}
	for rows.Next() {
		var r Requirement
		if err := rows.Scan(&r.VersionID, &r.Position, &r.Level, &r.ServicePointKind, &r.CompetencyID, &r.CompetencyCode, &r.RequiredLevel); err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RequiredLevels gives what a staff member's position requires in each
// competency of a version (competency id → level), the most specific rule
// winning; competencies her position does not name are absent.
func (s *Service) RequiredLevels(ctx context.Context, actor *auth.Actor, libraryID, versionID int64, st people.Staff) (map[int64]int, error) {
	if err := actor.Require(auth.PermCompetencyView, libraryID); err != nil {
		return nil, err
	}
	if st.LibraryID != libraryID {
		return nil, apperr.NotFoundError("staff")
	}
	q := s.DB.Reader()
	if _, err := findVersion(ctx, q, libraryID, versionID); err != nil {
		return nil, err
	}
	var spKind string
	if st.ServicePointID != nil {
		if err := q.QueryRowContext(ctx, `SELECT kind FROM service_points WHERE library_id = ? AND id = ?`, libraryID, *st.ServicePointID).Scan(&spKind); err != nil {
			spKind = "" // a posting we cannot read counts as none
		}
	}
	rules, err := loadRequirements(ctx, q, libraryID, versionID)
	if err != nil {
		return nil, err
	}
	return Resolve(rules, collapseSpaces(st.Position), collapseSpaces(st.Level), spKind), nil
}

// RequirementCell is one cell of the requirements matrix: a jenjang ("" any)
// and a competency; RequiredLevel 0 means no requirement.
type RequirementCell struct {
	Level         string
	CompetencyID  int64
	RequiredLevel int
}

// MaxPositionLen limits a position's and a jenjang's name.
const MaxPositionLen = 100

// SetRequirements replaces the requirements of one position (and service
// point kind, "" for any) in a version with cells. Drafts take them, and so
// does the published version while no draft is open; a draft's requirements
// take effect when it is published.
func (s *Service) SetRequirements(ctx context.Context, actor *auth.Actor, libraryID, versionID int64, position, spKind string, cells []RequirementCell) error {
	if err := actor.Require(auth.PermCompetencyManage, libraryID); err != nil {
		return err
	}
	position, spKind = collapseSpaces(position), strings.TrimSpace(spKind)
	var v apperr.Validation
	switch {
	case position == "":
		v.Add("position", "field.required", nil)
	case utf8.RuneCountInString(position) > MaxPositionLen:
		v.Add("position", "field.too_long", apperr.Args{"Max": MaxPositionLen})
	}
	if spKind != "" && !library.ValidKind(spKind) {
		v.Add("service_point_kind", "service_point.bad_kind", nil)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		ver, err := findVersion(ctx, tx, libraryID, versionID)
		if err != nil {
			return err
		}
		switch ver.Status {
		case StatusRetired:
			return apperr.New(apperr.Conflict, "competency.version_retired", apperr.Args{"Number": ver.Number})
		case StatusPublished:
			if d, ok, err := versionWithStatus(ctx, tx, libraryID, ver.FrameworkID, StatusDraft); err != nil {
				return err
			} else if ok {
				return apperr.New(apperr.Conflict, "competency.requirements_in_draft", apperr.Args{"Number": d.Number})
			}
		}
		t, err := loadTree(ctx, tx, libraryID, ver.ID)
		if err != nil {
			return err
		}
		type key struct {
			level string
			id    int64
		}
		final := map[key]int{}
		var p apperr.Validation
		for _, c := range cells {
			comp := t.Find(c.CompetencyID)
			if comp == nil {
				return apperr.NotFoundError("competency")
			}
			level := collapseSpaces(c.Level)
			field := fmt.Sprintf("r_%d", c.CompetencyID)
			switch {
			case utf8.RuneCountInString(level) > MaxPositionLen:
				p.Add("level", "field.too_long", apperr.Args{"Max": MaxPositionLen})
			case c.RequiredLevel < 0 || c.RequiredLevel > t.Scale.Max():
				p.Add(field, "competency.bad_required_level", apperr.Args{"Code": comp.Code, "Max": t.Scale.Max()})
			case c.RequiredLevel > 0 && comp.Kind == KindKeyFunction:
				p.Add(field, "competency.requirement_on_key_function", apperr.Args{"Code": comp.Code})
			}
			final[key{level, c.CompetencyID}] = c.RequiredLevel
		}
		if err := p.Err(); err != nil {
			return err
		}
		var before int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM position_requirements WHERE library_id = ? AND version_id = ? AND position = ? AND service_point_kind = ?`,
			libraryID, ver.ID, position, spKind).Scan(&before); err != nil {
			return apperr.InternalError(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM position_requirements WHERE library_id = ? AND version_id = ? AND position = ? AND service_point_kind = ?`,
			libraryID, ver.ID, position, spKind); err != nil {
			return apperr.InternalError(err)
		}
		keys := make([]key, 0, len(final))
		for k, lvl := range final {
			if lvl > 0 {
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].level != keys[j].level {
				return keys[i].level < keys[j].level
			}
			return keys[i].id < keys[j].id
		})
		for start := 0; start < len(keys); start += insertBatch {
			chunk := keys[start:min(start+insertBatch, len(keys))]
			var b strings.Builder
			b.WriteString(`INSERT INTO position_requirements (library_id, version_id, position, level, service_point_kind, competency_id, required_level) VALUES `)
			args := make([]any, 0, len(chunk)*7)
			for i, k := range chunk {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?, ?, ?, ?, ?, ?)")
				args = append(args, libraryID, ver.ID, position, k.level, spKind, k.id, final[k])
			}
			if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
				return apperr.InternalError(err)
			}
		}
		summary := versionSummary(ctx, tx, libraryID, ver) + ": " + position
		if spKind != "" {
			summary += " (" + spKind + ")"
		}
		c := audit.Changes{}
		c.Diff("requirements", before, len(keys))
		return audit.Record(ctx, tx, actor, libraryID, "requirement.set", "framework_version", ver.ID, summary, c)
	})
}

// Matrix is the requirements of one position (and service point kind) in a
// version, as the page shows them: jenjang across, competencies down.
type Matrix struct {
	Tree             Tree
	Position         string
	ServicePointKind string
	Levels           []string // columns; "" (any jenjang) first
	Positions        []string // positions to choose from: Pustakawan, the staff's and those with rules
	Cells            map[int64]map[string]int
	Editable         bool // the version takes requirements now
	DraftNumber      int  // when the published version is locked by an open draft
}

// DefaultPosition is the jabatan the matrix opens on.
const DefaultPosition = "Pustakawan"

// RequirementMatrix builds the matrix page's data for position ("" is
// DefaultPosition) and spKind.
func (s *Service) RequirementMatrix(ctx context.Context, actor *auth.Actor, libraryID, versionID int64, position, spKind string) (Matrix, error) {
	if err := actor.Require(auth.PermCompetencyView, libraryID); err != nil {
		return Matrix{}, err
	}
	q := s.DB.Reader()
	t, err := loadTree(ctx, q, libraryID, versionID)
	if err != nil {
		return Matrix{}, err
	}
	position = collapseSpaces(position)
	if position == "" {
		position = DefaultPosition
	}
	if !library.ValidKind(spKind) {
		spKind = ""
	}
	m := Matrix{Tree: t, Position: position, ServicePointKind: spKind, Cells: map[int64]map[string]int{}}
	switch t.Version.Status {
	case StatusDraft:
		m.Editable = true
	case StatusPublished:
		d, ok, err := versionWithStatus(ctx, q, libraryID, t.Version.FrameworkID, StatusDraft)
		if err != nil {
			return Matrix{}, err
		}
		m.Editable, m.DraftNumber = !ok, d.Number
	}
	rules, err := loadRequirements(ctx, q, libraryID, versionID)
	if err != nil {
		return Matrix{}, err
	}
	positions := map[string]bool{DefaultPosition: true}
	levels := map[string]bool{"": true}
	for _, r := range rules {
		positions[r.Position] = true
		if r.Position == position && r.ServicePointKind == spKind {
			levels[r.Level] = true
			if m.Cells[r.CompetencyID] == nil {
				m.Cells[r.CompetencyID] = map[string]int{}
			}
			m.Cells[r.CompetencyID][r.Level] = r.RequiredLevel
		}
	}
	if strings.EqualFold(position, DefaultPosition) {
		for _, l := range people.Levels[1:] { // Pemula is no longer appointed
			levels[l] = true
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT position, level FROM staff WHERE library_id = ? AND active = ? AND position <> ''`, libraryID, true)
	if err != nil {
		return Matrix{}, apperr.InternalError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p, l string
		if err := rows.Scan(&p, &l); err != nil {
			return Matrix{}, apperr.InternalError(err)
		}
		positions[p] = true
		if strings.EqualFold(p, position) && l != "" {
			levels[l] = true
		}
	}
	if err := rows.Err(); err != nil {
		return Matrix{}, apperr.InternalError(err)
	}
	for p := range positions {
		m.Positions = append(m.Positions, p)
	}
	sort.Slice(m.Positions, func(i, j int) bool {
		a, b := m.Positions[i], m.Positions[j]
		if (a == DefaultPosition) != (b == DefaultPosition) {
			return a == DefaultPosition
		}
		return strings.ToLower(a) < strings.ToLower(b)
	})
	for l := range levels {
		m.Levels = append(m.Levels, l)
	}
	rank := func(l string) int {
		if l == "" {
			return -1
		}
		for i, x := range people.Levels {
			if x == l {
				return i
			}
		}
		return len(people.Levels)
	}
	sort.Slice(m.Levels, func(i, j int) bool {
		ri, rj := rank(m.Levels[i]), rank(m.Levels[j])
		if ri != rj {
			return ri < rj
		}
		return m.Levels[i] < m.Levels[j]
	})
	return m, nil
}
