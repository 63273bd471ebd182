package survey

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/apperr"
)

// Period kinds.
const (
	Month    = "month"
	Quarter  = "quarter"  // triwulan
	Semester = "semester" // Jan–Jun, Jul–Dec
	Year     = "year"
	Custom   = "custom"
)

// Period is a range of calendar days, both ends included, in the library's
// own time zone (responses carry their local day).
type Period struct {
	Kind  string `json:"kind"`
	Value string `json:"value"` // 2026-11, 2026-Q4, 2026-S2, 2026, or "custom"
	From  string `json:"from"`  // YYYY-MM-DD
	To    string `json:"to"`    // YYYY-MM-DD
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func span(kind, value string, from, to time.Time) Period {
	return Period{Kind: kind, Value: value, From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}
}

// MonthOf is the calendar month y-m.
func MonthOf(y int, m time.Month) Period {
	start := date(y, m, 1)
	return span(Month, start.Format("2006-01"), start, start.AddDate(0, 1, -1))
}

// QuarterOf is quarter q (1–4) of year y.
func QuarterOf(y, q int) Period {
	start := date(y, time.Month(3*q-2), 1)
	return span(Quarter, fmt.Sprintf("%d-Q%d", y, q), start, start.AddDate(0, 3, -1))
}

// SemesterOf is half h (1: January–June, 2: July–December) of year y.
func SemesterOf(y, h int) Period {
	start := date(y, time.Month(6*h-5), 1)
	return span(Semester, fmt.Sprintf("%d-S%d", y, h), start, start.AddDate(0, 6, -1))
}

// YearOf is the calendar year y.
func YearOf(y int) Period { return span(Year, strconv.Itoa(y), date(y, 1, 1), date(y, 12, 31)) }

// CustomPeriod is the days from … to, both included.
func CustomPeriod(from, to string) (Period, error) {
	var v apperr.Validation
	f, ferr := time.Parse(time.DateOnly, from)
	t, terr := time.Parse(time.DateOnly, to)
	if ferr != nil {
		v.Add("from", "survey.bad_date", nil)
	}
	if terr != nil {
		v.Add("to", "survey.bad_date", nil)
	}
	if ferr == nil && terr == nil && t.Before(f) {
		v.Add("to", "survey.period_order", nil)
	}
	if err := v.Err(); err != nil {
		return Period{}, err
	}
	return span(Custom, Custom, f, t), nil
}

// ParsePeriod reads a period as the page and the API name it: value is
// 2026, 2026-11, 2026-Q4 or 2026-S2, or "custom" (or empty) with from and
// to as YYYY-MM-DD.
func ParsePeriod(value, from, to string) (Period, error) {
	value = strings.ToUpper(strings.TrimSpace(value))
	if value == "" || value == "CUSTOM" {
		return CustomPeriod(strings.TrimSpace(from), strings.TrimSpace(to))
	}
	bad := func() (Period, error) {
		var v apperr.Validation
		v.Add("period", "survey.bad_period", nil)
		return Period{}, v.Err()
	}
	y, rest, _ := strings.Cut(value, "-")
	year, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || year < 2000 || year > 2999 {
		return bad()
	}
	n := func(s string, max int) int {
		k, err := strconv.Atoi(s)
		if err != nil || k < 1 || k > max {
			return 0
		}
		return k
	}
	switch {
	case rest == "":
		return YearOf(year), nil
	case strings.HasPrefix(rest, "Q") && len(rest) == 2 && n(rest[1:], 4) > 0:
		return QuarterOf(year, n(rest[1:], 4)), nil
	case strings.HasPrefix(rest, "S") && len(rest) == 2 && n(rest[1:], 2) > 0:
		return SemesterOf(year, n(rest[1:], 2)), nil
	case len(rest) == 2 && n(rest, 12) > 0:
		return MonthOf(year, time.Month(n(rest, 12))), nil
	}
	return bad()
}

func (p Period) start() time.Time { t, _ := time.Parse(time.DateOnly, p.From); return t }
func (p Period) end() time.Time   { t, _ := time.Parse(time.DateOnly, p.To); return t }

// Prev is the period of the same kind just before p; for a custom range,
// the same number of days just before it.
func (p Period) Prev() Period {
	s := p.start()
	switch p.Kind {
	case Month:
		s = s.AddDate(0, -1, 0)
		return MonthOf(s.Year(), s.Month())
	case Quarter:
		s = s.AddDate(0, -3, 0)
		return QuarterOf(s.Year(), int(s.Month()+2)/3)
	case Semester:
		s = s.AddDate(0, -6, 0)
		return SemesterOf(s.Year(), int(s.Month()+5)/6)
	case Year:
		return YearOf(s.Year() - 1)
	}
	days := int(p.end().Sub(s).Hours()/24) + 1
	return span(Custom, Custom, s.AddDate(0, 0, -days), s.AddDate(0, 0, -1))
}

// Months are the months p touches, YYYY-MM, in order: the months whose
// visitors make the sample's population.
func (p Period) Months() []string {
	var out []string
	end := p.end()
	for m := date(p.start().Year(), p.start().Month(), 1); !m.After(end); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}

// Contains reports whether the day (YYYY-MM-DD) lies in p.
func (p Period) Contains(day string) bool { return day >= p.From && day <= p.To }

// PeriodOf is the period of the given kind that holds the day t.
func PeriodOf(kind string, t time.Time) Period {
	y, m := t.Year(), t.Month()
	switch kind {
	case Month:
		return MonthOf(y, m)
	case Quarter:
		return QuarterOf(y, int(m+2)/3)
	case Semester:
		return SemesterOf(y, int(m+5)/6)
	}
	return YearOf(y)
}

// Choices are the periods a page offers around today: the current and
// previous years, semesters, quarters and months, newest first.
func Choices(today time.Time) map[string][]Period {
	out := map[string][]Period{}
	for kind, n := range map[string]int{Year: 3, Semester: 4, Quarter: 8, Month: 12} {
		p := PeriodOf(kind, today)
		for i := 0; i < n; i++ {
			out[kind] = append(out[kind], p)
			p = p.Prev()
		}
	}
	return out
}
