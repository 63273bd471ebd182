package record

import (
	"strconv"
	"strings"
)

// Credits is an amount of angka kredit in exact fixed point: one credit is
// CreditUnit units. Coefficients and thresholds are kept to thousandths and
// percentages are whole, so a year's credits (coefficient × percent) is a
// whole number of units: 12.5 × 75 % = 9.375 and 12.5 × 150 % = 18.75 are
// exact, and sums never drift the way floats do.
type Credits int64

// CreditUnit is the number of units in one credit.
const CreditUnit = 100_000

// milliToUnits converts the stored thousandths to units.
const milliToUnits = CreditUnit / 1000

// CreditsFromMilli converts a stored amount in thousandths.
func CreditsFromMilli(milli int64) Credits { return Credits(milli * milliToUnits) }

// Milli is the amount in thousandths, as stored; exact for amounts parsed by
// ParseCredits.
func (c Credits) Milli() int64 { return int64(c) / milliToUnits }

// Times is the year's credits: the coefficient scaled by a whole percentage.
func (c Credits) Times(percent int) Credits { return c * Credits(percent) / 100 }

// String writes the amount with a dot and no trailing zeros: "43.75", "100",
// "9.375".
func (c Credits) String() string {
	sign := ""
	n := int64(c)
	if n < 0 {
		sign, n = "-", -n
	}
	whole, frac := n/CreditUnit, n%CreditUnit
	if frac == 0 {
		return sign + strconv.FormatInt(whole, 10)
	}
	f := strings.TrimRight(strconv.FormatInt(frac+CreditUnit, 10)[1:], "0")
	return sign + strconv.FormatInt(whole, 10) + "." + f
}

// MarshalJSON writes the exact decimal as a JSON number (43.75).
func (c Credits) MarshalJSON() ([]byte, error) { return []byte(c.String()), nil }

