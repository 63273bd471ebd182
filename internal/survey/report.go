package survey

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/bina-pustaka/bina/internal/apperr"
	"github.com/bina-pustaka/bina/internal/auth"
	"github.com/bina-pustaka/bina/internal/db"
	"github.com/bina-pustaka/bina/internal/ikm"
)

// Report is the IKM of one service point, or of the whole library, over a
// period, with what the page shows beside it.
type Report struct {
	LibraryID        int64
	ServicePointID   int64 // 0: the whole library
	ServicePointName string
	Period           Period
	Result           ikm.Result
	Elements         []ElementScore // the nine, in order
	// Population is the number of visitors in the period's months, and
	// PopulationScope says whose: "service_point", "library" (the point
	// has no counts of its own) or "" (no visitor counts entered).
	Population      int64
	PopulationScope string
	// SampleTarget is the Krejcie–Morgan sample for Population (0 when
	// unknown); SampleShort is set when fewer respondents answered.
	SampleTarget int
	SampleShort  bool
}

// ElementScore is one element's result with its own grade and whether the
// page should point at it.
type ElementScore struct {
	ikm.ElementResult
	Answers   [4]string // the official answers, for the legend
	Converted float64   // NRR × 25 to two decimals: the element's own IKM
	Grade     string    // A–D for Converted; "" when nobody answered it
	Label     string
	Lowest    bool // the lowest NRR of the period (all of them on a tie)
	Weak      bool // Lowest, or graded below B on its own
}

// Weak elements, the rule (docs/survey.md): every element with the lowest
// NRR of the period, and every element whose own converted value
// (NRR × 25) falls below the B band, i.e. NRR < 3.0644, the regulation's
// lower bound of "Baik" for a single element.

// aggregate sums the daily rows of a period, for one service point or
// (servicePointID 0) the whole library.
func aggregate(ctx context.Context, q db.Querier, libraryID, servicePointID int64, p Period) (ikm.Accumulator, error) {
	var cols strings.Builder
	cols.WriteString("COALESCE(SUM(respondents), 0)")
	for _, pre := range []string{"s", "c"} {
		for i := 1; i <= ikm.NumElements; i++ {
			fmt.Fprintf(&cols, ", COALESCE(SUM(%s%d), 0)", pre, i)
		}
	}
	query := `SELECT ` + cols.String() + ` FROM ikm_daily WHERE library_id = ? AND day >= ? AND day <= ?`
	args := []any{libraryID, p.From, p.To}
	if servicePointID != 0 {
		query += ` AND service_point_id = ?`
		args = append(args, servicePointID)
	}
	var acc ikm.Accumulator
	dest := []any{&acc.Respondents}
	for i := range acc.Sum {
		dest = append(dest, &acc.Sum[i])
	}
	for i := range acc.Count {
		dest = append(dest, &acc.Count[i])
	}
	if err := q.QueryRowContext(ctx, query, args...).Scan(dest...); err != nil {
		return ikm.Accumulator{}, apperr.InternalError(err)
	}
	return acc, nil
}

