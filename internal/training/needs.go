package training

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/complaint"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
	"github.com/bina-pustaka/bina/internal/record"
)

// Training needs analysis (analisis kebutuhan diklat, docs/training-needs.md):
// a ranked list of competencies per library. A competency's score is
//
//	Σ over active people of the gap levels of their latest closed cycle
//	+ NeedIKMWeight × Σ over mapped weak IKM elements of (3.0644 − NRR) × 10
//	+ NeedComplaintWeight × complaints in the mapped categories (6 months)
//
// and the page shows each part as the reason for the rank.

// Weights of the service signals against one level of assessed gap.
const (
	NeedIKMWeight       = 1.0
	NeedComplaintWeight = 1.0
	// WeakNRR is the lower bound of "Baik" for a single element (NRR × 25 =
	// 76.61): below it an element is a signal.
	WeakNRR = 3.0644
	// NeedComplaintMonths is how far back complaints count.
	NeedComplaintMonths = 6
)

// Sources of a mapping.
const (
	SourceIKMElement        = "ikm_element"
	SourceComplaintCategory = "complaint_category"
)

// ComplaintCategories are the complaint categories a mapping may name.
var ComplaintCategories = complaint.Categories

// NeedMapping says that a weak IKM element or a complaint category points
// at a competency.
type NeedMapping struct {
	SourceKind   string `json:"source_kind"`
	SourceKey    string `json:"source_key"`
	CompetencyID int64  `json:"competency_id"`
	Code         string `json:"code"`
	Title        string `json:"title"`
}

// Need is one line of the ranking.
type Need struct {
	Code      string  `json:"code"` // competencies are matched by code across framework versions
	Title     string  `json:"title"`
	People    int     `json:"people"`     // people with a gap in it
	GapLevels int     `json:"gap_levels"` // Σ of their gaps
	MaxGap    int     `json:"max_gap"`
	IKM       float64 `json:"ikm_points"`       // NeedIKMWeight × Σ (3.0644 − NRR) × 10
	Complaint float64 `json:"complaint_points"` // NeedComplaintWeight × complaints
	Score     float64 `json:"score"`
	// Why lists the parts of the score in the order they were added.
	Why []NeedReason `json:"why"`
}

// NeedReason is one part of a score: kind "gap" (Count people, Value gap
// levels), "ikm" (Key the element, Value its NRR) or "complaint" (Key the
// category, Count complaints). Points is what it adds.
type NeedReason struct {
	Kind   string  `json:"kind"`
	Key    string  `json:"key"`
	Count  int     `json:"count"`
	Value  float64 `json:"value"`
	Points float64 `json:"points"`
}

// NeedsReport is the ranking with the periods its signals cover.
type NeedsReport struct {
	IKMFrom, IKMTo  record.Date // the latest complete quarter
	ComplaintsSince record.Date
	Needs           []Need
	Mappings        int
}

