package competency

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// The agreed level rule (docs/assessments.md): the agreed level of a
// competency is the level the supervisor set in the review. A self or peer
// rating alone is never agreed: until the review the competency is "belum
// direview" and counts in no gap total.
func AgreedLevel(supervisor int) (level int, reviewed bool) { return supervisor, supervisor > 0 }

// GapInput is one required competency of a person: the required level and
// the agreed level (0 when not reviewed).
type GapInput struct {
	CompetencyID int64
	Required     int
	Agreed       int
}

// Gap is the arithmetic of one competency: Gap = required − agreed when
// short, Surplus = agreed − required when above; both 0 when not reviewed.
type Gap struct {
	CompetencyID int64 `json:"competency_id"`
	Required     int   `json:"required_level"`
	Agreed       int   `json:"agreed_level"` // 0: not reviewed
	Reviewed     bool  `json:"reviewed"`
	Gap          int   `json:"gap"`
	Surplus      int   `json:"surplus"`
}

// GapSummary totals a person's gaps.
type GapSummary struct {
	Items        []Gap `json:"items"`
	TotalGap     int   `json:"total_gap"`
	TotalSurplus int   `json:"total_surplus"`
	Reviewed     int   `json:"reviewed"`
	NotReviewed  int   `json:"not_reviewed"`
	Met          int   `json:"met"`   // reviewed and at or above the requirement
	Short        int   `json:"short"` // reviewed and below it
}

// ComputeGaps applies the gap rule to each required competency, in order.
func ComputeGaps(in []GapInput) GapSummary {
	s := GapSummary{Items: make([]Gap, 0, len(in))}
	for _, x := range in {
		g := Gap{CompetencyID: x.CompetencyID, Required: x.Required}
		g.Agreed, g.Reviewed = AgreedLevel(x.Agreed)
		if !g.Reviewed {
			s.NotReviewed++
			s.Items = append(s.Items, g)
			continue
		}
		s.Reviewed++
		if d := x.Required - g.Agreed; d > 0 {
			g.Gap = d
			s.Short++
		} else {
			g.Surplus = -d
			s.Met++
		}
		s.TotalGap += g.Gap
		s.TotalSurplus += g.Surplus
		s.Items = append(s.Items, g)
	}
	return s
}

// cell is one person × required competency of a cycle.
type cell struct {
	StaffID      int64
	CompetencyID int64
	Required     int
	Agreed       int // 0: not reviewed
}