// servicePointName checks that the service point is the library's.
func servicePointName(ctx context.Context, q db.Querier, libraryID, servicePointID int64) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM service_points WHERE library_id = ? AND id = ?`, libraryID, servicePointID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.NotFoundError("service_point")
	}
	if err != nil {
		return "", apperr.InternalError(err)
	}
	return name, nil
}

// IKM computes the report of a service point (0: the whole library) over
// a period from the daily aggregates.
func (s *Service) IKM(ctx context.Context, actor *auth.Actor, libraryID, servicePointID int64, p Period) (Report, error) {
	if err := actor.Require(auth.PermSurveyView, libraryID); err != nil {
		return Report{}, err
	}
	q := s.DB.Reader()
	rep := Report{LibraryID: libraryID, ServicePointID: servicePointID, Period: p}
	if servicePointID != 0 {
		name, err := servicePointName(ctx, q, libraryID, servicePointID)
		if err != nil {
			return Report{}, err
		}
		rep.ServicePointName = name
	}
	acc, err := aggregate(ctx, q, libraryID, servicePointID, p)
	if err != nil {
		return Report{}, err
	}
	rep.Result = acc.Result()
	rep.Elements = scoreElements(rep.Result)
	if err := population(ctx, q, &rep); err != nil {
		return Report{}, err
	}
	return rep, nil
}

// scoreElements grades each element on its own and marks the weak ones.
func scoreElements(res ikm.Result) []ElementScore {
	out := make([]ElementScore, len(res.Elements))
	lowest := -1
	for i, er := range res.Elements {
		out[i] = ElementScore{ElementResult: er, Answers: ikm.Elements[i].Answers}
		if er.Count == 0 {
			continue
		}
		// NRR × 25 rounded half up to hundredths, in integers:
		// ⌊(2·2500·Sum + Count) / (2·Count)⌋.
		h := (5000*er.Sum + er.Count) / (2 * er.Count)
		out[i].Converted = float64(h) / 100
		out[i].Grade, out[i].Label = ikm.Grade(out[i].Converted)
		if lowest < 0 || less(er, res.Elements[lowest]) {
			lowest = i
		}
	}
	for i, er := range res.Elements {
		if er.Count == 0 {
			continue
		}
		l := res.Elements[lowest]
		out[i].Lowest = er.Sum*l.Count == l.Sum*er.Count
		out[i].Weak = out[i].Lowest || out[i].Grade == "C" || out[i].Grade == "D"
	}
	return out
}

// less compares two NRRs exactly, as fractions.
func less(a, b ikm.ElementResult) bool { return a.Sum*b.Count < b.Sum*a.Count }

// population finds the period's visitors and the sample they call for.
func population(ctx context.Context, q db.Querier, rep *Report) error {
	months := rep.Period.Months()
	first, last := months[0], months[len(months)-1]
	sum := func(where string, args ...any) (int64, int, error) {
		var total int64
		var rows int
		err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(visitors), 0), COUNT(*) FROM visitor_counts
			WHERE library_id = ? AND month >= ? AND month <= ? AND `+where,
			append([]any{rep.LibraryID, first, last}, args...)...).Scan(&total, &rows)
		if err != nil {
			return 0, 0, apperr.InternalError(err)
		}
		return total, rows, nil
	}
	var own, library int64
	var ownRows, libRows int
	var err error
	if rep.ServicePointID != 0 {
		own, ownRows, err = sum(`service_point_id = ?`, rep.ServicePointID)
	} else {
		own, ownRows, err = sum(`service_point_id IS NULL`)
	}
	if err != nil {
		return err
	}
	switch {
	case ownRows > 0:
		rep.Population = own
		rep.PopulationScope = "service_point"
		if rep.ServicePointID == 0 {
			rep.PopulationScope = "library"
		}
	case rep.ServicePointID != 0:
		// A point without counts of its own: the library's visitors are
		// an upper bound of its population, and the target saturates at
		// 384 anyway.
		if library, libRows, err = sum(`service_point_id IS NULL`); err != nil {
			return err
		}
		if libRows > 0 {
			rep.Population, rep.PopulationScope = library, "library"
		}
	default:
		// The whole library without a library-wide count: its points'.
		if library, libRows, err = sum(`service_point_id IS NOT NULL`); err != nil {
			return err
		}
		if libRows > 0 {
			rep.Population, rep.PopulationScope = library, "service_points"
		}
	}
	if rep.PopulationScope != "" {
		rep.SampleTarget = ikm.SampleSize(int(min(rep.Population, 1<<31-1)))
		rep.SampleShort = rep.Result.Respondents < int64(rep.SampleTarget)
	}
	return nil
}

// TrendPoint is the IKM of one period of a trend.
type TrendPoint struct {
	Period      Period
	Respondents int64
	IKM         float64 // 0 when nobody answered
	Grade       string
}

// Trend is the IKM of the n periods of p's kind ending with p, oldest
// first, for one service point (0: the whole library).
func (s *Service) Trend(ctx context.Context, actor *auth.Actor, libraryID, servicePointID int64, p Period, n int) ([]TrendPoint, error) {
	if err := actor.Require(auth.PermSurveyView, libraryID); err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	if servicePointID != 0 {
		if _, err := servicePointName(ctx, q, libraryID, servicePointID); err != nil {
			return nil, err
		}
	}
	out := make([]TrendPoint, n)
	for i := n - 1; i >= 0; i-- {
		acc, err := aggregate(ctx, q, libraryID, servicePointID, p)
		if err != nil {
			return nil, err
		}
		res := acc.Result()
		out[i] = TrendPoint{Period: p, Respondents: res.Respondents, IKM: res.IKM, Grade: res.Grade}
		p = p.Prev()
	}
	return out, nil
}