// Needs ranks the library's training needs.
func (s *Service) Needs(ctx context.Context, actor *auth.Actor, libraryID int64) (NeedsReport, error) {
	if err := actor.Require(auth.PermTrainingManage, libraryID); err != nil {
		return NeedsReport{}, err
	}
	q := s.DB.Reader()
	lib, err := s.library(ctx, q, libraryID)
	if err != nil {
		return NeedsReport{}, err
	}
	rep := NeedsReport{}
	rep.IKMFrom, rep.IKMTo = previousQuarter(lib.Today)
	rep.ComplaintsSince = record.Date(lib.Today.Time().AddDate(0, -NeedComplaintMonths, 0).Format(time.DateOnly))

	// Competency codes and titles of every competency of the library: gaps
	// name the ids of their cycle's version, mappings those of the version
	// they were made on; the code is what they share.
	codes := map[int64]string{}
	titles := map[string]string{} // code → the title of the newest version
	err = eachRow(ctx, q, `SELECT id, code, title FROM competencies WHERE library_id = ? ORDER BY version_id, id`, []any{libraryID},
		func(r *sql.Rows) error {
			var id int64
			var code, title string
			if err := r.Scan(&id, &code, &title); err != nil {
				return err
			}
			codes[id], titles[code] = code, title
			return nil
		})
	if err != nil {
		return NeedsReport{}, err
	}
	byCode := map[string]*Need{}
	need := func(code string) *Need {
		n := byCode[code]
		if n == nil {
			n = &Need{Code: code, Title: titles[code]}
			byCode[code] = n
		}
		return n
	}

	active := map[int64]bool{}
	err = eachRow(ctx, q, `SELECT id FROM staff WHERE library_id = ? AND active = TRUE`, []any{libraryID}, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		active[id] = true
		return nil
	})
	if err != nil {
		return NeedsReport{}, err
	}
	gaps, err := ClosedCycleGaps{}.Gaps(ctx, q, libraryID, 0)
	if err != nil {
		return NeedsReport{}, err
	}
	for sid, comps := range gaps {
		if !active[sid] {
			continue
		}
		for cid, g := range comps {
			if g <= 0 || codes[cid] == "" {
				continue
			}
			n := need(codes[cid])
			n.People++
			n.GapLevels += g
			n.MaxGap = max(n.MaxGap, g)
		}
	}
	for _, n := range byCode {
		if n.GapLevels > 0 {
			n.Score = float64(n.GapLevels)
			n.Why = append(n.Why, NeedReason{Kind: "gap", Count: n.People, Value: float64(n.GapLevels), Points: float64(n.GapLevels)})
		}
	}

	maps, err := needMappings(ctx, q, libraryID)
	if err != nil {
		return NeedsReport{}, err
	}
	rep.Mappings = len(maps)
	weak, err := weakElements(ctx, q, libraryID, rep.IKMFrom, rep.IKMTo)
	if err != nil {
		return NeedsReport{}, err
	}
	complaints, err := complaintCounts(ctx, q, libraryID, rep.ComplaintsSince)
	if err != nil {
		return NeedsReport{}, err
	}
	for _, m := range maps {
		switch m.SourceKind {
		case SourceIKMElement:
			nrr, ok := weak[m.SourceKey]
			if !ok {
				continue
			}
			pts := round2(NeedIKMWeight * (WeakNRR - nrr) * 10)
			n := need(m.Code)
			n.IKM = round2(n.IKM + pts)
			n.Score = round2(n.Score + pts)
			n.Why = append(n.Why, NeedReason{Kind: "ikm", Key: m.SourceKey, Value: nrr, Points: pts})
		case SourceComplaintCategory:
			c := complaints[m.SourceKey]
			if c == 0 {
				continue
			}
			pts := round2(NeedComplaintWeight * float64(c))
			n := need(m.Code)
			n.Complaint = round2(n.Complaint + pts)
			n.Score = round2(n.Score + pts)
			n.Why = append(n.Why, NeedReason{Kind: "complaint", Key: m.SourceKey, Count: c, Points: pts})
		}
	}
	for _, n := range byCode {
		if n.Score > 0 {
			rep.Needs = append(rep.Needs, *n)
		}
	}
	slices.SortFunc(rep.Needs, func(a, b Need) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(b.People, a.People); c != 0 {
			return c
		}
		return cmp.Compare(a.Code, b.Code)
	})
	return rep, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// previousQuarter is the latest complete quarter before today: its IKM is
// final, where the running quarter's would shift day by day.
func previousQuarter(today record.Date) (record.Date, record.Date) {
	t := today.Time()
	q := (int(t.Month()) - 1) / 3 // 0-based current quarter
	start := time.Date(t.Year(), time.Month(q*3+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -3, 0)
	end := start.AddDate(0, 3, -1)
	return record.Date(start.Format(time.DateOnly)), record.Date(end.Format(time.DateOnly))
}

// weakElements reads the library-wide NRR of each element over a period
// from the daily aggregates and keeps those below WeakNRR: code → NRR (to
// four decimals, as the IKM report shows it).
func weakElements(ctx context.Context, q db.Querier, libraryID int64, from, to record.Date) (map[string]float64, error) {
	var cols strings.Builder
	for i := 1; i <= ikm.NumElements; i++ {
		fmt.Fprintf(&cols, "COALESCE(SUM(s%d), 0), COALESCE(SUM(c%d), 0), ", i, i)
	}
	var acc ikm.Accumulator
	dest := []any{}
	for i := range acc.Sum {
		dest = append(dest, &acc.Sum[i], &acc.Count[i])
	}
	dest = append(dest, &acc.Respondents)
	err := q.QueryRowContext(ctx, `SELECT `+cols.String()+`COALESCE(SUM(respondents), 0) FROM ikm_daily
		WHERE library_id = ? AND day >= ? AND day <= ?`, libraryID, string(from), string(to)).Scan(dest...)
	if err != nil {
		return nil, apperr.InternalError(err)
	}
	out := map[string]float64{}
	for i, e := range acc.Result().Elements {
		// Exactly: Sum/Count < 3.0644 ⇔ Sum × 10000 < 30644 × Count.
		if e.Count > 0 && e.Sum*10000 < 30644*e.Count {
			out[ikm.Elements[i].Code] = e.NRR
		}
	}
	return out, nil
}

// complaintCounts counts complaints (class pengaduan, not rejected) filed
// since a day, per category.
func complaintCounts(ctx context.Context, q db.Querier, libraryID int64, since record.Date) (map[string]int, error) {
	out := map[string]int{}
	err := eachRow(ctx, q, `SELECT category, COUNT(*) FROM complaints WHERE library_id = ? AND class = 'pengaduan'
		AND status <> 'ditolak' AND filed_at >= ? GROUP BY category`, []any{libraryID, since.Time()}, func(r *sql.Rows) error {
		var c string
		var n int
		if err := r.Scan(&c, &n); err != nil {
			return err
		}
		out[c] = n
		return nil
	})
	return out, err
}
