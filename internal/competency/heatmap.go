package competency

import (
	"context"
	"sort"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
)

// HeatmapFilter narrows a library heatmap.
type HeatmapFilter struct {
	ServicePointID int64  // 0: all
	Level          string // jenjang; "": all
	Sort           string // "name" (default) or "gap": largest total gap first
}

// HeatColumn is a competency column of the heatmap.
type HeatColumn struct {
	ID    int64  `json:"id"`
	Code  string `json:"code"`
	Title string `json:"title"`
}

// HeatCell is one person × competency. Required 0: not required of her.
type HeatCell struct {
	Required int  `json:"required_level"`
	Agreed   int  `json:"agreed_level"` // 0: not reviewed
	Gap      int  `json:"gap"`
	Reviewed bool `json:"reviewed"`
}

// HeatRow is one person.
type HeatRow struct {
	StaffID      int64      `json:"staff_id"`
	Name         string     `json:"name"`
	Level        string     `json:"level"`
	ServicePoint string     `json:"service_point"`
	Cells        []HeatCell `json:"cells"` // by Columns
	TotalGap     int        `json:"total_gap"`
	Short        int        `json:"short"` // competencies below the requirement
}

// CommonGap is a competency in which many people fall short.
type CommonGap struct {
	HeatColumn
	People   int `json:"people"`    // reviewed people below the requirement
	TotalGap int `json:"total_gap"` // sum of their gaps
}

// Heatmap is a library's staff × competency matrix for one cycle.
type Heatmap struct {
	Cycle      Cycle         `json:"cycle"`
	Filter     HeatmapFilter `json:"-"`
	Columns    []HeatColumn  `json:"columns"`
	Rows       []HeatRow     `json:"rows"`
	CommonGaps []CommonGap   `json:"common_gaps"` // most people first, at most MaxCommonGaps
	Levels     []string      `json:"-"`           // jenjang present, for the filter
	MaxLevel   int           `json:"max_level"`
}

// MaxCommonGaps bounds the "most common gaps" list.
const MaxCommonGaps = 10

// Heatmap builds the matrix with a handful of set-based queries: the
// cycle, its competencies, its people, and the cells (frozen results of a
// closed cycle, or requirements and supervisor ratings of an open one).
func (s *Service) Heatmap(ctx context.Context, actor *auth.Actor, libraryID, cycleID int64, f HeatmapFilter) (Heatmap, error) {
	if err := actor.Require(auth.PermAssessmentView, libraryID); err != nil {
		return Heatmap{}, err
	}
	q := s.DB.Reader()
	c, err := findCycle(ctx, q, libraryID, cycleID)
	if err != nil {
		return Heatmap{}, err
	}
	h := Heatmap{Cycle: c, Filter: f, Columns: []HeatColumn{}, Rows: []HeatRow{}, CommonGaps: []CommonGap{}}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM scale_levels WHERE library_id = ? AND version_id = ?`, libraryID, c.VersionID).Scan(&h.MaxLevel); err != nil {
		return Heatmap{}, apperr.InternalError(err)
	}
	rowIndex, err := heatPeople(ctx, q, libraryID, c.ID, f, &h)
	if err != nil {
		return Heatmap{}, err
	}
	cells, err := cycleCells(ctx, q, libraryID, c, 0)
	if err != nil {
		return Heatmap{}, err
	}
	// Columns: the version's competencies that anyone shown is required to have.
	used := map[int64]bool{}
	for _, x := range cells {
		if _, ok := rowIndex[x.StaffID]; ok {
			used[x.CompetencyID] = true
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT id, code, title FROM competencies WHERE library_id = ? AND version_id = ? ORDER BY sort, id`, libraryID, c.VersionID)
	if err != nil {
		return Heatmap{}, apperr.InternalError(err)
	}
	colIndex := map[int64]int{}
	for rows.Next() {
		var col HeatColumn
		if err := rows.Scan(&col.ID, &col.Code, &col.Title); err != nil {
			rows.Close()
			return Heatmap{}, apperr.InternalError(err)
		}
		if used[col.ID] {
			colIndex[col.ID] = len(h.Columns)
			h.Columns = append(h.Columns, col)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Heatmap{}, apperr.InternalError(err)
	}
	for i := range h.Rows {
		h.Rows[i].Cells = make([]HeatCell, len(h.Columns))
	}
	common := make([]CommonGap, len(h.Columns))
	for i, col := range h.Columns {
		common[i].HeatColumn = col
	}
	for _, x := range cells {
		ri, ok := rowIndex[x.StaffID]
		if !ok {
			continue
		}
		ci := colIndex[x.CompetencyID]
		g := ComputeGaps([]GapInput{{CompetencyID: x.CompetencyID, Required: x.Required, Agreed: x.Agreed}}).Items[0]
		r := &h.Rows[ri]
		r.Cells[ci] = HeatCell{Required: g.Required, Agreed: g.Agreed, Gap: g.Gap, Reviewed: g.Reviewed}
		r.TotalGap += g.Gap
		if g.Gap > 0 {
			r.Short++
			common[ci].People++
			common[ci].TotalGap += g.Gap
		}
	}
	if f.Sort == "gap" {
		sort.SliceStable(h.Rows, func(i, j int) bool { return h.Rows[i].TotalGap > h.Rows[j].TotalGap })
	}
	sort.SliceStable(common, func(i, j int) bool {
		if common[i].People != common[j].People {
			return common[i].People > common[j].People
		}
		return common[i].TotalGap > common[j].TotalGap
	})
	for _, g := range common {
		if g.People == 0 || len(h.CommonGaps) == MaxCommonGaps {
			break
		}
		h.CommonGaps = append(h.CommonGaps, g)
	}
	return h, nil
}

// heatPeople reads the cycle's people that pass the filter, by name, and
// the jenjang present for the filter's choices.
func heatPeople(ctx context.Context, q db.Querier, libraryID, cycleID int64, f HeatmapFilter, h *Heatmap) (map[int64]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.name, s.level, COALESCE(s.service_point_id, 0), COALESCE(sp.name, '') FROM assessments a
		JOIN staff s ON s.library_id = a.library_id AND s.id = a.staff_id
		LEFT JOIN service_points sp ON sp.library_id = s.library_id AND sp.id = s.service_point_id
		WHERE a.library_id = ? AND a.cycle_id = ? ORDER BY s.name, s.id`, libraryID, cycleID)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	defer rows.Close()
	index := map[int64]int{}
	levels := map[string]bool{}
	for rows.Next() {
		var r HeatRow
		var sp int64
		if err := rows.Scan(&r.StaffID, &r.Name, &r.Level, &sp, &r.ServicePoint); err != nil {
			return nil, apperr.InternalError(err)
		}
		if r.Level != "" {
			levels[r.Level] = true
		}
		if (f.ServicePointID != 0 && sp != f.ServicePointID) || (f.Level != "" && !strings.EqualFold(f.Level, r.Level)) {
			continue
		}
		index[r.StaffID] = len(h.Rows)
		h.Rows = append(h.Rows, r)
	}
	for l := range levels {
		h.Levels = append(h.Levels, l)
	}
	sort.Strings(h.Levels)
	return index, rows.Err()
}
