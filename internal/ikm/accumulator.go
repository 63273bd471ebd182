package ikm

import (
	"fmt"
	"math/big"
)

// Accumulator sums answers per element. It keeps integers only, so that
// accumulators of different files, days or service points merge without
// losing anything, and the IKM is computed once, exactly, at the end.
// The zero value is ready to use.
type Accumulator struct {
	Sum         [NumElements]int64 // sum of the scores given to each element
	Count       [NumElements]int64 // number of answers to each element
	Respondents int64              // rows with at least one answer
	Skipped     int64              // rows with no answer at all
}

// Add records one respondent's answers: 1–4 per element, 0 when the element
// was left unanswered. A row with no answer at all counts as skipped.
// Scores above 4 are a programming error (the reader never produces them).
func (a *Accumulator) Add(answers [NumElements]uint8) {
	answered := false
	for i, v := range answers {
		if v == 0 {
			continue
		}
		if v > 4 {
			panic(fmt.Sprintf("ikm: score %d for %s is outside 1–4", v, Elements[i].Code))
		}
		a.Sum[i] += int64(v)
		a.Count[i]++
		answered = true
	}
	if answered {
		a.Respondents++
	} else {
		a.Skipped++
	}
}

// Merge adds another accumulator's answers to a.
func (a *Accumulator) Merge(b Accumulator) {
	for i := range a.Sum {
		a.Sum[i] += b.Sum[i]
		a.Count[i] += b.Count[i]
	}
	a.Respondents += b.Respondents
	a.Skipped += b.Skipped
}

// ElementResult is one element's nilai rata-rata (NRR).
type ElementResult struct {
	Code  string
	Name  string
	Sum   int64 // sum of scores
	Count int64 // number of answers to this element
	// NRR is Sum/Count rounded half up to four decimals, for display; 0 when
	// nobody answered. The IKM is computed from Sum and Count, not from it.
	NRR float64
}

// Result is the IKM of a set of answers.
type Result struct {
	Respondents int64
	Skipped     int64
	Elements    []ElementResult
	// IKM is the converted value (25–100) rounded half up to two decimals:
	// the figure the report shows and the grade is read from. 0 when nobody
	// answered.
	IKM float64
	// Exact is the unrounded IKM as a fraction; nil when nobody answered.
	Exact *big.Rat
	Grade string // A–D; "" when nobody answered
	Label string // Sangat Baik, Baik, Kurang Baik, Tidak Baik
}

// Result computes the NRR of every element and the IKM:
//
//	NRR_i = Sum_i / Count_i
//	IKM   = Σ (NRR_i × 1/k) × 25
//
// with the weight 1/k kept exact (not rounded to 0.11), k being the number of
// elements that received at least one answer — nine for any real survey. All
// arithmetic is on fractions; the only rounding is the last one, to two
// decimals, and the grade is read from that reported value (see Grade).
func (a *Accumulator) Result() Result {
	res := Result{Respondents: a.Respondents, Skipped: a.Skipped, Elements: make([]ElementResult, NumElements)}
	sum := new(big.Rat)
	k := int64(0)
	for i, el := range Elements {
		er := ElementResult{Code: el.Code, Name: el.Name, Sum: a.Sum[i], Count: a.Count[i]}
		if er.Count > 0 {
			nrr := big.NewRat(er.Sum, er.Count)
			er.NRR = float64(roundHalfUp(nrr, 4)) / 1e4
			sum.Add(sum, nrr)
			k++
		}
		res.Elements[i] = er
	}
	if k == 0 {
		return res
	}
	res.Exact = sum.Mul(sum, big.NewRat(25, k))
	h := roundHalfUp(res.Exact, 2)
	res.IKM = float64(h) / 100
	res.Grade, res.Label = gradeHundredths(h)
	return res
}