// ParseCredits reads an amount as people type it, with a dot or an
// Indonesian decimal comma ("12,5"), at most three decimals, not negative.
func ParseCredits(s string) (Credits, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	s = strings.Replace(s, ",", ".", 1)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 7 || len(frac) > 3 || !digits(whole) || !digits(frac) {
		return 0, false
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	milli := w * 1000
	if frac != "" {
		f, _ := strconv.ParseInt((frac + "00")[:3], 10, 64)
		milli += f
	}
	return CreditsFromMilli(milli), true
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Regulation is the angka kredit table of PermenPANRB 1/2023 as the
// deployment holds it: data a superadmin updates when the rule changes.
type Regulation struct {
	Coefficients []Coefficient   `json:"coefficients"` // in jenjang order
	Percentages  []RatingPercent `json:"percentages"`  // best rating first
	Thresholds   []Threshold     `json:"thresholds"`
}

// Coefficient is the yearly angka kredit of a jenjang at a Baik (100 %) rating.
type Coefficient struct {
	Jenjang     string  `json:"jenjang"`
	Coefficient Credits `json:"coefficient"`
}

// RatingPercent scales a year's coefficient by the year's predikat kinerja.
type RatingPercent struct {
	Rating  string `json:"rating"`
	Percent int    `json:"percent"`
}

// Threshold is what a jenjang needs to move up.
type Threshold struct {
	Jenjang string  `json:"jenjang"`
	Next    string  `json:"next_jenjang"`
	Needed  Credits `json:"credits_needed"`
}

// Coefficient returns the jenjang's yearly coefficient; ok is false for a
// jenjang outside the table (Pemula, or someone not in a jabatan fungsional).
func (r Regulation) Coefficient(jenjang string) (Credits, bool) {
	for _, c := range r.Coefficients {
		if c.Jenjang == jenjang {
			return c.Coefficient, true
		}
	}
	return 0, false
}

// Percent returns the rating's percentage.
func (r Regulation) Percent(rating string) (int, bool) {
	for _, p := range r.Percentages {
		if p.Rating == rating {
			return p.Percent, true
		}
	}
	return 0, false
}

// Threshold returns what the jenjang needs for the next; ok is false at the
// top of a ladder.
func (r Regulation) Threshold(jenjang string) (Threshold, bool) {
	for _, t := range r.Thresholds {
		if t.Jenjang == jenjang {
			return t, true
		}
	}
	return Threshold{}, false
}

// DefaultRating is assumed for the projection when a person has no rating
// yet: Baik, the rating that earns exactly the coefficient.
const DefaultRating = "baik"

// YearCredits is one rated year and what it earned.
type YearCredits struct {
	ItemID      int64   `json:"item_id"`
	Year        int     `json:"year"`
	Rating      string  `json:"rating"`
	Jenjang     string  `json:"jenjang"`
	Coefficient Credits `json:"coefficient"`
	Percent     int     `json:"percent"`
	Credits     Credits `json:"credits"`
	// Counted is true for the years in the current jenjang: only those add
	// up toward the next one.
	Counted bool `json:"counted"`
}

// Standing is a person's angka kredit: the years, the total in the current
// jenjang, what the next jenjang needs, and when it is reached at the
// current pace.
type Standing struct {
	Jenjang    string        `json:"jenjang"`
	Applicable bool          `json:"applicable"` // the jenjang has a coefficient
	Years      []YearCredits `json:"years"`      // oldest first
	Total      Credits       `json:"total"`      // earned in the current jenjang
	HasNext    bool          `json:"has_next"`   // false at the top of the ladder
	Next       string        `json:"next_jenjang"`
	Needed     Credits       `json:"credits_needed"`
	Remaining  Credits       `json:"remaining"`
	Reached    bool          `json:"reached"`
	// ReachedYear is the year the total first met the need (when Reached).
	ReachedYear int `json:"reached_year,omitempty"`
	// The projection: the latest rating in the current jenjang (or Baik when
	// there is none) continued every year after the last rated one.
	AssumedRating string  `json:"assumed_rating"`
	PerYear       Credits `json:"per_year"`
	YearsLeft     int     `json:"years_left,omitempty"`
	// ProjectedYear is the year the need is met at that pace; 0 when it
	// cannot be (the top of the ladder, or a pace of zero).
	ProjectedYear int `json:"projected_year,omitempty"`
}

// Project computes a person's standing from her ratings (any order) under
// the regulation. Credits count in the jenjang she holds now: a year rated
// in an earlier jenjang is shown but was spent on that promotion. thisYear
// is the base of the projection when she has no rating yet.
func Project(reg Regulation, jenjang string, ratings []Rating, thisYear int) Standing {
	st := Standing{Jenjang: jenjang, Years: []YearCredits{}}
	coef, ok := reg.Coefficient(jenjang)
	st.Applicable = ok
	sorted := append([]Rating(nil), ratings...)
	for i := 1; i < len(sorted); i++ { // insertion sort by year: a handful of rows
		for j := i; j > 0 && sorted[j].Year < sorted[j-1].Year; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	lastYear, lastRating := 0, ""
	for _, r := range sorted {
		y := YearCredits{ItemID: r.ID, Year: r.Year, Rating: r.Rating, Jenjang: r.Jenjang}
		y.Coefficient, _ = reg.Coefficient(r.Jenjang)
		y.Percent, _ = reg.Percent(r.Rating)
		y.Credits = y.Coefficient.Times(y.Percent)
		y.Counted = r.Jenjang == jenjang
		if y.Counted {
			st.Total += y.Credits
			lastYear, lastRating = r.Year, r.Rating
		}
		st.Years = append(st.Years, y)
	}
	if !st.Applicable {
		return st
	}
	th, ok := reg.Threshold(jenjang)
	st.HasNext = ok
	if !ok {
		return st
	}
	st.Next, st.Needed = th.Next, th.Needed
	if st.Total >= st.Needed {
		st.Reached = true
		var sum Credits
		for _, y := range st.Years {
			if y.Counted {
				sum += y.Credits
				if sum >= st.Needed {
					st.ReachedYear = y.Year
					break
				}
			}
		}
		return st
	}
	st.Remaining = st.Needed - st.Total
	st.AssumedRating = lastRating
	if st.AssumedRating == "" {
		st.AssumedRating = DefaultRating
		lastYear = thisYear - 1
	}
	pct, _ := reg.Percent(st.AssumedRating)
	st.PerYear = coef.Times(pct)
	if st.PerYear <= 0 {
		return st
	}
	st.YearsLeft = int((st.Remaining + st.PerYear - 1) / st.PerYear)
	st.ProjectedYear = lastYear + st.YearsLeft
	return st
}