// cycleCells reads a cycle's required and agreed levels: the frozen record
// of a closed cycle, else computed now. staffID 0 means everyone. A few
// set-based queries whatever the number of people.
func cycleCells(ctx context.Context, q db.Querier, libraryID int64, c Cycle, staffID int64) ([]cell, error) {
	if c.Open() {
		return liveCells(ctx, q, libraryID, c, staffID)
	}
	// One row per person, her cells packed as "competency:required:agreed,…":
	// 60,000 rows through database/sql cost more than the whole page.
	// string_agg is in PostgreSQL and in SQLite since 3.44.
	query := `SELECT staff_id, string_agg(CAST(competency_id AS TEXT) || ':' || CAST(required_level AS TEXT) || ':' || CAST(COALESCE(agreed_level, 0) AS TEXT), ',')
		FROM assessment_results WHERE library_id = ? AND cycle_id = ?`
	args := []any{libraryID, c.ID}
	if staffID != 0 {
		query += ` AND staff_id = ?`
		args = append(args, staffID)
	}
	rows, err := q.QueryContext(ctx, query+` GROUP BY staff_id`, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []cell
	for rows.Next() {
		var sid int64
		var packed string
		if err := rows.Scan(&sid, &packed); err != nil {
			return nil, apperr.InternalError(err)
		}
		for part := range strings.SplitSeq(packed, ",") {
			f := strings.SplitN(part, ":", 3)
			if len(f) != 3 {
				return nil, apperr.InternalError(fmt.Errorf("assessment result %q", part))
			}
			cid, e1 := strconv.ParseInt(f[0], 10, 64)
			req, e2 := strconv.Atoi(f[1])
			agreed, e3 := strconv.Atoi(f[2])
			if err := errors.Join(e1, e2, e3); err != nil {
				return nil, apperr.InternalError(err)
			}
			out = append(out, cell{StaffID: sid, CompetencyID: cid, Required: req, Agreed: agreed})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	// Reading order, as the open cycle's cells come.
	order, err := competencyOrder(ctx, q, libraryID, c.VersionID)
	if err != nil {
		return nil, err
	}
	pos := make(map[int64]int, len(order))
	for i, id := range order {
		pos[id] = i
	}
	slices.SortFunc(out, func(a, b cell) int {
		if a.StaffID != b.StaffID {
			return cmp.Compare(a.StaffID, b.StaffID)
		}
		return cmp.Compare(pos[a.CompetencyID], pos[b.CompetencyID])
	})
	return out, nil
}

// liveCells resolves each assessed person's requirements on the cycle's
// version and pairs them with the supervisor's ratings.
func liveCells(ctx context.Context, q db.Querier, libraryID int64, c Cycle, staffID int64) ([]cell, error) {
	filter, args := "", []any{libraryID, c.ID}
	if staffID != 0 {
		filter, args = ` AND a.staff_id = ?`, append(args, staffID)
	}
	type person struct {
		id                   int64
		position, level, spk string
	}
	rows, err := q.QueryContext(ctx, `SELECT a.staff_id, s.position, s.level, COALESCE(sp.kind, '') FROM assessments a
		JOIN staff s ON s.library_id = a.library_id AND s.id = a.staff_id
		LEFT JOIN service_points sp ON sp.library_id = s.library_id AND sp.id = s.service_point_id
		WHERE a.library_id = ? AND a.cycle_id = ?`+filter+` ORDER BY a.staff_id`, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	var people []person
	for rows.Next() {
		var p person
		if err := rows.Scan(&p.id, &p.position, &p.level, &p.spk); err != nil {
			rows.Close()
			return nil, apperr.InternalError(err)
		}
		people = append(people, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.InternalError(err)
	}
	agreed, err := ratingLevels(ctx, q, libraryID, c.ID, staffID, RoleSupervisor)
	if err != nil {
		return nil, err
	}
	rules, err := loadRequirements(ctx, q, libraryID, c.VersionID)
	if err != nil {
		return nil, err
	}
	order, err := competencyOrder(ctx, q, libraryID, c.VersionID)
	if err != nil {
		return nil, err
	}
	var out []cell
	for _, p := range people {
		req := Resolve(rules, collapseSpaces(p.position), collapseSpaces(p.level), p.spk)
		for _, cid := range order {
			if r, ok := req[cid]; ok {
				out = append(out, cell{StaffID: p.id, CompetencyID: cid, Required: r, Agreed: agreed[p.id][cid]})
			}
		}
	}
	return out, nil
}

// ratingLevels reads one role's levels in a cycle: staff → competency → level.
func ratingLevels(ctx context.Context, q db.Querier, libraryID, cycleID, staffID int64, role string) (map[int64]map[int64]int, error) {
	query := `SELECT a.staff_id, r.competency_id, r.level FROM assessment_ratings r
		JOIN assessments a ON a.library_id = r.library_id AND a.id = r.assessment_id
		WHERE r.library_id = ? AND a.cycle_id = ? AND r.role = ?`
	args := []any{libraryID, cycleID, role}
	if staffID != 0 {
		query += ` AND a.staff_id = ?`
		args = append(args, staffID)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := map[int64]map[int64]int{}
	for rows.Next() {
		var sid, cid int64
		var lvl int
		if err := rows.Scan(&sid, &cid, &lvl); err != nil {
			return nil, apperr.InternalError(err)
		}
		if out[sid] == nil {
			out[sid] = map[int64]int{}
		}
		out[sid][cid] = lvl
	}
	return out, rows.Err()
}

// competencyOrder lists a version's competency ids in reading order.
func competencyOrder(ctx context.Context, q db.Querier, libraryID, versionID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM competencies WHERE library_id = ? AND version_id = ? ORDER BY sort, id`, libraryID, versionID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.InternalError(err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ownStaff reports whether staffID is the actor's own staff record.
func ownStaff(actor *auth.Actor, libraryID, staffID int64) bool {
	if actor == nil {
		return false
	}
	m, ok := actor.Memberships[libraryID]
	return ok && m.StaffID != nil && *m.StaffID == staffID
}

// CanSeePerson reports whether the actor may read a person's assessments,
// gaps and plan: herself, or whoever views assessment results.
func CanSeePerson(actor *auth.Actor, libraryID, staffID int64) bool {
	return ownStaff(actor, libraryID, staffID) || actor.Can(auth.PermAssessmentView, libraryID)
}

// Person is a staff member as the assessment pages name her.
type Person struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	NIP          string `json:"nip"`
	Position     string `json:"position"`
	Level        string `json:"level"`
	ServicePoint string `json:"service_point"`
}

func findPerson(ctx context.Context, q db.Querier, libraryID, staffID int64) (Person, error) {
	var p Person
	err := q.QueryRowContext(ctx, `SELECT s.id, s.name, COALESCE(s.nip, ''), s.position, s.level, COALESCE(sp.name, '') FROM staff s
		LEFT JOIN service_points sp ON sp.library_id = s.library_id AND sp.id = s.service_point_id
		WHERE s.library_id = ? AND s.id = ?`, libraryID, staffID).Scan(&p.ID, &p.Name, &p.NIP, &p.Position, &p.Level, &p.ServicePoint)
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, apperr.NotFoundError("staff")
	}
	if err != nil {
		return Person{}, apperr.InternalError(err)
	}
	return p, nil
}

// GapRow is one line of a person's gap table.
type GapRow struct {
	Gap
	Code  string `json:"code"`
	Title string `json:"title"`
	Self  int    `json:"self_level"` // 0: not rated
}

// PersonGap is a person's required vs agreed levels in one cycle.
type PersonGap struct {
	Person  Person     `json:"person"`
	Cycle   *Cycle     `json:"cycle"` // nil: she has not been in any cycle
	Scale   Scale      `json:"scale"`
	Rows    []GapRow   `json:"rows"`
	Summary GapSummary `json:"summary"`
	Cycles  []Cycle    `json:"-"` // the cycles she was assessed in, to switch
}

// PersonGaps computes a person's gaps in a cycle (cycleID 0: her latest
// closed one, or the open one before any closed).
func (s *Service) PersonGaps(ctx context.Context, actor *auth.Actor, libraryID, staffID, cycleID int64) (PersonGap, error) {
	if err := actor.Require(auth.PermLibraryView, libraryID); err != nil {
		return PersonGap{}, err
	}
	q := s.DB.Reader()
	p, err := findPerson(ctx, q, libraryID, staffID)
	if err != nil {
		return PersonGap{}, err
	}
	if !CanSeePerson(actor, libraryID, staffID) {
		return PersonGap{}, apperr.ForbiddenError()
	}
	out := PersonGap{Person: p, Rows: []GapRow{}}
	all, err := listCycles(ctx, q, libraryID)
	if err != nil {
		return PersonGap{}, err
	}
	in, err := cyclesOf(ctx, q, libraryID, staffID)
	if err != nil {
		return PersonGap{}, err
	}
	for _, c := range all {
		if in[c.ID] {
			out.Cycles = append(out.Cycles, c)
		}
	}
	// By default her latest closed cycle: while a new cycle is open nothing
	// in it is agreed yet, and her page must not say she has no gaps. Before
	// any cycle closed, the open one.
	var c *Cycle
	for i := range out.Cycles {
		if cycleID == 0 && !out.Cycles[i].Open() || out.Cycles[i].ID == cycleID {
			c = &out.Cycles[i]
			break
		}
	}
	if c == nil && cycleID == 0 && len(out.Cycles) > 0 {
		c = &out.Cycles[0]
	}
	if c == nil {
		if cycleID != 0 {
			return PersonGap{}, apperr.NotFoundError("cycle")
		}
		return out, nil
	}
	out.Cycle = c
	t, err := loadTree(ctx, q, libraryID, c.VersionID)
	if err != nil {
		return PersonGap{}, err
	}
	out.Scale = t.Scale
	cells, err := cycleCells(ctx, q, libraryID, *c, staffID)
	if err != nil {
		return PersonGap{}, err
	}
	self, err := ratingLevels(ctx, q, libraryID, c.ID, staffID, RoleSelf)
	if err != nil {
		return PersonGap{}, err
	}
	in2 := make([]GapInput, 0, len(cells))
	for _, x := range cells {
		in2 = append(in2, GapInput{CompetencyID: x.CompetencyID, Required: x.Required, Agreed: x.Agreed})
	}
	out.Summary = ComputeGaps(in2)
	for _, g := range out.Summary.Items {
		row := GapRow{Gap: g, Self: self[staffID][g.CompetencyID]}
		if comp := t.Find(g.CompetencyID); comp != nil {
			row.Code, row.Title = comp.Code, comp.Title
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func cyclesOf(ctx context.Context, q db.Querier, libraryID, staffID int64) (map[int64]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT cycle_id FROM assessments WHERE library_id = ? AND staff_id = ?`, libraryID, staffID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.InternalError(err)
		}
		out[id] = true
	}
	return out, rows.Err()
}
